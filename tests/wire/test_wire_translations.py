"""An agency's translation of an item it sent joins that item's group of translations.

NewsML-G2 says it with ``<link rel="irel:translatedFrom" residref="the guid"/>`` in
itemMeta, ninjs 3.1 with an association of that ``rel``. The draft translates the
group's original, up to date with its newest revision; a second story in an edition of
the group stays apart and waits for an editor; translations that came first join their
original when it comes in."""

import json

import pytest

from tests.wire_samples import sample
from wire import formats

ENGLISH_GUID = "urn:aa.com.tr:en:2023-01-19:blinken-cavusoglu-coordination"
TURKISH_GUID = "urn:aa.com.tr:tr:2023-01-19:blinken-cavusoglu-koordinasyon"
ARABIC_GUID = "urn:aa.com.tr:ar:2023-01-19:blinken-cavusoglu-tansiq"


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
