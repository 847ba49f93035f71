"""Odd input never makes a public page fail: every answer is a 2xx, 3xx or 4xx.

Every public address the URL resolver knows (the admin aside) is asked with each of its
parts replaced by odd values in turn, and every real page is asked with odd values of
the query parameters public views read (``?page=`` of listings and search, ``?q=`` of
search, ``?p=`` of sitemaps): unicode, right-to-left marks, emoji, 10,000 characters,
negative, zero and huge numbers, path traversal plain and encoded, SQL and HTML, format
strings, and NUL bytes (which PostgreSQL refuses in text: a 500 there unless the view
turns them away first). The suite runs on SQLite and on PostgreSQL, which differ on
NUL bytes and on integers too large for a column. Media is served as ``make serve``
serves it (SERVE_MEDIA=1, tests/media_urls.py), so ``/media/`` is fuzzed too.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TagFactory

MEDIA_URLCONF = "tests.media_urls"
pytestmark = [pytest.mark.django_db, pytest.mark.urls(MEDIA_URLCONF)]

ODD_VALUES = [
    "",
    "0",
    "-1",
    "-0",
    "00001",
    "1.5",
    "1e3",
    "0x1F",
    "1_000",
    "last",
    "NaN",
    "-inf",
    "٣",  # an Arabic-Indic three: Python's int() reads it
    str(10**30),
    str(-(10**30)),
    "9" * 10_000,
    "x" * 10_000,
    "Türkiye İstanbul ğüşöç",
    "日本語のニュース",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\ufeff",  # right-to-left and left-to-right marks, byte order mark
    "🗞️🔥👩🏽‍💻",
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..\\..\\windows\\win.ini",
    "' OR 1=1 --",
    '"; DROP TABLE articles_article; --',
    "<script>alert(1)</script>",
    "%s%n%x{0}{!r}${x}",
    "\x00",
    "nato\x00",
    "\x01\x1b[31m\x7f",
    "a/b",
    "/",
    ".",
]
# Query strings sent as they are, not encoded again: bytes that are not UTF-8, encoded
# NUL bytes, parameters given twice or as arrays.
RAW_QUERIES = [
    "page=%ff%fe",
    "page=%00",
    "q=%00",
    "q=nato%00nato",
    "q=%c0%ae%c0%ae%2f",
    "p=%00",
    "page=1&page=2",
    "page[]=1",
    "q=nato&q=oil",
    "page",
    "=&&=",
    "%",
    "q=%",
    "p=" + "9" * 5000,
]
# Of the site (?page= of listings and search, ?q= of search, ?p= of sitemaps) and of the
# content API (api/views.py).
PARAMETERS = (
    *("page", "q", "p"),
    *("section", "tag", "author", "source", "updated_since", "cursor", "page_size"),
)


@pytest.fixture
def site(settings):
    """A small live site: the real value of every part of every public address."""
    # The API's rate limit would answer most of the fuzzing with a 429, before the views.
    settings.NEWSROOM_API_RATE_LIMIT = "1000000/min"
    section = SectionFactory(name="World")
    tag = TagFactory(name="NATO")
    author = AuthorFactory(name="Kazim Alam")
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    story = ArticleFactory(
        headline="NATO allies meet",
        standfirst="Ministers talk about NATO.",
        section=section,
        tags=[tag],
        authors=[author],
        sources=[agency],
    )
    ArticleFactory(headline="A draft about NATO", draft=True, section=section, tags=[tag])
    return {
        "articles:section": {"slug": section.slug},
        "articles:article": {"section": section.slug, "slug": story.slug},
        "articles:tag": {"slug": tag.slug},
        "articles:author": {"slug": author.slug},
        "articles:source": {"code": "aa"},
        "articles:section_feed_rss": {"slug": section.slug},
        "articles:section_feed_atom": {"slug": section.slug},
        "articles:tag_feed_rss": {"slug": tag.slug},
        "articles:tag_feed_atom": {"slug": tag.slug},
        "articles:author_feed_rss": {"slug": author.slug},
        "articles:author_feed_atom": {"slug": author.slug},
        "articles:sitemap": {"section": "stories"},
        "articles:preview": {"pk": story.pk},
        "articles:shared_preview": {"token": "not-a-token"},
        "api:story": {"story_id": story.pk},
        "api:tag": {"slug": tag.slug},
        "api:author": {"slug": author.slug},
        # Media served by Django (make serve): a file that is not there.
        None: {"path": "images/missing.png"},
    }


def public_routes():
    """(name, route) of every address the site answers outside the admin, such as
    ("articles:tag", "tag/<slug:slug>/")."""
    routes = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                name = f"{namespace}:{pattern.name}" if pattern.name else None
                routes.append((name, prefix + str(pattern.pattern)))

    walk(get_resolver(MEDIA_URLCONF).url_patterns, "", None)
    return routes


ROUTES = public_routes()
_PART = re.compile(r"<(?:(\w+):)?(\w+)>")


def address(route, values):
    """The route with each <converter:name> replaced by values[name], percent-encoded
    (a value's "/" too: it stays one part of the address)."""
    return "/" + _PART.sub(lambda m: quote(str(values[m[2]]), safe=""), route)


def answer_status(client, method, url):
    response = getattr(client, method)(url)
    return response.status_code


def failures_of(client, urls, methods=("get",)):
    """The requests that failed (5xx), as "GET /path: 500" lines."""
    failed = []
    for url in urls:
        for method in methods:
            status = answer_status(client, method, url)
            if status >= 500 or status < 200:
                failed.append(f"{method.upper()} {url[:120]!r}: {status}")
    return failed


@pytest.fixture
def reader(client):
    # A server error is an answer to look at, not an exception in the test.
    client.raise_request_exception = False
    return client


def test_every_public_route_is_fuzzed(site):
    """A new public address must get real values here, or it would go unfuzzed."""
    assert {name for name, route in ROUTES if "<" in route} <= site.keys()


ROUTE_IDS = [route or "home" for _, route in ROUTES]
# As an attacker types them, not encoded: what resolves differently when a slash, a dot
# or a percent sign is left as it is.
UNENCODED = [odd for odd in ODD_VALUES if re.search(r"[/\\.%]", odd)]


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=ROUTE_IDS)
def test_odd_parts_of_addresses_never_fail(reader, site, name, route):
    valid = site.get(name, {})
    assert reader.get(address(route, valid)).status_code < 500
    parts = _PART.findall(route)
    urls = [address(route, {**valid, part: odd}) for _, part in parts for odd in ODD_VALUES]
    if parts:
        urls += ["/" + _PART.sub(lambda m, odd=odd: odd, route) for odd in UNENCODED]
    assert failures_of(reader, urls) == []


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=ROUTE_IDS)
def test_odd_query_parameters_never_fail(reader, site, name, route):
    """Every parameter a public view reads, all at once (each view reads its own), and
    the ones of the site's pages alone (a bad API filter would answer for them)."""
    base = address(route, site.get(name, {}))
    urls = [f"{base}?{'&'.join(f'{p}={quote(odd)}' for p in PARAMETERS)}" for odd in ODD_VALUES]
    urls += [f"{base}?page={quote(odd)}&p={quote(odd)}" for odd in ODD_VALUES]
    urls += [f"{base}?{raw}" for raw in RAW_QUERIES]
    assert failures_of(reader, urls) == []


