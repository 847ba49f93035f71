"""Known XSS payloads, sent in every way content gets in (the admin's forms, the ORM that
commands use, fixtures, the wire desk's agency import), and looked for on every surface
that shows it (story, author and tag pages, listings, search, feeds, the news sitemap,
JSON-LD, the admin with its previews and revision diffs).

Each payload is put in every text field at once: a story's headline, standfirst,
body and hero caption, its picture's alt text, caption and credit, its author's name
and bio, its tag's name and the title of a READ MORE link, beside a hostile link
address; the section's name and description hold payloads too. By the wire (ninjs and
NewsML-G2) the agency's byline and subjects make the authors and tags. A newsroom is
built once per way in; each surface is then read and parsed like a browser or a feed
reader would, and must hold no script, event handler, script-like address or style
injection, while still showing the payload's text: escaped, not dropped.

Every feed is read, the latest, the section's, each tag's and each author's, in both
formats, channel and items: what RSS readers take as HTML (every text element) must
hold no markup once the XML is decoded; what Atom calls plain text must say so.
"""

import json
import re
from datetime import timedelta
from io import BytesIO
from xml.sax.saxutils import escape as xml_escape

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html
from PIL import Image as PILImage

from articles.models import Article, Author, Byline, Image, RelatedItem, Section, Source
from desk import revisions
from tests.admin_forms import (
    article_form_data,
    form_errors,
    post_article,
    publish_through_workflow,
    related_block,
)
from wire.ingest import ingest_document
from wire.models import IngestChannel, WireItem

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<ScRiPt >alert(1)</sCrIpT >",
    "<scr<script>ipt>alert(2)</scr</script>ipt>",
    "<img src=x onerror=alert(3)>",
    '<img src="x" onerror="alert(4)" />',
    "<svg onload=alert(5)>",
    "<svg><script>alert(6)</script></svg>",
    '"><script>alert(7)</script>',
    "'><img src=x onerror=alert(8)>",
    '" onmouseover="alert(9)" x="',
    "</script><script>alert(10)</script>",
    "</title><script>alert(11)</script>",
    "<!--<script>alert(12)//-->",
    '<a href="javascript:alert(13)">link</a>',
    '<a href="JaVaScRiPt:alert(14)">link</a>',
    '<a href=" &#14;  javascript:alert(15)">link</a>',
    '<a href="jav&#x09;ascript:alert(16)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(17)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxOCk8L3NjcmlwdD4=">link</a>',
    '<a href="vbscript:msgbox(19)">link</a>',
    '<div style="background:url(javascript:alert(20))">styled</div>',
    '<p style="width: expression(alert(21))">styled</p>',
    "<style>@import 'https://evil.example/22.css';</style>",
    '<iframe src="javascript:alert(23)"></iframe>',
    '<object data="data:text/html,&lt;script&gt;alert(24)&lt;/script&gt;"></object>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(25)">',
    '<base href="https://evil.example/26/">',
    '<form action="javascript:alert(27)"><button>go</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(28)>",
    "<body onload=alert(29)>",
    "&lt;script&gt;alert(30)&lt;/script&gt;",
    "\uff1cscript\uff1ealert(31)\uff1c/script\uff1e \u202egnp.exe",
    "\u2028\u2029</script>alert(32)",
    "{{ 7|add:33 }}{% debug %}${alert(33)}",
    # The body's own blocks (articles/body.py): their links, addresses and captions.
    '<figure data-picture="1" data-href="javascript:alert(34)"></figure>',
    "<figure data-picture=1><figcaption><script>alert(35)</script></figcaption></figure>",
    '<figure data-embed="javascript:alert(36)" data-author="&quot;><script>alert(37)</script>">',
    """<figure data-embed="https://x.com/a/status/1" data-date="1'><script>alert(38)">""",
    '<figure data-embed="https://x.com/a/status/1&quot; onmouseover=&quot;alert(39)">',
    '<figure data-embed="https://youtu.be/abcdefgh&quot;&gt;&lt;script&gt;alert(40)">',
    '<table data-caption="</caption><script>alert(41)</script>"><tr><th>h</th></tr></table>',
    """<table><tr><th onclick="alert(42)">h</th></tr></table>""",
    """<div data-gallery="1 2'><script>alert(43)</script>" onmouseover="alert(44)"></div>""",
]

