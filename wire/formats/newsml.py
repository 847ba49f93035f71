"""IPTC NewsML-G2 text items: a ``newsItem``, or a ``newsMessage`` carrying several.

From itemMeta: versionCreated, firstCreated, embargoed (and pubStatus), and the item
it translates (``<link rel="irel:translatedFrom" residref="its guid"/>``); from
contentMeta: headline, slugline, by, description (the standfirst), subject, located,
urgency, language; the body from contentSet's inlineXML (XHTML) or inlineData.
"""

from lxml import etree

from wire.formats import (
    WireFormatError,
    WireStory,
    item_or_bad,
    names_translation,
    paragraphs,
    timestamp,
    version_number,
)
from wire.formats.safexml import child, children, inner_html, local, parse_xml, text


def parse(data):
    root = parse_xml(data)
    items = (
        [root] if local(root) == "newsItem" else [e for e in root.iter() if local(e) == "newsItem"]
    )
    if not items:
        raise WireFormatError(f"no newsItem in a <{local(root)}> document")
    return [
        item_or_bad(lambda item=item: read_item(item), etree.tostring(item, encoding="unicode"))
        for item in items
    ]


def read_item(item):
    guid = (item.get("guid") or "").strip()
    if not guid:
        raise WireFormatError("the newsItem has no guid")
    meta = child(item, "itemMeta")
    content = child(item, "contentMeta")
    if meta is None or content is None:
        raise WireFormatError(f"{guid}: itemMeta or contentMeta is missing")
    headline = text(content, "headline") or text(content, "slugline")
    if not headline:
        raise WireFormatError(f"{guid}: no headline")

    story = WireStory(
        guid=guid[:500], version=version_number(item.get("version")), headline=headline
    )
    story.standfirst = _description(content)
    story.body_html = _body(item)
    story.byline = text(content, "by")
    story.subjects = _subjects(content)
    story.located = text(child(content, "located"), "name") or text(content, "located")
    urgency = text(content, "urgency")
    story.urgency = int(urgency) if urgency.isdigit() and 1 <= int(urgency) <= 9 else None
    story.embargo = timestamp(text(meta, "embargoed"), "embargoed")
    status = child(meta, "pubStatus")
    if story.embargo is None and status is not None and status.get("qcode") == "stat:embargoed":
        story.notes.append("Marked embargoed without a time: ask the agency before publishing.")
    story.first_created = timestamp(text(meta, "firstCreated"), "firstCreated")
    story.updated = timestamp(text(meta, "versionCreated"), "versionCreated")
    language = child(content, "language")
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    story.language = (
        (language.get("tag") if language is not None else "") or item.get(lang_attr) or ""
    )[:10]
    story.translation_of = _translation_of(meta)
    note = text(meta, "edNote")
    if note:
        story.notes.append(f"Agency note: {note}")
    story.raw = etree.tostring(item, encoding="unicode")
    return story


def _translation_of(meta):
    """The guid of the item this one translates, from its link (QCode or URI)."""
    for link in children(meta, "link"):
        if names_translation(link.get("rel")) or names_translation(link.get("reluri")):
            guid = (link.get("residref") or "").strip()
            if guid:
                return guid[:500]
    return ""


def _description(content):
    for element in children(content, "description"):
        if element.get("role", "drol:summary") in {"drol:summary", "drol:caption"}:
            return text(element)
    return ""


def _body(item):
    content_set = child(item, "contentSet")
    if content_set is None:
        return ""
    inline = child(content_set, "inlineXML")
    if inline is not None:
        body = next((e for e in inline.iter() if local(e) == "body"), None)
        return inner_html(body if body is not None else inline)
    data = child(content_set, "inlineData")
    return paragraphs("".join(data.itertext())) if data is not None else ""


def _subjects(content):
    names = []
    for subject in children(content, "subject"):
        name = text(subject, "name")
        if name and name not in names:
            names.append(name[:100])
    return names
