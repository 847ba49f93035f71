"""Text rules a newsroom cares about: ASCII slugs, reading time, capitals."""

import math
import re
import unicodedata

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import slugify

# Letters that Unicode does not decompose into an ASCII base letter plus marks,
# so NFKD alone would drop them from a slug ("Işık" would become "sk").
_ASCII_FALLBACK = str.maketrans(
    "ıİøØđĐłŁðÐħĦ–—",
    "iIoOdDlLdDhH--",
    "‘’“”'",  # apostrophes vanish: Sweden's → swedens, not sweden-s
)
_ASCII_FALLBACK.update(
    str.maketrans({"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "Þ": "Th"})
)


def ascii_slugify(value, max_length=None):
    """Türkiye → turkiye, Karataş → karatas: URLs stay ASCII, names keep their letters."""
    slug = slugify(str(value).translate(_ASCII_FALLBACK))
    if max_length:
        slug = slug[:max_length].strip("-")
    return slug


def upper_for_language(value, language=""):
    """Capitals as the language writes them: Turkish i → İ, ı → I (Türkiye → TÜRKİYE)."""
    if language.lower().startswith(("tr", "az")):
        value = value.replace("i", "İ").replace("ı", "I")
    return value.upper()


_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def word_count(html):
    return len(_WORD.findall(strip_tags(html or "")))


def reading_minutes(html):
    """Minutes to read a body: words / NEWSROOM_WORDS_PER_MINUTE, rounded up, at least 1.

    The seed story's ~230 words read in 2 minutes at 200 words a minute.
    """
    return max(1, math.ceil(word_count(html) / settings.NEWSROOM_WORDS_PER_MINUTE))


def normalise_space(value):
    return unicodedata.normalize("NFC", " ".join(str(value).split()))
