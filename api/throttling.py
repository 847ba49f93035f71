"""Rate limits per client: NEWSROOM_API_RATE_LIMIT requests ("120/min") per address.

The address is the one the login limits use (newsroom.clients.client_address): REMOTE_ADDR,
or behind NEWSROOM_TRUSTED_PROXIES proxies of ours the address the first of them saw, so
that a client cannot pick a fresh address per request by writing X-Forwarded-For.

django-ninja's own throttles keep the request being checked on the throttle object,
which every request shares: with a threaded server one reader's answer could be read for
another's. This one keeps nothing between its two calls but the wait, per thread.
"""

import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from newsroom.cache import cache_down
from newsroom.clients import client_address
from pagecache.keys import api_rate

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
           "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip


def parse_rate(rate):
    """ "120/min" → (120, 60): requests, and the seconds they are counted over."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*", rate or "")
    if not match or match[3] not in PERIODS:
        raise ValueError(f"NEWSROOM_API_RATE_LIMIT: {rate!r} is not like 120/min")
    return int(match[1]), int(match[2] or 1) * PERIODS[match[3]]


class PerClientThrottle(BaseThrottle):
    def __init__(self):
        self._waits = threading.local()

    def allow_request(self, request):
        # Read on each request: the setting may change (tests lower it) without a restart.
        allowed, period = parse_rate(settings.NEWSROOM_API_RATE_LIMIT)
        key = api_rate(client_address(request))
        now = time.time()
        self._waits.seconds = None
        try:
            # The times of the client's recent requests, newest first.
            recent = [t for t in cache.get(key, []) if t > now - period]
            if len(recent) >= allowed:
                self._waits.seconds = recent[allowed - 1] + period - now
                return False
            cache.set(key, [now, *recent[: allowed - 1]], period)
        except Exception:  # the cache is down: it costs the limit, never the answer
            cache_down(logger, "The cache is down: API request let through unlimited")
        return True

    def wait(self):
        """Seconds until the client's oldest counted request leaves the window."""
        return self._waits.seconds
