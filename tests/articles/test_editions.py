"""The newsroom's language editions (articles/editions.py): NEWSROOM_EDITIONS read into
each edition's name in its own language, direction and search configuration."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from articles import editions
from tests.factories import ArticleFactory


def codes():
    return [edition.code for edition in editions.editions()]


def test_one_edition_unless_told_otherwise(settings):
    settings.NEWSROOM_EDITIONS = ""
    settings.NEWSROOM_LANGUAGE = "tr"
    assert codes() == ["tr"]
    assert not editions.several()
    assert editions.default().name == "Türkçe"


def test_each_edition_has_its_own_name_direction_and_search(settings):
    settings.NEWSROOM_EDITIONS = "en, tr, ar, fa, ckb, az, ku=Kurdî"
    found = {edition.code: edition for edition in editions.editions()}
    assert codes() == ["en", "tr", "ar", "fa", "ckb", "az", "ku"]
    assert editions.several()
    assert (found["tr"].name, found["tr"].direction, found["tr"].search_config) == (
        "Türkçe",
        "ltr",
        "turkish",
    )
    assert (found["ar"].direction, found["ar"].search_config) == ("rtl", "arabic")
    # Persian and Sorani are written right to left; PostgreSQL has no stemmer for them.
    assert [found[c].direction for c in ("fa", "ckb")] == ["rtl", "rtl"]
    assert found["fa"].search_config == "simple"
    assert found["az"].direction == "ltr"  # Azerbaijan writes Azerbaijani in Latin letters
    assert (found["ku"].name, found["ku"].direction) == ("Kurdî", "ltr")


def test_a_tag_from_the_wire_finds_its_edition(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    assert editions.matching("ar-EG").code == "ar"
    assert editions.matching("tr_TR").code == "tr"
    assert editions.matching("EN").code == "en"
    assert editions.matching("fr") is None
    assert editions.matching("") is None


@pytest.mark.parametrize(
    ("setting", "problem"),
    [("en,xx", "does not know the language 'xx'"), ("en,tr,en", "names a language twice")],
)
@pytest.mark.django_db
def test_a_wrong_setting_is_said_by_the_system_check(settings, setting, problem):
    settings.NEWSROOM_EDITIONS = setting
    with pytest.raises(SystemCheckError, match=problem):
        call_command("check")


@pytest.mark.django_db
def test_a_story_is_written_in_the_default_edition_unless_it_says(settings):
    settings.NEWSROOM_EDITIONS = "tr,en"
    assert ArticleFactory().language == "tr"
    assert ArticleFactory(language="en").edition.name == "English"
