"""Story bodies: what editors may write, and the sanitiser every body passes through.

The allow-list is derived from the editor's own extension list, so the editor
can never make what the sanitiser would strip, and nothing else gets in.
"""

import re
from html.parser import HTMLParser

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

from articles.body import SIZES, safe_url

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Results and figures: a header row, a caption (articles/body.py draws both for readers).
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "TableCaption": True,
    # The desk's own blocks (static/admin/js/body_blocks.js; settings says what each may
    # hold): library pictures, galleries and embedded posts, stored as what they show.
    "BodyPicture": True,
    "BodyGallery": True,
    "BodyEmbed": True,
}

# What the blocks' own attributes may say: anything else is dropped, so no address
# but an http(s) one and no size but the three ever reaches a reader's page.
_VALUES = {
    "data-picture": lambda value: value if re.fullmatch(r"\d{1,12}", value) else None,
    "data-gallery": lambda value: (
        value if re.fullmatch(r"\d{1,12}( \d{1,12}){0,49}", value) else None
    ),
    "data-size": lambda value: value if value in SIZES else None,
    "data-href": lambda value: safe_url(value) or None,
    "data-embed": lambda value: safe_url(value) or None,
    "data-date": lambda value: value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None,
    "colspan": lambda value: value if re.fullmatch(r"[1-9]\d?", value) else None,
    "rowspan": lambda value: value if re.fullmatch(r"[1-9]\d?", value) else None,
}


def _attribute(tag, attribute, value):
    # The link dialog saves title="" when left empty; keep the markup clean.
    if not value.strip():
        return None
    check = _VALUES.get(attribute)
    return check(value.strip()) if check else value


_cleaner = nh3.Cleaner(
    **allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS)), attribute_filter=_attribute
)


def sanitize_body(html):
    """The body as it may be stored and shown: only the editor's own markup survives."""
    cleaned = _cleaner.clean(html or "")
    # ProseMirror's empty document is "<p></p>": store it as empty.
    return "" if cleaned.strip() in {"", "<p></p>"} else cleaned


class SanitizedHTMLField(ProseEditorField):
    """Rich text edited with ProseMirror and sanitised on *every* write.

    The form field sanitises what editors submit; ``get_db_prep_save`` also
    runs for fixtures (raw saves), ``bulk_create`` and ``update()``, which
    never call ``Model.save()``.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", BODY_EXTENSIONS)
        kwargs.setdefault("sanitize", sanitize_body)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_body(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = sanitize_body(value)
        return super().get_db_prep_save(value, connection)


class _Blocks(HTMLParser):
    """Split sanitised HTML into its top-level blocks (p, h2, ul, blockquote …)."""

    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks, self._depth, self._current = [], 0, []

    def _emit(self, text):
        self._current.append(text)
        if self._depth == 0:
            block = "".join(self._current).strip()
            if block:
                self.blocks.append(block)
            self._current = []

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        if tag in self.VOID:
            self._emit(text)
        else:
            self._depth += 1
            self._current.append(text)

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        self._depth = max(0, self._depth - 1)
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        if self._depth == 0 and not data.strip():
            return
        self._emit(data)

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")


def split_blocks(html):
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    if parser._current:
        parser.blocks.append("".join(parser._current))
    return parser.blocks
