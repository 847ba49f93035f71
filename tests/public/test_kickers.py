"""The kicker is its section's name in capitals, and the capitals follow a language: the
name's, when the section says which it is, else the story's. A Turkish story's "İzmir"
reads "İZMİR" (Turkish dotted capital İ), on its page and on its card; an English one
reads "İZMIR". The kind (Analysis …) is left out when it only repeats the kicker."""

import lxml.html
import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, RelatedItemFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content.decode())


def story_kicker(client, story):
    html = page(client, story.get_absolute_url())
    (kicker,) = html.xpath('//p[@class="story__topline"]/a[@class="kicker"]')
    return kicker.text


@pytest.mark.parametrize(
    ("name", "section_language", "story_language", "kicker"),
    [
        ("İzmir", "", "tr", "İZMİR"),  # the story's language: Turkish capitals
        ("dünya ekonomisi", "", "tr", "DÜNYA EKONOMİSİ"),
        ("İzmir", "", "en", "İZMIR"),
        ("İzmir", "tr", "en", "İZMİR"),  # the section names its name's language: it wins
        ("Politics", "en", "tr", "POLITICS"),  # not "POLİTİCS"
    ],
)
def test_the_kicker_s_capitals_follow_the_name_s_language_else_the_story_s(
    client, name, section_language, story_language, kicker
):
    section = SectionFactory(name=name, language=section_language)
    story = ArticleFactory(section=section, language=story_language)
    assert story_kicker(client, story) == kicker


def test_a_section_s_own_kicker_is_drawn_as_it_is(client):
    section = SectionFactory(name="Türkiye", kicker="TÜRKİYE’DEN")
    assert story_kicker(client, ArticleFactory(section=section, language="en")) == "TÜRKİYE’DEN"


def test_a_card_s_kicker_follows_its_story_s_language_too(client, settings):
    # A Turkish newsroom, one edition: its sections' names are Turkish, no section says so.
    settings.NEWSROOM_EDITIONS, settings.NEWSROOM_LANGUAGE = "", "tr"
    topic = TagFactory(name="Ege")
    story = ArticleFactory(section=SectionFactory(name="İzmir"), language="tr", tags=[topic])
    html = page(client, reverse("articles:tag", kwargs={"slug": topic.slug}))
    (card,) = html.xpath('//article[contains(@class, "card")][.//a[@href=$url]]',
                         url=story.get_absolute_url())  # fmt: skip
    assert [kicker.text for kicker in card.xpath('.//a[@class="kicker"]')] == ["İZMİR"]


def test_a_recommended_story_s_kicker_follows_that_story_s_language(client):
    turkish = ArticleFactory(section=SectionFactory(name="İzmir"), language="tr")
    story = ArticleFactory(language="tr")
    RelatedItemFactory(article=story, target=turkish, kind="recommended")
    html = page(client, story.get_absolute_url())
    (kicker,) = html.xpath('//aside[@class="recommended"]//span[@class="kicker"]')
    assert kicker.text == "İZMİR"


def test_the_kind_is_left_out_when_it_repeats_the_kicker_in_the_story_s_capitals(client, settings):
    # The kind "Analysis" is "Analiz" in the Turkish edition, "ANALİZ" in Turkish capitals,
    # as is the kicker of a Turkish story in a section named "Analiz": one label, not two.
    settings.NEWSROOM_EDITIONS, settings.NEWSROOM_LANGUAGE = "", "tr"
    topic = TagFactory(name="Yorum")
    story = ArticleFactory(
        section=SectionFactory(name="Analiz"), language="tr", kind="analysis", tags=[topic]
    )
    html = page(client, story.get_absolute_url())
    assert story_kicker(client, story) == "ANALİZ"
    assert html.xpath('//span[contains(@class, "kind")]') == []
    listing = page(client, reverse("articles:tag", kwargs={"slug": topic.slug}))
    assert [k.text for k in listing.xpath('//article//a[@class="kicker"]')] == ["ANALİZ"]
    assert listing.xpath('//article//span[contains(@class, "kind")]') == []


def test_a_storys_kind_is_in_its_editions_language(client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    turkish = ArticleFactory(language="tr", kind="opinion")
    english = ArticleFactory(kind="opinion")
    kind = '//span[contains(@class, "kind")]/text()'
    assert page(client, turkish.get_absolute_url()).xpath(kind) == ["Görüş"]
    assert page(client, english.get_absolute_url()).xpath(kind) == ["Opinion"]
