"""The story's checklist: what publishing still needs, and what would make it read better.

One list for every place that asks: the story screen's panel (recomputed from the form
as the editor types, desk/admin/story_screen.py) and the workflow, whose refusal to
publish names the blocking items still open (``workflow.still_needed``).

Items that block publishing are the story's parts readers must have: headline, section,
standfirst, body, a hero picture with alt text, an author or an agency. The others are
advice, from the accessibility rules a newsroom keeps (WCAG 2.2): alt text that says
what the picture shows (not a file name), subheadings in order under the headline
(level 2 first, none skipped), and link text that says where the link goes ("here" and
a bare address do not).

``items(article)`` reads the story as it is given: a saved one, or the unsaved copy the
story screen builds from its form, whose byline and agencies are handed to it as
prefetched lists (no query then).
"""

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from articles.text import reading_minutes, word_count


@dataclass(frozen=True)
class Item:
    key: str  # which check: "headline", "alt_text", "headings" …
    label: str  # what the list says is checked
    passed: bool
    blocks: bool  # True: publishing waits for it; False: advice
    needs: str = ""  # for a blocking item, "it still needs …" (workflow's refusal)
    detail: str = ""  # what is wrong, when it has not passed


# --- what the body says ---------------------------------------------------------------


class _Outline(HTMLParser):
    """The body's headings (level, text) and links (address, text), in order."""

    HEADING = re.compile(r"h([1-6])")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.links = [], []
        self._heading = None  # [level, text parts] while inside one
        self._link = None  # [href, text parts] while inside one

    def handle_starttag(self, tag, attrs):
        if match := self.HEADING.fullmatch(tag):
            self._heading = [int(match.group(1)), []]
        elif tag == "a":
            self._link = [dict(attrs).get("href") or "", []]

    def handle_endtag(self, tag):
        if self._heading and self.HEADING.fullmatch(tag):
            level, parts = self._heading
            self.headings.append((level, " ".join("".join(parts).split())))
            self._heading = None
        elif tag == "a" and self._link:
            href, parts = self._link
            self.links.append((href, " ".join("".join(parts).split())))
            self._link = None

    def handle_data(self, data):
        for open_element in (self._heading, self._link):
            if open_element:
                open_element[1].append(data)


def outline(html):
    parser = _Outline()
    parser.feed(html or "")
    parser.close()
    return parser


def heading_problem(headings):
    """What is out of order among the body's subheadings, or "".

    The headline is the page's level 1; the body's first subheading is level 2, and a
    level is never skipped on the way down (a level 3 straight after the headline, or a
    4 after a 2, leaves a screen reader's outline with a gap).
    """
    previous = 1
    for level, text in headings:
        if level == 1:
            return _("“%(text)s” is a level-1 heading: the headline is the only one.") % {
                "text": text
            }
        if level > previous + 1:
            if previous == 1:
                return _("“%(text)s” is a level-%(level)d subheading before any level-2 one.") % {
                    "text": text,
                    "level": level,
                }
            return _("“%(text)s” (level %(level)d) skips a level after level %(previous)d.") % {
                "text": text,
                "level": level,
                "previous": previous,
            }
        previous = level
    return ""


# Link text that says nothing of where it goes, in the newsroom's editions' languages
# (folded: lower case, no accents, no punctuation around).
VAGUE_LINK_TEXT = {
    # English
    "here", "click here", "click", "this", "this link", "link", "more", "read more",
    "learn more", "find out more", "see more", "this page", "this article", "this story",
    "website", "page", "go",
    # Türkçe
    "burada", "buraya", "buraya tiklayin", "buraya tikla", "tiklayin", "tikla", "baglanti",
    "devami", "daha fazla", "bu sayfa",
    # العربية
    "هنا", "اضغط هنا", "انقر هنا", "المزيد", "رابط", "اقرأ المزيد",
}  # fmt: skip
_BARE_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|gov|int)(?:/\S*)?", re.I)


def _folded(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.strip(" \t\n.,:;!?…()[]“”\"'«»-–—→›>").split())


def link_problem(links):
    """What is wrong with the first link whose text does not say where it goes, or ""."""
    for href, text in links:
        if not text:
            return _("A link to %(address)s has no text.") % {"address": href}
        if _folded(text) in VAGUE_LINK_TEXT:
            return _("“%(text)s” does not say where the link goes.") % {"text": text}
        if _BARE_ADDRESS.fullmatch(text.strip()):
            return _("“%(text)s” is a bare address: say what it leads to.") % {"text": text}
    return ""


# "IMG_2041.jpg", "DSC01234", "blinken-cavusoglu.png", "photo 12": what a camera or a
# file manager names a picture, not what it shows.
_FILE_NAME = re.compile(
    r"\S+\.(?:jpe?g|png|gif|webp|avif|heic|heif|tiff?|bmp|svg)"
    r"|(?:img|dsc|dscn|dscf|dcim|pxl|pic|photo|image|screenshot|foto|resim)[\s_-]*\d+\S*",
    re.I,
)


def looks_like_a_file_name(text):
    return bool(_FILE_NAME.fullmatch(text.strip()))


# --- the list -------------------------------------------------------------------------


def _required(key, label, needs, passed, detail=""):
    return Item(key, label, passed, blocks=True, needs=needs, detail="" if passed else detail)


def _advice(key, label, problem):
    return Item(key, label, passed=not problem, blocks=False, detail=problem)


def items(article):
    """The checklist for ``article``: the blocking items first, then the advice."""
    picture = article.hero_image if article.hero_image_id else None
    alt = picture.alt_text.strip() if picture else ""
    credited = article.bylines.exists() or article.article_sources.exists()
    found = outline(article.body)
    checks = [
        _required("headline", _("Headline"), _("a headline"), bool(article.headline.strip())),
        _required("section", _("Section"), _("a section"), bool(article.section_id)),
        _required(
            "standfirst", _("Standfirst"), _("a standfirst"), bool(article.standfirst.strip())
        ),
        _required("body", _("Body"), _("a body"), bool(article.body.strip())),
        _required("picture", _("Hero picture"), _("a hero image"), picture is not None),
    ]
    if picture is not None:
        checks.append(
            _required(
                "alt_text", _("Alt text on the hero picture"), _("alt text on the hero image"),
                bool(alt),
                _("Describe the picture on its own page (the pencil beside it)."),
            )
        )  # fmt: skip
    checks.append(
        _required("byline", _("An author or an agency"), _("an author or a source"), credited)
    )
    if alt:
        checks.append(
            _advice(
                "alt_describes",
                _("Alt text says what the picture shows"),
                _("“%(alt)s” looks like a file name: say what the picture shows.") % {"alt": alt}
                if looks_like_a_file_name(alt)
                else "",
            )
        )
    checks += [
        _advice("headings", _("Subheadings in order"), heading_problem(found.headings)),
        _advice("link_text", _("Link text says where each link goes"), link_problem(found.links)),
    ]
    return checks


def still_needed(article):
    """What publishing waits for, as "it still needs …" names it: empty when complete."""
    return [item.needs for item in items(article) if item.blocks and not item.passed]


def counts(article):
    """The body's words and reading minutes (the story page's "N MIN READ")."""
    return {"words": word_count(article.body), "minutes": reading_minutes(article.body)}
