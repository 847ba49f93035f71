"""Sections and tags are shared by the editions, each with its name in the edition's
language: a producer types "العالم" beside "World", and the Arabic edition's masthead,
section page, kickers, feeds, JSON-LD and ninjs say it; an edition with no name of its
own shows the one name."""

import json

import lxml.etree
import lxml.html
import pytest

from articles.models import Section
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"


@pytest.fixture
def world():
    section = SectionFactory(name="World", slug="world", names={"ar": "العالم", "tr": "Dünya"})
    tag = TagFactory(name="Gaza", names={"ar": "غزة"})
    arabic = ArticleFactory(language="ar", section=section, tags=[tag], headline="خبر عاجل")
    english = ArticleFactory(language="en", section=section, tags=[tag], headline="Breaking")
    return section, tag, arabic, english


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content.decode())


def nav_names(html):
    return [a.text for a in html.xpath('//nav[@class="sections-nav"]//a')]


def test_each_edition_s_masthead_names_the_section_in_its_language(client, world):
    assert "العالم" in nav_names(html_of(client, "/ar/"))
    assert "Dünya" in nav_names(html_of(client, "/tr/"))
    assert "World" in nav_names(html_of(client, "/en/"))


def test_a_story_s_kicker_json_ld_and_ninjs_use_its_edition_s_names(client, world):
    section, tag, arabic, english = world
    html = html_of(client, arabic.get_absolute_url())
    assert html.xpath('//p[@class="story__topline"]/a[@class="kicker"]')[0].text == "العالم"
    (data,) = [
        json.loads(script.text)
        for script in html.xpath('//script[@type="application/ld+json"]')
        if '"NewsArticle"' in script.text
    ]
    assert data["articleSection"] == "العالم" and data["keywords"] == ["غزة"]
    english_html = html_of(client, english.get_absolute_url())
    assert english_html.xpath('//a[@class="kicker"]')[0].text == "WORLD"
    ninjs = client.get(f"/api/stories/{arabic.pk}/").json()
    names = {subject["name"] for subject in ninjs["subjects"]}
    assert names == {"العالم", "غزة"}
    assert any(s["uri"].endswith("/ar/world/") for s in ninjs["subjects"])


def test_each_edition_s_feed_names_the_section_in_its_language(client, world):
    feed = lxml.etree.fromstring(client.get("/ar/feeds/section/world/rss/").content)
    assert feed.findtext("channel/title").endswith(": العالم")
    assert {c.text for c in feed.iter("category")} == {"العالم", "غزة"}


def test_an_edition_without_a_name_of_its_own_shows_the_one_name(client):
    SectionFactory(name="Sport", slug="sport", names={"ar": "رياضة"})
    assert "Sport" in nav_names(html_of(client, "/tr/"))


def test_a_producer_types_each_edition_s_name_beside_the_name(client, producer):
    client.force_login(producer)
    form = html_of(client, "/admin/articles/section/add/")
    labels = [label.text_content() for label in form.xpath("//label")]
    assert "Name in Türkçe:" in labels and "Name in العربيّة:" in labels
    assert form.xpath('//input[@name="name_ar"]')[0].get("dir") == "rtl"
    assert not form.xpath('//*[@name="names"]')  # no JSON to type
    response = client.post(
        "/admin/articles/section/add/",
        {"name": "Economy", "slug": "economy", "position": 5, "name_ar": " اقتصاد ", "name_tr": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Section.objects.get(slug="economy").names == {"ar": "اقتصاد"}
    change = html_of(
        client, f"/admin/articles/section/{Section.objects.get(slug='economy').pk}/change/"
    )
    assert change.xpath('//input[@name="name_ar"]')[0].get("value") == "اقتصاد"


def test_one_edition_has_no_fields_for_other_names(client, producer, settings):
    settings.NEWSROOM_EDITIONS = ""
    client.force_login(producer)
    form = html_of(client, "/admin/articles/section/add/")
    assert not form.xpath('//input[starts-with(@name, "name_")]')
    assert not form.xpath('//*[@name="names"]')


def test_cards_link_into_the_edition_whose_list_they_are_on(client):
    from tests.factories import AuthorFactory

    section = SectionFactory(slug="world", name="World")
    author = AuthorFactory(name="Leyla Ahmed", slug="leyla-ahmed")
    ArticleFactory(language="en", section=section, authors=[author], headline="In English")
    ArticleFactory(language="ar", section=section, authors=[author], headline="بالعربية")
    for edition in ("en", "ar", "en"):  # a card's addresses are remembered: per edition
        html = html_of(client, f"/{edition}/world/")
        links = html.xpath('//p[@class="byline"]/a/@href')
        assert links == [f"/{edition}/author/leyla-ahmed/"], edition


def test_a_persian_edition_s_cards_date_in_persian_digits(client, settings):
    settings.NEWSROOM_EDITIONS = "en,fa"
    section = SectionFactory(slug="world", name="World")
    ArticleFactory(language="fa", section=section, headline="خبر فارسی")
    ArticleFactory(language="en", section=section, headline="An English story")
    persian = html_of(client, "/fa/world/").xpath('//div[@class="card__meta"]//time')[0]
    english = html_of(client, "/en/world/").xpath('//div[@class="card__meta"]//time')[0]
    assert not any(digit in persian.text for digit in "0123456789")
    assert any(digit in persian.text for digit in "۰۱۲۳۴۵۶۷۸۹")
    assert any(digit in english.text for digit in "0123456789")
    assert persian.get("datetime")[:4].isdigit()  # for machines: 0–9 as ever


def test_each_edition_s_section_and_tag_pages_and_story_tags_use_its_names(client, world):
    section, tag, arabic, english = world
    page = html_of(client, "/ar/world/")
    assert page.xpath("//h1/text()") == ["العالم"]
    assert page.xpath("//h1/@lang") == ["ar"]
    assert html_of(client, "/en/world/").xpath("//h1/text()") == ["World"]
    assert html_of(client, f"/ar/tag/{tag.slug}/").xpath("//h1/text()") == ["غزة"]
    story = html_of(client, arabic.get_absolute_url())
    assert story.xpath('//li[@class="tag"]/a/text()') == ["غزة"]


def test_a_persian_story_page_counts_and_dates_in_persian_digits(client, settings):
    settings.NEWSROOM_EDITIONS = "en,fa"
    story = ArticleFactory(language="fa", headline="خبر فارسی")
    html = html_of(client, story.get_absolute_url())
    shown = [
        html.xpath('//span[@class="story__reading-time"]')[0].text_content(),
        html.xpath('//p[@class="masthead__date"]')[0].text_content(),
        *(t.text_content() for t in html.xpath('//*[contains(@class, "story__")]//time')),
    ]
    for text in shown:
        assert any(d in text for d in "۰۱۲۳۴۵۶۷۸۹"), text
        assert not any(d in text for d in "0123456789"), text
