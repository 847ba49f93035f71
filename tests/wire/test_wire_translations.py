"""An agency's translation of an item it sent joins that item's group of translations.

NewsML-G2 says it with ``<link rel="irel:translatedFrom" residref="the guid"/>`` in
itemMeta, ninjs 3.1 with an association of that ``rel``. The draft translates the
group's original, up to date with its newest revision; a second story in an edition of
the group stays apart and waits for an editor; translations that came first join their
original when it comes in."""

import json
from io import StringIO

import lxml.html
import pytest
from django.core.management import call_command

from articles.models import Article, Section, Source
from desk import translations
from tests.admin_forms import publish_through_workflow
from tests.factories import ImageFactory
from tests.wire_samples import make_channel, sample
from wire import formats
from wire.models import WireItem

pytestmark = pytest.mark.django_db

ENGLISH_GUID = "urn:aa.com.tr:en:2023-01-19:blinken-cavusoglu-coordination"
TURKISH_GUID = "urn:aa.com.tr:tr:2023-01-19:blinken-cavusoglu-koordinasyon"
ARABIC_GUID = "urn:aa.com.tr:ar:2023-01-19:blinken-cavusoglu-tansiq"


@pytest.fixture(autouse=True)
def three_editions(settings, tmp_path):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    settings.NEWSROOM_WIRE_ROOT = tmp_path


@pytest.fixture
def aa():
    return Source.objects.create(name="Anadolu Agency", code="AA")


@pytest.fixture
def world():
    return Section.objects.create(name="World", slug="world", language="en")


@pytest.fixture
def ninjs_channel(aa, world):
    return make_channel(aa, world, name="AA ninjs", format="ninjs")


@pytest.fixture
def newsml_channel(aa, world):
    return make_channel(aa, world, name="AA NewsML-G2", format="newsml")


def ingest(path, channel):
    out = StringIO()
    call_command("ingest", file=str(path), channel=channel.name, stdout=out, stderr=StringIO())
    return out.getvalue()


def newest(guid):
    return WireItem.objects.filter(guid=guid).order_by("-version").first()


def story_of(guid):
    return Article.including_trash.get(pk=newest(guid).article_id)


def outcome_of(guid):
    return newest(guid).outcome


def rewritten(tmp_path, name, old, new):
    """A copy of a sample with one string replaced (another guid, another target)."""
    path = tmp_path / name
    path.write_text(sample(name).read_text().replace(old, new), encoding="utf-8")
    return path


# --- the formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "format", "guid", "translates"),
    [
        ("aa-blinken-tr-ninjs3.json", "ninjs", TURKISH_GUID, ENGLISH_GUID),
        ("aa-blinken-ar-newsml.xml", "newsml", ARABIC_GUID, ENGLISH_GUID),
        ("aa-blinken-ninjs2.json", "ninjs", ENGLISH_GUID, ""),
        ("aa-blinken-newsml.xml", "newsml", ENGLISH_GUID, ""),
    ],
)
def test_each_format_says_which_item_it_translates(file, format, guid, translates):
    (story,) = formats.parse(sample(file).read_bytes(), format)
    assert (story.guid, story.translation_of) == (guid, translates)


def test_newsml_may_name_the_relation_by_its_uri():
    data = sample("aa-blinken-ar-newsml.xml").read_text()
    data = data.replace(
        'rel="irel:translatedFrom"',
        'reluri="http://cv.iptc.org/newscodes/itemrelation/translatedFrom"',
    )
    (story,) = formats.parse(data.encode(), "newsml")
    assert story.translation_of == ENGLISH_GUID
    # Another relation is not a translation.
    other = data.replace("itemrelation/translatedFrom", "itemrelation/seeAlso")
    assert formats.parse(other.encode(), "newsml")[0].translation_of == ""


