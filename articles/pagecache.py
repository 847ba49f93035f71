"""Caching that is never stale: versions of surrogate keys, bumped on every change.

A public page (or a part of one) depends on keys, the same keys as its Surrogate-Key
header (articles/http.py): "story-12" (the story: its page, and every card of it),
"section-3" (the section's name), "section-3-stories" (which stories the section
lists), "latest" (which stories are newest) … Each key has a version in the shared
cache. A cached copy keeps the versions it was made with, and is good while they all
still hold. A change bumps the versions of the keys it touches (``bump``), from
whatever process made it: every copy that depends on one of them is dead at once, on
every instance sharing the cache, and the others stay.

A reader that rendered a page from rows read before a change committed must not store
it under the new versions. So every bump also moves a global generation counter, and
a copy is stored only if the generation did not move while it was being made.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_PREFIX = "newsroom:v:"
GENERATION_KEY = "newsroom:generation"
MEMO_PREFIX = "newsroom:memo:"


def version_key(key):
    return VERSION_PREFIX + key


def generation():
    """The global generation: read before making a copy, compared before storing it."""
    return cache.get(GENERATION_KEY, 0)


def versions(keys):
    """{key: version} for keys, in one cache round trip (None for a key never bumped)."""
    keys = list(keys)
    found = cache.get_many([version_key(k) for k in keys])
    return {k: found.get(version_key(k)) for k in keys}


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
    cache.set_many({version_key(k): token for k in keys}, timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # never set, or evicted
        cache.set(GENERATION_KEY, 1, timeout=None)


def timeout():
    """How long a copy may live at most: a backstop for changes that bypass ``bump``
    (a raw ``update()``, a restored database)."""
    return settings.NEWSROOM_PAGE_CACHE_TIMEOUT


def remember(name, compute, keys=()):
    """``compute()`` kept in the cache until one of its keys is bumped.

    ``compute`` returns ``(value, more_keys)``: the keys it turned out to depend on
    besides ``keys`` (an Explore list depends on "latest" only if it reached the newest
    stories). Costs one cache round trip on a hit whose keys are all in ``keys``, two
    otherwise; no query.
    """
    entry_key = MEMO_PREFIX + name
    wanted = [entry_key, GENERATION_KEY, *(version_key(k) for k in keys)]
    found = cache.get_many(wanted)
    entry = found.get(entry_key)
    if entry is not None:
        value, snapshot = entry
        current = {k: found.get(version_key(k)) for k in keys}
        if still_valid(snapshot, current):
            return value
    before = found.get(GENERATION_KEY, 0)
    value, more_keys = compute()
    all_keys = {*keys, *more_keys}
    current = cache.get_many([GENERATION_KEY, *(version_key(k) for k in all_keys)])
    if current.get(GENERATION_KEY, 0) == before:
        snapshot = {k: current.get(version_key(k)) for k in all_keys}
        cache.set(entry_key, (value, snapshot), timeout())
    return value
