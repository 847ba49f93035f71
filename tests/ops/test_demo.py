"""The demo newsroom (make run): the seed story, and with the editions make run turns on,
its Turkish and Arabic translations, which readers switch between."""

import lxml.html
import pytest
from django.core.management import call_command

from articles.models import Article
from desk import translations
from ops import demo
from ops.demo.editions import SEED_TRANSLATIONS

pytestmark = pytest.mark.django_db


def seed():
    return Article.objects.get(slug=demo.SEED.slug)


def test_one_language_the_demo_is_the_seed_story_alone(settings):
    settings.NEWSROOM_EDITIONS = ""
    call_command("load_demo", verbosity=0)
    assert not seed().translations.exists()


def test_in_three_editions_readers_switch_between_the_seed_s_translations(client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # twice, as every make run does: nothing doubles
    original = seed()
    assert sorted(t.language for t in original.translations.all()) == ["ar", "tr"]
    assert not any(translations.is_out_of_date(t) for t in original.translations.all())
    arabic = original.translations.get(language="ar")
    html = lxml.html.fromstring(client.get(arabic.get_absolute_url()).content.decode())
    assert (html.get("lang"), html.get("dir")) == ("ar", "rtl")
    names = html.xpath('//nav[@class="story__editions"]//a/text()')
    assert names == ["English", "Türkçe"]
    assert html.xpath("//h1/text()") == [SEED_TRANSLATIONS["ar"].headline]
    # Its section in Arabic, as the kicker and the masthead say it.
    assert html.xpath('//a[@class="kicker"]/text()') == ["تركيا"]
    assert "الشرق الأوسط" in html.xpath('//nav[@class="sections-nav"]//a/text()')
