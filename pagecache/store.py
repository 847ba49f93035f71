"""Caching that is never stale: versions of surrogate keys, bumped on every change.

A public page (or a part of one) depends on keys, the same keys as its Surrogate-Key
header (pagecache/headers.py): "story-12" (the story: its page, and every card of it),
"section-3" (the section's name), "section-3-stories" (which stories the section
lists), "latest" (which stories are newest) … Each key has a version in the shared
cache. A cached copy keeps the versions it was made with, and is good while they all
still hold. A change bumps the versions of the keys it touches (``bump``), from
whatever process made it: every copy that depends on one of them is dead at once, on
every instance sharing the cache, and the others stay.

A reader that rendered a page from rows read before a change committed must not store
it under the new versions. So every bump also moves a global generation counter, and
a copy is stored only if the generation did not move since *before the first row it
shows was read*. That moment is the request's (``reading``): a page's parts share rows
(the head part loads the story, the main part draws from the same row later), so the
generation read at one part's own lookup may already be newer than rows another part
loaded. Every copy made in a request, the page and each of its parts, is therefore
checked against the generation read when the request began, before any row.

``PageCacheMiddleware`` (pagecache/middleware.py) keeps whole public pages this way
(what each change bumps is in pagecache/invalidation.py); ``remember`` keeps parts of
pages the same way (a story, its Explore list, a page of a listing: ``Part``), so that a
page the cache misses after a publication elsewhere is put together again from the
parts that did not change.
"""

import logging
import secrets
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from newsroom.cache import cache_down
from pagecache.keys import GENERATION, SCHEDULE, memo, version

# pagecache.headers is imported where it is used: it imports the models, and the models
# may use ``remember`` from here.

logger = logging.getLogger(__name__)


def generation():
    """The global generation: read before making a copy, compared before storing it."""
    return cache.get(GENERATION, 0)


def holding(value):
    """A version as read from the cache, or None when it no longer holds: a version that
    is a time (the schedule's: the next publication) holds until that time passes, with
    no bump, even while the cache still keeps it (its lifetime is whole seconds)."""
    if isinstance(value, datetime) and value <= timezone.now():
        return None
    return value


def versions(keys):
    """{key: version} for keys, in one cache round trip (None for a key never bumped)."""
    keys = list(keys)
    found = cache.get_many([version(k) for k in keys])
    return {k: holding(found.get(version(k))) for k in keys}


def still_valid(snapshot, current=None):
    """Whether a copy made under ``snapshot`` ({key: version}) still holds."""
    if current is None or not snapshot.keys() <= current.keys():
        current = versions(snapshot)
    return all(current.get(k) == v for k, v in snapshot.items())


def bump(*keys):
    """Invalidate every copy that depends on one of ``keys``.

    At once, so that this process sees the change in its own transaction, and again when
    the transaction commits, so that a reader who stored a copy between the two (made
    from rows read before the commit) loses it.
    """
    keys = {k for k in keys if k}
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def _bump(keys):
    token = secrets.token_hex(8)
    try:
        # The generation first, then the versions: a snapshot taken between the two must
        # see the new generation (and keep nothing), never the new versions beside the
        # old generation, which would keep a copy of the old rows under the new versions.
        # ``snapshot`` reads them the other way round, for the same reason.
        advance()
        cache.set_many({version(k): token for k in keys}, timeout=None)
    except Exception:
        # The cache is down: an editor's save must not fail for it (nor, after the
        # commit, answer an error for a save that went through). Pages are not served
        # from a cache that is down; copies made before it went down live at most
        # NEWSROOM_PAGE_CACHE_TIMEOUT once it is back.
        logger.exception("Could not invalidate %s in the cache", sorted(keys))


def advance():
    """Move the generation, with no key bumped: no copy being made now is kept. The
    schedule does so before it keeps the next publication (a new version of its key)."""
    try:
        cache.incr(GENERATION)
    except ValueError:  # never set, or evicted
        # Not 1: a reader that read a generation before the eviction must not see the
        # same number again.
        cache.set(GENERATION, secrets.randbits(48), timeout=None)


def snapshot(keys, before):
    """{key: version} of ``keys`` for a copy about to be stored, or None when a bump
    came in since ``before`` (the generation read before the copy was made): the copy
    may show rows read before that change, so it must not be kept.

    A key never bumped, or evicted, first gets a version of its own (``add``, which
    never overwrites a bump): a snapshot holding "no version" would come back to life
    if the key were bumped and then evicted. Not the schedule's, whose version only
    pagecache/schedule.py keeps: without it, nothing that depends on it is kept.
    """
    names = {k: version(k) for k in keys}
    # The versions before the generation (``_bump`` writes them the other way round): a
    # cache whose get_many reads key by key (local memory) then never shows a version a
    # bump wrote beside the generation from before that bump.
    current = cache.get_many([*names.values(), GENERATION])
    missing = [names[k] for k in keys if current.get(names[k]) is None and k != SCHEDULE]
    if missing:
        for name in missing:
            cache.add(name, secrets.token_hex(8), timeout=None)
        current.update(cache.get_many([*missing, GENERATION]))
    if current.get(GENERATION, 0) != before:
        return None
    versions = {k: holding(current.get(name)) for k, name in names.items()}
    if None in versions.values():
        return None  # evicted as soon as made: keep nothing rather than guess
    return versions