# External READ MORE addresses that must never become a link.
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
    "java\tscript:alert(4)",
    "javascript&#58;alert(5)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==",
    "vbscript:msgbox(7)",
    "\x01javascript:alert(8)",
    "ftp://files.example.org/9",
]

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
URL_ATTRIBUTES = {
    "href",
    "cite",
    "data-embed-frame",  # the frame story.js makes when a reader asks
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "math"}
JSON_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap"}


def hour_ago():
    return timezone.now() - timedelta(hours=1)


def picture_file():
    out = BytesIO()
    PILImage.new("RGB", (32, 24), "navy").save(out, "PNG")
    return out.getvalue()


# --- Ways in: each builds one story per payload -----------------------------------------


def by_orm(section):
    """What management commands and imports do: the ORM, without forms."""
    for number, payload in enumerate(PAYLOADS):
        author = Author.objects.create(name=payload, slug=f"writer-{number}", bio=payload)
        image = Image.objects.create(
            file=ContentFile(picture_file(), name="picture.png"),
            alt_text=payload,
            caption=payload,
            credit_text=payload,
        )
        story = Article.objects.create(
            headline=payload,
            slug=f"story-{number}",
            section=section,
            standfirst=payload,
            body=f"<p>Body {number}.</p>{payload}",
            hero_image=image,
            hero_caption=payload if number % 2 else "",  # else the picture's caption shows
            status=Article.Status.PUBLISHED,
            published_at=hour_ago(),
        )
        Byline.objects.create(article=story, author=author)
        story.tags.add(f"Topic {number} {payload}")
        RelatedItem.objects.create(
            article=story, after_block=1, url=f"https://ok.example/{number}", title=payload
        )
        RelatedItem.objects.create(
            article=story,
            after_block=1,
            url=HOSTILE_URLS[number % len(HOSTILE_URLS)],
            title="Hostile link",
        )


def by_fixture(section, tmp_path):
    """loaddata saves raw: no form, no Model.save(), no pre_save()."""
    stored = default_storage.save("images/fixture.png", ContentFile(picture_file()))
    now = hour_ago().isoformat()
    rows = []
    for number, payload in enumerate(PAYLOADS):
        pk = 1000 + number
        rows += [
            {
                "model": "articles.author",
                "pk": pk,
                "fields": {"name": payload, "slug": f"writer-{number}", "bio": payload},
            },
            {
                "model": "articles.image",
                "pk": pk,
                "fields": {
                    "file": stored,
                    "alt_text": payload,
                    "caption": payload,
                    "credit_text": payload,
                    "width": 32,
                    "height": 24,
                    "created_at": now,
                },
            },
            {
                "model": "articles.article",
                "pk": pk,
                "fields": {
                    "headline": payload,
                    "slug": f"story-{number}",
                    "section": section.pk,
                    "standfirst": payload,
                    "body": f"<p>Body {number}.</p>{payload}",
                    "hero_image": pk,
                    "hero_caption": payload if number % 2 else "",
                    "status": "published",
                    "published_at": now,
                    "created_at": now,
                    "modified_at": now,
                },
            },
            {"model": "articles.byline", "pk": pk, "fields": {"article": pk, "author": pk}},
            {
                "model": "articles.relateditem",
                "pk": 2 * pk,
                "fields": {
                    "article": pk,
                    "after_block": 1,
                    "url": f"https://ok.example/{number}",
                    "title": payload,
                },
            },
            {
                "model": "articles.relateditem",
                "pk": 2 * pk + 1,
                "fields": {
                    "article": pk,
                    "after_block": 1,
                    "url": HOSTILE_URLS[number % len(HOSTILE_URLS)],
                    "title": "Hostile link",
                },
            },
        ]
    fixture = tmp_path / "hostile.json"
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)


