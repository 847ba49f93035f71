"""The content API under odd input and heavy use: rate limits per client, 400s that
say what is wrong (never a 500), read-only methods, and a query budget per page that
does not grow with the number of stories."""

import base64
import json

import pytest
from django.core.cache import cache

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def cursor_of(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_each_client_has_its_own_rate_limit(client, settings):
    settings.NEWSROOM_API_RATE_LIMIT = "3/min"
    cache.clear()
    for _ in range(3):
        assert client.get("/api/sections/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/api/stories/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]
    assert refused.json() == {"detail": "Too many requests."}
    # Writing another address in X-Forwarded-For does not make a new client…
    forged = client.get(
        "/api/stories/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert forged.status_code == 429
    # …while another reader is served.
    assert client.get("/api/stories/", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_behind_our_proxy_the_address_it_saw_is_the_client(client, settings):
    settings.NEWSROOM_API_RATE_LIMIT = "2/min"
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    cache.clear()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        assert (
            client.get("/api/sections/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code
            == 200
        )
    assert (
        client.get("/api/sections/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    )
    assert (
        client.get("/api/sections/", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 200
    )


@pytest.mark.parametrize(
    "query",
    [
        "cursor=nonsense!",
        "cursor=" + cursor_of(["2026-01-01T00:00:00+00:00"]),  # one value where two belong
        "cursor=" + cursor_of(["2026-01-01T00:00:00", 3]),  # no time zone
        "cursor=" + cursor_of(["0001-01-01T00:00:00+14:00", 3]),  # before year 1 in UTC
        "cursor=" + cursor_of(["yesterday", 3]),
        "cursor=" + cursor_of(["2026-01-01T00:00:00+00:00", "3"]),
        "cursor=" + cursor_of({"p": 1}),
        "cursor=" + "A" * 201,
        "page_size=abc",
        "page_size=0",
        "page_size=100000",
        "updated_since=last+week",
        "updated_since=0001-01-01T00:00:00%2B14:00",
        "updated_since=99999-01-01",
        "section=%00",
        "tag=a%00b",
        "source=" + "A" * 300,
    ],
)
def test_bad_input_gets_a_400_that_says_what_is_wrong(client, query):
    ArticleFactory()
    response = client.get(f"/api/stories/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/tags/?cursor=%FF%FE",
        "/api/authors/?cursor=" + cursor_of([7]),
        "/api/tags/?page_size=-1",
    ],
)
def test_bad_cursors_on_other_lists(client, address):
    assert client.get(address).status_code == 400


@pytest.mark.parametrize(
    "address",
    [
        "/api/stories/?section=turkiye&section=world",
        "/api/stories/?unknown=1",
        "/api/stories/?updated_since=2026-01-19",
        "/api/stories/?updated_since=2026-01-19T09:30:00",
        "/api/stories/?tag=%C3%BC%C3%A7",
        "/api/stories/?author=' OR 1=1 --",
        "/api/tags/?cursor=" + cursor_of(["zzz"]),
    ],
)
def test_odd_but_harmless_input_is_answered(client, address):
    ArticleFactory()
    response = client.get(address)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "address",
    ["/api/stories/0/", "/api/stories/99999999999999999999/", "/api/tags/no-such/", "/api/"],
)
def test_missing_things_are_404s(client, address):
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, method):
    story = ArticleFactory()
    for address in ["/api/stories/", f"/api/stories/{story.pk}/", "/api/tags/"]:
        response = getattr(client, method)(address, data={}, content_type="application/json")
        assert response.status_code == 405, (method, address)


def newsroom_of(size):
    section, agency = SectionFactory(), SourceFactory()
    authors = AuthorFactory.create_batch(2)
    for n in range(size):
        ArticleFactory(
            section=section,
            authors=authors,
            sources=[agency],
            tags=[TagFactory(), "Shared"],
            hero_image=ImageFactory(credit_source=agency) if n % 2 else None,
        )
    return agency


@pytest.mark.parametrize(
    "address, budget",
    [
        ("/api/stories/", 6),
        ("/api/stories/?tag=shared&source={agency}", 6),
        ("/api/sections/", 2),  # the sections with their counts, and the next publication
        ("/api/tags/", 2),
        ("/api/authors/", 2),
    ],
)
def test_a_page_costs_the_same_few_queries_however_many_stories(
    client, django_assert_max_num_queries, address, budget
):
    """A page of 20 stories: the stories with their sections and pictures, then their
    bylines, agencies, tags and the pictures' renditions, one query each (5), and the time
    of the next scheduled publication when the cache does not hold it (6)."""
    agency = newsroom_of(20)
    with django_assert_max_num_queries(budget):
        response = client.get(address.format(agency=agency.code))
    assert response.status_code == 200
    if address.startswith("/api/stories/"):
        assert len(response.json()["items"]) == 20


def test_an_address_without_its_slash_is_redirected(client):
    response = client.get("/api/stories?section=world")
    assert response.status_code == 301
    assert response["Location"] == "/api/stories/?section=world"
