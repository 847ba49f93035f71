"""The blocks of a story's body beyond text: pictures, galleries, embedded posts, tables.

The stored body (sanitised by articles/richtext.py) holds each of them as a small
element that names what it shows, never the markup readers get:

- a picture: ``<figure data-picture="12" data-size="wide" data-href="https://…">``
  with an optional ``<figcaption>`` that replaces the library's caption in this story;
- a gallery: ``<div data-gallery="12 13 14">``, the library's pictures in that order;
- an embedded post or video: ``<figure data-embed="https://…" data-author="…"
  data-date="2026-12-01">`` with the quoted text in a ``<blockquote>``;
- a table, as the editor makes it, with its caption in ``data-caption``.

So a picture's renditions, credit and alt text are always the library's current ones,
and what a provider's frame needs is worked out here, once, for every surface: readers'
pages (``parts``), and feeds and the content API (``portable``), which get plain
figures, images and links.

An embed loads nothing from its provider until the reader asks: the page has the text,
the author and a link, and static/js/story.js swaps in the provider's frame on a click.
The frame's origin is allowed by that page's own Content Security Policy only
(``frame_origins``, kept on the story when it is saved).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

SIZES = ("column", "wide", "full")

# --- providers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """A service whose posts or videos an editor may embed."""

    code: str
    name: str
    kind: str  # "video" or "post": how tall its frame is
    hosts: tuple
    path: str  # a pattern the address's path must match (its groups feed ``frame``)
    frame: str = ""  # the frame's address, from the path's groups; empty: a link only
    oembed: str = ""  # the provider's oEmbed endpoint, where it needs no account

    def matches(self, host, path):
        if self.hosts and host not in self.hosts:
            return None
        return re.fullmatch(self.path, path)


PROVIDERS = (
    Provider(
        "x", "X", "post", ("x.com", "twitter.com", "mobile.twitter.com", "www.twitter.com"),
        r"/(?P<user>\w{1,30})/status/(?P<id>\d{1,25})/?",
        "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
        "https://publish.twitter.com/oembed?omit_script=1&dnt=true&url={url}",
    ),
    Provider(
        "youtube", "YouTube", "video", ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),  # noqa: E501
        r"/(?:watch|(?:shorts|embed|live)/(?P<path_id>[\w-]{6,20})|(?P<short_id>[\w-]{6,20}))/?",
        "https://www.youtube-nocookie.com/embed/{id}",
        "https://www.youtube.com/oembed?format=json&url={url}",
    ),
    Provider(
        "vimeo", "Vimeo", "video", ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
        r"(?:/video)?/(?P<id>\d{3,15})/?",
        "https://player.vimeo.com/video/{id}?dnt=1",
        "https://vimeo.com/api/oembed.json?url={url}",
    ),
    Provider(
        "instagram", "Instagram", "post", ("instagram.com", "www.instagram.com"),
        r"/(?P<type>p|reel|tv)/(?P<id>[\w-]{5,40})/?",
        "https://www.instagram.com/{type}/{id}/embed/",
    ),
    Provider(
        "facebook", "Facebook", "post", ("facebook.com", "www.facebook.com", "m.facebook.com", "fb.watch"),  # noqa: E501
        r"/.{1,300}",
        "https://www.facebook.com/plugins/post.php?href={url}",
    ),
    Provider(
        "tiktok", "TikTok", "video", ("tiktok.com", "www.tiktok.com"),
        r"/@[\w.-]{1,40}/video/(?P<id>\d{5,25})/?",
        "https://www.tiktok.com/embed/v2/{id}",
        "https://www.tiktok.com/oembed?url={url}",
    ),
    Provider(
        # Bluesky's frame needs the account's DID; an address with a handle is a link.
        "bluesky", "Bluesky", "post", ("bsky.app",),
        r"/profile/(?P<did>did:plc:[a-z0-9]{10,40}|[\w.-]{1,253})/post/(?P<id>[a-z0-9]{5,20})/?",
        "https://embed.bsky.app/embed/{did}/app.bsky.feed.post/{id}",
        "https://embed.bsky.app/oembed?url={url}",
    ),
    Provider(
        # Any server: Mastodon's addresses have their own shape.
        "mastodon", "Mastodon", "post", (),
        r"/(?P<user>@\w{1,30}(?:@[\w.-]{1,100})?)/(?P<id>\d{5,25})/?",
        "https://{host}/{user}/{id}/embed",
        "https://{host}/api/oembed?url={url}",
    ),
)  # fmt: skip


def safe_url(value):
    """``value`` if it is an http(s) address with a host, else "" (never script)."""
    value = (value or "").strip()
    if len(value) > 2000 or any(c.isspace() or ord(c) < 32 for c in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


@dataclass(frozen=True)
class Found:
    """An address matched to its provider: what it is, and the frame that shows it."""

    provider: Provider
    url: str
    frame: str  # empty when the provider's frame cannot be made from the address

    @property
    def frame_origin(self):
        parts = urlsplit(self.frame)
        return f"{parts.scheme}://{parts.netloc}" if self.frame else ""

    @property
    def oembed(self):
        if not self.provider.oembed:
            return ""
        return self.provider.oembed.format(url=quote(self.url, safe=""), host=_host(self.url))


def _host(url):
    return (urlsplit(url).hostname or "").lower()


def find_provider(url):
    """The provider an embed's address belongs to, or None."""
    url = safe_url(url)
    if not url:
        return None
    parts = urlsplit(url)
    host, path = _host(url), parts.path or "/"
    for provider in PROVIDERS:
        match = provider.matches(host, path)
        if match is None:
            continue
        values = {k: v for k, v in match.groupdict().items() if v}
        if provider.code == "youtube":
            values["id"] = values.get("path_id") or values.get("short_id") or ""
            if host != "youtu.be" and path.startswith("/watch"):
                values["id"] = (parse_qs(parts.query).get("v") or [""])[0]
            if not re.fullmatch(r"[\w-]{6,20}", values["id"]):
                continue
        if provider.code == "bluesky" and not values.get("did", "").startswith("did:"):
            return Found(provider, url, "")
        frame = provider.frame.format(host=host, url=quote(url, safe=""), **values)
        return Found(provider, url, frame)
    return None


