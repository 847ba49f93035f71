"""One request at a time on the browser tests' live server.

The tests' SQLite database is in memory, so Django's live server shares the test's one
connection with every request thread (its documentation warns of it). Two requests at
once, say one page's presence ping and another page's load, then use that connection
together, and SQLite answers "bad parameter or other API misuse": a 500 no reader
could meet, since a real server has a connection per thread.

The live server's application is wrapped (``answer_one_at_a_time``), not its settings'
MIDDLEWARE: the server loads its middleware once, when the session's first browser test
starts it, and a test's settings never reach it. The lock is held until the response
is closed, when Django's request_finished handlers have used the connection too. The
test's own queries (checking what a click saved, say) take the lock as well.

The same holds at a test's end: a page closing sends its last word (the presence
beacon, a checklist request) while the test's database is being emptied, and SQLite
answers "database table is locked". So the lock is also held from the browsers'
closing until the database is emptied (``hold_until_emptied``, released by the
conftest's ``pytest_runtest_teardown``); such a late request waits, then finds no test
database and is refused, as it would be after a real server's restart. On PostgreSQL
too: there a closing page's request and the flush's TRUNCATE deadlocked (CI), so its
live server also answers one request at a time; only the test's own queries, on a
connection of their own there, go without the lock.
"""

import threading

LOCK = threading.RLock()


class OneAtATime:
    """A WSGI application answering under the lock, from the call to the response's close."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        LOCK.acquire()
        try:
            response = self.application(environ, start_response)
        except BaseException:
            LOCK.release()
            raise
        return Releasing(response)


class Releasing:
    """The response's body; closing it (the server always does) lets the next request in."""

    def __init__(self, response):
        self.response = response

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            LOCK.release()


def answer_one_at_a_time(live_server):
    """Wrap pytest-django's live server's Django application, once per session."""
    handler = live_server.thread.httpd.get_app()  # the static files handler, then Django
    if not isinstance(handler.application, OneAtATime):
        handler.application = OneAtATime(handler.application)


def query_one_at_a_time(execute, sql, params, many, context):
    """An execute wrapper: a query of the test's own thread runs under the lock too."""
    with LOCK:
        return execute(sql, params, many, context)


_held = threading.local()


def hold_until_emptied():
    """Take the lock for the rest of this test's teardown: requests still under way end
    first, later ones wait."""
    LOCK.acquire()
    _held.count = getattr(_held, "count", 0) + 1


def release():
    """After the teardown: let waiting requests go."""
    while getattr(_held, "count", 0):
        _held.count -= 1
        LOCK.release()