def test_the_ninjs_translation_link_is_no_picture_for_the_desk_to_replace():
    item = json.loads(sample("aa-blinken-tr-ninjs3.json").read_text())
    (story,) = formats.parse(json.dumps(item).encode(), "ninjs")
    assert story.notes == []
    item["associations"].append({"name": "featureimage", "uri": "urn:aa:pic:1", "type": "picture"})
    (story,) = formats.parse(json.dumps(item).encode(), "ninjs")
    assert story.translation_of == ENGLISH_GUID
    assert story.notes == ["The agency's pictures were not imported: choose a picture here."]
    # ninjs 1.x keeps associations by name.
    item["associations"] = {"original": item["associations"][0]}
    assert formats.parse(json.dumps(item).encode(), "ninjs")[0].translation_of == ENGLISH_GUID


# --- into the newsroom ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("original_channel", "translation", "translation_channel", "guid", "language"),
    [
        ("ninjs_channel", "aa-blinken-tr-ninjs3.json", "ninjs_channel", TURKISH_GUID, "tr"),
        ("newsml_channel", "aa-blinken-ar-newsml.xml", "newsml_channel", ARABIC_GUID, "ar"),
        # The same agency's item, whichever of its channels brought the original.
        ("ninjs_channel", "aa-blinken-ar-newsml.xml", "newsml_channel", ARABIC_GUID, "ar"),
    ],
)
def test_a_translation_of_a_story_the_newsroom_has_joins_its_group(
    request, original_channel, translation, translation_channel, guid, language
):
    original_file = {"ninjs_channel": "aa-blinken-ninjs2.json"}.get(
        original_channel, "aa-blinken-newsml.xml"
    )
    ingest(sample(original_file), request.getfixturevalue(original_channel))
    english = story_of(ENGLISH_GUID)
    assert "1 new" in ingest(sample(translation), request.getfixturevalue(translation_channel))

    draft = story_of(guid)
    assert (draft.language, draft.original) == (language, english)
    assert draft.translated_from == translations.newest_revision(english)
    assert not translations.is_out_of_date(draft)
    assert translations.group(english) == [english, draft]
    assert "A translation of “Blinken underlines" in outcome_of(guid)


