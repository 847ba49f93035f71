"""RSS and Atom feeds: the latest stories, each section's, tag's and author's.

Each feed is fetched through the test client, parsed with an XML parser and with the
feed reader library feedparser, and checked field by field. Stories that readers may
not see (draft, in review, embargoed, scheduled, unpublished) are in none of them.
"""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from public.feeds import FEED_SIZE
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)
from tests.pages import page_html
from tests.public.test_listings import head_links

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
HIDDEN = ["Draft story", "Story in review", "Embargoed story", "Scheduled story", "Pulled story"]


@pytest.fixture
def newsroom():
    """One live story carrying everything a feed item shows, and hidden ones beside it."""
    world = SectionFactory(name="World", description="News from everywhere.")
    nato = TagFactory(name="NATO")
    kazim = AuthorFactory(name="Kazim Alam")
    esra = AuthorFactory(name="Esra Karataş Alpay")
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    published = timezone.now() - timedelta(hours=3)
    live = ArticleFactory(
        headline="Ministers meet on ‘AT&T’ deal",
        standfirst="Talks go on; prices < last year & rising.",
        body='<p>First. See <a href="/world/earlier-story/">the earlier story</a>.</p><p>Two.</p>',
        section=world,
        authors=[kazim, esra],
        tags=[nato, "Oil"],
        hero_image=ImageFactory(alt_text="Ministers at the table", credit_source=agency),
        published_at=published,
        updated_at=published + timedelta(hours=1),
    )
    common = {"section": world, "authors": [kazim], "tags": [nato]}
    tomorrow = timezone.now() + timedelta(days=1)
    ArticleFactory(headline=HIDDEN[0], draft=True, **common)
    ArticleFactory(headline=HIDDEN[1], status=Article.Status.IN_REVIEW, **common)
    ArticleFactory(
        headline=HIDDEN[2],
        status=Article.Status.APPROVED,
        published_at=None,
        embargo_until=tomorrow,
        **common,
    )
    ArticleFactory(headline=HIDDEN[3], scheduled=True, **common)
    ArticleFactory(headline=HIDDEN[4], status=Article.Status.UNPUBLISHED, **common)
    return {"live": live, "section": world, "tag": nato, "author": kazim, "other": esra}


def feed_urls(newsroom):
    """Every feed the newsroom has for the fixture's story, RSS and Atom."""
    subjects = [
        ("latest_feed", {}),
        ("section_feed", {"slug": newsroom["section"].slug}),
        ("tag_feed", {"slug": newsroom["tag"].slug}),
        ("author_feed", {"slug": newsroom["author"].slug}),
    ]
    return [
        reverse(f"articles:{name}_{kind}", kwargs=kwargs)
        for name, kwargs in subjects
        for kind in ("rss", "atom")
    ]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def parsed(response):
    """The feed as feedparser reads it, which must find nothing wrong."""
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_feed_addresses():
    assert reverse("articles:latest_feed_rss") == "/feeds/latest/rss/"
    assert reverse("articles:latest_feed_atom") == "/feeds/latest/atom/"
    assert reverse("articles:section_feed_rss", kwargs={"slug": "world"}) == (
        "/feeds/section/world/rss/"
    )
    assert reverse("articles:tag_feed_atom", kwargs={"slug": "nato"}) == "/feeds/tag/nato/atom/"
    assert reverse("articles:author_feed_rss", kwargs={"slug": "kazim-alam"}) == (
        "/feeds/author/kazim-alam/rss/"
    )


def test_every_feed_parses_and_carries_only_published_stories(client, newsroom):
    for url in feed_urls(newsroom):
        response = fetch(client, url)
        kind = "rss" if url.endswith("/rss/") else "atom"
        assert response["Content-Type"] == f"application/{kind}+xml; charset=utf-8"
        ET.fromstring(response.content)  # well-formed XML
        feed = parsed(response)
        assert feed.version == ("rss20" if kind == "rss" else "atom10")
        assert [html.unescape(entry.title) for entry in feed.entries] == [
            newsroom["live"].headline
        ], url
        text = response.content.decode()
        for headline in HIDDEN:
            assert headline not in text, (url, headline)


def test_a_scheduled_story_joins_the_feeds_when_its_time_comes(client, newsroom, time_machine):
    scheduled = Article.objects.get(headline="Scheduled story")
    urls = feed_urls(newsroom)
    assert all("Scheduled story" not in fetch(client, url).content.decode() for url in urls)
    time_machine.move_to(scheduled.published_at + timedelta(minutes=1))
    for url in urls:
        titles = [html.unescape(entry.title) for entry in parsed(fetch(client, url)).entries]
        assert titles == ["Scheduled story", newsroom["live"].headline], url