def by_admin(section, editor_client, producer_client):
    """The desk's own forms: the image library, authors (the producer's), the story form
    and the workflow (the editor's)."""
    for number, payload in enumerate(PAYLOADS):
        response = editor_client.post(
            reverse("admin:articles_image_add"),
            {
                "file": SimpleUploadedFile("p.png", picture_file(), "image/png"),
                "alt_text": payload,
                "caption": payload,
                "credit_text": payload,
                "_save": "Save",
            },
        )
        assert response.status_code == 302, form_errors(response)
        image = Image.objects.latest("pk")
        response = producer_client.post(
            reverse("admin:articles_author_add"),
            {"name": payload, "slug": f"writer-{number}", "role": "", "bio": payload},
        )
        assert response.status_code == 302, form_errors(response)
        author = Author.objects.get(slug=f"writer-{number}")
        response = post_article(
            editor_client,
            article_form_data(
                section=section,
                headline=payload,
                slug=f"story-{number}",
                # A READ MORE link with the payload for its text, after the first paragraph.
                body=f"<p>Body {number}.</p>"
                + related_block(url=f"https://ok.example/{number}", title=payload)
                + payload,
                standfirst=payload,
                hero_image=image.pk,
                hero_caption=payload if number % 2 else "",
                inlines={
                    "bylines": [{"author": author.pk, "position": 0}],
                },
            ),
        )
        assert response.status_code == 302, form_errors(response)
        publish_through_workflow(editor_client, Article.objects.get(slug=f"story-{number}"))


def ninjs_document():
    items = [
        {
            "uri": f"urn:agency:{number}",
            "headlines": [{"role": "main", "value": f"Wire {number} {payload}"}],
            "descriptions": [{"role": "summary", "value": payload}],
            "bodies": [{"role": "main", "contenttype": "text/html", "value": payload}],
            "by": f"Reporter {number} {payload}",
            "subjects": [{"name": f"Topic {number} {payload}"}],
        }
        for number, payload in enumerate(PAYLOADS)
    ]
    return json.dumps({"items": items}).encode()


def newsml_document():
    """A NewsML-G2 newsMessage: each payload is the text of its elements, as an agency's
    system would write it (escaped for XML, so it arrives as the characters it shows),
    beside a hostile XHTML body (a payload that is not XML could not be one)."""
    items = "".join(
        f"""
        <newsItem guid="urn:agency:{number}" version="1" standard="NewsML-G2">
          <itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:usable"/></itemMeta>
          <contentMeta>
            <headline>Wire {number} {text}</headline>
            <by>Reporter {number} {text}</by>
            <description role="drol:summary">{text}</description>
            <subject type="cpnat:abstract"><name>Topic {number} {text}</name></subject>
          </contentMeta>
          <contentSet><inlineXML contenttype="application/xhtml+xml">
            <html xmlns="http://www.w3.org/1999/xhtml"><body>
              <p onclick="alert({number})">Body {number}.</p><script>alert({number})</script>
              <p><a href="javascript:alert({number})">link</a></p>
            </body></html>
          </inlineXML></contentSet>
        </newsItem>"""
        for number, text in enumerate(map(xml_escape, PAYLOADS))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>{items}'
        "</itemSet></newsMessage>"
    ).encode()


