"""The content API (/api/): published stories as IPTC ninjs 2.0, and nothing else.

Every answer is fetched through the test client and its stories are checked against
IPTC's own ninjs 2.0 JSON schema (tests/schemas/ninjs-schema_2.0.json), with the URI and
date-time formats checked too. Stories readers may not see (draft, in review, embargoed,
scheduled, unpublished) are in no list, no filter, no count, and their addresses are 404s.
"""

import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from jsonschema import Draft4Validator, FormatChecker

from articles.models import Article
from ops import demo
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "schemas" / "ninjs-schema_2.0.json").read_text()
)
formats = FormatChecker()


@formats.checks("uri")
def is_uri(value):
    # The "uri" format is left unchecked without the rfc3987 package: check it here.
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in {"tag", "urn"})


@formats.checks("date-time", raises=ValueError)
def is_date_time(value):
    return datetime.fromisoformat(value).tzinfo is not None


NINJS = Draft4Validator(SCHEMA, format_checker=formats)
HIDDEN = ["Draft story", "Story in review", "Embargoed story", "Scheduled story", "Pulled story"]


def assert_valid_ninjs(item):
    NINJS.validate(item)
    for association in item.get("associations", []):
        # The schema accepts any association with a name; the rest must be ninjs too.
        NINJS.validate({key: value for key, value in association.items() if key != "name"})


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def all_stories(client, **params):
    """Every page of /api/stories/, followed by its ``next`` links."""
    page = get_json(client, "/api/stories/", **params)
    items = page["items"]
    while page["next"]:
        parts = urlsplit(page["next"])
        page = get_json(client, f"{parts.path}?{parts.query}")
        items += page["items"]
    return items


def headlines(items):
    return [item["headlines"][0]["value"] for item in items]


@pytest.fixture
def seed(client):
    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug=demo.SEED.slug)


