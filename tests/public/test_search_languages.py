"""Search in each edition's language, as readers type: accents and case never matter
("Turkiye" finds "Türkiye", on PostgreSQL and on SQLite), PostgreSQL stems an edition's
words with its own language's rules, and an edition's search lists its own stories.
Run the file on both databases: the tests that only PostgreSQL can answer say so."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.utils import timezone

from articles import editions, search
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL's"
)

TURKISH = "Türkiye ve Çavuşoğlu İstanbul’da görüştü"
ARABIC = "وزير الخارجيَّة يزور أنقرة لإجراء محادثات مع الحكومة"


@pytest.fixture(autouse=True)
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"


def found(client, q, edition):
    """The headlines /<edition>/search/?q= lists, in order."""
    response = client.get(f"/{edition}/search/", {"q": q})
    assert response.status_code == 200
    html = lxml.html.fromstring(response.content.decode())
    links = html.xpath(
        '//ol[contains(@class, "search-results")]//a[contains(@class, "card__link")]'
    )
    return [" ".join(link.text_content().split()) for link in links]


def snippets(client, q, edition):
    response = client.get(f"/{edition}/search/", {"q": q})
    html = lxml.html.fromstring(response.content.decode())
    return [
        lxml.html.tostring(p, encoding="unicode")
        for p in html.xpath('//p[contains(@class, "search-result__snippet")]')
    ]


# --- Accents and case ------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["Turkiye", "Türkiye", "TÜRKİYE", "turkiye", "Cavusoglu", "çavuşoğlu", "ÇAVUŞOĞLU"]
)
def test_a_turkish_story_is_found_with_or_without_accents(client, q):
    story = ArticleFactory(language="tr", headline=TURKISH)
    assert found(client, q, "tr") == [story.headline]


@pytest.mark.parametrize("q", ["istanbul", "İstanbul", "ISTANBUL", "İSTANBUL"])
def test_istanbul_is_found_however_its_capital_i_is_written(client, q):
    story = ArticleFactory(language="tr", headline="Otel", body=f"<p>{TURKISH}.</p>")
    assert found(client, q, "tr") == [story.headline]


def test_dotless_i_is_found_by_i(client):
    story = ArticleFactory(language="tr", headline="IŞIK ve ılık hava")
    assert found(client, "isik", "tr") == [story.headline]
    assert found(client, "ilik", "tr") == [story.headline]


def test_an_english_story_with_accents_is_found_without_them(client):
    story = ArticleFactory(language="en", headline="Cafés reopen in Reykjavík")
    # On PostgreSQL "cafés" is stemmed too, once its accent is gone (test_search.py
    # has English stemming itself).
    assert found(client, "cafe reykjavik", "en") == [story.headline]
    assert found(client, "Reykjavík", "en") == [story.headline]


def test_a_word_typed_with_accents_finds_it_written_without(client):
    story = ArticleFactory(language="tr", headline="Cavusoglu in Ankara")
    assert found(client, "Çavuşoğlu", "tr") == [story.headline]


def test_an_accented_minus_word_leaves_out_the_story_written_without_accents(client):
    kept = ArticleFactory(language="tr", headline="Ankara zirvesi")
    ArticleFactory(language="tr", headline="Ankara ve Cavusoglu")
    assert found(client, "ankara -Çavuşoğlu", "tr") == [kept.headline]


def test_the_snippet_marks_the_word_as_the_story_spells_it(client):
    ArticleFactory(
        language="tr",
        headline="Dışişleri",
        body="<p>Görüşme uzun sürdü.</p><p>Blinken, Türkiye ile koordinasyonu övdü.</p>",
    )
    [snippet] = snippets(client, "Turkiye", "tr")
    assert "<mark>Türkiye</mark>" in snippet


# --- Arabic ----------------------------------------------------------------------------


def test_an_arabic_story_is_found_by_an_arabic_word(client):
    story = ArticleFactory(language="ar", headline=ARABIC)
    assert found(client, "أنقرة", "ar") == [story.headline]
    # Written with its vowel marks (shadda, fatha), found without them.
    assert found(client, "الخارجية", "ar") == [story.headline]


@on_postgresql
def test_postgresql_finds_an_arabic_word_with_the_definite_article_it_was_written_without(
    client,
):
    story = ArticleFactory(language="ar", headline="حكومة جديدة في بغداد")
    # "الحكومة" (the government) holds more than "حكومة": the word search would miss it.
    assert found(client, "الحكومة", "ar") == [story.headline]


# --- Each edition's own stemming (PostgreSQL) -----------------------------------------


@on_postgresql
def test_postgresql_stems_a_turkish_story_with_turkish_rules(client):
    story = ArticleFactory(language="tr", headline="Bakanlar görüşme yaptı")
    # "görüşmeler" (meetings) and "görüşmelerde" (in the meetings): English rules
    # would leave their suffixes on.
    assert found(client, "görüşmeler", "tr") == [story.headline]
    assert found(client, "gorusmelerde", "tr") == [story.headline]


@on_postgresql
def test_a_one_language_turkish_newsroom_stems_turkish(client, settings):
    settings.NEWSROOM_EDITIONS = ""
    settings.NEWSROOM_LANGUAGE = "tr"
    story = ArticleFactory(headline="Bakanlar görüşme yaptı")
    response = client.get("/search/", {"q": "görüşmeler"})
    assert story.headline in response.content.decode()


@on_postgresql
def test_every_configuration_an_edition_may_use_has_its_copy_without_accents():
    with connection.cursor() as cursor:
        for name in sorted(editions.SEARCH_CONFIGS | {"simple"}):
            cursor.execute(
                "SELECT to_tsvector(%s::regconfig, 'Çavuşoğlu')::text", [f"newsroom_{name}"]
            )
            (vector,) = cursor.fetchone()
            assert "ç" not in vector and "ş" not in vector and "ğ" not in vector, name


@on_postgresql
def test_a_story_moved_to_another_edition_is_read_in_its_language(client):
    story = ArticleFactory(language="en", headline="Bakanlar görüşme yaptı")
    story.language = "tr"
    story.save(update_fields=["language"])
    assert found(client, "görüşmeler", "tr") == [story.headline]


# --- Each edition's stories ------------------------------------------------------------


def test_an_edition_s_search_lists_its_own_stories_only(client):
    turkish = ArticleFactory(language="tr", headline="Ankara’da NATO zirvesi")
    english = ArticleFactory(
        language="en", headline="NATO summit in Ankara", published_at=timezone.now()
    )
    arabic = ArticleFactory(
        language="ar",
        headline="قمة NATO في أنقرة",
        published_at=timezone.now() - timedelta(hours=1),
    )
    assert found(client, "NATO", "tr") == [turkish.headline]
    assert found(client, "NATO", "en") == [english.headline]
    assert found(client, "NATO", "ar") == [arabic.headline]


def test_an_edition_s_search_never_lists_its_unpublished_stories(client):
    ArticleFactory(language="tr", headline="Türkiye taslak", draft=True)
    ArticleFactory(language="tr", headline="Türkiye planlı", scheduled=True)
    live = ArticleFactory(language="tr", headline="Türkiye yayında")
    assert found(client, "Turkiye", "tr") == [live.headline]


# --- Vectors stored before search was per language (PostgreSQL) ------------------------


@on_postgresql
def test_the_migration_reads_again_the_stories_whose_vectors_change():
    """Migration 0017 makes again the vectors of stories in another language than the
    one every vector was made in (english) and of text with accents, and leaves the
    others as they are."""
    from importlib import import_module

    migration = import_module("articles.migrations.0017_search_per_language")
    turkish = ArticleFactory(language="tr", headline="Türkiye ve Çavuşoğlu")
    accented = ArticleFactory(language="en", headline="Cafés reopen")
    ascii_only = ArticleFactory(language="en", headline="Harbour reopens")
    with connection.cursor() as cursor:
        # As they were stored before: english, accents kept; one left empty to show
        # that it is not written again.
        cursor.execute(
            "UPDATE articles_article SET search_vector = to_tsvector('english', headline)"
        )
        cursor.execute(
            "UPDATE articles_article SET search_vector = NULL WHERE id = %s", [ascii_only.pk]
        )
    with connection.schema_editor() as schema_editor:
        migration.recompute_vectors(None, schema_editor)
    vectors = dict(Article.objects.values_list("pk", "search_vector"))
    assert "'cavusoglu':3A" in vectors[turkish.pk]
    assert "'cafe':1A" in vectors[accented.pk]
    assert vectors[ascii_only.pk] is None


# --- Folding (the word search's) -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Türkiye", "turkiye"),
        ("ÇAVUŞOĞLU", "cavusoglu"),
        ("İstanbul", "istanbul"),
        ("ISTANBUL", "istanbul"),
        ("ılık", "ilik"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Ærø", "aero"),
        ("الخارجيَّة", "الخارجية"),
        ("Αθήνα", "αθηνα"),
        ("Plain ASCII", "plain ascii"),
    ],
)
def test_fold(text, folded):
    assert search.fold(text) == folded


def test_a_highlight_marks_the_word_as_written_with_its_accents_whole():
    from public.search import highlight

    assert highlight("In Türkiye.", ["turkiye"]) == "In <mark>Türkiye</mark>."
    # "u" and a combining diaeresis, as some keyboards write ü.
    assert highlight("In Tu\u0308rkiye.", ["TURKIYE"]) == "In <mark>Tu\u0308rkiye</mark>."