def test_odd_search_pages_never_fail(reader, site):
    """A search that finds stories, with each odd page number; and each odd query alone
    (with no page number, so that the search itself runs and draws its results)."""
    search = reverse("articles:search")
    urls = [f"{search}?q=nato&page={quote(odd)}" for odd in ODD_VALUES]
    urls += [f"{search}?q={quote(odd)}" for odd in ODD_VALUES]
    urls += [f"{search}?q={quote(f'nato {odd}')}" for odd in ODD_VALUES]
    assert failures_of(reader, urls) == []


def test_real_pages_answer_head_and_post_without_failing(reader, site):
    """Not only GET: HEAD and POST (which public pages do not take) give no 500 either."""
    urls = [address(route, site.get(name, {})) for name, route in ROUTES]
    urls.append(reverse("articles:search") + "?q=nato")
    assert failures_of(reader, urls, methods=("get", "head", "post", "put", "delete")) == []


# Names the file system refuses or that name no file: longer than a file name may be
# (255 bytes), longer than a whole path may be, a part too long inside a path, a NUL
# byte, a file taken for a folder, a folder, bytes that are not UTF-8, Windows' ways.
ODD_MEDIA_NAMES = [
    "a" * 300,
    "images/" + "a" * 300 + ".jpg",
    "a" * 300 + "/x.jpg",
    "/".join(["b" * 200] * 30),
    "é" * 200,
    "x%00y.jpg",
    "images/%00",
    "story.jpg/x",
    "images",
    "images/",
    "%ff%fe.jpg",
    "a%5C..%5Cstory.jpg",
    "C:/story.jpg",
    "story.jpg%20",
]


def test_odd_media_names_are_not_found(reader, media_root):
    """Not only no 500: a bad name under /media/ is a plain 404, next to a real file."""
    (media_root / "images").mkdir(parents=True)
    (media_root / "story.jpg").write_bytes(b"\xff\xd8\xff")
    assert reader.get("/media/story.jpg").status_code == 200
    answers = {name: reader.get("/media/" + name).status_code for name in ODD_MEDIA_NAMES}
    assert answers == dict.fromkeys(ODD_MEDIA_NAMES, 404)


def test_a_search_with_odd_words_lists_results_or_none(reader, site):
    """A search that finds something draws results and snippets from the odd words."""
    search = reverse("articles:search")
    for words in ["nato\x00", "NATO ' OR 1=1 --", "nato <script>", "-nato nato", '"nato', "nato*"]:
        response = reader.get(search, {"q": words})
        assert response.status_code == 200, words