def by_wire(section, kind="ninjs"):
    """Agency copy through the wire desk's ingest (ninjs or NewsML-G2): headline, summary,
    body, byline (authors) and subjects (tags) are the agency's; the desk adds the picture
    and links."""
    agency = Source.objects.create(name="Agency", code="AG", website="https://agency.example/")
    channel = IngestChannel.objects.create(
        name=f"Agency {kind}", source=agency, default_section=section, format=kind
    )
    document = ninjs_document() if kind == "ninjs" else newsml_document()
    counts = ingest_document(channel, document)
    failed = WireItem.objects.filter(state=WireItem.State.FAILED)
    assert counts["failed"] == 0, list(failed.values_list("outcome", flat=True))
    assert counts["new"] == len(PAYLOADS)
    for number, story in enumerate(Article.objects.order_by("pk")):
        payload = PAYLOADS[number]
        story.slug = f"story-{number}"
        story.hero_image = Image.objects.create(
            file=ContentFile(picture_file(), name="picture.png"),
            alt_text=payload,
            caption=payload,
            credit_text=payload,
        )
        story.status, story.published_at = Article.Status.PUBLISHED, hour_ago()
        story.save()
        if not story.bylines.exists():
            author = Author.objects.create(name=payload, slug=f"writer-{number}", bio=payload)
            Byline.objects.create(article=story, author=author)
        RelatedItem.objects.create(
            article=story, after_block=1, url=f"https://ok.example/{number}", title=payload
        )
    Author.objects.filter(bio="").update(bio=PAYLOADS[0])


# --- What a browser or feed reader would run --------------------------------------------


def script_like(url):
    # Browsers ignore control characters and spaces around and inside a scheme.
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    return squeezed.startswith(SCRIPT_SCHEMES)


def same_site(src):
    """A script file of the site's own (its static files, the admin's translations)."""
    return src.startswith("/") and not src.startswith("//")


def active_content(document, where):
    """Every way the parsed page would run script or load the attacker's style."""
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = element.tag.lower()
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind in JSON_SCRIPT_TYPES:
                json.loads(element.text or "")  # a breakout would leave broken JSON
            elif not same_site(element.get("src", "")) or (element.text or "").strip():
                found.append(f"<script>{element.text}")
        if tag == "style" and re.search(r"evil|alert|expression|@import", element.text or ""):
            found.append(f"<style>{element.text}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta refresh>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{tag} {name}={value}")
            if name in URL_ATTRIBUTES and script_like(value):
                found.append(f"{tag} {name}={value}")
            if name == "srcset" and any(script_like(c) for c in value.split(",")):
                found.append(f"{tag} srcset={value}")
            if name == "style" and re.search(r"expression|url\(|javascript|evil", value, re.I):
                found.append(f"{tag} style={value}")
    return [f"{where}: {thing}" for thing in found]


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return lxml_html.document_fromstring(response.content.decode())


def fragment(text):
    """HTML inside a feed element, parsed as a feed reader does."""
    return lxml_html.document_fromstring(f"<div>{text}</div>") if text else None


def text_of(element):
    return " ".join(element.text_content().split())


def squeeze(text):
    return " ".join(text.split())


# --- Surfaces -----------------------------------------------------------------------------


