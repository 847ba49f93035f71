"""The demo newsroom (make run): the seed story, and with the editions make run turns on,
its Turkish and Arabic translations, which readers switch between; loaded again on every
make run, it keeps what editors changed and adds no second copy."""

import lxml.html
import pytest
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article, Image
from desk import translations
from ops import demo
from ops.demo.editions import SEED_TRANSLATIONS
from tests.admin_forms import change_url, form_data

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


# --- again after an editor's changes ----------------------------------------------------


def test_a_demo_story_an_editor_renamed_is_kept_as_they_left_it(settings, editor_client):
    settings.NEWSROOM_EDITIONS = ""
    call_command("load_demo", verbosity=0)
    stories = Article.including_trash.count()
    story = seed()
    story.slug, story.headline = "blinken-cavusoglu-talks", "Blinken and Cavusoglu talk"
    story.save()
    call_command("load_demo", verbosity=0)  # the next make run
    assert Article.including_trash.count() == stories  # no second copy
    assert not Article.including_trash.filter(slug=demo.SEED.slug).exists()
    story.refresh_from_db()
    assert (story.slug, story.headline) == ("blinken-cavusoglu-talks", "Blinken and Cavusoglu talk")
    # --refresh puts the seed back, on the same story.
    call_command("load_demo", "--refresh", verbosity=0)
    assert Article.including_trash.count() == stories
    story.refresh_from_db()
    assert (story.slug, story.headline) == (demo.SEED.slug, demo.SEED.headline)


def test_a_translation_renamed_in_the_admin_is_not_loaded_again(settings, editor_client):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    call_command("load_demo", verbosity=0)
    stories = Article.including_trash.count()
    turkish = seed().translations.get(language="tr")
    page = editor_client.get(change_url(turkish))
    data = {**form_data(page), "slug": "blinken-cavusoglu-gorusmesi"}
    assert editor_client.post(change_url(turkish), data).status_code == 302
    call_command("load_demo", verbosity=0)
    assert Article.including_trash.count() == stories
    assert seed().translations.get(language="tr").slug == "blinken-cavusoglu-gorusmesi"


def test_a_story_loaded_before_revisions_were_kept_is_found_by_its_slug(settings):
    settings.NEWSROOM_EDITIONS = ""
    call_command("load_demo", verbosity=0)
    Version.objects.all().delete()
    stories = Article.including_trash.count()
    call_command("load_demo", verbosity=0)
    assert Article.including_trash.count() == stories


def test_it_says_where_the_reference_story_is_on_the_site_s_address(settings, capsys):
    settings.NEWSROOM_EDITIONS = ""
    settings.NEWSROOM_SITE_URL = "http://127.0.0.1:8100"  # PORT=8100 make run
    call_command("load_demo")
    out = capsys.readouterr().out
    assert f"The reference story: http://127.0.0.1:8100{seed().get_absolute_url()}" in out


def test_the_seed_story_shows_the_post_it_quotes_and_the_photos_of_the_meeting(client):
    """Issue 20's demo: the quoted post as a privacy-first embed, the meeting's photos
    as a gallery of demo pictures made by the loader, a results table in another story."""
    call_command("load_demo", verbosity=0)
    seed = Article.objects.get(slug=demo.SEED.slug, language="en")
    page = client.get(seed.get_absolute_url())
    text = page.content.decode()
    assert 'class="embed embed--post"' in text and "View the original on X" in text
    assert "frame-src https://platform.twitter.com" in page["Content-Security-Policy"]
    assert 'aria-label="Gallery: 3 pictures"' in text
    assert seed.body_images.count() == 3
    assert "The two delegations at the table (demo picture)." in text
    table_story = Article.objects.get(body__contains="<table")
    assert (
        "<caption>The order, by model (demo figures)</caption>"
        in client.get(table_story.get_absolute_url()).content.decode()
    )
    # Loaded again: the same pictures, no copies.
    call_command("load_demo", "--refresh", verbosity=0)
    assert Image.objects.count() == 4
