"""Browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

Every test here is marked ``browser`` (``pytest -m browser`` runs them alone) and is
skipped, with a one-line reason naming what is missing, where Playwright or Chromium
is not installed. Playwright's own browser download fails on these machines, so the
browser is Debian's (``apt-get install chromium``), launched by its path.

The live server answers from another thread, so the tests use transactional
databases; ``serialized_rollback`` (on each module's marks) brings back what the
migrations made, the desk's roles among them, before each test.

They run after every other test (see ``playwright`` below for why), and Chromium is
started once for all of them; each person in a test gets a browser context of their own.

When a test fails, each page it opened is kept under var/test-artifacts/<test>/:
a screenshot, its HTML, and a log of the page's console errors and failed requests.
"""

import importlib.util
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection as db_connection

from tests.browser import serial

CHROMIUM = Path("/usr/bin/chromium")
ROLES = ["Writer", "Editor", "Producer"]
# Long enough for a slow CI machine, short enough that a missing button fails quickly.
ACTION_TIMEOUT_MS = 10_000

_REPORTS = pytest.StashKey[dict]()


def missing_tool():
    """Why the browser tests cannot run here, in one line; None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: pip install -r requirements.lock (or make install)"
    if importlib.util.find_spec("pytest_playwright") is None:
        return "pytest-playwright is not installed: pip install -r requirements.lock"
    if not CHROMIUM.exists():
        return f"Chromium is not installed ({CHROMIUM}): apt-get install chromium"
    return None


def pytest_configure(config):
    # pytest-playwright's own base_url fixture warns under pytest 9; nothing here uses it.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods"
        ":pytest.PytestRemovedIn10Warning",
    )


@pytest.hookimpl(trylast=True)  # after pytest-django has put the tests in its order
def pytest_collection_modifyitems(config, items):
    in_browser = [item for item in items if item.get_closest_marker("browser")]
    # Last of all: once Playwright has started, the main thread looks asynchronous to
    # Python until the session ends (see ``playwright`` below); no other test runs then.
    items[:] = [item for item in items if not item.get_closest_marker("browser")] + in_browser
    # Skipped before any fixture is looked up: without pytest-playwright its fixtures
    # (new_context …) do not exist, and that must read as a skip, not an error.
    reason = missing_tool()
    if reason:
        # CI (REQUIRE_TOOLS=1) installs every tool: there a missing one is a failure.
        if os.environ.get("REQUIRE_TOOLS") == "1":
            raise pytest.UsageError(f"browser tests cannot run: {reason} (REQUIRE_TOOLS=1)")
        for item in in_browser:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        serial.release()  # the database is emptied: requests may go on (tests/browser/serial.py)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options (--headed, --slowmo …), with Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def playwright():
    """Playwright for pytest-playwright's fixtures, started so Django keeps its connections.

    Between its calls, Playwright's sync API leaves an asyncio loop marked as running in
    this thread until it stops. Django then takes the thread for async code: it refuses
    database calls (SynchronousOnlyOperation) and looks its connections up per async
    context, where it would open new ones: without the test database's saved contents
    that ``serialized_rollback`` restores (the roles would be gone from the second test
    on), and, on SQLite, beside the in-memory database the live server shares. So the
    connections this thread already has are kept for both.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    own = {alias: connections[alias] for alias in connections}  # before the loop exists
    driver = sync_playwright().start()
    for alias, connection in own.items():
        connections[alias] = connection
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # nothing here is really async
    yield driver
    driver.stop()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")


@pytest.fixture
def site(live_server, settings):
    """The live server as a browser reaches it: plain http, uploads served."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    # Secure cookies (on whenever DEBUG is off) are not sent back over plain http.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    serial.answer_one_at_a_time(live_server)
    # The roles come from a data migration; a flushed database would have lost them.
    roles = Group.objects.filter(name__in=ROLES).count()
    assert roles == len(ROLES), "the roles migration's groups are gone: serialized_rollback?"
    if db_connection.vendor == "sqlite":
        # One connection for all: the test's own queries wait for the request being
        # answered, and it for them.
        with db_connection.execute_wrapper(serial.query_one_at_a_time):
            yield live_server
    else:
        yield live_server
    # The browsers are closed by now (new_context came after this fixture); the database
    # is emptied after this, with no request under way.
    serial.hold_until_emptied()


class Browsers:
    """One browser context per person: separate cookies, as on separate machines."""

    def __init__(self, new_context, site, folder):
        self._new_context, self.site, self.folder = new_context, site, folder
        self.pages = []  # (who, page, log lines)

    def open(self, who):
        """A fresh context (no cookies) and its first page, for ``who``."""
        context = self._new_context(base_url=self.site.url)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        self.watch(who, page)
        context.on("page", lambda popup: self.watch(f"{who}-popup", popup))
        return page

    def watch(self, who, page):
        log = []
        page.on("console", lambda m: m.type == "error" and log.append(f"console: {m.text}"))
        page.on("pageerror", lambda error: log.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: log.append(f"failed: {r.method} {r.url}"))
        page.on(
            "response", lambda r: r.status >= 400 and log.append(f"{r.status}: {r.request.url}")
        )
        self.pages.append((who, page, log))

    def keep_artefacts(self):
        from playwright.sync_api import Error as PlaywrightError

        self.folder.mkdir(parents=True, exist_ok=True)
        for number, (who, page, log) in enumerate(self.pages, start=1):
            stem = self.folder / f"{number}-{who}"
            stem.with_suffix(".log").write_text(
                "\n".join([f"url: {page.url}", *log]) + "\n", encoding="utf-8"
            )
            if page.is_closed():
                continue
            try:
                page.screenshot(path=stem.with_suffix(".png"), full_page=True)
                stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
            except PlaywrightError as error:  # a page mid-navigation: keep the others
                with stem.with_suffix(".log").open("a", encoding="utf-8") as kept:
                    kept.write(f"no snapshot: {error}\n")


@pytest.fixture
def browsers(request, site, new_context):
    """Open a person's browser with ``browsers.open("writer")``; kept on failure."""
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    folder = Path(request.config.rootpath, "var", "test-artifacts", name)
    shutil.rmtree(folder, ignore_errors=True)
    people = Browsers(new_context, site, folder)
    yield people
    reports = request.node.stash.get(_REPORTS, {})
    if any(report.failed for report in reports.values()):
        people.keep_artefacts()
        print(f"\nBrowser artefacts: {folder}")
