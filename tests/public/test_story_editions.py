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
    assert not html.xpath('//nav[@class="masthead__editions"]')


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


def test_each_edition_s_stories_sitemap_names_each_story_s_published_editions(client, group):
    english, arabic, turkish = group
    found = {}
    for edition in ("en", "ar", "tr"):
        content = client.get(f"/{edition}/sitemap-stories.xml").content
        assert valid(content, "sitemap-alternates.xsd")
        root = lxml.etree.fromstring(content)
        xhtml = "{http://www.w3.org/1999/xhtml}link"
        found[edition] = {
            url.findtext("{*}loc"): {
                link.get("hreflang"): link.get("href") for link in url.iter(xhtml)
            }
            for url in root
        }
    both = {"en": absolute(english), "ar": absolute(arabic)}
    assert found["en"] == {absolute(english): both}
    assert found["ar"] == {absolute(arabic): both}
    assert found["tr"] == {}  # a draft is in no sitemap, nor alternate


def test_each_edition_has_its_own_address(client, group):
    english, arabic, turkish = group
    assert english.get_absolute_url() == f"/en/{english.section.slug}/{english.slug}/"
    assert arabic.get_absolute_url() == f"/ar/{arabic.section.slug}/{arabic.slug}/"
    html, _ = page(client, arabic)
    assert html.get("lang") == "ar" and html.get("dir") == "rtl"
    # A story asked for in another edition's address is sent to its own.
    response = client.get(f"/tr/{arabic.section.slug}/{arabic.slug}/")
    assert response.status_code == 301
    assert response["Location"] == arabic.get_absolute_url()


def test_each_edition_s_lists_show_its_own_published_stories(client, group, settings):
    english, arabic, turkish = group
    # One section shared by the editions (its name translated), each with its own list.
    Article.objects.filter(pk=arabic.pk).update(section=english.section)
    arabic.refresh_from_db()
    other_arabic = ArticleFactory(language="ar", section=english.section, tags=["سوريا"])
    arabic.tags.add("سوريا")
    lists = ["/{}/", "/{}/" + english.section.slug + "/", "/{}/feeds/latest/rss/"]
    for edition, own, others in [
        ("en", [english], [arabic, other_arabic, turkish]),
        ("ar", [arabic, other_arabic], [english, turkish]),
        ("tr", [], [english, arabic, other_arabic, turkish]),  # its one story is a draft
    ]:
        for url in [url.format(edition) for url in lists]:
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            for story in own:
                assert story.headline in text, url
            for story in others:
                assert story.headline not in text, url
    # Search finds a story in its own edition only ("الأمم" would match the Arabic
    # story's headline anywhere).
    for edition, query, story in [("en", "ceasefire", english), ("ar", "الأمم", arabic)]:
        assert story.headline in client.get(f"/{edition}/search/?q={query}").content.decode()
        other = "ar" if edition == "en" else "en"
        assert story.headline not in client.get(f"/{other}/search/?q={query}").content.decode()
    # A tag only Arabic stories carry has a page in the Arabic edition alone.
    assert client.get("/ar/tag/swry/").status_code == 200
    assert client.get("/en/tag/swry/").status_code == 404
    # An Arabic story's Explore list is of Arabic stories.
    html, _ = page(client, arabic)
    explore = html.xpath('//*[contains(@class, "explore")]//a/text()')
    assert other_arabic.headline in " ".join(explore)
    assert english.headline not in " ".join(explore)


def test_each_edition_s_news_sitemap_and_robots(client, group):
    english, arabic, turkish = group
    news = client.get("/ar/news-sitemap.xml").content.decode()
    assert absolute(arabic) in news and absolute(english) not in news
    assert "<news:language>ar</news:language>" in news
    robots = client.get("/robots.txt").content.decode()
    for edition in ("en", "tr", "ar"):
        assert f"Sitemap: https://news.example.org/{edition}/sitemap.xml" in robots
        assert f"Disallow: /{edition}/search/" in robots


