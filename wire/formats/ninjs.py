"""IPTC ninjs, 1.x and 2.x: one item, a list of items, or {"items": [...]}.

1.x names its text ``headline``, ``description_*``, ``body_*``, ``byline``, ``subject``;
2.x has lists (``headlines``, ``descriptions``, ``bodies``), ``by`` and ``subjects``.
Pictures (``associations``) are not fetched: the desk is told, and picks one itself.
An association whose ``rel`` is the IPTC item relation translatedFrom (ninjs 3.1 gives
associations a ``rel``; no ninjs has a field of its own for it) names, by its ``uri``,
the item this one translates.
"""

import json

from wire.formats import (
    WireFormatError,
    WireStory,
    item_or_bad,
    load_json,
    names_translation,
    paragraphs,
    plain,
    timestamp,
    version_number,
)


def parse(data):
    document = load_json(data)
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        items = document["items"]
    elif isinstance(document, list):
        items = document
    else:
        items = [document]
    return [item_or_bad(lambda item=item: read_item(item), _raw(item)) for item in items]


def _raw(item):
    return json.dumps(item, ensure_ascii=False, indent=2)


def _first(entries, role=None):
    """The value of the entry with ``role`` in a 2.x list (or the first one)."""
    entries = [e for e in entries or [] if isinstance(e, dict) and e.get("value")]
    for entry in entries:
        if role is None or entry.get("role") == role:
            return entry
    return entries[0] if entries else None


def _text(item, name, default=""):
    value = item.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str | int | float):
        raise WireFormatError(f"{name} should be text")
    return str(value)


def read_item(item):
    if not isinstance(item, dict):
        raise WireFormatError("an item should be a JSON object")
    guid = _text(item, "uri").strip() or _text(item, "guid").strip()
    if not guid:
        raise WireFormatError("the item has no uri")
    headline_entry = _first(item.get("headlines"), "main")
    headline = plain(headline_entry["value"] if headline_entry else _text(item, "headline"))
    if not headline:
        raise WireFormatError(f"{guid}: no headline")

    story = WireStory(
        guid=guid[:500], version=version_number(item.get("version")), headline=headline
    )
    story.standfirst = _standfirst(item)
    story.body_html = _body(item)
    story.byline = plain(_text(item, "by") or _text(item, "byline"))
    story.subjects = _subjects(item.get("subjects", item.get("subject")))
    story.located = plain(_located(item))
    story.urgency = _urgency(item.get("urgency"))
    # ninjs 3 writes its names in camelCase (firstCreated); 1.x and 2.x in lower case.
    story.embargo = timestamp(*_named(item, "embargoed", "embargoedUntil"))
    story.first_created = timestamp(*_named(item, "firstcreated", "firstCreated"))
    story.updated = timestamp(*_named(item, "versioncreated", "versionCreated"))
    story.language = _text(item, "language")[:10]
    translations, others = _associations(item)
    story.translation_of = next(iter(translations), "")
    if others:
        story.notes.append("The agency's pictures were not imported: choose a picture here.")
    story.raw = _raw(item)
    return story


def _named(item, *names):
    """(value, name) of the first of ``names`` the item has, else (None, the first)."""
    for name in names:
        if item.get(name) is not None:
            return item[name], name
    return None, names[0]


def _associations(item):
    """The uris the item says it translates, and its other associations (pictures …)."""
    associations = item.get("associations") or []
    if isinstance(associations, dict):  # 1.x: by name
        associations = list(associations.values())
    if not isinstance(associations, list):
        return [], [associations]
    translations, others = [], []
    for association in associations:
        if isinstance(association, dict) and names_translation(association.get("rel")):
            uri = association.get("uri")
            if isinstance(uri, str) and uri.strip():
                translations.append(uri.strip()[:500])
                continue
        others.append(association)
    return translations, others


def _standfirst(item):
    entry = _first(item.get("descriptions"), "summary")
    if entry:
        return plain(entry["value"])
    return plain(_text(item, "description_text") or _text(item, "description_html"))


def _body(item):
    entry = _first(item.get("bodies"), "main")
    if entry:
        value = str(entry["value"])
        html = "html" in str(_named(entry, "contenttype", "contentType")[0] or "text/html")
        return value if html else paragraphs(value)
    if item.get("body_html"):
        return _text(item, "body_html")
    return paragraphs(_text(item, "body_text"))


def _subjects(entries):
    names = []
    for entry in entries or []:
        if isinstance(entry, dict) and entry.get("rel") == "section":
            continue  # the sender's own site structure, not a topic
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and plain(name) and plain(name) not in names:
            names.append(plain(name)[:100])
    return names


def _located(item):
    located = item.get("located")
    if isinstance(located, str):
        return located
    if isinstance(located, dict):
        return str(located.get("name", ""))
    for place in item.get("places") or []:
        if isinstance(place, dict) and place.get("name"):
            return str(place["name"])
    return ""


def _urgency(value):
    if value in (None, ""):
        return None
    try:
        urgency = int(value)
    except (TypeError, ValueError):
        raise WireFormatError(f"urgency is not a number: {str(value)[:10]!r}") from None
    if not 1 <= urgency <= 9:
        raise WireFormatError("urgency must be 1 (flash) to 9")
    return urgency
