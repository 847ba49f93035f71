"""READ MORE links and Recommended stories as blocks in the body's editor.

A story's links live in its RelatedItem rows, each placed after a number of the body's
blocks (``after_block``, counted as ``articles.richtext.split_blocks`` counts them:
paragraphs, subheadings, lists and quotations alike). Readers' pages, feeds, ninjs and
search read the body and the rows apart, and the stored body never holds a link block.

Only the story form joins them, for the editor: ``editor_body`` draws each row as an
empty ``<aside data-newsroom-related …>`` at its place in the body, which the editor
(static/admin/js/related_links.js) shows as a block to move or remove; on save
``take_blocks`` takes the blocks out of the submitted body again and counts where each
sits, and ``save_blocks`` makes the story's rows match them: kept, moved, changed,
added or deleted. A block nested in a quotation or list counts as placed after it.
"""

from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article, RelatedItem
from articles.richtext import sanitize_body, split_blocks

MARKER = "data-newsroom-related"  # the block's kind: read_more or recommended
# The HTML elements that have no end tag; anything else opened is closed again.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class Block:
    """One link block as the editor sent it, and where it sits."""

    kind: str
    item: int | None  # the RelatedItem it was drawn from; None for a new one
    target: int | None
    url: str
    title: str
    after_block: int

    @classmethod
    def from_attributes(cls, attributes, after_block):
        return cls(
            kind=attributes.get(MARKER) or "",
            item=_number(attributes.get("data-item")),
            target=_number(attributes.get("data-target")),
            url=(attributes.get("data-url") or "").strip(),
            title=(attributes.get("data-title") or "").strip(),
            after_block=after_block,
        )


def _number(value):
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


# --- into the editor ---------------------------------------------------------------------


def _aside(item):
    note = ""
    if item.target_id:
        target = item.target
        if target.deleted_at:
            note = _("In the trash: readers do not see this link.")
        elif not target.is_published:
            note = _("Not published yet: readers see this link once it is.")
    elif item.url_problem:
        note = item.url_problem
    return format_html(
        '<aside {}="{}" data-item="{}" data-target="{}" data-url="{}" data-title="{}"'
        ' data-label="{}" data-note="{}"></aside>',
        MARKER,
        item.kind,
        item.pk or "",
        item.target_id or "",
        item.url,
        item.title,
        item.link_text,
        note,
    )


def _with_items(body, items, draw):
    """The body's blocks with each item drawn after its ``after_block``-th block (after
    the last when the body has fewer), as readers' pages place them."""
    blocks = split_blocks(body)
    places = {}
    for item in items:
        places.setdefault(min(item.after_block, len(blocks)), []).append(item)
    parts = [draw(item) for item in places.get(0, [])]
    for number, block in enumerate(blocks, start=1):
        parts.append(block)
        parts.extend(draw(item) for item in places.get(number, []))
    return "".join(parts)


def _items_of(article):
    return article.related_items.select_related("target").order_by("after_block", "pk")


def editor_body(body, items):
    """The body with each item drawn as a block at its place, for the editor."""
    return _with_items(body, items, _aside)


def editor_body_of(article):
    """The story's body as its editor opens it: with its links in place."""
    if article.pk is None:
        return article.body
    return editor_body(article.body, _items_of(article))


def read_only_body(article):
    """The body with its links shown in place, for those who read it without editing."""
    # Stored bodies are sanitised on every write; the items are drawn escaped.
    return mark_safe(_with_items(article.body, _items_of(article), _shown))


def _shown(item):
    return format_html(
        '<p class="newsroom-related-shown"><strong>{}</strong> {}</p>',
        item.get_kind_display(),
        item.link_text,
    )


# --- out of the editor ---------------------------------------------------------------------


