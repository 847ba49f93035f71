"""The demo newsroom, read once through Django's live server by every validator.

``crawl`` loads the demo newsroom (as ``make run`` does: load_demo, make_renditions),
then reads, through the live server, a page of each kind readers see (home, the seed story, a
section, a tag, an author, search results, the 404 page), the feeds and the sitemaps;
then, with the three editions make run turns on, the seed story's Arabic translation;
and runs axe-core over the pages in Chromium (audit/axe.py, in a process of its own).
It then empties the database again. Everything is read in that one pass because the
live server makes each test transactional: the database is flushed after every test,
and loading the demo for each would cost seconds apiece.

The tests assert on what the crawl kept. When a tool is missing, the tests that need it
are skipped with a one-line reason naming it (audit/tools.py); with REQUIRE_TOOLS=1 (CI)
they fail instead.

``make audit`` (AUDIT_TABLE=1) prints a table of pages × checks and the Lighthouse scores
at the end of the run.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from audit import tools

ROOT = Path(__file__).resolve().parents[2]
# Where a failing validator leaves what it saw (CI keeps var/test-artifacts/).
ARTEFACTS = ROOT / "var" / "test-artifacts" / "validators"

# (name, path, expected status): a page of each kind readers see, in the demo newsroom.
PAGES = [
    ("home", "/", 200),
    ("story", None, 200),  # the seed story (with an embed and a gallery): from the database
    ("story-table", None, 200),  # a demo story with a results table
    ("section", "/turkiye/", 200),
    ("tag", "/tag/nato/", 200),
    ("author", "/author/kazim-alam/", 200),
    ("search", "/search/?q=NATO", 200),
    ("404", "/no-such-page/", 404),
]
# With the three editions make run turns on: the seed story in another edition's
# language, (name, language). The Arabic one is drawn right to left, with switches to
# the others and hreflang alternates.
DEMO_EDITIONS = "en,tr,ar"
TRANSLATED_PAGES = [("story-ar", "ar")]
PAGE_NAMES = [name for name, _, _ in PAGES] + [name for name, _ in TRANSLATED_PAGES]
FEEDS = {
    "latest RSS": "/feeds/latest/rss/",
    "latest Atom": "/feeds/latest/atom/",
    "section RSS": "/feeds/section/turkiye/rss/",
    "tag Atom": "/feeds/tag/nato/atom/",
}
# (address, schema in tests/schemas/)
SITEMAPS = {
    "sitemap index": ("/sitemap.xml", "siteindex.xsd"),
    "stories sitemap": ("/sitemap-stories.xml", "sitemap.xsd"),
    "sections sitemap": ("/sitemap-sections.xml", "sitemap.xsd"),
    "tags sitemap": ("/sitemap-tags.xml", "sitemap.xsd"),
    "authors sitemap": ("/sitemap-authors.xml", "sitemap.xsd"),
    "news sitemap": ("/news-sitemap.xml", "news-sitemap.xsd"),
}


@dataclass
class Crawl:
    """What the validators need from the demo newsroom, read once."""

    folder: Path
    urls: dict = field(default_factory=dict)  # page name: address read
    html: dict = field(default_factory=dict)  # page name: the HTML file as served
    documents: dict = field(default_factory=dict)  # feed or sitemap name: bytes
    axe: dict | None = None  # page name: {viewport: [violations]}
    axe_missing: str = ""  # why axe could not run (a tool is missing)
    axe_error: str = ""  # how the axe run broke, for the axe tests alone to report


def read(url, expected_status):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    assert status == expected_status, f"{url} answered {status}, not {expected_status}"
    return body


def run_axe(pages):
    command = [sys.executable, "-m", "audit.axe", *(f"{n}={u}" for n, u in pages.items())]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"audit.axe failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def axe(found, pages):
    """axe-core over ``pages`` ({name: address}), into ``found.axe``; a broken run is
    noted for the axe tests alone."""
    if found.axe_missing or found.axe_error:
        return
    try:
        found.axe = {**(found.axe or {}), **run_axe(pages)}
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        found.axe_error = str(error)


def restore_database():
    """Leave the database as the migrations made it, roles and all, for the tests after
    these: emptied, then given back the contents Django saved when it made the test
    database (what ``serialized_rollback`` restores). A plain flush would make content
    types and permissions again under new ids, and a later ``serialized_rollback``
    test (the browser tests) could not restore its own on top of them."""
    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=bool(contents))
    if contents:
        connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="package")
def crawl(live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("validators")
    found = Crawl(folder)
    try:
        tools.playwright()
        tools.axe_script()
    except tools.Missing as missing:
        found.axe_missing = str(missing)

    # What the function-scoped fixtures do for a single test (a private media folder,
    # the live server's host allowed, an empty cache), here for the whole package.
    allowed = override_settings(
        MEDIA_ROOT=folder / "media", ALLOWED_HOSTS=["localhost", "127.0.0.1", "testserver"]
    )
    with django_db_blocker.unblock(), allowed:
        cache.clear()
        # A transactional test before this one may have flushed the database and made the
        # content types again; on PostgreSQL they then have new ids, which Django's cache
        # of them does not know (revisions would point at ids that are gone).
        ContentType.objects.clear_cache()
        try:
            call_command("load_demo", verbosity=0)
            call_command("make_renditions", verbosity=0)
            from articles.models import Article
            from ops import demo

            stories = {
                "story": Article.objects.get(slug=demo.SEED.slug),
                "story-table": Article.objects.get(body__contains="<table"),
            }
            for name, path, status in PAGES:
                found.urls[name] = live_server.url + (path or stories[name].get_absolute_url())
                found.html[name] = folder / f"{name}.html"
                found.html[name].write_bytes(read(found.urls[name], status))
            for name, path in FEEDS.items():
                found.documents[name] = read(live_server.url + path, 200)
            for name, (path, _) in SITEMAPS.items():
                found.documents[name] = read(live_server.url + path, 200)
            axe(found, found.urls)
            # The same demo in three editions: load_demo adds the seed's translations.
            # Its pages have addresses of their own then (/ar/…), so axe reads them apart.
            with override_settings(NEWSROOM_EDITIONS=DEMO_EDITIONS):
                call_command("load_demo", verbosity=0)
                translations = Article.objects.get(slug=demo.SEED.slug).translations
                for name, language in TRANSLATED_PAGES:
                    path = translations.get(language=language).get_absolute_url()
                    found.urls[name] = live_server.url + path
                    found.html[name] = folder / f"{name}.html"
                    found.html[name].write_bytes(read(found.urls[name], 200))
                axe(found, {name: found.urls[name] for name, _ in TRANSLATED_PAGES})
        finally:
            restore_database()
            ContentType.objects.clear_cache()
            cache.clear()
    return found


def unavailable(reason):
    """Skip for a missing tool; fail instead under REQUIRE_TOOLS=1, as CI must run them all."""
    if os.environ.get("REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason}; REQUIRE_TOOLS=1 wants every validator to run")
    pytest.skip(reason)


def keep(name, content):
    """Save what a failing validator saw under var/test-artifacts/validators/."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- make audit's table ---------------------------------------------------------------

