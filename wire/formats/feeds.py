"""RSS 2.0 and Atom feeds: each entry a story.

Feeds have no version numbers: an entry's version is its last update time in seconds
(Atom ``updated``, RSS ``pubDate``), so that an entry the agency edits arrives as a
higher version and an unchanged one as a duplicate.
"""

from email.utils import parsedate_to_datetime

from lxml import etree

from wire.formats import WireFormatError, WireStory, item_or_bad, paragraphs, plain, timestamp
from wire.formats.safexml import child, children, inner_html, local, parse_xml, text

CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


def parse(data):
    root = parse_xml(data)
    kind = local(root)
    if kind == "feed":
        entries, read = children(root, "entry"), read_atom_entry
    elif kind == "rss":
        channel = child(root, "channel")
        entries, read = (children(channel, "item") if channel is not None else []), read_rss_item
    else:
        raise WireFormatError(f"not an RSS or Atom feed (<{kind}>)")
    return [
        item_or_bad(lambda e=entry: read(e), etree.tostring(entry, encoding="unicode"))
        for entry in entries
    ]


def _version(moment):
    return int(moment.timestamp()) if moment else 1


def _html_text(element):
    """An Atom text construct (text, html or xhtml) as HTML."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        div = child(element, "div")
        return inner_html(div if div is not None else element)
    if kind == "html":
        return element.text or ""
    return paragraphs(element.text or "")


def read_atom_entry(entry):
    guid = text(entry, "id")
    headline = plain(_html_text(child(entry, "title")))
    if not guid or not headline:
        raise WireFormatError("an Atom entry needs an id and a title")
    updated = timestamp(text(entry, "updated"), "updated")
    published = timestamp(text(entry, "published"), "published")
    summary = plain(_html_text(child(entry, "summary")))
    body = _html_text(child(entry, "content"))
    author = child(entry, "author")
    return WireStory(
        guid=guid[:500],
        version=_version(updated or published),
        headline=headline,
        standfirst=summary if body else "",
        body_html=body or paragraphs(summary),
        byline=text(author, "name") if author is not None else "",
        subjects=_unique(c.get("label") or c.get("term") for c in children(entry, "category")),
        first_created=published,
        updated=updated,
        raw=etree.tostring(entry, encoding="unicode"),
    )


def read_rss_item(item):
    guid = text(item, "guid") or text(item, "link")
    headline = plain(text(item, "title"))
    if not guid or not headline:
        raise WireFormatError("an RSS item needs a guid (or link) and a title")
    published = _rfc822(text(item, "pubDate"))
    description = text(item, "description")
    encoded = item.find(CONTENT_ENCODED)
    body = encoded.text if encoded is not None and encoded.text else ""
    creator = next((text(e) for e in item if local(e) == "creator"), "") or text(item, "author")
    return WireStory(
        guid=guid[:500],
        version=_version(published),
        headline=headline,
        standfirst=plain(description) if body else "",
        body_html=body or description,
        byline=creator,
        subjects=_unique(text(c) for c in children(item, "category")),
        first_created=published,
        updated=published,
        raw=etree.tostring(item, encoding="unicode"),
    )


def _rfc822(value):
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        raise WireFormatError(f"pubDate is not a date: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise WireFormatError(f"pubDate has no time zone: {value[:40]!r}")
    return moment


def _unique(names):
    found = []
    for name in names:
        name = plain(name or "")[:100]
        if name and name not in found:
            found.append(name)
    return found