class _Splitter(HTMLParser):
    """The submitted body's HTML without its link blocks, and each block's attributes
    with the HTML that comes before it. Everything else is passed on as it came."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.html, self.found = [], []  # found: (attributes, HTML before the block)
        self._depth, self._skip, self._nested = 0, 0, []

    def _block(self, attrs):
        attributes = dict(attrs)
        if MARKER not in attributes:
            return False
        if self._depth == 0:
            self.found.append((attributes, "".join(self.html)))
        else:  # inside a quotation or list: placed after it
            self._nested.append(attributes)
        return True

    def handle_starttag(self, tag, attrs):
        opens = tag not in VOID
        if self._skip:  # inside a block: whatever it holds goes with it
            self._skip += opens
        elif self._block(attrs):
            self._skip = int(opens)
        else:
            self.html.append(self.get_starttag_text())
            self._depth += opens

    def handle_startendtag(self, tag, attrs):
        if not self._skip and not self._block(attrs):
            self.html.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._skip:
            self._skip -= 1
            return
        self.html.append(f"</{tag}>")
        self._depth = max(0, self._depth - 1)
        if self._depth == 0:
            self._place_nested()

    def _place_nested(self):
        before = "".join(self.html)
        self.found.extend((attributes, before) for attributes in self._nested)
        self._nested = []

    def _text(self, text):
        if not self._skip:
            self.html.append(text)

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        self._text(f"&{name};")

    def handle_charref(self, name):
        self._text(f"&#{name};")

    def close(self):
        super().close()
        self._place_nested()


def take_blocks(html):
    """(the body without its link blocks, [Block …] in the order they sit)."""
    splitter = _Splitter()
    splitter.feed(html or "")
    splitter.close()
    blocks = [
        # Counted in the body as it will be stored: sanitised, as readers' pages count it.
        Block.from_attributes(attributes, len(split_blocks(sanitize_body(before))))
        for attributes, before in splitter.found
    ]
    return "".join(splitter.html), blocks


def preview_items(blocks):
    """The blocks as the unsaved links a reader would be shown, for a preview of the form's
    text (set as the story's ``public_related_items`` before ``body_with_inserts``): as
    ``RelatedItem.objects.public()``, only external links and our published stories."""
    stories = (
        Article.objects.published()
        .select_related("section")
        .in_bulk({block.target for block in blocks if block.target})
    )
    items = []
    for block in blocks:
        target = stories.get(block.target)
        if (block.target and target is None) or not (target or block.url):
            continue
        items.append(
            RelatedItem(
                kind=block.kind,
                target=target,
                url="" if target else block.url,
                title=block.title,
                after_block=block.after_block,
            )
        )
    return items


def same_links(article, blocks):
    """Do these blocks place the story's links where they are (nothing to save)?"""
    count = len(split_blocks(article.body))
    stored = [
        (item.kind, item.target_id, item.url, item.title, min(item.after_block, count))
        for item in article.related_items.order_by("after_block", "pk")
    ]
    return stored == [(b.kind, b.target, b.url, b.title, b.after_block) for b in blocks]


def _opening(block):
    """A block's first words, as a place is named by them."""
    text = " ".join(unescape(strip_tags(block)).split())
    return Truncator(text).words(6, "…")


def _place(body, after_block):
    """Where a block sits, in words: "before the body", "after “The ministers met…”"."""
    blocks = split_blocks(body)
    if after_block == 0 or not blocks:
        return _("before the body")
    return _("after “%(words)s”") % {"words": _opening(blocks[min(after_block, len(blocks)) - 1])}


def places(body):
    """Where a link may go in this body: (after_block, "After “…”") for a choice."""
    choices = [(0, _("Before the body"))]
    for number, block in enumerate(split_blocks(body), start=1):
        choices.append((number, _("After “%(words)s”") % {"words": _opening(block)}))
    return choices


def check_blocks(article, body, blocks):
    """Refuse blocks the story may not keep (never a server error): a Recommended slot
    without one of our stories, an external link without a web address or link text,
    a story that does not exist or is in the trash. A block the story already had,
    unchanged, is kept as it is even if it would not be accepted today (an import's
    link, a story moved to the trash since): the editor may save the rest."""
    existing = {}
    if article.pk:
        existing = {item.pk: item for item in article.related_items.all()}
    targets = {b.target for b in blocks if b.target}
    live = set(Article.objects.filter(pk__in=targets).values_list("pk", flat=True))
    errors = []
    for block in blocks:
        item = existing.get(block.item)
        if item is not None and (item.kind, item.target_id, item.url, item.title) == (
            block.kind,
            block.target,
            block.url,
            block.title,
        ):
            continue
        candidate = RelatedItem(
            article=article if article.pk else None,
            kind=block.kind,
            target_id=block.target if block.target in live else None,
            url=block.url,
            title=block.title,
            after_block=block.after_block,
        )
        problems = []
        if block.target and block.target not in live:
            problems.append(_("That story no longer exists or is in the trash."))
        try:
            candidate.clean_fields(exclude=["article", "target", "after_block"])
            if not problems:
                candidate.clean()
        except ValidationError as error:
            problems.extend(error.messages)
        if problems:
            label = dict(RelatedItem.Kind.choices).get(block.kind, _("link"))
            where = _place(body, block.after_block)
            errors.extend(
                _("The %(kind)s %(place)s: %(problem)s")
                % {"kind": label, "place": where, "problem": problem}
                for problem in problems
            )
    if errors:
        raise ValidationError(errors)


def save_blocks(article, blocks):
    """Make the story's READ MORE and Recommended rows match the blocks: each block keeps
    the row it was drawn from (moved, or changed, only if it was), new blocks get new
    rows, and rows with no block left are deleted.

    Rows are read in ``after_block`` then ``pk`` order: of two blocks in the same place,
    the second gets a new row if its own would come first.
    """
    existing = {item.pk: item for item in article.related_items.all()}
    kept, last_in_place = set(), {}
    for block in blocks:
        item = existing.get(block.item) if block.item not in kept else None
        if item is not None and item.pk < last_in_place.get(block.after_block, 0):
            item = None
        values = {
            "kind": block.kind,
            "target_id": block.target,
            "url": block.url,
            "title": block.title,
            "after_block": block.after_block,
        }
        if item is None:
            item = RelatedItem.objects.create(article=article, **values)
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
        kept.add(item.pk)
        last_in_place[block.after_block] = item.pk
    # Each deletion sends its signal, for the page cache (pagecache/invalidation.py).
    RelatedItem.objects.filter(pk__in=[pk for pk in existing if pk not in kept]).delete()
