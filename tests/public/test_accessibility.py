"""WCAG 2.2 AA for readers, checked on every public page type without a browser.

Each page is drawn by Django's test client and read with html.parser: one h1, headings in
order, lang on <html> (and on a section name in another language), a skip link that is the
first thing Tab reaches and lands on <main id="content">, the header / nav / main / footer
landmarks with a name for each nav, alt text on every picture, a label for every field,
no duplicate ids and a name for every link.

What needs a browser (contrast, visible focus, keyboard order, reflow at 390px) was
checked with axe-core and Playwright in Chromium; see the accessibility notes in
templates/base.html and static/css/site.css.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Correction, ExplorePick, RelatedItem
from articles.renditions import make_renditions
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HEADLINE = "Blinken underlines ‘continued coordination’ after meeting with Cavusoglu"
BODY = (
    "<p>US Secretary of State Antony Blinken has said he looks forward to continued "
    "coordination with Türkiye.</p>"
    "<p>He also posted photos taken during the meeting.</p>"
    "<h2>'Positive bilateral agenda'</h2>"
    "<p>The mechanism was launched last April.</p>"
    "<h3>Defence</h3>"
    "<p>They discussed the modernization of Türkiye’s F-16 fleet.</p>"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
LANDMARK_PARENTS = {"article", "aside", "main", "nav", "section"}
NOT_FIELDS = {"hidden", "submit", "button", "reset"}


class Page(HTMLParser):
    """What an accessibility check needs from a page, gathered in one pass."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # open elements: (tag, attrs)
        self.html_lang = None
        self.headings = []  # (level, text)
        self.ids = []
        self.focusable = []  # (tag, attrs), in document order
        self.landmarks = []  # (tag, attrs, inside_sectioning_element)
        self.images = []  # attrs
        self.fields = []  # attrs of inputs, selects and text areas
        self.labels_for = set()
        self.links = []  # [attrs, text]
        self.forms = []  # attrs
        self.langs = []  # (tag, lang, text)
        self._heading = None
        self._open_links = []
        self._open_langs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if self._focusable(tag, attrs):
            self.focusable.append((tag, attrs))
        if tag in {"header", "nav", "main", "footer"}:
            inside = any(open_tag in LANDMARK_PARENTS for open_tag, _ in self.stack)
            self.landmarks.append((tag, attrs, inside))
        if tag == "img":
            self.images.append(attrs)
            for link in self._open_links:
                link[1] += " " + (attrs.get("alt") or "")
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in NOT_FIELDS:
            wrapped = any(open_tag == "label" for open_tag, _ in self.stack)
            self.fields.append({**attrs, "wrapped in a label": wrapped})
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag == "form":
            self.forms.append(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = [int(tag[1]), ""]
            self.headings.append(self._heading)
        if tag == "a" and "href" in attrs:
            link = [attrs, ""]
            self.links.append(link)
            self._open_links.append(link)
        if tag != "html" and attrs.get("lang"):
            entry = [tag, attrs["lang"], ""]
            self.langs.append(entry)
            self._open_langs.append(entry)
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag not in [open_tag for open_tag, _ in self.stack]:
            return
        while self.stack:
            open_tag, attrs = self.stack.pop()
            if open_tag == "a" and "href" in attrs:
                self._open_links.pop()
            if open_tag != "html" and attrs.get("lang"):
                self._open_langs.pop()
            if open_tag == tag:
                break
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        for link in self._open_links:
            link[1] += data
        for entry in self._open_langs:
            entry[2] += data

    @staticmethod
    def _focusable(tag, attrs):
        # tabindex="-1" (as on <main>) takes focus from a script or a link, never from Tab.
        if "disabled" in attrs or attrs.get("tabindex", "").startswith("-"):
            return False
        if tag == "a":
            return "href" in attrs
        if tag == "input":
            return attrs.get("type") != "hidden"
        return tag in {"button", "select", "textarea"} or "tabindex" in attrs


def read(html):
    page = Page()
    page.feed(html)
    page.close()
    return page


def problems(html):
    """Every way the page falls short; an empty list for a page that passes."""
    page = read(html)
    found = []

    if not page.html_lang:
        found.append("<html> has no lang")

    levels = [level for level, _ in page.headings]
    if levels.count(1) != 1:
        found.append(f"{levels.count(1)} h1 elements, not one")
    if levels and levels[0] != 1:
        found.append(f"the first heading is h{levels[0]}, not the h1")
    for (before, _), (level, text) in zip(page.headings, page.headings[1:], strict=False):
        if level > before + 1:
            found.append(f"h{before} is followed by h{level} ({text.strip()!r})")
    for level, text in page.headings:
        if not text.strip():
            found.append(f"an empty h{level}")

    main = [attrs for tag, attrs, _ in page.landmarks if tag == "main"]
    if len(main) != 1 or main[0].get("id") != "content":
        found.append('not exactly one <main id="content">')
    elif main[0].get("tabindex") != "-1":
        found.append('<main> lacks tabindex="-1", so the skip link cannot move focus to it')
    if not page.focusable:
        found.append("nothing to focus")
    else:
        tag, attrs = page.focusable[0]
        if (
            tag != "a"
            or attrs.get("href") != "#content"
            or "skip-link" not in attrs.get("class", "")
        ):
            found.append(f"the first focusable element is {tag} {attrs}, not the skip link")
    for tag in ("header", "footer"):
        # The page's banner and contentinfo: outside any article, section or main.
        if not any(t == tag and not inside for t, _, inside in page.landmarks):
            found.append(f"no page-level <{tag}>")
    navs = [attrs for tag, attrs, _ in page.landmarks if tag == "nav"]
    if len(navs) > 1:
        names = [attrs.get("aria-label") or attrs.get("aria-labelledby") for attrs in navs]
        if not all(names) or len(set(names)) != len(names):
            found.append(f"navs without a name of their own: {names}")
    searches = [attrs for attrs in page.forms if attrs.get("role") == "search"]
    if len(searches) > 1:
        names = [attrs.get("aria-label") for attrs in searches]
        if not all(names) or len(set(names)) != len(names):
            found.append(f"search landmarks without a name of their own: {names}")

    for attrs in page.images:
        if not (attrs.get("alt") or "").strip():
            found.append(f"an image without alt text: {attrs.get('src')}")

    for attrs in page.fields:
        labelled = attrs.get("id") in page.labels_for or attrs["wrapped in a label"]
        if not (labelled or attrs.get("aria-label") or attrs.get("aria-labelledby")):
            found.append(f"a field without a label: {attrs}")

    duplicates = [name for name, count in Counter(page.ids).items() if count > 1]
    if duplicates:
        found.append(f"duplicate ids: {duplicates}")

    for attrs, text in page.links:
        if not (text.strip() or attrs.get("aria-label", "").strip()):
            found.append(f"a link without a name: {attrs.get('href')}")

    return found


@pytest.fixture
def newsroom():
    """A small newsroom like the demo: the seed story with its picture and what surrounds it."""
    turkiye = SectionFactory(name="Türkiye", language="tr", description="News from Türkiye.")
    world = SectionFactory(name="World", language="en")
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    writer = AuthorFactory(
        name="Kazim Alam",
        role="Diplomatic correspondent",
        bio="Kazim Alam reports on diplomacy.",
        photo=ImageFactory(alt_text="Kazim Alam"),
    )
    picture = ImageFactory(
        alt_text="Blinken and Cavusoglu at the State Department",
        caption="The top diplomats have met four times.",
        credit_source=agency,
    )
    make_renditions(picture)
    read_more = ArticleFactory(headline="US to host Turkish FM", section=turkiye)
    recommended = ArticleFactory(headline="Türkiye, US sign nuclear deal", section=turkiye)
    story = ArticleFactory(
        headline=HEADLINE,
        standfirst="‘I look forward to continued coordination,’ says US secretary of state.",
        section=turkiye,
        body=BODY,
        hero_image=picture,
        sources=[agency],
        authors=[writer],
        tags=["Türkiye", "NATO"],
        published_at=datetime(2023, 1, 19, 12, 0, tzinfo=UTC),
    )
    RelatedItem.objects.create(
        article=story, kind=RelatedItem.Kind.RECOMMENDED, after_block=2, target=recommended
    )
    RelatedItem.objects.create(
        article=story, kind=RelatedItem.Kind.READ_MORE, after_block=50, target=read_more
    )
    Correction.objects.create(article=story, text="An earlier version misspelt a name.")
    for position in range(4):
        pick = ArticleFactory(section=world, authors=[writer], hero_image=picture)
        ExplorePick.objects.create(article=story, picked=pick, position=position)
    # More than a page of Türkiye stories, so its listing has a second page.
    for days in range(settings.NEWSROOM_PAGE_SIZE):
        ArticleFactory(
            section=turkiye,
            authors=[writer],
            sources=[agency],
            tags=["NATO"],
            hero_image=picture if days % 3 == 0 else None,
            published_at=datetime(2023, 1, 18, tzinfo=UTC) - timedelta(days=days),
        )
    story.turkiye, story.writer, story.agency = turkiye, writer, agency
    return story


def public_pages(story):
    """(name, address) of one page of each public type."""
    return [
        ("front page", reverse("articles:home")),
        ("section", story.turkiye.get_absolute_url()),
        ("section, page 2", story.turkiye.get_absolute_url() + "?page=2"),
        ("story", story.get_absolute_url()),
        ("tag", reverse("articles:tag", kwargs={"slug": "nato"})),
        ("tag, page 2", reverse("articles:tag", kwargs={"slug": "nato"}) + "?page=2"),
        ("author", story.writer.get_absolute_url()),
        ("source", story.agency.get_absolute_url()),
        ("search with results", reverse("articles:search") + "?q=Blinken"),
        ("search without results", reverse("articles:search") + "?q=zzzqqq"),
        ("search box alone", reverse("articles:search")),
    ]


def test_every_public_page_meets_the_checks(client, newsroom):
    failures = {}
    for name, address in public_pages(newsroom):
        response = client.get(address)
        assert response.status_code == 200, (name, address)
        found = problems(response.content.decode())
        if found:
            failures[name] = found
    assert failures == {}


def test_the_pages_are_the_full_ones(client, newsroom):
    # The checks above mean something only if the pages drew what a reader meets.
    page = read(client.get(newsroom.get_absolute_url()).content.decode())
    levels = [level for level, _ in page.headings]
    # Headline; the body's h2 and h3; Corrections; Explore and its cards.
    assert levels[:5] == [1, 2, 3, 2, 2] and set(levels[5:]) == {3}
    assert len(page.images) >= 5  # the hero and the four picked Explore cards
    assert {"Sections", "Sections (footer)"} <= {
        attrs.get("aria-label") for tag, attrs, _ in page.landmarks if tag == "nav"
    }
    listing = read(client.get(newsroom.turkiye.get_absolute_url()).content.decode())
    assert any(
        attrs.get("aria-label") == "Pages" for tag, attrs, _ in listing.landmarks if tag == "nav"
    )
    search = read(client.get(reverse("articles:search") + "?q=Blinken").content.decode())
    assert len(search.fields) == 2 and len(search.forms) == 2


def test_an_empty_front_page_meets_the_checks(client):
    assert problems(client.get(reverse("articles:home")).content.decode()) == []


def test_the_not_found_page_meets_the_checks(client, newsroom):
    response = client.get("/no-such-section-xyz/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert problems(response.content.decode()) == []


def test_the_refused_page_meets_the_checks(newsroom):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert problems(render(request, "403.html").content.decode()) == []


def test_the_server_error_page_meets_the_checks():
    # Drawn with no request and no context processors, as Django draws it after a fault.
    html = render_to_string("500.html")
    assert read(html).html_lang == settings.NEWSROOM_LANGUAGE
    assert problems(html) == []


def test_html_lang_is_the_site_language(client, settings):
    settings.NEWSROOM_LANGUAGE = "tr"
    assert read(client.get(reverse("articles:home")).content.decode()).html_lang == "tr"


def test_a_section_name_in_another_language_says_so(client, newsroom):
    # Türkiye is written in Turkish: screen readers pronounce it, and CSS capitals it, as such.
    def turkish(address):
        page = read(client.get(address).content.decode())
        return [(tag, text.strip()) for tag, lang, text in page.langs if lang == "tr"]

    story = turkish(newsroom.get_absolute_url())
    assert ("a", "Türkiye") in story  # the navigation
    assert ("a", "TÜRKİYE") in story  # the kicker
    assert ("span", "TÜRKİYE") in story  # the Recommended story's kicker
    assert ("h1", "Türkiye") in turkish(newsroom.turkiye.get_absolute_url())
    assert ("a", "Türkiye ›") in turkish(reverse("articles:home"))  # the front page's heading


def test_the_checks_catch_what_they_should():
    # Each check fails on a page made to break it, so a passing page proves something.
    good = (
        '<!doctype html><html lang="en"><body><a class="skip-link" href="#content">Skip</a>'
        '<header><nav aria-label="Sections"><a href="/a/">A</a></nav></header>'
        '<main id="content" tabindex="-1"><h1>Title</h1><h2>Part</h2>'
        '<img src="x.png" alt="A picture"><label for="q">Search</label><input id="q">'
        '</main><footer><nav aria-label="More"><a href="/b/">B</a></nav></footer></body></html>'
    )
    assert problems(good) == []
    broken = {
        "no lang": good.replace(' lang="en"', ""),
        "two h1": good.replace("<h2>Part</h2>", "<h1>Part</h1>"),
        "skipped level": good.replace("<h2>Part</h2>", "<h3>Part</h3>"),
        "no skip link first": good.replace('<a class="skip-link" href="#content">Skip</a>', ""),
        "no main": good.replace('<main id="content" tabindex="-1">', "<div>"),
        "no footer": good.replace("<footer>", "<div>").replace("</footer>", "</div>"),
        "unnamed nav": good.replace(' aria-label="More"', ""),
        "no alt": good.replace(' alt="A picture"', ""),
        "empty alt": good.replace('alt="A picture"', 'alt=""'),
        "no label": good.replace('<label for="q">Search</label>', ""),
        "duplicate id": good.replace('<input id="q">', '<input id="q"><span id="q"></span>'),
        "empty link": good.replace('<a href="/a/">A</a>', '<a href="/a/"></a>'),
    }
    for name, html in broken.items():
        assert problems(html), name
