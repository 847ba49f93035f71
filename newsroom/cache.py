"""Django's own Redis cache backend, with two costs taken off every call.

A page served from the cache costs two round trips to Redis (pagecache/store.py), one
of them for the versions of some 60 keys. Profiled at 100,000 stories, Django's backend
spent more time around those calls than Redis did answering them:

* it builds a new ``redis.Redis`` client for every call, and each one copies redis-py's
  table of about 170 response callbacks; the client is thread-safe and holds no state of
  its own besides its connection pool, so one client per pool serves every call;
* it checks every key against memcached's rules (length, control characters) to warn
  about keys that would not be portable to memcached. Redis takes any key, and our keys
  are our own.

``cache_down`` logs a failed cache call once an interval: with Redis unreachable every
page still serves, made afresh, but each page makes about ten cache calls, and a
traceback for each would bury the logs when they matter most.
"""

import threading
import time

from django.core.cache.backends import redis

# One outage, one traceback a minute per process, and a count of the calls it cost.
OUTAGE_LOG_INTERVAL = 60
_clock = time.monotonic  # tests move it
_outage = {"logged_at": None, "since": 0}
_outage_lock = threading.Lock()


def cache_down(logger, message, *args):
    """Log a failed cache call (from its ``except`` block): with the traceback if none was
    logged in this process in the last OUTAGE_LOG_INTERVAL seconds, with the number of
    calls that failed meanwhile; otherwise only count it."""
    now = _clock()
    with _outage_lock:
        last = _outage["logged_at"]
        if last is not None and now - last < OUTAGE_LOG_INTERVAL:
            _outage["since"] += 1
            return
        more, _outage["since"], _outage["logged_at"] = _outage["since"], 0, now
    if more:
        message = f"{message} ({more} more failed cache calls since the last report)"
    logger.error(message, *args, exc_info=True, stacklevel=2)


def reset_outage_log():
    """Forget the last report (tests: each starts as if no outage had been logged)."""
    with _outage_lock:
        _outage.update(logged_at=None, since=0)


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        pass  # memcached's rules; see the module's docstring