def test_rss_item_field_by_field(client, newsroom):
    live = newsroom["live"]
    response = fetch(client, reverse("articles:latest_feed_rss"))
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Newsroom: latest stories"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("language") == "en"
    assert channel.find("atom:link", NS).get("href") == "http://testserver/feeds/latest/rss/"
    (item,) = channel.findall("item")

    # The title and summary are escaped once more: readers take them as HTML.
    assert html.unescape(item.findtext("title")) == live.headline
    assert html.unescape(item.findtext("description")) == live.standfirst
    url = f"http://testserver{live.get_absolute_url()}"
    assert item.findtext("link") == url
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == f"tag:127.0.0.1,{live.created_at:%Y-%m-%d}:article:{live.pk}"
    assert parsedate_to_datetime(item.findtext("pubDate")) == live.published_at.replace(
        microsecond=0
    )
    assert item.findtext("atom:updated", namespaces=NS) == live.updated_at.isoformat()
    assert [c.text for c in item.findall("category")] == ["World", "NATO", "Oil"]
    assert [c.text for c in item.findall("dc:creator", NS)] == ["Kazim Alam", "Esra Karataş Alpay"]
    content = item.findtext("content:encoded", namespaces=NS)
    assert content.startswith("<p>First. See ")
    assert 'href="http://testserver/world/earlier-story/"' in content

    picture = live.hero_image
    picture_url = f"http://testserver{picture.file.url}"
    enclosure = item.find("enclosure")
    assert enclosure.attrib == {
        "url": picture_url,
        "length": str(picture.file.size),
        # The factory's PNG is named example.jpg; uploads are stored as what they are.
        "type": "image/png",
    }
    media = item.find("media:content", NS)
    assert media.get("url") == picture_url
    assert (media.get("width"), media.get("height")) == ("48", "32")
    assert media.get("medium") == "image"
    assert media.findtext("media:description", namespaces=NS) == "Ministers at the table"
    assert media.findtext("media:credit", namespaces=NS) == "AA"

    # What a feed reader makes of it.
    entry = parsed(response).entries[0]
    assert html.unescape(entry.title) == live.headline
    assert entry.link == url
    assert entry.id == guid.text
    assert html.unescape(entry.summary) == live.standfirst
    assert entry.content[0].value == content
    assert [a.name for a in entry.authors] == ["Kazim Alam", "Esra Karataş Alpay"]
    assert [t.term for t in entry.tags] == ["World", "NATO", "Oil"]
    assert entry.published_parsed[:6] == live.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == live.updated_at.utctimetuple()[:6]
    assert entry.enclosures[0].href == picture_url
    assert entry.enclosures[0].length == str(picture.file.size)
    assert entry.media_content[0]["width"] == "48"


