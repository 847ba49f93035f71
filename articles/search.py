"""Search in each edition's language, accents and case ignored: the text search
configuration PostgreSQL reads a story's words with, and the folding the word search
(SQLite) compares words with.

PostgreSQL. Each edition has PostgreSQL's configuration for its language (english,
turkish, arabic, …; simple where PostgreSQL has none: ``Edition.search_config``).
Migration 0017 copies each as ``newsroom_<name>`` with the unaccent dictionary before
the stemmer for words with letters outside ASCII: "Türkiye" is read as "turkiye" and
then stemmed, exactly as "Turkiye" is, and "Çavuşoğlu" as "Cavusoglu". A story's vector
is made with its own edition's (``config(story.language)``) and a query is read with
the edition's being searched, so both sides always go through the same steps.

Why a configuration rather than ``unaccent()`` around the text and the query: it is
one name used in three places (the stored vector, the query, ``ts_headline``), and
``ts_headline`` then marks "Türkiye" in the story's own text for a reader who typed
"Turkiye"; ``unaccent()`` would have to wrap each of them, and a snippet made from
unaccented text would show the story's words misspelt.

Why unaccent before the stemmer, not after: a stemmer only ever sees letters without
accents, whichever way the reader typed the word, so what it strips is the same on both
sides. The price is paid by stemmers whose suffixes have accents: Turkish vowel harmony
reads "ı", "ü", "ö", so unaccented "fotograflari" keeps its suffix where "fotoğrafları"
is stemmed to "fotoğraf" (25 of the 155 distinct words of the demo's Turkish story stem
otherwise without their accents): "fotoğraf" does not find "fotoğrafları", while every
spelling of one form, with or without accents, finds the others. Stemming first and unaccenting
after is no configuration PostgreSQL can express (a stemmer ends the chain).

Elsewhere (SQLite). Stories are searched word for word in their text
(``ArticleQuerySet._search_words``): both the text and the reader's words go through
``fold()`` — case folded, compatibility-decomposed, accents and Arabic vowel marks
dropped, the few letters that do not decompose (ı, ø, ł, æ …) spelt as their base
letters — through a function registered on each SQLite connection (``newsroom_fold``).
"""

import unicodedata
from functools import lru_cache

from articles import editions

# What migration 0017 names its copies of PostgreSQL's configurations.
CONFIG_PREFIX = "newsroom_"


def config(language):
    """The text search configuration of a story in ``language``, stored and searched
    with: its edition's language, accents ignored (``newsroom_turkish``)."""
    return CONFIG_PREFIX + editions.get(language).search_config


# Letters that Unicode does not decompose into a base letter and an accent, folded as
# PostgreSQL's unaccent folds them ("ß" is casefolded to "ss" before).
_LETTERS = {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t",
            "æ": "ae", "œ": "oe", "þ": "th"}  # fmt: skip
# Accents left by decomposition (Latin, Greek and Cyrillic letters) and the Arabic
# vowel marks, which stories and readers write or leave out alike.
_MARKS = {chr(c) for c in [*range(0x0300, 0x0370), *range(0x064B, 0x0660), 0x0670]}


def fold(text):
    """``text`` as the word search compares it: "Türkiye" → "turkiye", "ÇAVUŞOĞLU" →
    "cavusoglu", "İstanbul" and "ISTANBUL" → "istanbul", "الخارجيَّة" → "الخارجية"."""
    if text.isascii():
        return text.lower()
    return _kept_fold(text)


def _fold(text):
    # Casefold first: it turns "İ" into "i" and a combining dot, which goes below.
    text = unicodedata.normalize("NFKD", text.casefold())
    present = set(text)
    for letter in present & _LETTERS.keys():
        text = text.replace(letter, _LETTERS[letter])
    for mark in present & _MARKS:
        text = text.replace(mark, "")
    return text


# The SQLite search folds every story's text for every word it looks for (a full scan,
# as LIKE was): for ASCII text that is a lower(), a few microseconds; text with other
# letters takes about 0.3 ms per 5,000 characters in Python, so a small newsroom's
# stories are kept folded here: the 1,024 texts searched most recently, each about
# 15 KB for a story of 5,000 characters (its text and its fold), some 15 MB per
# process. A text that changes is a
# new entry; the old one ages out.
_kept_fold = lru_cache(maxsize=1024)(_fold)


@lru_cache(maxsize=4096)
def fold_character(character):
    """One character folded (to none, one or two): for finding where in a text its
    folded words are (public.search's snippets)."""
    return character.lower() if character.isascii() else _fold(character)


def _fold_in_sql(text):
    return None if text is None else fold(text)


def register_fold(sender, connection, **kwargs):
    """``newsroom_fold(text)`` on each new SQLite connection (``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("newsroom_fold", 1, _fold_in_sql, deterministic=True)