def read_public_pages(client, stories):
    problems = []
    for story in stories:
        page = html_of(client, story.get_absolute_url())
        problems += active_content(page, story.slug)
        payload = story.headline.strip()
        # The text arrives whole, as text: escaped, not dropped or mangled.
        assert text_of(page.find(".//h1")) == squeeze(payload), story.slug
        assert squeeze(story.caption) in text_of(page.find(".//figcaption"))
        assert page.find(".//main//img").get("alt").strip() == story.hero_image.alt_text.strip()
        news = [
            data
            for script in page.iter("script")
            if script.get("type") == "application/ld+json"
            for data in [json.loads(script.text)]
            if data["@type"] == "NewsArticle"
        ]
        assert news[0]["headline"].strip() == payload
        assert news[0].get("description", "").strip() == story.standfirst.strip()
        assert news[0]["author"][0]["name"].strip() == story.byline_authors[0].name.strip()
        assert news[0].get("keywords", []) == [tag.name for tag in story.tags.all()]
        # A READ MORE link to a hostile address is never drawn; the good one is.
        assert "Hostile link" not in text_of(page)
        assert page.xpath(f'//a[@href="https://ok.example/{story.slug.split("-")[1]}"]')
        author = story.byline_authors[0]
        author_page = html_of(client, author.get_absolute_url())
        problems += active_content(author_page, author.slug)
        assert squeeze(author.name) in text_of(author_page)
        assert squeeze(author.bio) in text_of(author_page)
        for tag in story.tags.all():
            problems += active_content(html_of(client, tag.get_absolute_url()), tag.slug)

    section = stories[0].section
    listings = [
        reverse("articles:home"),
        section.get_absolute_url(),
        section.get_absolute_url() + "?page=2",
        reverse("articles:search") + "?q=body",
        reverse("articles:search") + "?q=body&page=2",
        reverse("articles:search") + "?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]
    for url in listings:
        response = client.get(url)
        if response.status_code == 404:  # a listing with fewer pages
            continue
        assert response.status_code == 200, url
        problems += active_content(lxml_html.document_fromstring(response.content.decode()), url)
    return problems


ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def every_feed(stories, section):
    """Every feed a reader may subscribe to, and the names its channel must show: the
    latest stories, the section's, and each tag's and each author's that a story has."""
    feeds = {("latest_feed", None): [settings.NEWSROOM_SITE_NAME]}
    feeds[("section_feed", section.slug)] = [section.name, section.description]
    for story in stories:
        for tag in story.tags.all():
            feeds[("tag_feed", tag.slug)] = [tag.name]
        for author in story.byline_authors:
            feeds[("author_feed", author.slug)] = [author.name]
    return [
        (reverse(f"articles:{route}_{kind}", kwargs={"slug": slug} if slug else {}), names)
        for (route, slug), names in feeds.items()
        for kind in ("rss", "atom")
    ]


class FeedText:
    """What each element of a feed shows a reader, checked as it is read.

    ``html(element)``: an element that readers take as HTML. Once the XML is decoded its
    text must hold no markup at all (the name's "<" arrives as "&lt;"), and parsed as
    HTML it must be the name as text. ``text(element)``: an Atom text construct, plain
    text by RFC 4287 (type="text", its default): shown as it is, never parsed.
    """

    def __init__(self, url):
        self.url, self.problems = url, []

    def html(self, element, name, declared=None):
        where = f"{self.url} {name}"
        if declared is not None:
            assert element.get("type") == declared, where
        decoded = element.text or ""
        assert "<" not in decoded, f"{where}: markup once decoded: {decoded[:80]!r}"
        if not decoded:
            return ""
        self.problems += active_content(fragment(decoded), where)
        return text_of(fragment(decoded))

    def text(self, element, name):
        assert element.get("type", "text") == "text", f"{self.url} {name}"
        return squeeze(element.text or "")


def squeezed(texts):
    return {squeeze(text) for text in texts if text}


def read_feeds(client, stories, section):
    """Every feed, channel and items, both formats: each text element as a reader shows it."""
    problems = []
    headlines = squeezed(story.headline for story in stories)
    standfirsts = squeezed(story.standfirst for story in stories)
    names = squeezed(a.name for story in stories for a in story.byline_authors)
    categories = squeezed([section.name, *(t.name for s in stories for t in s.tags.all())])
    alts = squeezed(story.hero_image.alt_text for story in stories)
    credits = squeezed(story.hero_image.credit for story in stories)

    def media(shown, parent):
        picture = parent.find(f"{MEDIA}content")
        assert picture is not None, shown.url
        assert shown.html(picture.find(f"{MEDIA}description"), "alt", "html") in alts
        assert shown.html(picture.find(f"{MEDIA}credit"), "credit") in credits

    for url, subject in every_feed(stories, section):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = etree.fromstring(response.content)  # still well-formed XML
        shown = FeedText(url)
        if url.endswith("/rss/"):
            channel = feed.find("channel")
            # Readers take every RSS text as HTML, the channel's as much as an item's.
            title = shown.html(channel.find("title"), "channel title")
            description = shown.html(channel.find("description"), "channel description")
            assert squeeze(subject[0]) in title, url
            assert any(squeeze(name) in description for name in subject), url
            items = channel.findall("item")
            assert items, url
            for item in items:
                assert shown.html(item.find("title"), "title") in headlines
                if item.find("description") is not None:  # a standfirst the wire left empty
                    assert shown.html(item.find("description"), "description") in standfirsts
                for category in item.findall("category"):
                    assert shown.html(category, "category") in categories
                for creator in item.findall(f"{DC}creator"):
                    assert shown.html(creator, "dc:creator") in names
                body = item.findtext(f"{CONTENT}encoded")
                if body:  # a body the sanitiser emptied goes out without one
                    problems += active_content(fragment(body), f"{url} content:encoded")
                media(shown, item)
        else:
            title = shown.text(feed.find(f"{ATOM}title"), "feed title")
            subtitle = shown.text(feed.find(f"{ATOM}subtitle"), "subtitle")
            assert squeeze(subject[0]) in title, url
            assert any(squeeze(name) in subtitle for name in subject), url
            entries = feed.findall(f"{ATOM}entry")
            assert entries, url
            for entry in entries:
                assert shown.text(entry.find(f"{ATOM}title"), "title") in headlines
                if entry.find(f"{ATOM}summary") is not None:
                    summary = shown.html(entry.find(f"{ATOM}summary"), "summary", "html")
                    assert summary in standfirsts
                content = entry.find(f"{ATOM}content")
                if content is not None:
                    assert content.get("type") == "html", url
                    problems += active_content(fragment(content.text), f"{url} content")
                for name in entry.iterfind(f"{ATOM}author/{ATOM}name"):
                    assert shown.text(name, "author") in names
                for category in entry.iterfind(f"{ATOM}category"):
                    assert squeeze(category.get("term")) in categories  # plain text too
                media(shown, entry)
        problems += shown.problems
    news_sitemap = etree.fromstring(client.get(reverse("articles:news_sitemap")).content)
    titles = {e.text.strip() for e in news_sitemap.iter("{*}title")}
    assert titles == {story.headline.strip() for story in stories}
    return problems


def read_admin(editor_client, stories):
    problems = []
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_author_changelist"),
        reverse("admin:articles_article_changelist") + "?q=script",
        reverse("admin:index"),
    ]
    urls += [reverse("admin:articles_article_change", args=[s.pk]) for s in stories[:8]]
    urls += [reverse("admin:articles_image_change", args=[s.hero_image_id]) for s in stories[:4]]
    urls += [
        reverse("admin:articles_author_change", args=[s.byline_authors[0].pk]) for s in stories[:4]
    ]
    urls += [reverse("admin:articles_article_revisions", args=[s.pk]) for s in stories[:4]]
    urls += [reverse("articles:preview", args=[s.pk]) for s in stories[:4]]
    urls += [revision_compare(stories[number], stories[number + 1]) for number in (0, 10, 20)]
    for url in urls:
        page = html_of(editor_client, url)
        problems += active_content(page, url)
        if "compare" in url:
            assert page.find(".//ins") is not None, url  # the diff was drawn
    return problems