def test_the_seed_story_is_served_as_valid_ninjs(client, seed):
    item = get_json(client, f"/api/stories/{seed.pk}/")
    assert_valid_ninjs(item)
    assert item["type"] == "text"
    assert item["pubstatus"] == "usable"
    assert item["standard"]["version"] == "2.0"
    assert item["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": demo.SEED.headline}
    ]
    assert item["descriptions"][0]["value"] == demo.SEED.standfirst
    body = item["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert "continued coordination" in body["value"] and body["value"].startswith("<p>")
    assert item["by"] == "Anadolu Agency"  # agency copy with no byline of ours
    assert item["infosources"] == [
        {"name": "Anadolu Agency", "literal": "AA", "uri": "https://www.aa.com.tr/en/"}
    ]
    assert datetime.fromisoformat(item["firstcreated"]) == demo.SEED.published_at
    assert {s["name"] for s in item["subjects"] if s.get("rel") != "section"} == set(demo.SEED.tags)
    assert {"name": "Türkiye", "rel": "section"}.items() <= item["subjects"][0].items()
    page = item["renditions"][0]
    assert page["contenttype"] == "text/html"
    assert urlsplit(page["href"]).path == seed.get_absolute_url()
    # Its feeds' guid: one identity wherever the story goes out.
    assert item["uri"].startswith("tag:") and item["uri"].endswith(f":article:{seed.pk}")

    (picture,) = item["associations"]
    assert picture["name"] == "featureimage" and picture["type"] == "picture"
    descriptions = {d["role"]: d["value"] for d in picture["descriptions"]}
    assert descriptions["alt"] == seed.hero_image.alt_text
    assert descriptions["caption"] == demo.SEED_HERO["caption"]
    assert picture["infosources"][0]["literal"] == "AA"
    original = picture["renditions"][0]
    assert original["contenttype"] == "image/jpeg"
    assert (original["width"], original["height"]) == (
        seed.hero_image.width,
        seed.hero_image.height,
    )

    listed = {i["uri"]: i for i in all_stories(client)}
    assert listed[item["uri"]] == item
    for other in listed.values():
        assert_valid_ninjs(other)


@pytest.fixture
def newsroom():
    """One live story with everything, and hidden stories sharing all its subjects."""
    world = SectionFactory(name="World")
    nato = TagFactory(name="NATO")
    kazim = AuthorFactory(name="Kazim Alam")
    esra = AuthorFactory(name="Esra Karataş Alpay")
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    live = ArticleFactory(
        headline="Ministers meet on ‘AT&T’ deal",
        section=world,
        authors=[kazim, esra],
        sources=[agency],
        tags=[nato, "Oil"],
        hero_image=ImageFactory(alt_text="Ministers at the table", credit_text="Jo Doe"),
        hero_caption="The ministers before the talks.",
    )
    common = {"section": world, "authors": [kazim], "tags": [nato], "sources": [agency]}
    tomorrow = timezone.now() + timedelta(days=1)
    # Subjects only hidden stories have: none of them may show.
    secret = {"tags": ["Resignation"], "authors": [AuthorFactory(name="Nobody Yet")]}
    ArticleFactory(headline=HIDDEN[0], draft=True, **common | secret)
    ArticleFactory(headline=HIDDEN[1], status=Article.Status.IN_REVIEW, **common | secret)
    ArticleFactory(
        headline=HIDDEN[2],
        status=Article.Status.PUBLISHED,
        embargo_until=tomorrow,
        published_at=tomorrow,
        **common | secret,
    )
    ArticleFactory(headline=HIDDEN[3], scheduled=True, **common | secret)
    ArticleFactory(headline=HIDDEN[4], status=Article.Status.UNPUBLISHED, **common | secret)
    return {"live": live, "section": world, "tag": nato, "author": kazim, "other": esra}


def test_a_story_with_a_byline_and_a_credited_picture(client, newsroom):
    item = get_json(client, f"/api/stories/{newsroom['live'].pk}/")
    assert_valid_ninjs(item)
    assert item["by"] == "Kazim Alam and Esra Karataş Alpay"
    assert item["headlines"][0]["value"] == "Ministers meet on ‘AT&T’ deal"
    (picture,) = item["associations"]
    assert picture["by"] == "Jo Doe"
    assert {
        "role": "caption",
        "contenttype": "text/plain",
        "value": "The ministers before the talks.",
    } in picture["descriptions"]
    assert {s["name"] for s in item["subjects"]} == {"World", "NATO", "Oil"}


def test_nothing_unpublished_in_any_list_filter_or_count(client, newsroom):
    live = newsroom["live"]
    lists = [
        {},
        {"section": newsroom["section"].slug},
        {"tag": newsroom["tag"].slug},
        {"author": newsroom["author"].slug},
        {"source": "AA"},
        {"updated_since": (timezone.now() - timedelta(days=30)).isoformat()},
    ]
    for params in lists:
        assert headlines(all_stories(client, **params)) == [live.headline], params

    for hidden in Article.objects.exclude(pk=live.pk):
        assert client.get(f"/api/stories/{hidden.pk}/").status_code == 404, hidden.headline

    sections = get_json(client, "/api/sections/")
    assert [(s["name"], s["stories"]) for s in sections] == [("World", 1)]
    tags = get_json(client, "/api/tags/")["items"]
    assert sorted((t["name"], t["stories"]) for t in tags) == [("NATO", 1), ("Oil", 1)]
    assert client.get("/api/tags/resignation/").status_code == 404
    authors = get_json(client, "/api/authors/")["items"]
    assert sorted((a["name"], a["stories"]) for a in authors) == [
        ("Esra Karataş Alpay", 1),
        ("Kazim Alam", 1),
    ]
    assert client.get("/api/authors/nobody-yet/").status_code == 404
    assert get_json(client, f"/api/authors/{newsroom['author'].slug}/")["stories"] == 1


def test_a_scheduled_story_appears_on_time_and_no_answer_is_kept_past_it(
    client, newsroom, settings, time_machine
):
    settings.NEWSROOM_CACHE_MAX_AGE = 600
    settings.NEWSROOM_CACHE_S_MAXAGE = 600
    time_machine.move_to(timezone.now(), tick=False)
    due = ArticleFactory(
        headline="Due in a minute", published_at=timezone.now() + timedelta(seconds=45)
    )
    response = client.get("/api/stories/")
    assert due.headline not in headlines(response.json()["items"])
    assert "max-age=45" in response["Cache-Control"] and "s-maxage=45" in response["Cache-Control"]
    assert client.get(f"/api/stories/{due.pk}/").status_code == 404

    time_machine.shift(timedelta(seconds=46))
    assert due.headline in headlines(get_json(client, "/api/stories/")["items"])
    assert get_json(client, f"/api/stories/{due.pk}/")["headlines"][0]["value"] == due.headline


def test_filters(client, newsroom):
    world, nato = newsroom["section"], newsroom["tag"]
    old = ArticleFactory(
        headline="Old world story",
        section=world,
        tags=[nato],
        authors=[newsroom["other"]],
        published_at=timezone.now() - timedelta(days=10),
    )
    other = ArticleFactory(headline="Business story", sources=[SourceFactory(code="Reuters")])
    live = newsroom["live"].headline

    assert set(headlines(all_stories(client, section=world.slug))) == {live, old.headline}
    assert set(headlines(all_stories(client, tag=nato.slug))) == {live, old.headline}
    assert set(headlines(all_stories(client, tag="oil"))) == {live}
    assert set(headlines(all_stories(client, author=newsroom["other"].slug))) == {
        live,
        old.headline,
    }
    assert headlines(all_stories(client, source="aa")) == [live]  # codes in any case
    assert headlines(all_stories(client, source="REUTERS")) == [other.headline]
    assert headlines(all_stories(client, section=world.slug, author=newsroom["author"].slug)) == [
        live
    ]
    # Last edited when it went out ten days ago (update() leaves modified_at alone).
    Article.objects.filter(pk=old.pk).update(modified_at=old.published_at)
    since = timezone.now() - timedelta(days=2)
    assert old.headline not in headlines(all_stories(client, updated_since=since.isoformat()))
    # An update after publication counts as a change.
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now())
    assert old.headline in headlines(all_stories(client, updated_since=since.isoformat()))

    for params in [
        {"section": "nowhere"},
        {"tag": "no-such-tag"},
        {"author": "x"},
        {"source": "ZZ"},
    ]:
        assert get_json(client, "/api/stories/", **params) == {"items": [], "next": None}


