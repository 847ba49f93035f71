"""Search per language: each edition's words read with its own stemmer, accents
ignored (articles/search.py says why it is done this way).

On PostgreSQL:

1. the unaccent extension (a trusted extension: the database's owner may create it);
2. for each of PostgreSQL's configurations an edition may use (those of PostgreSQL 15,
   as articles.editions.SEARCH_CONFIGS lists them, and simple), a copy named
   ``newsroom_<name>`` that takes the accents off every word with letters outside
   ASCII before its stemmer reads it. All of them, not only today's editions', so
   that adding an edition needs no migration;
3. the stored vectors that change, made again: the stories whose edition stems
   otherwise than the one configuration every vector was made with until now
   (NEWSROOM_SEARCH_CONFIG, english unless it was set), and the stories whose text
   has a character outside ASCII. Text in ASCII alone is read as before, so an
   English archive written in ASCII is only read (20,000 synthetic stories: 1.2 s);
   a Turkish or Arabic one is written again in one UPDATE, about 2 ms a story, as
   long as its first vectors took (docs/performance.md).

On SQLite nothing: its word search folds accents itself.
"""

import os

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

PREFIX = "newsroom_"
# As of this migration; a language added to articles.editions.SEARCH_CONFIGS needs a
# migration making its copy (tests/public/test_search_languages.py checks).
CONFIGS = {
    "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish",
    "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish", "italian",
    "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
    "spanish", "swedish", "tamil", "turkish", "yiddish", "simple",
}  # fmt: skip
# The token types with letters outside ASCII get unaccent before their dictionary;
# ASCII words have no accents and keep their mapping.
WORDS = "word, hword, hword_part"
WORDS_WITH_DIGITS = "numword, numhword, hword_numpart"


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # A PostgreSQL before 15 lacks a few of them.
        cursor.execute(
            "SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace"
        )
        existing = {name for (name,) in cursor.fetchall()} & CONFIGS
    for name in sorted(existing):
        copy = PREFIX + name
        stemmer = "simple" if name == "simple" else f"{name}_stem"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {copy}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {copy} (COPY = pg_catalog.{name})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {copy} "
            f"ALTER MAPPING FOR {WORDS} WITH unaccent, {stemmer}"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {copy} "
            f"ALTER MAPPING FOR {WORDS_WITH_DIGITS} WITH unaccent, simple"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in sorted(CONFIGS):
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PREFIX}{name}")


def _words(text, weight):
    # "<" and ">" as spaces, as Article.update_search_vector does.
    text = f"replace(replace({text}, '<', ' '), '>', ' ')"
    return f"setweight(to_tsvector(e.config, {text}), '{weight}')"


# The text Article.update_search_vector reads, in SQL: the body's tags as spaces (the
# parser skips the entities the sanitiser writes, as it skips their characters). A
# word with an inline tag inside it (rare) counts as two until the story is saved.
RECOMPUTE = f"""
    UPDATE articles_article SET search_vector =
        {_words("headline", "A")}
        || {_words("standfirst", "B")}
        || {_words("regexp_replace(body, '<[^>]*>', ' ', 'g')", "C")}
    FROM (SELECT unnest(%s::text[]) AS code, unnest(%s::regconfig[]) AS config) AS e
    WHERE language = e.code AND (
        language = ANY(%s)
        OR octet_length(headline || standfirst || body)
            <> char_length(headline || standfirst || body)
    )
"""


def recompute_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles import editions  # the editions of this newsroom's settings

    before = os.environ.get("NEWSROOM_SEARCH_CONFIG", "english")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT language FROM articles_article ORDER BY language")
        codes = [code for (code,) in cursor.fetchall()]
    # A language the newsroom no longer publishes in is read as the default edition's.
    stemmed = {code: editions.get(code).search_config for code in codes}
    changed = [code for code in codes if stemmed[code] != before]
    schema_editor.execute(RECOMPUTE, [codes, [PREFIX + stemmed[code] for code in codes], changed])


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_translations")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configurations, drop_configurations),
        migrations.RunPython(recompute_vectors, migrations.RunPython.noop),
    ]
