"""One request at a time on the browser tests' live server, on SQLite.

The tests' SQLite database is in memory, so Django's live server shares the test's one
connection with every request thread (its documentation warns of it). Two requests at
once, say one page's presence ping and another page's load, then use that connection
together, and SQLite answers "bad parameter or other API misuse": a 500 no reader
could meet, since a real server has a connection per thread. PostgreSQL runs are left
as they are.
"""

import threading

LOCK = threading.RLock()


class OneAtATime:
    """Middleware, first in the list: each request holds the lock while it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with LOCK:
            return self.get_response(request)