# --- the blocks as stored ----------------------------------------------------------------


class _FirstTags(HTMLParser):
    """The attributes of a block's outer element and the text of what it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tag, self.attributes, self.inner = None, {}, {}
        self._open = []

    def handle_starttag(self, tag, attrs):
        if self.tag is None:
            self.tag, self.attributes = tag, dict(attrs)
        else:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            name = self._open[0]
            self.inner[name] = self.inner.get(name, "") + data


def _read(block):
    parser = _FirstTags()
    parser.feed(block)
    parser.close()
    return parser


def _ids(value):
    return [int(part) for part in re.findall(r"\d{1,12}", value or "")]


@dataclass
class BodyPicture:
    """A library picture placed in the body, as a reader sees it."""

    kind = "picture"  # its name in Article.body_with_inserts
    image_id: int
    size: str = "column"
    href: str = ""
    caption_override: str = ""
    image: object = None  # the library's Image, once loaded

    @property
    def caption(self):
        return self.caption_override or (self.image.caption if self.image else "")


@dataclass
class Gallery:
    kind = "gallery"
    pictures: list = field(default_factory=list)


@dataclass
class Embed:
    kind = "embed"
    url: str
    text: str = ""
    author: str = ""
    date: str = ""  # as the editor gave it: 2026-12-01
    found: Found = None

    @property
    def day(self):
        try:
            return date.fromisoformat(self.date)
        except ValueError:
            return None

    @property
    def provider_name(self):
        return self.found.provider.name if self.found else urlsplit(self.url).hostname

    @property
    def shape(self):
        """ "video" or "post": how tall its frame is drawn."""
        return self.found.provider.kind if self.found else "post"

    @property
    def frame(self):
        return self.found.frame if self.found else ""


@dataclass
class Table:
    kind = "table"
    html: str  # the table as readers get it: its caption, th scopes, its own scroll box


def read_block(block):
    """A stored block as what it shows (BodyPicture, Gallery, Embed, Table), or None for
    text (paragraphs, subheadings, lists, quotations)."""
    if not block.startswith(("<figure", "<div", "<table")):
        return None
    parsed = _read(block)
    attributes = parsed.attributes
    if parsed.tag == "figure" and "data-picture" in attributes:
        ids = _ids(attributes["data-picture"])
        if not ids:
            return None
        size = attributes.get("data-size")
        return BodyPicture(
            image_id=ids[0],
            size=size if size in SIZES else "column",
            href=safe_url(attributes.get("data-href")),
            caption_override=" ".join(parsed.inner.get("figcaption", "").split()),
        )
    if parsed.tag == "div" and "data-gallery" in attributes:
        return Gallery([BodyPicture(image_id=pk) for pk in _ids(attributes["data-gallery"])])
    if parsed.tag == "figure" and "data-embed" in attributes:
        url = safe_url(attributes["data-embed"])
        if not url:
            return None
        return Embed(
            url=url,
            text=parsed.inner.get("blockquote", "").strip(),
            author=(attributes.get("data-author") or "").strip(),
            date=(attributes.get("data-date") or "").strip(),
            found=find_provider(url),
        )
    if parsed.tag == "table":
        return Table(reader_table(block, attributes.get("data-caption", "")))
    return None


def shows_pictures(html):
    """Whether a stored body may show a library picture (a quick look, no parsing)."""
    return "data-picture=" in html or "data-gallery=" in html


def image_ids(blocks):
    """The ids of the library pictures the body's blocks show, in order."""
    ids = []
    for block in blocks:
        found = read_block(block)
        if isinstance(found, BodyPicture):
            ids.append(found.image_id)
        elif isinstance(found, Gallery):
            ids.extend(picture.image_id for picture in found.pictures)
    return list(dict.fromkeys(ids))


