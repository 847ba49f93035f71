"""When pages change by themselves: the next scheduled publication, and the times a
page gives for its own changes.

A scheduled story changes every page that will list it when it comes out, with no edit
to bump anything. So the time of the next one is kept in the cache (no query per page)
and caps every public page's lifetime (pagecache/headers.py) and every kept part's name
(``publication_mark``); a page may say it changes by itself at some time
(``changes_at``: a story ageing out of the news sitemap) or never (``timeless``).
"""

import logging
import math
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article
from newsroom.cache import cache_down
from pagecache import page
from pagecache.keys import NEXT_PUBLICATION

# The next scheduled publication, kept in the cache so that pages cost no extra query.
# Saving or deleting a story recomputes it (signals below); a copy that has come due is
# recomputed by the next reader. The backstop timeout covers changes that bypass save()
# (bulk_create, update(), a restored database). With local-memory caching the copy is one
# process's own: several processes must share the cache (CACHE_URL=redis://…), as the
# settings say.
logger = logging.getLogger(__name__)
NEXT_PUBLICATION_KEY = NEXT_PUBLICATION
NEXT_PUBLICATION_BACKSTOP = 3600
_NONE_DUE = "none"


def scheduled_stories():
    # Not ``published()``: these are the stories readers cannot see yet, read for their time.
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())


def query_next_publication():
    """When the next scheduled story goes out, or None: one query on the status index."""
    return scheduled_stories().aggregate(next=Min("published_at"))["next"]


_UNREAD = object()


def next_publication(cached=_UNREAD):
    """The cached ``query_next_publication()``: no query while it holds.

    ``cached`` is the value of NEXT_PUBLICATION_KEY when the caller has read it already
    (the page cache reads it with the page, in one round trip; absent: ``None``).
    """
    try:
        due = cache.get(NEXT_PUBLICATION_KEY) if cached is _UNREAD else cached
        if due == _NONE_DUE:
            return None
        if due is not None and due > timezone.now():
            return due
        due = query_next_publication()
        # add(), never set(): a story scheduled meanwhile has stored a fresher answer than
        # the one this reader read before that commit, and overwriting it would hide the
        # story past its time. Keep the earlier of the two.
        if not cache.add(NEXT_PUBLICATION_KEY, due or _NONE_DUE, _lifetime(due)):
            other = cache.get(NEXT_PUBLICATION_KEY)
            if isinstance(other, datetime) and other > timezone.now():
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


def _keep_next_publication(due):
    try:
        cache.set(NEXT_PUBLICATION_KEY, due or _NONE_DUE, _lifetime(due))
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
        previous = cache.get(NEXT_PUBLICATION_KEY)
    except Exception:  # the cache is down: it costs the cache, never the page
        previous = None
    due = query_next_publication()
    if (
        isinstance(previous, datetime)
        and previous > timezone.now()
        and (due is None or previous < due)
    ):
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
    timeless page), from the value the page cache read with its lookup when it did, or an
    earlier time the view gave to ``changes_at``."""
    state = page.of(request)
    if state.timeless:
        return state.changes_at
    return earliest(_next_publication(state), state.changes_at)


def _next_publication(state):
    # Read once a request: the page and its kept parts must agree on it.
    if state.next_publication is page.UNREAD:
        looked_up = state.looked_up_next_publication
        state.next_publication = (
            next_publication() if looked_up is page.UNREAD else next_publication(looked_up)
        )
    return state.next_publication


def publication_mark(request):
    """The next publication's time as text, for the name of a kept part whose content
    changes when a scheduled story comes out (no bump says so): "" when none is due."""
    due = _next_publication(page.of(request))
    return f"{due.timestamp()}" if due else ""