def test_pages_walk_every_live_story_exactly_once(client):
    same_time = timezone.now() - timedelta(hours=2)
    live = [ArticleFactory(published_at=same_time) for _ in range(9)]  # ties on the time
    live += [
        ArticleFactory(published_at=timezone.now() - timedelta(minutes=n)) for n in range(1, 15)
    ]
    ArticleFactory.create_batch(3, draft=True)
    ArticleFactory(scheduled=True)

    walked = all_stories(client, page_size=4)
    assert len(walked) == len(live)
    assert {item["uri"] for item in walked} == {
        get_json(client, f"/api/stories/{story.pk}/")["uri"] for story in live
    }
    times = [item["firstcreated"] for item in walked]
    assert times == sorted(times, reverse=True)

    # A story published while a client walks the pages does not shift the ones after it.
    first = get_json(client, "/api/stories/", page_size=5)
    ArticleFactory(headline="Breaking meanwhile", published_at=timezone.now())
    rest = all_stories(client, **dict(parse_qsl(urlsplit(first["next"]).query)))
    assert headlines(first["items"]) + headlines(rest) == headlines(walked)


def test_etags_give_304s_and_answers_are_cached_like_pages(client, newsroom, settings):
    response = client.get("/api/stories/")
    assert response["ETag"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.NEWSROOM_CACHE_MAX_AGE}" in cache_control
    assert f"story-{newsroom['live'].pk}" in response["Surrogate-Key"].split()
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in response and not response.cookies

    again = client.get("/api/stories/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""

    # A change gives a new ETag: the old copy is not confirmed.
    Article.objects.filter(pk=newsroom["live"].pk).update(headline="Ministers meet again")
    changed = client.get("/api/stories/", headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]

    missing = client.get("/api/stories/999999/")
    assert missing.status_code == 404 and "no-store" in missing["Cache-Control"]


def test_openapi_describes_every_endpoint(client):
    document = get_json(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        "/api/stories/",
        "/api/stories/{story_id}/",
        "/api/sections/",
        "/api/tags/",
        "/api/tags/{slug}/",
        "/api/authors/",
        "/api/authors/{slug}/",
    }
    parameters = {p["name"] for p in document["paths"]["/api/stories/"]["get"]["parameters"]}
    assert parameters >= {"section", "tag", "author", "source", "updated_since", "cursor"}
    story = document["components"]["schemas"]["Story"]
    assert {"uri", "headlines", "bodies", "infosources"} <= set(story["properties"])


def test_a_story_in_the_trash_leaves_the_api(client, newsroom):
    """The trash (desk/trash.py) takes a story off every public surface: this one too."""
    live = newsroom["live"]
    assert get_json(client, "/api/sections/")[0]["stories"] == 1
    Article.objects.filter(pk=live.pk).update(deleted_at=timezone.now())
    assert client.get(f"/api/stories/{live.pk}/").status_code == 404
    assert get_json(client, "/api/stories/") == {"items": [], "next": None}
    assert get_json(client, "/api/sections/")[0]["stories"] == 0
    assert get_json(client, "/api/tags/")["items"] == []
    assert get_json(client, "/api/authors/")["items"] == []


def test_a_count_is_purged_with_the_list_it_counts(client, newsroom, editor, monkeypatch):
    # A CDN in front purges by Surrogate-Key. The answers that count a subject's stories
    # (and list it only while it has one) must name a key that unpublishing its last
    # story bumps, or the CDN would keep a tag readers can no longer find.
    from desk import workflow
    from pagecache import store

    answers = {
        "/api/sections/": "section",
        "/api/tags/": "tag",
        f"/api/tags/{newsroom['tag'].slug}/": "tag",
        "/api/authors/": "author",
        f"/api/authors/{newsroom['author'].slug}/": "author",
    }
    keys = {url: set(client.get(url)["Surrogate-Key"].split()) for url in answers}
    bumped = set()
    monkeypatch.setattr(store, "bump", lambda *names: bumped.update(names))
    workflow.unpublish(newsroom["live"], editor, note="Withdrawn")
    for url, kind in answers.items():
        purged = {key for key in keys[url] & bumped if key.startswith(f"{kind}-")}
        assert purged, (url, sorted(keys[url]))
    assert client.get(f"/api/tags/{newsroom['tag'].slug}/").status_code == 404
    assert client.get(f"/api/authors/{newsroom['author'].slug}/").status_code == 404


def test_a_language_filter_lists_one_edition(client, newsroom, settings):
    settings.NEWSROOM_EDITIONS = "en,ar"
    arabic = ArticleFactory(language="ar", headline="الأمم المتحدة تدعو")
    ArticleFactory(language="ar", draft=True, headline="مسودة")  # unpublished: never listed
    assert headlines(all_stories(client, language="ar")) == [arabic.headline]
    assert headlines(all_stories(client, language="AR")) == [arabic.headline]
    assert arabic.headline not in headlines(all_stories(client, language="en"))
    assert headlines(all_stories(client, language="fr")) == []  # no such edition: none
    assert client.get("/api/stories/", {"language": "x" * 30}).status_code == 400


def test_a_storys_genre_is_named_in_its_own_language(client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    ArticleFactory(language="tr", kind="opinion", headline="Ateşkes üzerine")
    ArticleFactory(language="en", kind="opinion", headline="On the ceasefire")
    genres = {item["language"]: item["genres"] for item in all_stories(client)}
    assert genres == {
        "tr": [{"name": "Görüş", "literal": "opinion"}],
        "en": [{"name": "Opinion", "literal": "opinion"}],
    }