def frame_origins(blocks):
    """The origins of the frames the body's embeds may load (for its page's policy)."""
    origins = []
    for block in blocks:
        found = read_block(block)
        if isinstance(found, Embed) and found.frame:
            origins.append(found.found.frame_origin)
    return sorted(set(origins))


def with_images(found, images):
    """``found`` (a block from ``read_block``) with its pictures loaded from ``images``
    (id → Image); pictures no longer in the library are left out."""
    if isinstance(found, BodyPicture):
        found.image = images.get(found.image_id)
        return found if found.image is not None else None
    if isinstance(found, Gallery):
        for picture in found.pictures:
            picture.image = images.get(picture.image_id)
        found.pictures = [picture for picture in found.pictures if picture.image is not None]
        return found if found.pictures else None
    return found


# --- tables --------------------------------------------------------------------------------


class _TableRewriter(HTMLParser):
    """Readers' table: header cells get their scope (a column's head in the first row, a
    row's head at a row's start), the caption comes in as <caption>."""

    def __init__(self, caption):
        super().__init__(convert_charrefs=False)
        self.out, self.caption = [], caption
        self._row, self._cell = -1, -1

    def handle_starttag(self, tag, attrs):
        attributes = [(name, value) for name, value in attrs if name != "data-caption"]
        if tag == "tr":
            self._row += 1
            self._cell = -1
        if tag in ("th", "td"):
            self._cell += 1
        if tag == "th":
            scope = "col" if self._row == 0 else "row" if self._cell == 0 else None
            if scope:
                attributes.append(("scope", scope))
        text = "".join(f' {name}="{escape(value or "", quote=True)}"' for name, value in attributes)
        self.out.append(f"<{tag}{text}>")
        if tag == "table" and self.caption:
            self.out.append(f"<caption>{escape(self.caption)}</caption>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def reader_table(block, caption=""):
    """The stored (sanitised) table with scopes and caption, in a box of its own that
    scrolls sideways on a phone and can be scrolled by keyboard."""
    caption = " ".join(unescape(caption or "").split())
    rewriter = _TableRewriter(caption)
    rewriter.feed(block)
    rewriter.close()
    label = caption or _("Table")
    return format_html(
        '<div class="table-box" role="region" tabindex="0" aria-label="{}">{}</div>',
        label,
        mark_safe("".join(rewriter.out)),  # noqa: S308 -- rebuilt from sanitised HTML, escaped
    )


# --- feeds and the content API ---------------------------------------------------------------


def portable_block(found, image_url):
    """A block as plain HTML for feeds and the content API: figures with an <img>, an
    embed as its text and a link, a table as readers get it. ``image_url(image)`` is the
    address of a picture's largest copy."""
    if isinstance(found, BodyPicture):
        return _portable_figure(found, image_url)
    if isinstance(found, Gallery):
        return "".join(_portable_figure(picture, image_url) for picture in found.pictures)
    if isinstance(found, Embed):
        source = ", ".join(part for part in (found.author, found.date) if part)
        return format_html(
            '<blockquote cite="{}">{}<p>{}<a href="{}">{}</a></p></blockquote>',
            found.url,
            format_html("<p>{}</p>", found.text) if found.text else "",
            f"{source}, " if source else "",
            found.url,
            found.url,
        )
    if isinstance(found, Table):
        return found.html
    return ""


def largest_copy(image):
    """The address of a picture's largest JPEG copy (no camera metadata), else of its
    original until renditions are made. Reads prefetched renditions."""
    copies = [
        r for r in image.renditions.all() if r.crop == "original" and r.format == "jpeg" and r.file
    ]
    return max(copies, key=lambda r: r.width).file.url if copies else image.file.url


def _portable_figure(picture, image_url):
    image = picture.image
    caption = " / ".join(part for part in (picture.caption, image.credit) if part)
    img = format_html('<img src="{}" alt="{}">', image_url(image), image.alt_text)
    if picture.href:
        img = format_html('<a href="{}">{}</a>', picture.href, img)
    return format_html(
        "<figure>{}{}</figure>",
        img,
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
    )
