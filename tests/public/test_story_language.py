"""A story's language on every public surface: the page's lang and direction, JSON-LD,
the news sitemap and ninjs. One edition by default; three (en, tr, ar) here."""

import json

import lxml.etree
import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"


@pytest.fixture
def arabic():
    return ArticleFactory(language="ar", headline="الأمم المتحدة تدعو إلى وقف إطلاق النار")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content)


def test_a_story_page_is_in_its_story_s_language_and_direction(client, arabic):
    html = page(client, arabic.get_absolute_url())
    assert (html.get("lang"), html.get("dir")) == ("ar", "rtl")
    english = page(client, ArticleFactory(language="en").get_absolute_url())
    assert (english.get("lang"), english.get("dir")) == ("en", "ltr")
    # Pages of the whole site are in the default edition's.
    home = page(client, reverse("articles:home"))
    assert (home.get("lang"), home.get("dir")) == ("en", "ltr")


def test_json_ld_names_the_story_s_language(client, arabic):
    html = page(client, arabic.get_absolute_url())
    (script,) = html.xpath('//script[@type="application/ld+json"][contains(., "NewsArticle")]')
    assert json.loads(script.text)["inLanguage"] == "ar"


def test_the_news_sitemap_gives_each_story_its_language(client, arabic):
    # Each edition's news sitemap (/ar/news-sitemap.xml) lists its own stories.
    turkish = ArticleFactory(language="tr")
    languages = {}
    for story in (arabic, turkish):
        with translation.override(story.language):
            address = reverse("articles:news_sitemap")
        root = lxml.etree.fromstring(client.get(address).content)
        languages |= {
            url.findtext("{*}loc").split("/", 3)[3]: url.findtext(
                f"{NEWS}news/{NEWS}publication/{NEWS}language"
            )
            for url in root
        }
    assert languages[arabic.get_absolute_url()[1:]] == "ar"
    assert languages[turkish.get_absolute_url()[1:]] == "tr"


def test_ninjs_says_the_story_s_language(client, arabic):
    assert client.get(f"/api/stories/{arabic.pk}/").json()["language"] == "ar"
