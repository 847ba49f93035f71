"""Never stale: once a save commits, no reader is shown what it replaced.

A page (or a part of one) is kept only if it was drawn from rows read after the
generation it is stored under (pagecache/store.py). The tests force the interleavings
that break that, one at a time: a save landing between two parts of one page, between a
listing's count and its cards, and between the two writes of a bump. Then a hot story,
read by several readers at once on PostgreSQL while an editor saves it through the admin
again and again: each save must be what the next reader sees.

With the page cache on (the default), through the test client: local memory here, Redis
in CI (CACHE_URL=redis://…).
"""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from pagecache import store
from pagecache.templatetags import parts
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ferry services resume after the storm",
        section=SectionFactory(name="Weather"),
        tags=[TagFactory(name="Storms")],
        authors=[AuthorFactory(name="Ayla Demir")],
        hero_image=ImageFactory(caption="The harbour at dawn"),
        body="<p>The first ferry left at six.</p>",
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def when_part_is_looked_up(monkeypatch, prefix, change):
    """Run ``change`` once, just before the kept part whose name starts with ``prefix``
    is looked up: the moment between two parts of one page's render."""
    done = []

    def remember(name, compute, **kwargs):
        if name.startswith(prefix) and not done:
            done.append(name)
            change()
        return real(name, compute, **kwargs)

    real = parts.remember
    monkeypatch.setattr(parts, "remember", remember)
    return done


def test_a_save_between_two_parts_of_a_story_page_shows_at_once(
    client, story, monkeypatch, django_capture_on_commit_callbacks
):
    # The head part loads the story; the save commits (and bumps) before the main part is
    # looked up, and the main part then draws from the row the head part loaded.
    url = story.get_absolute_url()

    def save():
        with django_capture_on_commit_callbacks(execute=True):
            story.body = "<p>The second ferry was cancelled.</p>"
            story.save()

    done = when_part_is_looked_up(monkeypatch, "story-main:", save)
    page(client, url)  # began before the save: it may show either text
    assert done, "the story's main part was not drawn"
    monkeypatch.undo()
    for _ in range(2):  # the next reader, and the one after (served from the cache)
        text = page(client, url)
        assert "The second ferry was cancelled." in text
        assert "The first ferry left at six." not in text


def test_a_publication_between_a_listings_count_and_its_cards_shows_at_once(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    # The count (one page of 20) is read; a 21st story comes out; the cards part is then
    # drawn with the new newest 20 and the pagination of the old count: no page 2.
    section = SectionFactory(name="Markets")
    ArticleFactory.create_batch(20, section=section)
    url = section.get_absolute_url()

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory(section=section, headline="Lira steadies after the rate decision")

    done = when_part_is_looked_up(monkeypatch, "listing:", publish)
    page(client, url)
    assert done, "the listing's part was not drawn"
    monkeypatch.undo()
    text = page(client, url)
    assert "Lira steadies after the rate decision" in text
    assert "Page 1 of 2" in text  # the oldest story is on page 2, and the page says so
    assert client.get(url, {"page": 2}).status_code == 200


class AfterEachWrite:
    """The cache, running ``then()`` after each of its writes."""

    WRITES = {"set", "set_many", "add", "incr", "delete", "delete_many"}

    def __init__(self, real, then):
        self._real, self._then, self._busy = real, then, False

    def __getattr__(self, name):
        attribute = getattr(self._real, name)
        if name not in self.WRITES:
            return attribute

        def write(*args, **kwargs):
            result = attribute(*args, **kwargs)
            if not self._busy:
                self._busy = True
                try:
                    self._then()
                finally:
                    self._busy = False
            return result

        return write


def test_a_copy_taken_halfway_through_a_bump_is_not_kept(monkeypatch):
    # A reader read the generation, then the story's old row; the editor's save commits
    # and its bump writes the generation and the versions in two round trips. A copy
    # taken between them must not be kept: it would hold the old row under new versions.
    keys = {"story-1", "latest"}
    store.bump(*keys)
    before = store.generation()  # the reader's request begins
    taken = []
    monkeypatch.setattr(
        store,
        "cache",
        AfterEachWrite(cache, lambda: taken.append(store.snapshot(keys, before))),
    )
    store._bump(keys)
    monkeypatch.undo()
    assert len(taken) >= 2, "the bump made fewer writes than expected"
    assert taken == [None] * len(taken)


def test_a_part_kept_during_a_bump_is_made_again(monkeypatch):
    # The same race through ``remember``: the reader's request began before the bump.
    keys = ("story-1",)
    store.bump(*keys)

    def reader():
        store.remember("headline:1", lambda: ("Old headline", ()), keys=keys)

    with store.reading():
        monkeypatch.setattr(store, "cache", AfterEachWrite(cache, reader))
        store._bump(set(keys))
        monkeypatch.undo()
    with store.reading():
        value = store.remember("headline:1", lambda: ("New headline", ()), keys=keys)
    assert value == "New headline"


# --- a hot story, edited while it is read ---------------------------------------------------

READERS = 4
SAVES = 15


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="readers and an editor at once need a server database (SQLite's in-memory "
    "test database locks whole tables)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_save_of_a_hot_story_is_what_the_next_reader_sees(story, editor_client):
    url = story.get_absolute_url()
    stop = threading.Event()
    reads, errors = [], []

    def read_on():
        reader = Client()
        try:
            while not stop.is_set():
                response = reader.get(url)
                if response.status_code != 200:
                    errors.append(response.status_code)
                reads.append(1)
        except Exception as error:  # reported below, never lost in the thread
            errors.append(repr(error))
        finally:
            connection.close()  # each thread has its own connection

    readers = [threading.Thread(target=read_on) for _ in range(READERS)]
    for thread in readers:
        thread.start()
    stale, slowest = [], 0.0
    try:
        for number in range(1, SAVES + 1):
            data = form_data(editor_client.get(change_url(story)))
            data["body"] = f"<p>Update number {number} from the harbour.</p>"
            response = editor_client.post(change_url(story), data)
            assert response.status_code == 302, response.content[:300]
            # The save has committed (and its bump has run) when the admin answers: the
            # next reader must see it, whatever the readers were doing meanwhile.
            committed = time.monotonic()
            first = Client().get(url).content.decode()
            if f"Update number {number} " not in first:
                stale.append(number)
                # How long it stayed hidden, up to a second (for the message).
                while time.monotonic() - committed < 1:
                    if f"Update number {number} " in Client().get(url).content.decode():
                        break
            slowest = max(slowest, time.monotonic() - committed)
            time.sleep(0.05)  # the readers fill the cache again
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=30)
    assert not errors, errors[:5]
    assert len(reads) > SAVES, "the readers hardly read"
    assert not stale, f"saves {stale} of {SAVES} were hidden from the next reader"
    print(f"{len(reads)} reads, longest save-to-visible {slowest * 1000:.0f} ms")
