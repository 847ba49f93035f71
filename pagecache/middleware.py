"""The page cache: whole public pages served from the shared cache, with no query, until
what they show changes (pagecache/store.py says how copies are kept and checked, and
pagecache/invalidation.py what each change bumps).
"""

import hashlib
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from newsroom.cache import cache_down
from pagecache import page, schedule, store
from pagecache.headers import public_cache_control
from pagecache.keys import GENERATION, NEXT_PUBLICATION, SEARCH
from pagecache.keys import page as page_entry
from pagecache.staff import is_staff_browser

logger = logging.getLogger(__name__)

# The query parameters public views read: ?page= (listings, search), ?q= (search), ?p=
# (sitemaps). Others (utm_source, fbclid …) change nothing on the page: they are left
# out of the entry's name, so that a shared link hits the same entry.
PAGE_PARAMETERS = ("p", "page", "q")
# Page kinds the server does not keep: search results are a long tail of queries, most
# read once, and any edit may change what matches.
UNCACHED_KINDS = {SEARCH}


def page_key(request):
    """The entry's name: scheme, host, path and the parameters the page reads, sorted."""
    query = urlencode(
        [(name, value) for name in PAGE_PARAMETERS for value in request.GET.getlist(name)]
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return page_entry(hashlib.sha256(address.encode()).hexdigest())


def _looks_up(request):
    if not settings.NEWSROOM_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if not store.whole_pages.get() or store.afresh.get():
        return False  # drawn without it (store.without_whole_pages, drawing_afresh)
    # Staff (a valid staff cookie, not just any session cookie: pagecache/staff.py)
    # get fresh private pages; nothing of theirs is shared.
    return not is_staff_browser(request)


def _storable(request, response):
    """A public page answered to an anonymous reader (pagecache/headers.py marked it), with
    nothing in it that belongs to this reader."""
    kept = getattr(response, "page_cache", None)
    return (
        kept is not None
        and request.method == "GET"  # a HEAD answer may have lost its body on the way
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and not kept.keys & UNCACHED_KINDS
    )


class PageCacheMiddleware:
    """Serve public pages from the cache, with no query, until what they show changes.

    Placed right after ConditionalGetMiddleware: a hit still answers 304 to a matching
    If-None-Match (its ETag is stored with it), and skips the session, CSRF, auth and
    messages middleware below, which a reader's page never needs.

    An entry keeps the page (status, headers, body), the versions of every key it
    depends on (its Surrogate-Key set, the schedule's among them) and when the page
    changes by itself. A hit costs two cache round trips: the entry with the generation
    and the next publication, then the entry's key versions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if store.afresh.get():
            return self.get_response(request)  # nothing kept is read or stored
        if not _looks_up(request):
            # Not served from the cache, but its parts may be kept (a page for staff, one
            # drawn without the whole-page cache): from rows read after this generation.
            if request.method in ("GET", "HEAD"):
                with store.reading():
                    return self.get_response(request)
            with store.reading(store.UNKNOWN):
                return self.get_response(request)
        name = page_key(request)
        try:
            entry, before = self.look_up(request, name)
        except Exception:
            # The cache is down: readers still get pages, made afresh.
            cache_down(logger, "The cache is down: %s served without it", request.path)
            with store.reading(store.UNKNOWN):
                response = self.get_response(request)
            response["X-Cache"] = "miss"
            return response
        if entry is not None:
            try:
                response = self.serve(request, entry)
            except Exception:
                cache_down(logger, "The cache is down: %s made afresh", request.path)
                response = None
            if response is not None:
                response["X-Cache"] = "hit"
                return response
        with store.reading(before):
            response = self.get_response(request)
        if _storable(request, response):
            try:
                self.store(request, response, name, before)
            except Exception:
                cache_down(logger, "Could not keep %s in the cache", request.path)
        response["X-Cache"] = "miss"
        return response

    def look_up(self, request, name):
        """The page's entry, and the generation read before the view reads any row: the
        page and every part kept while it is made are checked against it. One round
        trip, which also reads the next publication for the page's headers (if it has
        come due, the headers find the next one: pagecache/schedule.py)."""
        found = cache.get_many([name, GENERATION, NEXT_PUBLICATION])
        looked_up = found.get(NEXT_PUBLICATION)
        if schedule.current(looked_up):
            page.of(request).next_publication = schedule.next_publication(looked_up)
        return found.get(name), found.get(GENERATION, 0)

    def serve(self, request, entry):
        status, headers, content, kept, changes_at, timeless = entry
        if changes_at is not None and changes_at <= timezone.now():
            # Its own time has come (its lifetime ends then too; this holds whatever
            # the cache's clock says).
            cache.delete(page_key(request))
            return None
        if not store.still_valid(kept):
            return None
        response = HttpResponse(content, status=status)
        for header, value in headers:
            response.headers[header] = value
        state = page.of(request)
        state.timeless = timeless
        if changes_at is not None:
            state.changes_by_itself_at(changes_at)
        patch_cache_control(response, **public_cache_control(schedule.page_due(request)))
        return response

    def store(self, request, response, name, before):
        keys, changes_at = response.page_cache.keys, response.page_cache.changes_at
        lifetime = store.timeout()
        if changes_at is not None:
            # The page changes by itself then: no bump will say so.
            lifetime = min(lifetime, int((changes_at - timezone.now()).total_seconds()))
        if lifetime <= 0:
            return
        # Versions read after the page was made: stored only if no bump came in between,
        # or the page may show rows read before a change under versions taken after it.
        taken = store.snapshot(keys, before)
        if taken is None:
            return
        set_response_etag(response)  # stored with it: a hit needs no hashing
        headers = [
            (header, value)
            for header, value in response.headers.items()
            if header.lower() not in {"cache-control", "x-cache"}
        ]
        entry = (
            response.status_code,
            headers,
            response.content,
            taken,
            changes_at,
            response.page_cache.timeless,
        )
        cache.set(name, entry, lifetime)
