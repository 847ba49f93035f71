"""Agency formats read into one plain shape, ``WireStory``.

Each format has a small module (ninjs, newsml, feeds) whose ``parse(data)`` takes the
bytes of one file and returns its stories. A file that cannot be read raises
``WireFormatError`` with a reason a desk editor can act on; nothing here touches the
database.
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from html import escape

from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags

# A wire file larger than this is refused unread: agency items are a few kilobytes.
MAX_FILE_BYTES = 5 * 1024 * 1024


class WireFormatError(ValueError):
    """The input is not a readable item of its format; the message says why."""


@dataclass
class WireStory:
    guid: str
    version: int
    headline: str
    body_html: str = ""
    standfirst: str = ""
    byline: str = ""
    subjects: list[str] = field(default_factory=list)
    located: str = ""
    urgency: int | None = None
    embargo: datetime | None = None
    first_created: datetime | None = None
    updated: datetime | None = None
    language: str = ""
    # The agency's id of the item this one translates (its uri or guid), if it says.
    translation_of: str = ""
    # What the format had that we keep out of the story, for the desk (pictures …).
    notes: list[str] = field(default_factory=list)
    raw: str = ""

    def as_json(self):
        """The parsed fields as JSON-ready data (stored with the item; ``raw`` apart)."""
        data = asdict(self)
        data.pop("raw")
        for name in ("embargo", "first_created", "updated"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data, raw=""):
        data = dict(data)
        for name in ("embargo", "first_created", "updated"):
            data[name] = parse_datetime(data[name]) if data.get(name) else None
        return cls(**data, raw=raw)


@dataclass
class BadItem:
    """One item of a readable file that is not a usable story (the file's others are)."""

    reason: str
    raw: str = ""


# How an item names the item it is a translation of: the IPTC item relation
# "translatedFrom" (NewsCodes itemrelation), as a QCode or a URI. NewsML-G2 puts it on a
# <link> of itemMeta, ninjs 3.1 on an association's "rel" (earlier ninjs has no place
# for a relation; the same "rel" is read there too).
TRANSLATED_FROM = {
    "irel:translatedFrom",
    "http://cv.iptc.org/newscodes/itemrelation/translatedFrom",
    "https://cv.iptc.org/newscodes/itemrelation/translatedFrom",
}


def names_translation(rel):
    return isinstance(rel, str) and rel.strip() in TRANSLATED_FROM


def item_or_bad(read, raw):
    """``read()``'s story, or a BadItem saying why it could not be read."""
    try:
        return read()
    except WireFormatError as error:
        return BadItem(str(error), raw)


def plain(text):
    """One line of plain text from whatever markup a headline or summary came in."""
    return " ".join(strip_tags(text or "").split())


def paragraphs(text):
    """Plain text with blank lines between paragraphs, as a body of <p>s."""
    blocks = [" ".join(b.split()) for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(b, quote=False)}</p>" for b in blocks if b)


def timestamp(value, what):
    """An ISO 8601 time with its zone; a time without a zone is refused, not guessed."""
    if not value:
        return None
    moment = parse_datetime(str(value).strip().replace("Z", "+00:00"))
    if moment is None or moment.tzinfo is None:
        raise WireFormatError(f"{what} is not a time with a zone: {str(value)[:40]!r}")
    return moment


def version_number(value):
    try:
        number = int(str(value or "1").strip())
    except ValueError:
        raise WireFormatError(f"version is not a number: {str(value)[:20]!r}") from None
    if number < 1:
        raise WireFormatError("version must be 1 or more")
    return number


def text_of(data):
    """The bytes as UTF-8 text: agencies send UTF-8; anything else is refused, not guessed."""
    if len(data) > MAX_FILE_BYTES:
        raise WireFormatError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WireFormatError(f"not UTF-8 text (byte {error.start})") from None


def load_json(data):
    try:
        return json.loads(text_of(data))
    except json.JSONDecodeError as error:
        raise WireFormatError(f"not JSON: {error.msg} (line {error.lineno})") from None


FORMATS = ("ninjs", "newsml", "rss")


def parse(data, format):
    """The items of one file of ``format`` ("ninjs", "newsml", or "rss" for RSS and Atom):
    WireStory for each readable one, BadItem for each that is not. A file that cannot
    be read at all raises WireFormatError."""
    from wire.formats import feeds, newsml, ninjs

    parsers = {"ninjs": ninjs.parse, "newsml": newsml.parse, "rss": feeds.parse}
    if format not in parsers:
        raise WireFormatError(f"unknown format {format!r}")
    items = parsers[format](data)
    for item in items:
        if isinstance(item, WireStory):
            _drop_nul(item)
    return items


def _drop_nul(story):
    # NUL is never part of copy, and PostgreSQL text cannot hold it.
    for name, value in vars(story).items():
        if isinstance(value, str):
            setattr(story, name, value.replace("\x00", ""))
        elif isinstance(value, list):
            setattr(story, name, [v.replace("\x00", "") for v in value])
