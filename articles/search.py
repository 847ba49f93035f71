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
    # Character by character, each distinct one once: its characters outside ASCII
    # (their UTF-8 bytes with every ASCII byte taken out), each replaced by its fold
    # wherever it occurs, then ASCII's capitals. The SQLite search folds every story's
    # text for each word it looks for (a full scan, as LIKE was): ASCII text costs a
    # few microseconds; 5,000 characters of Turkish about 100 µs, of Arabic or Russian,
    # where nearly every character is outside ASCII, about 350 µs (whole-text
    # normalisation and regular expressions took 250 and 500).
    others = text.encode().translate(None, _ASCII).decode()
    for character in set(others):
        folded = fold_character(character)
        if folded != character:
            text = text.replace(character, folded)
    return text.encode().lower().decode()


_ASCII = bytes(range(128))


@lru_cache(maxsize=4096)
def fold_character(character):
    """One character folded (to none, one or two): casefolded first ("İ" becomes "i"
    and a combining dot), compatibility-decomposed, then its accents dropped."""
    if character.isascii():
        return character.lower()
    folded = unicodedata.normalize("NFKD", character.casefold())
    folded = "".join(_LETTERS.get(c, c) for c in folded if c not in _MARKS)
    return folded


def register_fold(sender, connection, **kwargs):
    """``newsroom_fold(text)`` on each new SQLite connection (``connection_created``)."""
    if connection.vendor != "sqlite":
        return
    # SQLite calls it once per word for the same row's text (the search's filter, then
    # its score): the last few texts of this connection are kept for the next call.
    recent = {}

    def fold_in_sql(text):
        if text is None:
            return None
        if text not in recent:
            if len(recent) >= 4:
                recent.clear()
            recent[text] = fold(text)
        return recent[text]

    connection.connection.create_function("newsroom_fold", 1, fold_in_sql, deterministic=True)