def test_atom_entry_field_by_field(client, newsroom):
    live = newsroom["live"]
    response = fetch(client, reverse("articles:section_feed_atom", kwargs={"slug": "world"}))
    root = ET.fromstring(response.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext("atom:title", namespaces=NS) == "Newsroom: World"
    assert root.findtext("atom:author/atom:name", namespaces=NS) == "Newsroom"
    links = {link.get("rel"): link.get("href") for link in root.findall("atom:link", NS)}
    assert links == {
        "alternate": "http://testserver/world/",
        "self": "http://testserver/feeds/section/world/atom/",
    }
    (entry_xml,) = root.findall("atom:entry", NS)
    assert entry_xml.findtext("atom:title", namespaces=NS) == live.headline  # type text
    assert entry_xml.find("atom:summary", NS).get("type") == "html"
    assert entry_xml.find("atom:content", NS).get("type") == "html"
    assert entry_xml.findtext("atom:published", namespaces=NS) == live.published_at.isoformat()
    assert entry_xml.findtext("atom:updated", namespaces=NS) == live.updated_at.isoformat()
    authors = [
        (a.findtext("atom:name", namespaces=NS), a.findtext("atom:uri", namespaces=NS))
        for a in entry_xml.findall("atom:author", NS)
    ]
    assert authors == [
        ("Kazim Alam", "http://testserver/author/kazim-alam/"),
        ("Esra Karataş Alpay", f"http://testserver/author/{newsroom['other'].slug}/"),
    ]

    feed = parsed(response)
    assert feed.feed.title == "Newsroom: World"
    assert feed.feed.subtitle == "News from everywhere."
    entry = feed.entries[0]
    assert entry.title == live.headline
    assert entry.link == f"http://testserver{live.get_absolute_url()}"
    assert entry.id == f"tag:127.0.0.1,{live.created_at:%Y-%m-%d}:article:{live.pk}"
    assert html.unescape(entry.summary) == live.standfirst
    assert entry.content[0].type == "text/html"
    assert '<a href="http://testserver/world/earlier-story/">' in entry.content[0].value
    assert [(a.name, a.href) for a in entry.authors] == authors
    assert [t.term for t in entry.tags] == ["World", "NATO", "Oil"]
    assert entry.published_parsed[:6] == live.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == live.updated_at.utctimetuple()[:6]
    (enclosure,) = entry.enclosures
    assert enclosure.href == f"http://testserver{live.hero_image.file.url}"
    assert enclosure.type == "image/png"
    assert enclosure.length == str(live.hero_image.file.size)
    assert entry.media_content[0]["height"] == "32"


def test_each_feed_names_its_subject(client, newsroom):
    expected = {
        "latest_feed": ("Newsroom: latest stories", "http://testserver/"),
        "section_feed": ("Newsroom: World", "http://testserver/world/"),
        "tag_feed": ("Newsroom: NATO", "http://testserver/tag/nato/"),
        "author_feed": ("Newsroom: Kazim Alam", "http://testserver/author/kazim-alam/"),
    }
    for url in feed_urls(newsroom):
        name = next(key for key in expected if f"/{key.split('_')[0]}/" in url)
        feed = parsed(fetch(client, url)).feed
        assert (feed.title, feed.link) == expected[name], url


def test_names_reach_every_reader_as_text(client):
    # Tags and bylines come from agency copy; a name with "<" or "&" must show as written.
    # RSS readers take every text as HTML, so RSS escapes it once more; Atom's titles,
    # names and categories are plain text (RFC 4287) and go out as they are.
    section = SectionFactory(name="Arts & <i>Culture</i>", description="Q&A <live>")
    tag = TagFactory(name="<b>M&A</b>")
    author = AuthorFactory(name="Ann <Bo> & Co")
    credit = SourceFactory(name="Smith & Sons", code="S&<S>")
    picture = ImageFactory(alt_text="A <table> & chairs", credit_source=credit)
    ArticleFactory(section=section, tags=[tag], authors=[author], hero_image=picture)
    feeds = [
        ("section_feed", section.slug, section.name, section.description),
        ("tag_feed", tag.slug, tag.name, f"The latest stories about {tag.name}."),
        ("author_feed", author.slug, author.name, f"The latest stories by {author.name}."),
    ]
    for route, slug, name, description in feeds:
        rss = ET.fromstring(fetch(client, reverse(f"articles:{route}_rss", args=[slug])).content)
        channel = rss.find("channel")
        item = channel.find("item")
        as_html = {
            channel.findtext("title"): f"Newsroom: {name}",
            channel.findtext("description"): description,
            item.findtext("dc:creator", namespaces=NS): author.name,
            item.findtext("media:content/media:credit", namespaces=NS): credit.code,
            item.findtext("media:content/media:description", namespaces=NS): picture.alt_text,
        }
        for decoded, shown in as_html.items():
            assert "<" not in decoded, (route, decoded)  # no markup once the XML is read
            assert html.unescape(decoded) == shown, route
        categories = [c.text for c in item.findall("category")]
        assert not any("<" in c for c in categories)
        assert [html.unescape(c) for c in categories] == [section.name, tag.name]
        assert item.find("media:content/media:description", NS).get("type") == "html"

        atom = ET.fromstring(fetch(client, reverse(f"articles:{route}_atom", args=[slug])).content)
        for element in (atom.find("atom:title", NS), atom.find("atom:subtitle", NS)):
            assert element.get("type", "text") == "text"  # shown as written, never parsed
        assert atom.findtext("atom:title", namespaces=NS) == f"Newsroom: {name}"
        assert atom.findtext("atom:subtitle", namespaces=NS) == description
        entry = atom.find("atom:entry", NS)
        assert entry.findtext("atom:author/atom:name", namespaces=NS) == author.name
        assert [c.get("term") for c in entry.findall("atom:category", NS)] == [
            section.name,
            tag.name,
        ]
        credit_shown = entry.findtext("media:content/media:credit", namespaces=NS)
        assert html.unescape(credit_shown) == credit.code and "<" not in credit_shown


def test_an_update_time_defaults_to_publication(client):
    story = ArticleFactory(updated_at=None)
    entry = parsed(fetch(client, reverse("articles:latest_feed_atom"))).entries[0]
    assert entry.updated_parsed[:6] == story.published_at.utctimetuple()[:6]
    assert "enclosures" not in entry or not entry.enclosures  # no picture, no enclosure


def test_a_story_without_a_byline_is_the_site_s_in_atom(client):
    ArticleFactory()
    feed = parsed(fetch(client, reverse("articles:latest_feed_atom")))
    assert feed.feed.author == "Newsroom"
    assert "authors" not in feed.entries[0] or feed.entries[0].authors == [{"name": "Newsroom"}]


def test_a_missing_picture_file_drops_the_enclosure_not_the_story(client):
    story = ArticleFactory(hero_image=ImageFactory())
    story.hero_image.file.storage.delete(story.hero_image.file.name)
    response = fetch(client, reverse("articles:latest_feed_rss"))
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("title") == html.escape(story.headline)
    assert item.find("enclosure") is None


def test_feeds_list_the_newest_stories_up_to_their_size(client):
    section = SectionFactory()
    start = timezone.now() - timedelta(days=2)
    stories = [
        ArticleFactory(section=section, published_at=start + timedelta(minutes=n))
        for n in range(FEED_SIZE + 2)
    ]
    newest_first = [story.headline for story in reversed(stories)][:FEED_SIZE]
    for url in [
        reverse("articles:latest_feed_rss"),
        reverse("articles:section_feed_atom", kwargs={"slug": section.slug}),
    ]:
        titles = [entry.title for entry in parsed(fetch(client, url)).entries]
        assert titles == newest_first


def test_an_empty_section_feed_is_still_a_feed(client):
    # A section is part of the site's navigation, with or without a story.
    section = SectionFactory(name="Quiet desk")
    ArticleFactory(section=section, draft=True)
    for kind in ("rss", "atom"):
        feed = parsed(fetch(client, reverse(f"articles:section_feed_{kind}", args=[section.slug])))
        assert feed.entries == []
        assert feed.feed.title == "Newsroom: Quiet desk"


def test_a_tag_or_author_without_a_published_story_has_no_feed(client):
    # Not until its first story is out: a new tag would give an embargoed story away.
    tag, author = TagFactory(name="Quiet topic"), AuthorFactory(name="New Hire")
    story = ArticleFactory(tags=[tag], authors=[author], scheduled=True)
    urls = [
        reverse(f"articles:{route}_{kind}", args=[subject.slug])
        for route, subject in (("tag_feed", tag), ("author_feed", author))
        for kind in ("rss", "atom")
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()
    for url in urls:
        assert [entry.title for entry in parsed(fetch(client, url)).entries] == [story.headline]


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/section/no-such-section/rss/",
        "/feeds/tag/no-such-tag/atom/",
        "/feeds/author/no-such-author/rss/",
        "/feeds/latest/json/",
        "/feeds/",
    ],
)
def test_unknown_feeds_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_pages_name_their_feeds_in_the_head(client, newsroom):
    def alternates(url):
        return {
            (link["type"], link["href"])
            for link in head_links(fetch(client, url))
            if link.get("rel") == "alternate"
        }

    latest = {
        ("application/rss+xml", "/feeds/latest/rss/"),
        ("application/atom+xml", "/feeds/latest/atom/"),
    }
    assert alternates("/") == latest
    assert alternates(newsroom["live"].get_absolute_url()) == latest
    for subject, route in [("section", "section"), ("tag", "tag"), ("author", "author")]:
        slug = newsroom[subject].slug
        assert alternates(newsroom[subject].get_absolute_url()) == latest | {
            ("application/rss+xml", f"/feeds/{route}/{slug}/rss/"),
            ("application/atom+xml", f"/feeds/{route}/{slug}/atom/"),
        }
    # An agency has no feed of its own; its page offers the latest.
    agency = SourceFactory(code="AFP")
    ArticleFactory(sources=[agency])
    assert alternates(agency.get_absolute_url()) == latest
    assert "application/rss+xml" in page_html(fetch(client, "/"))