@pytest.mark.parametrize(
    "old, new",
    [
        ("/", "/en/"),
        ("/world/", "/en/world/"),
        ("/feeds/latest/rss/?x=1", "/en/feeds/latest/rss/?x=1"),
        ("/sitemap.xml", "/en/sitemap.xml"),
        ("/search/?q=nato", "/en/search/?q=nato"),
    ],
)
def test_addresses_from_before_the_editions_answer_301(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_a_story_s_address_from_before_the_editions_reaches_it_in_two_hops_at_most(client):
    story = ArticleFactory(language="en")
    path = f"/{story.section.slug}/{story.slug}/"
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (301, "/en" + path)
    assert client.get(response["Location"]).status_code == 200


def test_the_admin_the_api_and_robots_keep_their_addresses(client, group):
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/api/stories/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/robots.txt").status_code == 404


def test_a_redirect_from_before_the_editions_holds_in_each_edition(client, settings):
    from articles.redirects import add_redirect

    settings.NEWSROOM_EDITIONS = ""
    add_redirect("/world/old-name/", "/world/new-name/")
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    response = client.get("/tr/world/old-name/")
    assert (response.status_code, response["Location"]) == (301, "/tr/world/new-name/")


@pytest.fixture
def edition_hosts(settings):
    settings.NEWSROOM_EDITIONS = "en,ar"
    settings.NEWSROOM_EDITION_HOSTS = "en=news.example.org,ar=ar.news.example.org"
    settings.ALLOWED_HOSTS = ["news.example.org", "ar.news.example.org"]


def test_with_a_host_per_edition_each_edition_is_a_whole_site(client, group, edition_hosts):
    english, arabic, turkish = group
    path = f"/{arabic.section.slug}/{arabic.slug}/"
    # No prefix; a story links to the other edition's host.
    response = client.get(path, HTTP_HOST="ar.news.example.org")
    assert response.status_code == 200
    html = lxml.html.fromstring(response.content.decode())
    assert html.get("lang") == "ar"
    assert alternates(html) == {
        "ar": "https://ar.news.example.org" + path,
        "en": f"https://news.example.org/{english.section.slug}/{english.slug}/",
        "x-default": f"https://news.example.org/{english.section.slug}/{english.slug}/",
    }
    # The English host sends a reader of the Arabic story to the Arabic host.
    response = client.get(path, HTTP_HOST="news.example.org")
    assert (response.status_code, response["Location"]) == (
        301,
        "https://ar.news.example.org" + path,
    )
    # Each host's lists, sitemaps and robots.txt are its own edition's.
    home = client.get("/", HTTP_HOST="ar.news.example.org").content.decode()
    assert arabic.headline in home and english.headline not in home
    robots = client.get("/robots.txt", HTTP_HOST="ar.news.example.org").content.decode()
    assert "Sitemap: https://ar.news.example.org/sitemap.xml" in robots
    assert "news.example.org/en" not in robots and "Sitemap: https://news." not in robots


def test_a_host_per_edition_must_name_every_edition(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    settings.NEWSROOM_EDITION_HOSTS = "en=news.example.org,ar=ar.news.example.org"
    with pytest.raises(SystemCheckError, match="every edition a host"):
        call_command("check")


def test_each_edition_s_feed_says_its_language(client, group):
    english, arabic, turkish = group
    feed = lxml.etree.fromstring(client.get("/ar/feeds/latest/rss/").content)
    assert feed.findtext("channel/language") == "ar"
    assert [item.findtext("title") for item in feed.iter("item")] == [arabic.headline]


def test_every_page_s_masthead_links_each_edition_s_front_page_by_its_own_name(client, group):
    html = lxml.html.fromstring(client.get("/tr/").content.decode())
    links = [
        (a.text, a.get("href"), a.get("aria-current"))
        for a in html.xpath('//nav[@class="masthead__editions"]//a')
    ]
    assert links == [
        ("English", "/en/", None),
        ("Türkçe", "/tr/", "true"),
        ("العربيّة", "/ar/", None),
    ]


def test_a_translation_s_preview_is_drawn_in_its_edition(client, editor, group):
    english, arabic, turkish = group
    client.force_login(editor)
    form = client.get(f"/admin/articles/article/{turkish.pk}/change/").content.decode()
    assert f'href="/tr/preview/{turkish.pk}/"' in form
    html = lxml.html.fromstring(client.get(f"/tr/preview/{turkish.pk}/").content.decode())
    assert html.get("lang") == "tr" and turkish.headline in html.text_content()