_CELLS = pytest.StashKey[dict]()
_LIGHTHOUSE = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Note each validator's outcome under (row, AUDIT_COLUMN of its module)."""
    report = yield
    column = getattr(item.module, "AUDIT_COLUMN", None)
    if column and (report.when == "call" or report.outcome != "passed"):
        row = item.callspec.id if hasattr(item, "callspec") else column
        outcome = report.outcome
        if report.skipped:
            outcome = f"skipped: {report.longrepr[2].removeprefix('Skipped: ')}"
        item.config.stash.setdefault(_CELLS, {}).setdefault((row, column), outcome)
        for key, value in item.user_properties:
            if key == "lighthouse":
                item.config.stash[_LIGHTHOUSE] = value
    return report


def pytest_terminal_summary(terminalreporter, config):
    cells = config.stash.get(_CELLS, {})
    if not cells or os.environ.get("AUDIT_TABLE") != "1":
        return
    write = terminalreporter.write_line
    reasons = sorted({o.split(": ", 1)[1] for o in cells.values() if o.startswith("skipped")})

    def shown(row, column):
        outcome = cells.get((row, column), "")
        return "skipped" if outcome.startswith("skipped") else outcome

    terminalreporter.section("validators on the demo newsroom")
    columns = ["HTML (vnu)", "axe (390, 1280 px)"]
    write("page".ljust(10) + "".join(column.ljust(21) for column in columns).rstrip())
    for name in PAGE_NAMES:
        row = "".join(shown(name, column).ljust(21) for column in columns)
        write(name.ljust(10) + row.rstrip())
    write("")
    write("feed or sitemap".ljust(19) + "feedparser / XSD")
    for name in [*FEEDS, *SITEMAPS]:
        write(name.ljust(19) + shown(name, "feedparser / XSD"))
    write("")
    lighthouse = config.stash.get(_LIGHTHOUSE, None)
    if lighthouse:
        scores = lighthouse["scores"]
        write(
            f"Lighthouse {lighthouse['lighthouse']}, {lighthouse['form_factor']}, seed story "
            f"({shown('Lighthouse', 'Lighthouse')}):"
        )
        write(
            f"  performance {scores['performance']}, accessibility {scores['accessibility']}, "
            f"best practices {scores['best-practices']}, SEO {scores['seo']}; "
            f"LCP {lighthouse['lcp_ms'] / 1000:.1f} s, CLS {lighthouse['cls']:.3f}, "
            f"TBT {lighthouse['tbt_ms']} ms"
        )
        each = lighthouse["performance_of_each_run"]
        write(f"  the median of {len(each)} runs (performance {', '.join(map(str, each))})")
    else:
        write(f"Lighthouse: {shown('Lighthouse', 'Lighthouse') or 'not run'}")
    for reason in reasons:
        write(f"skipped: {reason}")
