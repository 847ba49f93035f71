"""What a photographer wrote into a picture: its caption, creator, credit line, copyright
notice, the day it was taken and where, read from the upload's IPTC and XMP before
articles.uploads strips every bit of metadata from the stored copy.

Agencies and photographers fill these in their camera or picture desk (Photo Mechanic,
Lightroom, the agency's own tools) so that nobody types them twice; a newsroom that
loses them on upload retypes every credit, and gets some wrong. XMP is read first (the
current standard, and where the picture desk's tools write today's values), the older
IPTC-IIM block second, field by field. Pillow reads both: IPTC with its IptcImagePlugin,
XMP with ``getxmp()``, which parses the XML with defusedxml (an XMP packet is a
stranger's XML: no entity expansion, no external entities).

Nothing here decides what the picture's fields become: ``Image`` fills only the fields
the editor left empty (articles/models/media.py), and the desk shows what it filled.
"""

import re
from dataclasses import dataclass, fields
from datetime import date

# IPTC-IIM record 2 datasets (the IPTC's IIM specification, 4.2).
IIM = {
    "caption": (2, 120),  # Caption/Abstract
    "creator": (2, 80),  # By-line
    "credit": (2, 110),  # Credit
    "copyright": (2, 116),  # Copyright Notice
    "taken": (2, 55),  # Date Created, CCYYMMDD
    "sublocation": (2, 92),
    "city": (2, 90),
    "country": (2, 101),
}
UTF8_MARK = b"\x1b%G"  # record 1, dataset 90: the text is UTF-8
# The longest a field may come in: a caption is a paragraph, not a book.
LIMIT = 2000


@dataclass(frozen=True)
class PhotoInfo:
    caption: str = ""
    creator: str = ""
    credit: str = ""
    copyright: str = ""
    taken: date | None = None
    location: str = ""

    def __bool__(self):
        return any(getattr(self, f.name) for f in fields(self))


def read(picture):
    """The PhotoInfo of an open Pillow picture (before anything is stripped)."""
    xmp, iim = _from_xmp(picture), _from_iim(picture)
    found = {}
    for field in fields(PhotoInfo):
        found[field.name] = xmp.get(field.name) or iim.get(field.name) or field.default
    return PhotoInfo(**found)


# --- IPTC-IIM ------------------------------------------------------------------------


def _from_iim(picture):
    from PIL import IptcImagePlugin

    try:
        block = IptcImagePlugin.getiptcinfo(picture) or {}
    except (OSError, SyntaxError, ValueError, IndexError, KeyError, TypeError):
        return {}  # a damaged block is no reason to refuse the picture
    utf8 = block.get((1, 90)) == UTF8_MARK

    def text(name):
        value = block.get(IIM[name])
        if isinstance(value, list):  # repeated datasets: several creators
            return "; ".join(filter(None, (_decode(v, utf8) for v in value)))
        return _decode(value, utf8) if value else ""

    location = ", ".join(filter(None, (text("sublocation"), text("city"), text("country"))))
    return {
        "caption": text("caption"),
        "creator": text("creator"),
        "credit": text("credit"),
        "copyright": text("copyright"),
        "taken": _day(text("taken")),
        "location": location,
    }


def _decode(raw, utf8):
    if isinstance(raw, str):
        return _clean(raw)
    try:
        return _clean(raw.decode("utf-8"))
    except UnicodeDecodeError:
        # Without the UTF-8 mark, old tools wrote Latin-1.
        return "" if utf8 else _clean(raw.decode("latin-1"))


# --- XMP -----------------------------------------------------------------------------


def _from_xmp(picture):
    try:
        tree = picture.getxmp()
    except Exception:  # noqa: BLE001 — any XML a stranger wrote: read nothing, refuse nothing
        return {}
    descriptions = (tree or {}).get("xmpmeta", {}).get("RDF", {}).get("Description", [])
    if isinstance(descriptions, dict):
        descriptions = [descriptions]
    merged = {}
    for description in descriptions:
        if isinstance(description, dict):
            for key, value in description.items():
                merged.setdefault(key, value)
    location = ", ".join(
        filter(None, (_text(merged.get(key)) for key in ("Location", "City", "Country")))
    )
    return {
        "caption": _text(merged.get("description")),
        "creator": _text(merged.get("creator")),
        "credit": _text(merged.get("Credit")),
        "copyright": _text(merged.get("rights")),
        "taken": _day(_text(merged.get("DateCreated"))),
        "location": location,
    }


def _text(value):
    """An XMP value as text: a plain one, an Alt (the default language first), a Seq or
    a Bag (joined), however Pillow's reading nested it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list):
        if all(isinstance(item, dict) and "lang" in item for item in value):
            default = [item for item in value if item.get("lang") == "x-default"]
            return _text((default or value)[0])
        return "; ".join(filter(None, (_text(item) for item in value)))
    if isinstance(value, dict):
        for key in ("Alt", "Seq", "Bag", "li"):
            if key in value:
                return _text(value[key])
        return _text(value.get("text"))
    return ""


# --- both ----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text):
    return _CONTROL.sub("", text).strip()[:LIMIT]


def _day(text):
    """The day a picture was taken, from IIM's CCYYMMDD or XMP's ISO date."""
    found = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", text or "")
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None
