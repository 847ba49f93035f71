"""Sitemaps, the Google News sitemap and robots.txt, read as a crawler reads them: parsed as
XML, validated against the sitemap and Google News schemas, and checked address by address.
Only published stories (and the sections, tags and authors that have them) are listed."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from public import seo
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.schema_checks import valid

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = datetime(2023, 1, 19, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def site(settings):
    settings.NEWSROOM_SITE_URL = SITE
    settings.NEWSROOM_SITE_NAME = "The Daily Example"
    settings.NEWSROOM_LANGUAGE = "en"


def iso(when):
    return timezone.localtime(when).isoformat(timespec="seconds")


def absolute(instance):
    return SITE + instance.get_absolute_url()


def fetch(client, url, schema, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert valid(response.content, schema)
    return ET.fromstring(response.content)


def sitemap(client, label, page=None, **extra):
    url = reverse("articles:sitemap", kwargs={"section": label})
    root = fetch(client, url + (f"?p={page}" if page else ""), "sitemap.xsd", **extra)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:url", NS)
    }


def index(client):
    root = fetch(client, reverse("articles:sitemap_index"), "siteindex.xsd")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:sitemap", NS)
    }


def hidden_stories(**kwargs):
    """One story in each state readers must not see."""
    tomorrow = timezone.now() + timedelta(days=1)
    return [
        ArticleFactory(draft=True, headline="Draft story", **kwargs),
        ArticleFactory(scheduled=True, headline="Scheduled story", **kwargs),
        ArticleFactory(
            headline="Embargoed story",
            status=Article.Status.APPROVED,
            published_at=None,
            embargo_until=tomorrow,
            **kwargs,
        ),
        ArticleFactory(
            headline="Embargoed and scheduled story",
            published_at=tomorrow,
            embargo_until=tomorrow,
            **kwargs,
        ),
        ArticleFactory(headline="Unpublished story", status=Article.Status.UNPUBLISHED, **kwargs),
    ]


# --- The index ------------------------------------------------------------------------------


def test_the_index_lists_every_sitemap_on_the_site_address(client):
    story = ArticleFactory(authors=[AuthorFactory()], tags=["NATO"])
    entries = index(client)
    assert list(entries) == [
        f"{SITE}/sitemap-stories.xml",
        f"{SITE}/sitemap-sections.xml",
        f"{SITE}/sitemap-tags.xml",
        f"{SITE}/sitemap-authors.xml",
        f"{SITE}/news-sitemap.xml",
    ]
    assert set(entries.values()) == {iso(story.published_at)}


def test_the_index_of_an_empty_site_is_still_valid(client):
    entries = index(client)
    assert f"{SITE}/sitemap-stories.xml" in entries
    assert set(entries.values()) == {None}  # no lastmod without stories
    assert sitemap(client, "stories") == {}


def test_stories_split_into_files_of_the_limit(client, monkeypatch):
    monkeypatch.setattr(seo.StorySitemap, "limit", 2)
    stories = [
        ArticleFactory(published_at=timezone.now() - timedelta(hours=hours))
        for hours in (5, 4, 3, 2, 1)
    ]
    assert [loc for loc in index(client) if "stories" in loc] == [
        f"{SITE}/sitemap-stories.xml",
        f"{SITE}/sitemap-stories.xml?p=2",
        f"{SITE}/sitemap-stories.xml?p=3",
    ]
    pages = [sitemap(client, "stories", page) for page in (None, 2, 3)]
    # Oldest first: a new story joins the last file and the others stay as they were.
    assert [list(page) for page in pages] == [
        [absolute(stories[0]), absolute(stories[1])],
        [absolute(stories[2]), absolute(stories[3])],
        [absolute(stories[4])],
    ]
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404
    assert client.get("/sitemap-stories.xml?p=abc").status_code == 404


def test_the_real_limits_are_within_the_protocols(client):
    # Files of 1,000 addresses, each cheap to make; the protocol allows up to 50,000.
    for kind in seo.SITEMAPS.values():
        assert 0 < kind.limit <= 50000
        assert kind.limit == 1000


def test_an_unknown_sitemap_is_not_found(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


# --- Stories, sections, tags, authors -------------------------------------------------------


def test_stories_sitemap_lists_published_stories_with_their_last_change(client):
    plain = ArticleFactory()
    updated = ArticleFactory()
    Article.objects.filter(pk=updated.pk).update(
        updated_at=updated.published_at + timedelta(minutes=30)
    )
    updated.refresh_from_db()

    entries = sitemap(client, "stories")

    assert entries == {
        absolute(plain): iso(plain.published_at),
        absolute(updated): iso(updated.updated_at),
    }


def test_sections_tags_and_authors_are_listed_with_their_newest_story(client):
    turkiye = SectionFactory(name="Türkiye", slug="turkiye")
    karatas = AuthorFactory(name="Esra Karataş Alpay")
    older = ArticleFactory(
        section=turkiye,
        authors=[karatas],
        tags=["NATO"],
        published_at=timezone.now() - timedelta(days=2),
    )
    newer = ArticleFactory(section=turkiye, authors=[karatas], tags=["NATO"])
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=1))
    nato = older.tags.get()

    assert sitemap(client, "sections") == {f"{SITE}/turkiye/": iso(newer.published_at)}
    assert sitemap(client, "tags") == {absolute(nato): iso(newer.published_at)}
    assert sitemap(client, "authors") == {absolute(karatas): iso(newer.published_at)}


def test_lastmod_follows_an_update_newer_than_any_publication(client):
    section = SectionFactory()
    story = ArticleFactory(section=section, published_at=timezone.now() - timedelta(days=2))
    ArticleFactory(section=section, published_at=timezone.now() - timedelta(days=1))
    touched = timezone.now() - timedelta(minutes=5)
    Article.objects.filter(pk=story.pk).update(updated_at=touched)
    assert sitemap(client, "sections") == {absolute(section): iso(touched)}


def test_unpublished_stories_are_in_no_sitemap(client):
    section, author, tag = SectionFactory(), AuthorFactory(), TagFactory()
    hidden = hidden_stories(section=section, authors=[author], tags=[tag])
    live = ArticleFactory()  # so that the sitemaps are not simply empty

    assert sitemap(client, "stories") == {absolute(live): iso(live.published_at)}
    assert absolute(section) not in sitemap(client, "sections")
    assert sitemap(client, "tags") == {}
    assert sitemap(client, "authors") == {}
    news = news_sitemap(client)
    assert list(news) == [absolute(live)]
    for story in hidden:
        assert story.slug not in str(index(client))

    # Once the scheduled story's time comes, it is listed, and so are its section, tag and author.
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert absolute(hidden[1]) in sitemap(client, "stories")
        assert absolute(section) in sitemap(client, "sections")
        assert absolute(tag) in sitemap(client, "tags")
        assert absolute(author) in sitemap(client, "authors")
        assert absolute(hidden[0]) not in sitemap(client, "stories")  # still a draft


def test_items_are_read_on_each_request_not_at_import(client):
    assert sitemap(client, "stories") == {}
    story = ArticleFactory()
    assert absolute(story) in sitemap(client, "stories")


def test_addresses_ignore_the_host_the_crawler_used(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    story = ArticleFactory()
    entries = sitemap(client, "stories", HTTP_HOST="mirror.example")
    assert list(entries) == [absolute(story)]


def test_sitemaps_are_not_themselves_indexed(client):
    for url in ("/sitemap.xml", "/sitemap-stories.xml", "/news-sitemap.xml"):
        assert "noindex" in client.get(url)["X-Robots-Tag"]


# --- Google News ----------------------------------------------------------------------------


def news_sitemap(client):
    root = fetch(client, reverse("articles:news_sitemap"), "news-sitemap.xsd")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    entries = {}
    for url in root.findall("sm:url", NS):
        news = url.find("news:news", NS)
        entries[url.findtext("sm:loc", namespaces=NS)] = {
            "name": news.findtext("news:publication/news:name", namespaces=NS),
            "language": news.findtext("news:publication/news:language", namespaces=NS),
            "publication_date": news.findtext("news:publication_date", namespaces=NS),
            "title": news.findtext("news:title", namespaces=NS),
        }
    return entries


@time_machine.travel(NOW, tick=False)
def test_the_news_sitemap_holds_the_last_48_hours(client):
    recent = ArticleFactory(
        headline="Blinken underlines ‘continued coordination’ & more <after> talks",
        published_at=NOW - timedelta(hours=1),
    )
    edge = ArticleFactory(published_at=NOW - timedelta(hours=47, minutes=59))
    ArticleFactory(published_at=NOW - timedelta(hours=48, minutes=1))  # too old
    hidden_stories()

    entries = news_sitemap(client)

    assert entries == {
        absolute(recent): {
            "name": "The Daily Example",
            "language": "en",
            "publication_date": "2023-01-19T11:00:00+00:00",
            "title": recent.headline,
        },
        absolute(edge): {
            "name": "The Daily Example",
            "language": "en",
            "publication_date": iso(edge.published_at),
            "title": edge.headline,
        },
    }
    assert list(entries) == [absolute(recent), absolute(edge)]  # newest first


@time_machine.travel(NOW, tick=False)
def test_the_news_sitemap_follows_the_clock(client):
    story = ArticleFactory(published_at=NOW - timedelta(hours=47))
    assert absolute(story) in news_sitemap(client)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert news_sitemap(client) == {}


def test_the_news_sitemap_takes_at_most_its_limit_newest_first(client, monkeypatch):
    monkeypatch.setattr(seo, "NEWS_LIMIT", 2)
    stories = [
        ArticleFactory(published_at=timezone.now() - timedelta(hours=hours)) for hours in (3, 2, 1)
    ]
    assert list(news_sitemap(client)) == [absolute(stories[2]), absolute(stories[1])]


def test_the_news_sitemap_of_a_quiet_newsroom_is_valid_and_empty(client):
    ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    assert news_sitemap(client) == {}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("en", "en"), ("tr", "tr"), ("en-GB", "en"), ("pt_BR", "pt"), ("zh-TW", "zh-tw")],
)
def test_the_news_language_is_the_one_google_wants(client, settings, setting, expected):
    settings.NEWSROOM_LANGUAGE = setting
    story = ArticleFactory()
    assert news_sitemap(client)[absolute(story)]["language"] == expected


# --- robots.txt -----------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_the_desk_and_names_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = [line for line in response.content.decode().splitlines() if line.strip()]
    assert lines == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        f"Sitemap: {SITE}/sitemap.xml",
        f"Sitemap: {SITE}/news-sitemap.xml",
    ]


def test_robots_txt_does_not_hide_stories(client):
    story = ArticleFactory()
    body = client.get("/robots.txt").content.decode()
    disallowed = [line.split(":", 1)[1].strip() for line in body.splitlines() if "Disallow" in line]
    assert not any(story.get_absolute_url().startswith(path) for path in disallowed)


# --- Query budgets --------------------------------------------------------------------------


def populate(count):
    sections = [SectionFactory() for _ in range(count)]
    authors = [AuthorFactory() for _ in range(count)]
    for number in range(count):
        ArticleFactory(
            section=sections[number],
            authors=[authors[number]],
            tags=[f"Topic {count}-{number}"],
            published_at=timezone.now() - timedelta(hours=number + 1),
        )
        ArticleFactory(draft=True, section=sections[number])


SURFACES = {
    "index": ("/sitemap.xml", 9),
    "stories": ("/sitemap-stories.xml", 3),
    "sections": ("/sitemap-sections.xml", 2),
    "tags": ("/sitemap-tags.xml", 2),
    "authors": ("/sitemap-authors.xml", 2),
    "news": ("/news-sitemap.xml", 1),
    "robots": ("/robots.txt", 0),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_queries_are_fixed_however_many_items(client, django_assert_max_num_queries, surface):
    url, budget = SURFACES[surface]
    counts = []
    for count in (1, 12):
        populate(count)
        with CaptureQueriesContext(connection) as queries:
            with django_assert_max_num_queries(budget):
                assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