def test_readers_of_the_original_find_the_agency_s_translation(
    ninjs_channel, client, editor_client
):
    ingest(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    for guid in (ENGLISH_GUID, TURKISH_GUID):
        story = story_of(guid)
        story.hero_image = ImageFactory(alt_text="Blinken and Cavusoglu in Washington")
        story.save(update_fields=["hero_image"])
        publish_through_workflow(editor_client, story)
    english, turkish = story_of(ENGLISH_GUID), story_of(TURKISH_GUID)
    html = lxml.html.fromstring(client.get(english.get_absolute_url()).content.decode())
    links = html.xpath('//nav[@class="story__editions"]//a')
    assert [(a.text, a.get("href")) for a in links] == [("Türkçe", turkish.get_absolute_url())]


def test_a_translation_of_a_translation_joins_the_group_s_original(
    ninjs_channel, newsml_channel, tmp_path
):
    ingest(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    # The agency's Arabic says it translates the Turkish.
    arabic = rewritten(tmp_path, "aa-blinken-ar-newsml.xml", ENGLISH_GUID, TURKISH_GUID)
    ingest(arabic, newsml_channel)
    english = story_of(ENGLISH_GUID)
    assert story_of(ARABIC_GUID).original == english
    assert [s.language for s in translations.group(english)] == ["en", "tr", "ar"]


def test_a_second_story_in_an_edition_stays_apart_and_waits_for_an_editor(aa, world, editor):
    channel = make_channel(aa, world, auto_publish=True, default_image=ImageFactory())
    ingest(sample("aa-blinken-ninjs2.json"), channel)
    english = story_of(ENGLISH_GUID)
    ours = translations.translate(english, "tr", editor)  # the desk translated it first

    assert "1 new" in ingest(sample("aa-blinken-tr-ninjs3.json"), channel)
    agency = story_of(TURKISH_GUID)
    assert agency.original is None and agency.language == "tr"
    assert agency.status == Article.Status.DRAFT  # not published, auto-publish or not
    assert translations.group(english) == [english, ours]
    outcome = outcome_of(TURKISH_GUID)
    assert "whose group has a story in Türkçe already" in outcome
    assert "not published automatically" in outcome and "Published." not in outcome


def test_a_translation_in_an_auto_publish_channel_is_published_in_its_group(aa, world, client):
    channel = make_channel(aa, world, auto_publish=True, default_image=ImageFactory())
    ingest(sample("aa-blinken-ninjs2.json"), channel)
    ingest(sample("aa-blinken-tr-ninjs3.json"), channel)
    turkish = story_of(TURKISH_GUID)
    assert turkish.original == story_of(ENGLISH_GUID)
    assert turkish.status == Article.Status.PUBLISHED
    assert client.get(turkish.get_absolute_url()).status_code == 200


def test_an_item_in_a_language_the_newsroom_does_not_publish_stays_apart(ninjs_channel, settings):
    # No Turkish edition: the item comes in under the default, English, which its
    # group has already (the original).
    settings.NEWSROOM_EDITIONS = "en,ar"
    ingest(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    turkish = story_of(TURKISH_GUID)
    assert (turkish.language, turkish.original) == ("en", None)
    assert "whose group has a story in English already" in outcome_of(TURKISH_GUID)


def test_translations_that_come_first_join_their_original_when_it_comes_in(
    ninjs_channel, newsml_channel
):
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    ingest(sample("aa-blinken-ar-newsml.xml"), newsml_channel)
    turkish, arabic = story_of(TURKISH_GUID), story_of(ARABIC_GUID)
    assert turkish.original is None and arabic.original is None
    assert "which has not come in" in outcome_of(TURKISH_GUID)

    ingest(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    english = story_of(ENGLISH_GUID)
    assert translations.group(english) == [english, turkish, arabic]
    turkish.refresh_from_db()
    assert turkish.translated_from == translations.newest_revision(english)
    assert not translations.is_out_of_date(turkish)
    assert "joined its group: Türkçe “Blinken, Çavuşoğlu" in outcome_of(ENGLISH_GUID)


def test_a_translation_that_came_first_keeps_apart_from_an_edition_already_taken(
    ninjs_channel, tmp_path
):
    # Two Turkish items name the same original before it comes in: the first joins.
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    ingest(rewritten(tmp_path, "aa-blinken-tr-ninjs3.json", TURKISH_GUID, "urn:aa:tr:2"),
           ninjs_channel)  # fmt: skip
    ingest(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    english = story_of(ENGLISH_GUID)
    assert translations.group(english) == [english, story_of(TURKISH_GUID)]
    assert story_of("urn:aa:tr:2").original is None
    assert "Translations kept apart" in outcome_of(ENGLISH_GUID)


def test_another_agency_s_item_of_that_id_is_not_the_original(aa, world, ninjs_channel):
    reuters = Source.objects.create(name="Reuters", code="RTR")
    ingest(sample("aa-blinken-ninjs2.json"), make_channel(reuters, world, name="RTR"))
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    assert story_of(TURKISH_GUID).original is None


def test_the_translation_s_next_version_updates_it_in_its_group(ninjs_channel, tmp_path):
    ingest(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    ingest(sample("aa-blinken-tr-ninjs3.json"), ninjs_channel)
    item = json.loads(sample("aa-blinken-tr-ninjs3.json").read_text())
    item["version"] = "2"
    item["headlines"][0]["value"] = "Blinken: Türkiye ile koordinasyon sürecek"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    assert "1 updated" in ingest(path, ninjs_channel)
    turkish = story_of(TURKISH_GUID)
    assert turkish.headline == "Blinken: Türkiye ile koordinasyon sürecek"
    assert turkish.original == story_of(ENGLISH_GUID)
