"""The schedule as a key (pagecache/schedule.py): every page and part that shows published
stories depends on ``schedule``, whose version is the next scheduled publication. A copy
stops holding the moment that time passes, and the first reader after it keeps the next
one, once.

Through the test client with the real cache backend (local memory here, Redis in CI).
Moving the clock does not move Redis's own, so a test that passes a publication takes
the next publication's entry out, as the cache does at that time (the ``come_due``
fixture).
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from pagecache import keys, schedule, store
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True


@pytest.fixture
def clock(time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


@pytest.fixture
def section():
    section = SectionFactory(name="Weather")
    ArticleFactory(section=section, headline="Rain all week")
    return section


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_every_page_that_lists_stories_depends_on_the_schedule(client, section):
    for url in (reverse("articles:home"), section.get_absolute_url()):
        assert "schedule" in read(client, url)["Surrogate-Key"].split(), url
    # A page no publication changes does not.
    assert "schedule" not in read(client, reverse("articles:search")).get("Surrogate-Key", "")


def test_a_kept_page_stops_holding_the_moment_its_publication_passes(
    client, section, clock, time_machine
):
    due = clock + timedelta(seconds=30)
    ArticleFactory(section=section, headline="Budget published", published_at=due)
    url = section.get_absolute_url()
    read(client, url)
    assert read(client, url)["X-Cache"] == "hit"
    # The cache keeps its entries for whole seconds: the next publication's time may
    # still be there for the rest of a second once it has passed.
    cache.set(keys.NEXT_PUBLICATION, due, 300)

    time_machine.move_to(due, tick=False)
    response = read(client, url)
    assert response["X-Cache"] == "miss"
    assert "Budget published" in response.content.decode()


def test_the_first_reader_after_it_passes_keeps_the_next_one_once(client, section, clock, come_due):
    first, second = clock + timedelta(seconds=30), clock + timedelta(seconds=90)
    ArticleFactory(section=section, headline="Budget published", published_at=first)
    ArticleFactory(section=section, headline="Markets close", published_at=second)
    url = section.get_absolute_url()
    read(client, url)
    assert read(client, url)["X-Cache"] == "hit"

    come_due(first)
    generation = store.generation()
    pages = [read(client, url) for _ in range(3)]
    assert "Budget published" in pages[0].content.decode()
    assert "Markets close" not in pages[0].content.decode()
    assert cache.get(keys.NEXT_PUBLICATION) == second
    # Once: the first reader moved the generation (its own copy is not kept); the next
    # one kept the page again, and the third was served it.
    assert store.generation() == generation + 1
    assert [page["X-Cache"] for page in pages] == ["miss", "miss", "hit"]


def test_a_page_drawn_before_a_publication_is_not_kept_under_the_next_one(
    client, section, clock, come_due, monkeypatch
):
    # A reader draws the section page a moment before a scheduled story comes out; before
    # it stores the page, the time passes and another reader keeps the next publication.
    # The page shows the list from before: kept under the new version, it would hide the
    # story until the next one comes out.
    first, second = clock + timedelta(seconds=1), clock + timedelta(seconds=90)
    ArticleFactory(section=section, headline="Budget published", published_at=first)
    ArticleFactory(section=section, headline="Markets close", published_at=second)
    url = section.get_absolute_url()
    real_snapshot = store.snapshot

    def another_reader_first(keys_, before):
        monkeypatch.setattr(store, "snapshot", real_snapshot)
        come_due(first)
        assert schedule.next_publication() == second
        return real_snapshot(keys_, before)

    monkeypatch.setattr(store, "snapshot", another_reader_first)
    assert "Budget published" not in read(client, url).content.decode()

    response = read(client, url)
    assert response["X-Cache"] == "miss"
    assert "Budget published" in response.content.decode()


def test_a_story_scheduled_earlier_ends_the_copies_kept_before_it(client, section, clock):
    url = section.get_absolute_url()
    elsewhere = ArticleFactory(section=SectionFactory(name="Sport")).section
    ArticleFactory(section=elsewhere, published_at=clock + timedelta(hours=2))
    read(client, url)
    assert read(client, url)["X-Cache"] == "hit"
    # Scheduled elsewhere, sooner: every copy that depends on the schedule is made again,
    # and kept until the new time.
    ArticleFactory(section=elsewhere, published_at=clock + timedelta(minutes=5))
    assert read(client, url)["X-Cache"] == "miss"
    assert read(client, url)["X-Cache"] == "hit"