def revision_compare(story, other):
    """The revisions compare page between ``story`` and itself rewritten with another's
    payload: the word diff marks up both."""
    revisions.record(story, None, "Before")
    Article.objects.filter(pk=story.pk).update(
        headline=f"{story.headline} {other.headline}",
        standfirst=other.standfirst,
        body=f"{story.body}{other.body}",
    )
    revisions.record(story, None, "After")
    newer, older = revisions.revisions_of(story)[:2]
    url = reverse("admin:articles_article_revisions_compare", args=[story.pk])
    return f"{url}?a={older.pk}&b={newer.pk}"


# --- The tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("way_in", ["admin", "orm", "fixture", "ninjs", "newsml"])
def test_no_payload_runs_anywhere(way_in, client, editor_client, producer_client, tmp_path):
    # A producer's section is trusted no more than an agency's tag: its name is in every
    # kicker and its feed's channel.
    section = Section.objects.create(
        name='World <script>alert("section")</script>', slug="world", description=PAYLOADS[11]
    )
    if way_in == "admin":
        by_admin(section, editor_client, producer_client)
    elif way_in == "orm":
        by_orm(section)
    elif way_in in {"ninjs", "newsml"}:
        by_wire(section, way_in)
    else:
        by_fixture(section, tmp_path)
    stories = list(Article.objects.published().for_story_page().order_by("slug"))
    assert len(stories) == len(PAYLOADS)
    for story in stories:
        # Bodies are cleaned when stored, whatever the way in.
        assert "<script" not in story.body.lower() and "onerror" not in story.body
        assert "javascript:" not in story.body.lower() and "style=" not in story.body

    problems = read_public_pages(client, stories)
    problems += read_feeds(client, stories, section)
    problems += read_admin(editor_client, stories)
    assert problems == [], "\n".join(sorted(set(p.split(": ", 1)[1][:120] for p in problems)))


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_source_website_is_refused_by_the_admin(producer_client, url):
    response = producer_client.post(
        reverse("admin:articles_source_add"), {"name": "Agency", "code": "AG", "website": url}
    )
    assert response.status_code == 200
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_source_website_is_refused_at_every_write(url, tmp_path):
    fixture = tmp_path / "source.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.source",
                    "pk": 1,
                    "fields": {"name": "A", "code": "A", "website": url},
                }
            ]
        )
    )
    with pytest.raises(ValueError, match=r"Source.website .*http:// or https://"):
        call_command("loaddata", str(fixture), verbosity=0)
    assert not Source.objects.exists()
    with pytest.raises(ValueError, match="http:// or https://"), transaction.atomic():
        Source.objects.bulk_create([Source(name="B", code="B", website=url)])
    source = Source.objects.create(name="C", code="C", website="https://agency.example/")
    with pytest.raises(ValueError, match="http:// or https://"), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(website=url)
    source.refresh_from_db()
    assert source.website == "https://agency.example/"


