"""Readers of a story that has translations: links to its other published editions by
their names, and hreflang alternates for every published edition, reciprocal and with
x-default; an unpublished translation is in none of them. The page cache keeps up:
publishing a translation changes every sibling's page at once."""

import lxml.etree
import lxml.html
import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from desk import workflow
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory
from tests.schema_checks import valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_SITE_URL = "https://news.example.org"


@pytest.fixture
def group():
    english = ArticleFactory(language="en", headline="UN calls for a ceasefire")
    arabic = ArticleFactory(language="ar", original=english, headline="الأمم المتحدة تدعو")
    turkish = ArticleFactory(
        language="tr", original=english, headline="BM ateşkes çağrısı", draft=True
    )
    return english, arabic, turkish


def page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()), response


def alternates(html):
    return {
        link.get("hreflang"): link.get("href")
        for link in html.xpath('//link[@rel="alternate"][@hreflang]')
    }


def switches(html):
    return [(a.text, a.get("hreflang")) for a in html.xpath('//nav[@class="story__editions"]//a')]


def absolute(story):
    return "https://news.example.org" + story.get_absolute_url()


def test_each_published_edition_links_to_the_others_and_lists_all_as_alternates(client, group):
    english, arabic, turkish = group
    expected = {"en": absolute(english), "ar": absolute(arabic), "x-default": absolute(english)}
    for story in (english, arabic):
        html, _ = page(client, story)
        assert alternates(html) == expected  # reciprocal, itself included, no draft
    assert switches(page(client, english)[0]) == [("العربيّة", "ar")]
    assert switches(page(client, arabic)[0]) == [("English", "en")]


def test_a_story_with_no_published_translation_has_no_alternates(client, group):
    english, arabic, turkish = group
    arabic.status = Article.Status.UNPUBLISHED
    arabic.save()
    html, _ = page(client, english)
    assert alternates(html) == {} and switches(html) == []


def test_publishing_a_translation_changes_every_sibling_page_at_once(client, editor, group):
    english, arabic, turkish = group
    for story in (english, arabic):
        page(client, story)
        assert page(client, story)[1]["X-Cache"] == "hit"
    turkish.status = Article.Status.APPROVED
    turkish.hero_image = ImageFactory()
    turkish.save()
    turkish.authors.add(AuthorFactory())
    workflow.publish(turkish, editor)
    for story in (english, arabic, turkish):
        html, _ = page(client, story)
        assert alternates(html)["tr"] == absolute(turkish), story
    assert ("Türkçe", "tr") in switches(page(client, english)[0])


def test_a_one_language_newsroom_draws_no_alternates(client, settings, group):
    settings.NEWSROOM_EDITIONS = ""
    html, _ = page(client, group[0])
    assert alternates(html) == {} and switches(html) == []


STATES = {
    "published": {},
    "draft": {"draft": True},
    "scheduled": {"scheduled": True},
    "unpublished": {"status": Article.Status.UNPUBLISHED},
}
# A group: the original's state, then each translation's edition and state.
groups = st.tuples(
    st.sampled_from(sorted(STATES)),
    st.dictionaries(st.sampled_from(["tr", "ar"]), st.sampled_from(sorted(STATES))),
)


@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(plan=groups)
def test_alternates_are_exactly_the_published_editions_on_every_one_of_them(client, plan):
    original_state, translations = plan
    with transaction.atomic():
        cache.clear()
        original = ArticleFactory(language="en", **STATES[original_state])
        stories = [original] + [
            ArticleFactory(language=language, original=original, **STATES[state])
            for language, state in translations.items()
        ]
        live = [story for story in stories if Article.objects.published().filter(pk=story.pk)]
        expected = {story.language: absolute(story) for story in live}
        for story in stories:
            response = client.get(story.get_absolute_url())
            if story not in live:
                assert response.status_code == 404
                continue
            html = lxml.html.fromstring(response.content.decode())
            found = alternates(html)
            if len(live) < 2:
                assert found == {} and switches(html) == []
                continue
            assert found.pop("x-default") in expected.values()
            assert found == expected  # complete, reciprocal, no unpublished edition
            assert {language for _, language in switches(html)} == set(expected) - {story.language}
        transaction.set_rollback(True)


def test_the_stories_sitemap_lists_each_story_s_published_editions(client, group):
    english, arabic, turkish = group
    content = client.get("/sitemap-stories.xml").content
    assert valid(content, "sitemap-alternates.xsd")
    root = lxml.etree.fromstring(content)
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    found = {
        url.findtext("{*}loc"): {link.get("hreflang"): link.get("href") for link in url.iter(xhtml)}
        for url in root
    }
    both = {"en": absolute(english), "ar": absolute(arabic)}
    assert found[absolute(english)] == found[absolute(arabic)] == both
    assert absolute(turkish) not in found  # a draft is in no sitemap, nor alternate


def test_lists_show_the_default_edition_and_explore_the_story_s_own(client, group, settings):
    # Until each edition has its own addresses, readers' lists are the default edition's:
    # a translation is read from its original's page (and the sitemaps, and the API).
    english, arabic, turkish = group
    other_arabic = ArticleFactory(language="ar", section=arabic.section, tags=["سوريا"])
    arabic.tags.add("سوريا")
    lists = [
        "/",
        english.section.get_absolute_url(),
        "/feeds/latest/rss/",
        f"/search/?q={english.headline.split()[0]}",
    ]
    for url in lists:
        text = client.get(url).content.decode()
        assert english.headline in text, url
        assert arabic.headline not in text and other_arabic.headline not in text, url
    # A tag only Arabic stories carry has no page on the default edition's site.
    assert client.get("/tag/swry/").status_code == 404
    # An Arabic story's Explore list is of Arabic stories.
    html, _ = page(client, arabic)
    explore = html.xpath('//*[contains(@class, "explore")]//a/text()')
    assert other_arabic.headline in " ".join(explore)
    assert english.headline not in " ".join(explore)
