"""XML from agencies, read without trusting it.

No entity is expanded, no DTD or external file loaded, nothing fetched from the
network, no huge trees: a crafted item can neither read a file on this server
("external entity") nor exhaust it ("billion laughs"). A document that declares
entities is refused outright, before parsing: news formats never need them.
"""

import re

from lxml import etree

from wire.formats import MAX_FILE_BYTES, WireFormatError

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data):
    """The root element of ``data``; WireFormatError for anything unsafe or malformed."""
    if len(data) > MAX_FILE_BYTES:
        raise WireFormatError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    # A UTF-16 document would hide the declaration from this check; the parsed
    # document's own DTD is checked below too.
    if _ENTITY_DECLARATION.search(data):
        raise WireFormatError("the document declares XML entities, which are refused")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise WireFormatError(f"not well-formed XML: {error.msg}") from None
    if root is None:
        raise WireFormatError("the document is empty")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise WireFormatError("the document declares XML entities, which are refused")
    return root


def local(element):
    """An element's name without its namespace: NewsML-G2 and Atom use several."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element, name):
    return [child for child in element if local(child) == name]


def child(element, name):
    found = children(element, name)
    return found[0] if found else None


def text(element, name=None):
    """The text inside an element (or its child ``name``), tags dropped, spaces folded."""
    if element is not None and name is not None:
        element = child(element, name)
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def inner_html(element):
    """An element's content as HTML without namespaces (the sanitiser runs later)."""
    copy = etree.fromstring(etree.tostring(element), parser=_parser())
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(copy)
    parts = [copy.text or ""]
    parts += [etree.tostring(node, method="html", encoding="unicode") for node in copy]
    return "".join(parts)