def test_a_source_website_is_a_link_readers_can_follow(client):
    source = Source.objects.create(name="Agency", code="AG", website="https://agency.example/")
    story = Article.objects.create(
        headline="Agency story",
        slug="agency-story",
        section=Section.objects.create(name="World", slug="world"),
        status=Article.Status.PUBLISHED,
        published_at=hour_ago(),
    )
    story.sources.add(source)  # an agency's page is public once one of its stories is
    page = html_of(client, source.get_absolute_url())
    assert page.xpath('//a[@href="https://agency.example/"]')


def test_a_hostile_read_more_address_is_refused_by_the_story_form(editor_client):
    section = Section.objects.create(name="World", slug="world")
    response = post_article(
        editor_client,
        article_form_data(
            section=section,
            headline="A story",
            slug="a-story",
            body="<p>Body.</p>" + related_block(url="javascript:alert(1)", title="Click"),
        ),
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_a_fixture_image_with_a_hostile_name_is_never_served(client, tmp_path):
    """A fixture names a stored file; it cannot make storage serve a path outside media."""
    section = Section.objects.create(name="World", slug="world")
    now = hour_ago().isoformat()
    fixture = tmp_path / "image.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.image",
                    "pk": 1,
                    "fields": {
                        "file": 'x" onerror="alert(1).png',
                        "alt_text": "Odd",
                        "width": 10,
                        "height": 10,
                        "created_at": now,
                    },
                },
                {
                    "model": "articles.article",
                    "pk": 1,
                    "fields": {
                        "headline": "Odd picture",
                        "slug": "odd",
                        "section": section.pk,
                        "hero_image": 1,
                        "status": "published",
                        "published_at": now,
                        "created_at": now,
                        "modified_at": now,
                    },
                },
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    story = Article.objects.get()
    assert active_content(html_of(client, story.get_absolute_url()), "story") == []
