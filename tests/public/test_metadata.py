"""What search engines and share cards read in a page's head: the canonical address, the
description, Open Graph and Twitter card tags, and the story's NewsArticle and BreadcrumbList
JSON-LD; and the site's name, language, logo and address coming from settings."""

import json
from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from desk.corrections import add_correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
)
from tests.pages import page_html

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
HEADLINE = "Blinken underlines ‘continued coordination’ after meeting with Cavusoglu"
STANDFIRST = (
    "‘I look forward to continued coordination on NATO’s response to Russia’s unprovoked war "
    "against Ukraine, Syria, other challenges,’ says US secretary of state."
)


@pytest.fixture(autouse=True)
def site(settings):
    settings.NEWSROOM_SITE_URL = SITE
    settings.NEWSROOM_SITE_NAME = "The Daily Example"
    settings.NEWSROOM_LANGUAGE = "en"


class Head(HTMLParser):
    """The parts of a page search engines read: <html lang>, meta tags, links, JSON-LD."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.meta = defaultdict(list)  # property or name → contents, in order
        self.links = defaultdict(list)  # rel → hrefs
        self.jsonld = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]].append(attrs.get("content"))
        elif tag == "link":
            self.links[attrs.get("rel")].append(attrs.get("href"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append(json.loads("".join(self._script)))
            self._script = None

    def one(self, key):
        values = self.meta[key]
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def of_type(self, kind):
        found = [data for data in self.jsonld if data.get("@type") == kind]
        assert len(found) == 1, f"{kind}: {len(found)} found"
        return found[0]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = Head()
    parser.feed(page_html(response))
    parser.close()
    return parser


def iso(when):
    return timezone.localtime(when).isoformat(timespec="seconds")


@pytest.fixture
def seed_story(editor):
    """The seed story's shape: two named authors, an agency source, an agency photo, tags,
    and a later update."""
    aa = SourceFactory(name="Anadolu Agency", code="AA", website="https://www.aa.com.tr/en")
    story = ArticleFactory(
        headline=HEADLINE,
        standfirst=STANDFIRST,
        section=SectionFactory(name="Türkiye", slug="turkiye", language="tr"),
        hero_image=ImageFactory(
            alt_text="Antony Blinken and Mevlut Cavusoglu shake hands",
            caption="To date, the top diplomats have met four times.",
            credit_source=aa,
        ),
        authors=[
            AuthorFactory(name="Kazim Alam", slug="kazim-alam"),
            AuthorFactory(name="Esra Karataş Alpay", slug="esra-karatas-alpay"),
        ],
        sources=[aa],
        tags=["NATO", "Türkiye-US relations"],
        published_at=timezone.now() - timedelta(hours=3),
    )
    add_correction(story, editor, "update", "Adds the minister’s reply.")
    story.refresh_from_db()
    return story


# --- The story page -------------------------------------------------------------------------


def test_the_story_head_carries_canonical_description_and_open_graph(client, seed_story):
    page = head(client, seed_story.get_absolute_url())
    url = f"{SITE}/turkiye/{seed_story.slug}/"
    image = f"{SITE}{seed_story.hero_image.file.url}"

    assert page.links["canonical"] == [url]
    assert page.one("description") == STANDFIRST
    assert page.one("og:type") == "article"
    assert page.one("og:title") == HEADLINE
    assert page.one("og:description") == STANDFIRST
    assert page.one("og:url") == url
    assert page.one("og:site_name") == "The Daily Example"
    assert page.one("og:image") == image
    assert page.one("og:image:width") == "48"
    assert page.one("og:image:height") == "32"
    assert page.one("og:image:alt") == "Antony Blinken and Mevlut Cavusoglu shake hands"
    assert page.one("article:published_time") == iso(seed_story.published_at)
    assert page.one("article:modified_time") == iso(seed_story.updated_at)
    assert seed_story.updated_at > seed_story.published_at
    assert page.one("article:section") == "Türkiye"
    assert sorted(page.meta["article:tag"]) == ["NATO", "Türkiye-US relations"]


def test_the_story_head_carries_a_large_twitter_card(client, seed_story):
    page = head(client, seed_story.get_absolute_url())
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:title") == HEADLINE
    assert page.one("twitter:description") == STANDFIRST
    assert page.one("twitter:image") == f"{SITE}{seed_story.hero_image.file.url}"
    assert page.one("twitter:image:alt") == "Antony Blinken and Mevlut Cavusoglu shake hands"


def test_the_seed_storys_jsonld_carries_every_field(client, seed_story):
    page = head(client, seed_story.get_absolute_url())
    data = page.of_type("NewsArticle")
    url = f"{SITE}/turkiye/{seed_story.slug}/"

    assert data["@context"] == "https://schema.org"
    assert data["headline"] == HEADLINE
    assert data["description"] == STANDFIRST
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["inLanguage"] == "en"
    assert data["datePublished"] == iso(seed_story.published_at)
    assert data["dateModified"] == iso(seed_story.updated_at)
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "url": f"{SITE}{seed_story.hero_image.file.url}",
            "contentUrl": f"{SITE}{seed_story.hero_image.file.url}",
            "width": 48,
            "height": 32,
            "caption": "To date, the top diplomats have met four times.",
            "creditText": "Anadolu Agency",
        }
    ]
    assert data["author"] == [
        {"@type": "Person", "name": "Kazim Alam", "url": f"{SITE}/author/kazim-alam/"},
        {
            "@type": "Person",
            "name": "Esra Karataş Alpay",
            "url": f"{SITE}/author/esra-karatas-alpay/",
        },
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "The Daily Example",
        "url": f"{SITE}/",
        "logo": {"@type": "ImageObject", "url": f"{SITE}/static/logo.png"},
    }
    assert data["articleSection"] == "Türkiye"
    assert sorted(data["keywords"]) == ["NATO", "Türkiye-US relations"]
    assert data["isAccessibleForFree"] is True


def test_an_agency_photo_carries_its_licensing_for_search_engines(client, seed_story):
    aa = seed_story.hero_image.credit_source
    aa.photo_license = "https://www.aa.com.tr/en/p/terms-of-use"
    aa.licensing_page = "https://www.aa.com.tr/en/p/photo-sales"
    aa.save()
    image = seed_story.hero_image
    image.creator = "Ayşe Yıldız"
    image.copyright_notice = "© 2026 Anadolu Agency"
    image.save()
    page = head(client, seed_story.get_absolute_url())
    [picture] = page.of_type("NewsArticle")["image"]
    assert {key: picture[key] for key in picture if key not in ("url", "contentUrl")} == {
        "@type": "ImageObject",
        "width": 48,
        "height": 32,
        "caption": "To date, the top diplomats have met four times.",
        "creator": {"@type": "Person", "name": "Ayşe Yıldız"},
        "creditText": "Anadolu Agency",
        "copyrightNotice": "© 2026 Anadolu Agency",
        "license": "https://www.aa.com.tr/en/p/terms-of-use",
        "acquireLicensePage": "https://www.aa.com.tr/en/p/photo-sales",
    }
    # Search engines may show the picture large.
    assert page.one("robots") == "max-image-preview:large"


def test_a_photographer_s_own_credit_is_the_credit_text(client):
    story = ArticleFactory(hero_image=ImageFactory(credit_text="Staff photographer"))
    [picture] = head(client, story.get_absolute_url()).of_type("NewsArticle")["image"]
    assert picture["creditText"] == "Staff photographer"
    assert "license" not in picture and "creator" not in picture


def test_the_story_has_a_breadcrumb_trail(client, seed_story):
    trail = head(client, seed_story.get_absolute_url()).of_type("BreadcrumbList")
    assert trail["@context"] == "https://schema.org"
    assert trail["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "The Daily Example", "item": f"{SITE}/"},
        {"@type": "ListItem", "position": 2, "name": "Türkiye", "item": f"{SITE}/turkiye/"},
        {
            "@type": "ListItem",
            "position": 3,
            "name": HEADLINE,
            "item": f"{SITE}/turkiye/{seed_story.slug}/",
        },
    ]


def test_agency_copy_without_a_byline_is_the_agencys(client):
    story = ArticleFactory(
        sources=[SourceFactory(name="Anadolu Agency", code="AA", website="https://agency.example")]
    )
    data = head(client, story.get_absolute_url()).of_type("NewsArticle")
    assert data["author"] == [
        {
            "@type": "Organization",
            "name": "Anadolu Agency",
            "url": f"{SITE}/source/aa/",
            "sameAs": "https://agency.example",
        }
    ]


def test_copy_with_neither_byline_nor_agency_is_the_publications(client):
    story = ArticleFactory()
    data = head(client, story.get_absolute_url()).of_type("NewsArticle")
    assert data["author"] == [
        {"@type": "Organization", "name": "The Daily Example", "url": f"{SITE}/"}
    ]


def test_a_story_never_updated_was_modified_when_published(client):
    story = ArticleFactory()
    page = head(client, story.get_absolute_url())
    assert page.one("article:modified_time") == page.one("article:published_time")
    data = page.of_type("NewsArticle")
    assert data["dateModified"] == data["datePublished"] == iso(story.published_at)


def test_a_story_without_a_picture_gets_a_small_card_and_no_image(client):
    story = ArticleFactory(standfirst="")
    page = head(client, story.get_absolute_url())
    assert page.one("twitter:card") == "summary"
    for key in ("og:image", "og:image:width", "twitter:image"):
        assert page.meta[key] == []
    data = page.of_type("NewsArticle")
    assert "image" not in data
    assert "keywords" not in data  # no tags
    # Without a standfirst the description falls back to the headline.
    assert page.one("description") == page.one("og:description") == story.headline


def test_jsonld_and_tags_cannot_break_out_of_the_head(client):
    story = ArticleFactory(
        headline='Quote </script><script>alert(1)</script> & "more"',
        tags=["</script><b>"],
        hero_image=ImageFactory(
            creator="</script><script>alert(2)</script>", copyright_notice="<!-- ©"
        ),
    )
    html = page_html(client.get(story.get_absolute_url()))
    assert "<script>alert(1)" not in html and "<script>alert(2)" not in html
    assert "<b>" not in html
    page = head(client, story.get_absolute_url())
    assert page.of_type("NewsArticle")["headline"] == story.headline
    [picture] = page.of_type("NewsArticle")["image"]
    assert picture["creator"]["name"] == "</script><script>alert(2)</script>"
    assert picture["copyrightNotice"] == "<!-- ©"
    assert page.of_type("BreadcrumbList")["itemListElement"][2]["name"] == story.headline
    assert page.one("og:title") == story.headline


def test_staff_previews_of_drafts_still_draw_their_head(editor_client):
    draft = ArticleFactory(draft=True, hero_image=ImageFactory())
    response = editor_client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    page = Head()
    page.feed(page_html(response))
    assert page.one("robots") == "noindex, nofollow"
    assert "datePublished" not in page.of_type("NewsArticle")


def test_metadata_costs_no_queries_per_tag_or_author(settings, client):
    # Pages made, not served from the page cache (which would serve the warmed-up one).
    settings.NEWSROOM_PAGE_CACHE = False

    def story(count):
        return ArticleFactory(
            authors=[AuthorFactory() for _ in range(count)],
            tags=[f"Subject {count}-{n}" for n in range(count)],
            sources=[SourceFactory() for _ in range(count)],
            hero_image=ImageFactory(),
        )

    small, large = story(1), story(6)
    counts = []
    for article in (small, large):
        # Warm up: first-request caches (the kept Explore list) are not the page's.
        client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Every page -----------------------------------------------------------------------------


def test_the_front_page_has_its_canonical_address(client):
    ArticleFactory()
    page = head(client, "/?utm_source=newsletter")
    assert page.links["canonical"] == [f"{SITE}/"]
    assert page.one("og:type") == "website"
    assert page.one("og:url") == f"{SITE}/"
    assert page.one("og:site_name") == "The Daily Example"


@pytest.mark.parametrize("language", ["en", "tr"])
def test_html_lang_comes_from_settings(client, settings, language):
    settings.NEWSROOM_LANGUAGE = language
    story = ArticleFactory()
    for url in ("/", story.section.get_absolute_url(), story.get_absolute_url()):
        assert head(client, url).lang == language
    response = client.get("/no-such-section/")
    assert response.status_code == 404
    page = Head()
    page.feed(page_html(response))
    assert page.lang == language


def test_the_site_name_is_a_setting_not_a_literal(client):
    story = ArticleFactory()
    for url in ("/", story.section.get_absolute_url(), story.get_absolute_url()):
        html = page_html(client.get(url))
        assert "The Daily Example" in html
        assert "Newsroom" not in html, url


def test_the_logo_is_a_publisher_logo_google_accepts():
    path = finders.find(django_settings.NEWSROOM_LOGO)
    assert path, "the logo is missing from the static files"
    with PILImage.open(path) as logo:
        assert logo.format == "PNG"
        # Google's publisher logo: fits 600×60, either the width or the height at the maximum.
        assert logo.width <= 600 and logo.height <= 60
        assert logo.width == 600 or logo.height == 60


def test_the_server_error_page_takes_its_language_and_name_from_settings(settings):
    settings.NEWSROOM_LANGUAGE = "tr"
    # Django draws 500.html with an empty context: no request, no context processors.
    html = loader.get_template("500.html").render()
    page = Head()
    page.feed(html)
    assert page.lang == "tr"
    assert "The Daily Example" in html