# The generation read when the current request began, before it read any row: every
# copy made in the request is checked against it (``reading``). None outside a request:
# then each copy's own lookup reads the generation, and what it draws must be read by
# its own ``compute``.
_horizon = ContextVar("newsroom_horizon", default=None)
# The generation could not be read (the cache is down): nothing made now is kept.
UNKNOWN = object()
_READ = object()


@contextmanager
def reading(before=_READ):
    """Keep copies made inside this block only if no bump came in since it began.

    ``before`` is the generation read at its start, before any row (read here unless the
    caller read it with something else: the page cache reads it with the page).
    ``PageCacheMiddleware`` wraps every request in it; a command or a task that draws
    kept parts may do the same.
    """
    if before is _READ:
        try:
            before = generation()
        except Exception:
            cache_down(logger, "The cache is down: nothing made now is kept")
            before = UNKNOWN
    token = _horizon.set(before)
    try:
        yield
    finally:
        _horizon.reset(token)


def _before(found):
    """The generation a copy made now is checked against (see ``reading``): the
    request's, or the one this copy's own lookup read (``found``)."""
    horizon = _horizon.get()
    return found.get(GENERATION, 0) if horizon is None else horizon


def timeout():
    """How long a copy may live at most: a backstop for changes that bypass ``bump``
    (a raw ``update()``, a restored database)."""
    return settings.NEWSROOM_PAGE_CACHE_TIMEOUT


def remember(name, compute, keys=(), with_keys=False):
    """``compute()`` kept in the cache until one of its keys is bumped.

    ``compute`` returns ``(value, more_keys)``: the keys it turned out to depend on
    besides ``keys`` (an Explore list depends on "latest" only if it reached the newest
    stories). Costs one cache round trip on a hit whose keys are all in ``keys``, two
    otherwise; no query. ``with_keys=True`` returns ``(value, keys)``: every key the
    value depends on, for the Surrogate-Key header of a page that shows it.

    The value is kept only if no bump came in since the request began (``reading``):
    ``compute`` may draw from rows another part of the page loaded before this lookup.
    """
    entry_key = memo(name)
    wanted = [entry_key, GENERATION, *(version(k) for k in keys)]
    try:
        found = {} if afresh.get() else cache.get_many(wanted)
    except Exception:
        cache_down(logger, "The cache is down: %s made afresh", name)
        found = None
    entry = (found or {}).get(entry_key)
    if entry is not None:
        value, kept = entry
        current = {k: holding(found.get(version(k))) for k in keys}
        try:
            if still_valid(kept, current):
                return (value, kept.keys()) if with_keys else value
        except Exception:
            cache_down(logger, "The cache is down: %s made afresh", name)
            found = None
    value, more_keys = compute()
    all_keys = {*keys, *more_keys}
    if found is not None and not afresh.get():
        try:
            taken = snapshot(all_keys, _before(found))
            if taken is not None:
                cache.set(entry_key, (value, taken), timeout())
        except Exception:
            cache_down(logger, "Could not keep %s in the cache", name)
    return (value, all_keys) if with_keys else value


def remember_each(names, draw):
    """``remember`` for many values at once, in three cache round trips whatever their
    number: the search page's twenty cards.

    ``names`` maps each item to its memo's name; ``draw(items)`` makes the values of the
    items not kept, ``{item: (value, keys)}``. Returns ``{item: (value, keys)}``.
    """
    entries = {item: memo(name) for item, name in names.items()}
    try:
        found = {} if afresh.get() else cache.get_many([GENERATION, *entries.values()])
        kept = {item: found[entry] for item, entry in entries.items() if entry in found}
        current = versions(set().union(*(taken for _, taken in kept.values()))) if kept else {}
    except Exception:
        cache_down(logger, "The cache is down: %d parts made afresh", len(names))
        found, kept, current = None, {}, {}
    result = {
        item: (value, taken.keys())
        for item, (value, taken) in kept.items()
        if all(current.get(k) == v for k, v in taken.items())
    }
    missing = [item for item in names if item not in result]
    if not missing:
        return result
    drawn = draw(missing)
    result.update(drawn)
    if found is not None and not afresh.get():
        try:
            taken = snapshot(set().union(*(keys for _, keys in drawn.values())), _before(found))
            if taken is not None:
                cache.set_many(
                    {
                        entries[item]: (value, {k: taken[k] for k in keys})
                        for item, (value, keys) in drawn.items()
                    },
                    timeout(),
                )
        except Exception:
            cache_down(logger, "Could not keep %d parts in the cache", len(drawn))
    return result


@dataclass(frozen=True)
class Part:
    """A part of a page kept by ``remember``, drawn by ``{% kept part %}…{% endkept %}``
    (templatetags/parts.py): the story itself, its Explore list, a page of a listing.

    ``name`` says which part; ``keys`` are known before it is drawn;
    ``collect()``, called once it is drawn, gives the keys of what it drew.
    """

    name: str
    keys: tuple = ()
    collect: Callable[[], Iterable[str]] | None = None


# Two ways to draw pages without what is kept, for measuring (ops/bench.py) and tests:
# ``drawing_afresh``, nothing remembered is read or kept, so a page is made from the
# database alone (as after ``cache.clear()``); ``without_whole_pages``, the whole-page
# cache is neither read nor stored but parts are kept as usual (the first reader after
# an edit elsewhere).
afresh = ContextVar("newsroom_afresh", default=False)
whole_pages = ContextVar("newsroom_whole_pages", default=True)


@contextmanager
def _setting(variable, value):
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


def drawing_afresh():
    return _setting(afresh, True)


def without_whole_pages():
    return _setting(whole_pages, False)
