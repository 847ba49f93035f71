"""When pages change by themselves: the next scheduled publication, and the times a
page gives for its own changes.

A scheduled story changes every page that will list it when it comes out, with no edit
to bump anything. Its time is the version of one surrogate key, ``SCHEDULE``, that every
page and part showing published stories depends on (pagecache/headers.py and the parts'
keys add it): a copy holds while the next publication it was made before is still the
next one, and stops holding the moment that time passes (``store.holding``). The first
reader after that keeps the next one, and so changes the key once. The same time, read
once a request, caps every public page's lifetime in HTTP caches (pagecache/headers.py).

A page may also say that it changes by itself at some time (``changes_at``: a story
ageing out of the news sitemap) or never with a publication (``timeless``).
"""

import logging
import math

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article
from newsroom.cache import cache_down
from pagecache import page, store
from pagecache.keys import NEXT_PUBLICATION

# The next scheduled publication, kept in the cache so that pages cost no extra query.
# Saving or deleting a story recomputes it (signals below); once it has come due the
# next reader recomputes it. The backstop lifetime covers changes that bypass save()
# (bulk_create, update(), a restored database). With local-memory caching the copy is one
# process's own: several processes must share the cache (CACHE_URL=redis://…), as the
# settings say.
logger = logging.getLogger(__name__)
NEXT_PUBLICATION_BACKSTOP = 3600
# Kept when no story is scheduled (a version, like a time, of the schedule's key).
_NONE_DUE = "none"


def scheduled_stories():
    # Not ``published()``: these are the stories readers cannot see yet, read for their time.
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())


def query_next_publication():
    """When the next scheduled story goes out, or None: one query on the status index."""
    return scheduled_stories().aggregate(next=Min("published_at"))["next"]


_UNREAD = object()


def current(kept):
    """Whether ``kept`` (the cache's next publication, None when absent) still holds."""
    return kept == _NONE_DUE or store.holding(kept) is not None


def next_publication(cached=_UNREAD):
    """The cached ``query_next_publication()``: no query while it holds.

    ``cached`` is the value of NEXT_PUBLICATION when the caller has read it already (the
    page cache reads it with the page, in one round trip; absent: ``None``).
    """
    try:
        kept = cache.get(NEXT_PUBLICATION) if cached is _UNREAD else cached
        if current(kept):
            return None if kept == _NONE_DUE else kept
        due = query_next_publication()
        if kept is not None:
            # Come due, and still in the cache for the rest of its last second: it
            # no longer holds, and its next version is kept once it has gone.
            return due
        # Gone (come due, or evicted): this reader keeps the next version. add(), never
        # set(): a story scheduled meanwhile has stored a fresher answer than the one
        # this reader read before that commit, and overwriting it would hide the story
        # past its time. Keep the earlier of the two.
        if not _keep(due, cache.add):
            other = cache.get(NEXT_PUBLICATION)
            if other != _NONE_DUE and store.holding(other) is not None:
                due = earliest(due, other)
        return due
    except Exception:  # the cache is down: it costs the cache, never the page
        cache_down(logger, "The cache is down: the next publication read from the database")
        return query_next_publication()


def _lifetime(due):
    """How long the cache keeps a next-publication answer: until it comes due, so that a
    past answer is never left to block ``add()`` (whole seconds, rounded up)."""
    if due is None:
        return NEXT_PUBLICATION_BACKSTOP
    remaining = math.ceil((due - timezone.now()).total_seconds())
    return max(1, min(NEXT_PUBLICATION_BACKSTOP, remaining))


def _keep(due, write=None):
    """Keep ``due`` as the schedule key's version (``write``: the cache's set, or add).

    The generation moves first, as in a bump: a copy made from rows read before the
    publication that came due must not be kept under the new version."""
    store.advance()
    return (write or cache.set)(NEXT_PUBLICATION, due or _NONE_DUE, _lifetime(due))


def _keep_next_publication(due):
    try:
        _keep(due)
    except Exception:  # the cache is down: it costs the cache, never the page
        # An editor's save must not fail because the cache is down; readers then read
        # the time from the database (next_publication).
        cache_down(logger, "Could not keep the next publication in the cache")


def _store_next_publication():
    due = query_next_publication()
    _keep_next_publication(due)
    return due


@receiver([post_save, post_delete], sender=Article, dispatch_uid="http_next_publication")
def story_changed(sender, instance, **kwargs):
    """A story saved or deleted: the next publication may have moved.

    Recomputed at once (readers in this transaction's process see it) and again after the
    commit (readers everywhere see the committed answer). Should the transaction roll back,
    the answer kept is the earlier of the old and the new: a page may expire early, never late.
    """
    try:
        previous = store.holding(cache.get(NEXT_PUBLICATION))
    except Exception:  # the cache is down: it costs the cache, never the page
        previous = None
    due = query_next_publication()
    if previous not in (None, _NONE_DUE) and (due is None or previous < due):
        due = previous
    _keep_next_publication(due)
    transaction.on_commit(_store_next_publication, using=kwargs.get("using"), robust=True)


def timeless(request):
    """Say that the page shows nothing a publication would change (robots.txt, an empty
    search): it is not cut short before the next publication, and costs no query for it."""
    page.of(request).timeless = True


def changes_at(request, when):
    """Say that the page changes by itself at ``when`` with no edit to bump anything (a
    story ages out of the news sitemap's 48 hours): no copy of it outlives that time."""
    page.of(request).changes_by_itself_at(when)


def earliest(*times):
    times = [t for t in times if t is not None]
    return min(times) if times else None


def page_due(request):
    """When the page may next change by itself: the next publication (None: none, or a
    timeless page), read once for the request (the page cache reads it with its lookup),
    or an earlier time the view gave to ``changes_at``."""
    state = page.of(request)
    if state.timeless:
        return state.changes_at
    if state.next_publication is page.UNREAD:
        state.next_publication = next_publication()
    return earliest(state.next_publication, state.changes_at)
