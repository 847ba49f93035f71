"""Text rules a newsroom cares about: ASCII slugs in every script, reading time, capitals,
lists of names."""

import math
import re

from anyascii import anyascii
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def ascii_slugify(value, max_length=None):
    """An ASCII slug in every script: Türkiye → turkiye, Москва → moskva, Αθήνα → athina,
    الأمم المتحدة → lmm-lmthdh. Transliterated (anyascii) before Django's slugify, which alone keeps
    only what decomposes to ASCII and would leave an Arabic or Cyrillic headline empty.
    Apostrophes vanish (Sweden's → swedens, not sweden-s)."""
    slug = slugify(anyascii(str(value)))
    if max_length:
        slug = slug[:max_length].strip("-")
    return slug


def upper_for_language(value, language=""):
    """Capitals as the language writes them: Turkish i → İ, ı → I (Türkiye → TÜRKİYE)."""
    if language.lower().startswith(("tr", "az")):
        value = value.replace("i", "İ").replace("ı", "I")
    return value.upper()


_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


# A space before each block's end, so "end</p><p>Start" stays two words
# (inline tags such as <em> must not split a word, so only block ends get one).
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.I)


def word_count(html):
    return len(_WORD.findall(strip_tags(_BLOCK_END.sub(r" \g<0>", html or ""))))


def reading_minutes(html):
    """Minutes to read a body: words / NEWSROOM_WORDS_PER_MINUTE, rounded up, at least 1.

    The seed story's ~230 words read in 2 minutes at 200 words a minute.
    """
    return max(1, math.ceil(word_count(html) / settings.NEWSROOM_WORDS_PER_MINUTE))


def and_list(items):
    """["A", "B", "C"] → "A, B and C", as a byline names its authors (no Oxford comma);
    in the active language's words;
    empty items are left out. The items are joined as they are: escape them first for
    HTML."""
    items = [item for item in items if item]
    if len(items) < 2:
        return "".join(items)
    # In the active language: "A, B ve C", "A، B وC".
    comma = pgettext("between the items of a list, as in A, B and C", ", ")
    return _("%(items)s and %(last)s") % {"items": comma.join(items[:-1]), "last": items[-1]}
