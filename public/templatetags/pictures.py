"""The {% picture %} tag: an image as a responsive <picture> of its stored renditions.

    {% load pictures %}
    {% picture story.hero_image crop="wide" sizes="card" %}
    {% picture article.hero_image sizes="hero" fetchpriority="high" %}

WebP renditions in a <source>, JPEG ones in the <img> for browsers without WebP,
``sizes`` so the browser fetches the smallest copy that fills the slot, and the
crop's width and height so the page does not jump as pictures arrive. Pictures are
lazy by default; ``fetchpriority="high"`` (the lead picture, the story's hero) makes
one load at once, first.

The tag reads ``image.renditions.all()``: lists prefetch them (``for_cards`` and
``for_story_page``), so a page of cards costs one query for all its renditions. An
image without renditions (not made yet, or unreadable) is drawn from its original
file; the page never makes renditions itself.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# How wide each slot is drawn (see static/css/site.css), named so templates agree.
SIZES = {
    # A card in the grid (about four across a 76rem page, two on a tablet, one on a
    # phone) or a row of a section listing (16rem beside its text).
    "card": "(max-width: 33rem) 100vw, (max-width: 60rem) 50vw, 18rem",
    # The lead card: the full column on a phone or tablet, most of the page's width after.
    "lead": "(max-width: 60rem) 100vw, 50rem",
    # The story's hero picture: at most 56rem wide.
    "hero": "(max-width: 56rem) 100vw, 56rem",
    # Pictures in a story's body (articles/body.py): the text's column (40rem), wide as
    # the hero, or the reader's whole window.
    "column": "(max-width: 40rem) 100vw, 40rem",
    "wide": "(max-width: 56rem) 100vw, 56rem",
    "full": "100vw",
    # A square thumbnail beside a headline or an author's name.
    "thumbnail": "6rem",
}
# The <img src> for browsers that ignore srcset: the first copy at least this wide.
FALLBACK_WIDTH = 960


def renditions_of(image, crop):
    """The image's renditions in one crop, by format and then width (prefetched or not)."""
    by_format = {}
    for rendition in image.renditions.all():
        if rendition.crop == crop and rendition.file:
            by_format.setdefault(rendition.format, []).append(rendition)
    for renditions in by_format.values():
        renditions.sort(key=lambda r: r.width)
    return by_format


def srcset(renditions):
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


def fallback_copy(renditions):
    return next((r for r in renditions if r.width >= FALLBACK_WIDTH), renditions[-1])


@register.simple_tag
def picture(image, crop="original", sizes="card", loading=None, fetchpriority=None):
    """An image as <picture>: renditions of ``crop`` when made, else the original file.

    ``sizes`` is a name from SIZES or a sizes attribute of its own. ``fetchpriority``
    "high" loads the picture at once; otherwise ``loading`` defaults to "lazy".
    An empty ``fetchpriority`` (``as_lead|yesno:"high,"``) means none.
    """
    if not image or not image.file:
        return ""
    sizes = SIZES.get(sizes, sizes)
    if fetchpriority:
        loading = loading or "eager"
    loading = loading or "lazy"
    behaviour = [("loading", loading), ("decoding", "async")]
    if fetchpriority:
        behaviour.append(("fetchpriority", fetchpriority))

    by_format = renditions_of(image, crop)
    jpegs, webps = by_format.get("jpeg", []), by_format.get("webp", [])
    if jpegs:
        largest = jpegs[-1]
        src, width, height = fallback_copy(jpegs).file.url, largest.width, largest.height
        img_srcset = [("srcset", srcset(jpegs)), ("sizes", sizes)]
    else:
        # Nothing made yet: the original, which is what the page showed before renditions.
        src, width, height = image.file.url, image.width, image.height
        img_srcset = []
    if webps and not jpegs:
        largest = webps[-1]
        width, height = largest.width, largest.height
    attributes = [
        ("src", src),
        *img_srcset,
        *([("width", width), ("height", height)] if width and height else []),
        ("alt", image.alt_text),
        *behaviour,
    ]
    img = format_html("<img{}>", format_html_join("", ' {}="{}"', attributes))
    if not webps:
        return format_html("<picture>{}</picture>", img)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        srcset(webps),
        sizes,
        img,
    )
