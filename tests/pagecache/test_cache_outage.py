"""A cache outage is logged once a minute, not on every call.

With Redis unreachable every page still serves, made afresh (tests/pagecache/test_page_cache.py),
but a page makes about ten cache calls: a traceback for each buried the logs.
"""

import pytest

import newsroom.cache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(newsroom.cache, "_clock", lambda: now[0])
    return now


def tracebacks(caplog):
    return [record for record in caplog.records if record.exc_info]


def test_a_cache_outage_is_logged_once_an_interval(client, settings, clock, caplog):
    story = ArticleFactory(headline="Storm closes the airport")
    settings.CACHES = {"default": {"BACKEND": "tests.pagecache.test_page_cache.DownCache"}}
    urls = [story.get_absolute_url(), "/", story.section.get_absolute_url(), "/api/stories/"]
    for url in urls * 3:
        assert client.get(url).status_code == 200, url
    logged = tracebacks(caplog)
    assert len(logged) == 1, [record.getMessage() for record in logged]
    assert "The cache is down" in logged[0].getMessage()

    caplog.clear()
    clock[0] += newsroom.cache.OUTAGE_LOG_INTERVAL - 1
    assert client.get("/").status_code == 200
    assert not tracebacks(caplog)

    clock[0] += 1  # a minute after the first report: one more, with what it cost since
    assert client.get("/").status_code == 200
    logged = tracebacks(caplog)
    assert len(logged) == 1
    assert "more failed cache calls since the last report" in logged[0].getMessage()