# Latest: the stories (with section and picture), their bylines, the card renditions
# that for_cards() prefetches, their tags. A section, tag or author feed looks its
# subject up first.
LATEST_FEED_BUDGET = 4
SUBJECT_FEED_BUDGET = 5


def crowd(count, section, tag, author):
    for n in range(count):
        ArticleFactory(
            section=section,
            tags=[tag, f"Extra {count}-{n}"],
            authors=[author, AuthorFactory()],
            hero_image=ImageFactory(credit_source=SourceFactory()),
        )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_queries_are_fixed(client, django_assert_max_num_queries, kind):
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    urls = [
        (reverse(f"articles:latest_feed_{kind}"), LATEST_FEED_BUDGET),
        (reverse(f"articles:section_feed_{kind}", args=[section.slug]), SUBJECT_FEED_BUDGET),
        (reverse(f"articles:tag_feed_{kind}", args=[tag.slug]), SUBJECT_FEED_BUDGET),
        (reverse(f"articles:author_feed_{kind}", args=[author.slug]), SUBJECT_FEED_BUDGET),
    ]

    def measure():
        counts = []
        for url, budget in urls:
            with django_assert_max_num_queries(budget) as captured:
                fetch(client, url)
            counts.append(len(captured))
        return counts

    crowd(1, section, tag, author)
    few = measure()
    crowd(12, section, tag, author)
    assert measure() == few
