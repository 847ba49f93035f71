"""HTTP caching of public pages, for browsers and for a CDN or proxy in front of the site.

``public_page`` wraps a public view. For an anonymous reader its 200 answers get:

* ``Cache-Control: public, max-age=M, s-maxage=S, stale-while-revalidate=W`` (the
  NEWSROOM_CACHE_* settings), cut so that no copy outlives the next scheduled
  publication: a story due in 30 seconds makes every public page cacheable for at
  most 30 seconds, stale copies included;
* ``Surrogate-Key`` and ``Cache-Tag`` (the same value): what the page shows, "home",
  "story-<pk>" for the story and every card, "section-<pk>", "tag-<pk>" …, and which
  lists it shows ("latest", "section-<pk>-stories" …), so that a CDN can purge exactly
  the pages an edit touches. The keys are built in pagecache/keys.py and bumped by
  pagecache/invalidation.py; the server's own page cache (pagecache/store.py) keeps
  the page until one of them is bumped.

The ETag and the 304 answers come from Django's ConditionalGetMiddleware (MIDDLEWARE).

A reader's page must carry no cookie and no ``Vary: Cookie``, or every CDN misses:
public templates use neither ``user`` nor ``messages`` nor a CSRF token, and this module
never touches the session. A staff member's browser
gets ``private, no-cache`` instead: it sees an edit at once, and no shared cache keeps
its copy. Staff are told apart by a signed cookie, not by the session cookie, which
anyone can send (pagecache/staff.py). Previews and the admin are ``no-store``
elsewhere (never_cache).
"""

import logging
import math
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Min, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import LazyObject, empty
from django.views.defaults import page_not_found

from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Image,
    RelatedItem,
    Section,
    Source,
    Tag,
)
from newsroom.cache import cache_down
from pagecache.keys import (
    AUTHOR,
    HOME,
    IMAGE,
    LATEST,
    NEXT_PUBLICATION,
    SECTION,
    SECTIONS,
    SOURCE,
    STORY,
    TAG,
    object_key,
    stories_of,
)
from pagecache.staff import is_staff_browser

KEY_HEADERS = ("Surrogate-Key", "Cache-Tag")
# Objects a page may show, and the prefix of their key.
KEY_PREFIXES = {
    Article: STORY,
    Section: SECTION,
    Tag: TAG,
    Author: AUTHOR,
    Source: SOURCE,
    Image: IMAGE,
}
# Page kinds that list stories without a subject: the home page shows the newest ones.
KIND_LISTS = {HOME: LATEST}
# Links between objects: the key of what they point to, read from the id (no query).
LINK_KEYS = {
    RelatedItem: (STORY, "target_id"),  # READ MORE and Recommended inserts
    Byline: (AUTHOR, "author_id"),
    ArticleSource: (SOURCE, "source_id"),
}


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
    request.timeless = True


def changes_at(request, when):
    """Say that the page changes by itself at ``when`` with no edit to bump anything (a
    story ages out of the news sitemap's 48 hours): no copy of it outlives that time."""
    current = getattr(request, "changes_at", None)
    request.changes_at = when if current is None else min(current, when)


def earliest(*times):
    times = [t for t in times if t is not None]
    return min(times) if times else None


def page_due(request):
    """When the page may next change by itself: the next publication (None: none, or a
    timeless page), from the value the page cache read with its lookup when it did, or an
    earlier time the view gave to ``changes_at``."""
    own = getattr(request, "changes_at", None)
    if getattr(request, "timeless", False):
        return own
    return earliest(_next_publication(request), own)


def _next_publication(request):
    # Read once a request: the page and its kept parts must agree on it.
    if not hasattr(request, "next_publication"):
        cached = getattr(request, "cached_next_publication", _UNREAD)
        request.next_publication = (
            next_publication() if cached is _UNREAD else next_publication(cached)
        )
    return request.next_publication


def publication_mark(request):
    """The next publication's time as text, for the name of a kept part whose content
    changes when a scheduled story comes out (no bump says so): "" when none is due."""
    due = _next_publication(request)
    return f"{due.timestamp()}" if due else ""


def public_cache_control(due):
    """The Cache-Control directives of a public page, cut to ``due`` (the next
    publication, or None: see ``page_due``)."""
    max_age = settings.NEWSROOM_CACHE_MAX_AGE
    s_maxage = settings.NEWSROOM_CACHE_S_MAXAGE
    stale = settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE
    if due is not None:
        # Whole seconds, rounded down: a copy expires at or before the publication.
        remaining = max(0, int((due - timezone.now()).total_seconds()))
        max_age, s_maxage = min(max_age, remaining), min(s_maxage, remaining)
        # A stale copy served while revalidating must not outlive it either.
        stale = max(0, min(stale, remaining - max(max_age, s_maxage)))
    directives = {"public": True, "max_age": max_age, "s_maxage": s_maxage}
    if max_age == 0 or s_maxage == 0:
        directives["must_revalidate"] = True
    elif stale:
        directives["stale_while_revalidate"] = stale
    return directives


def listing_key(subject):
    """The key of which stories ``subject`` lists: "tag-3-stories"; None: "latest"."""
    if subject is None:
        return LATEST
    return stories_of(KEY_PREFIXES[type(subject)], subject.pk)


def add_keys(request, *things):
    """Note what a page shows: objects, lists of them, keys as strings ("home").

    A feed names its subject first (None for the latest stories), as StoryFeed.items
    does: the feed lists that subject's stories.
    """
    keys = getattr(request, "surrogate_keys", None)
    if keys is None:
        return
    if getattr(request, "is_feed", False) and things and not isinstance(things[0], str):
        keys.add(listing_key(things[0]))
    for thing in things:
        if isinstance(thing, str):
            keys.add(thing)
        else:
            _collect(thing, keys)


def _prefetched(obj, name):
    # What a prefetch loaded, or nothing: reading a relation here must never query.
    return getattr(obj, "_prefetched_objects_cache", {}).get(name, ())


def _object_keys(obj, prefix, keys):
    """An object's key, and the keys of what is drawn with it that its row names by id."""
    keys.add(object_key(prefix, obj.pk))
    if isinstance(obj, Article):
        # A card or a story: its section's kicker, its picture, its byline (and on the
        # story page, its tags and agencies), all loaded with it.
        keys.add(object_key(SECTION, obj.section_id))
        if obj.hero_image_id:
            keys.add(object_key(IMAGE, obj.hero_image_id))
            image = obj._state.fields_cache.get("hero_image")
            if image is not None and image.credit_source_id:
                keys.add(object_key(SOURCE, image.credit_source_id))
        keys.update(object_key(AUTHOR, b.author_id) for b in _prefetched(obj, "bylines"))
        keys.update(object_key(SOURCE, s.source_id) for s in _prefetched(obj, "article_sources"))
        keys.update(object_key(TAG, t.pk) for t in _prefetched(obj, "tags"))
    elif isinstance(obj, Author) and obj.photo_id:
        keys.add(object_key(IMAGE, obj.photo_id))
    elif isinstance(obj, Tag) and obj.featured_image_id:
        keys.add(object_key(IMAGE, obj.featured_image_id))
    elif isinstance(obj, Image) and obj.credit_source_id:
        keys.add(object_key(SOURCE, obj.credit_source_id))


def keys_of(*things):
    """The keys of what ``things`` draw (objects, lists of them, a page of a listing),
    read from what is loaded: no query."""
    keys = set()
    _collect(things, keys)
    return keys


def _collect(thing, keys, depth=0):
    # Strings inside a context are text ("insert", a query), never keys.
    if thing is None or isinstance(thing, str) or depth > 6:
        return
    if isinstance(thing, LazyObject):
        # Read only if drawn (a story whose parts were kept is never loaded).
        if thing._wrapped is empty:
            return
        thing = thing._wrapped
    if hasattr(thing, "loaded_rows"):
        thing = thing.loaded_rows()  # a listing's page (listings.PageRows): if drawn
    for model, prefix in KEY_PREFIXES.items():
        if isinstance(thing, model):
            _object_keys(thing, prefix, keys)
            return
    if isinstance(thing, QuerySet):
        # Only what the page drew: a queryset the template never read is not read here,
        # so collecting keys costs no query.
        thing = thing._result_cache or ()
    elif isinstance(thing, Page):
        _collect(thing.object_list, keys, depth + 1)
        return
    elif isinstance(thing, dict):
        thing = thing.values()
    elif not isinstance(thing, list | tuple | set):
        link = LINK_KEYS.get(type(thing))
        if link and getattr(thing, link[1]):
            keys.add(object_key(link[0], getattr(thing, link[1])))
        if isinstance(thing, RelatedItem):
            # A Recommended insert draws its story's card (kicker, address, picture):
            # the keys of what was loaded with it, as for any card.
            target = thing._state.fields_cache.get("target")
            if target is not None:
                _object_keys(target, STORY, keys)
        return
    for item in thing:
        _collect(item, keys, depth + 1)


def apply_headers(request, response, collect=True):
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    if is_staff_browser(request):
        patch_cache_control(response, private=True, no_cache=True)
        return response
    due = page_due(request)
    patch_cache_control(response, **public_cache_control(due))
    keys = set(request.surrogate_keys)
    keys.update(KIND_LISTS[kind] for kind in KIND_LISTS.keys() & keys)
    context = getattr(response, "context_data", None) or {}
    subject = getattr(context.get("view"), "subject", None)
    if type(subject) in KEY_PREFIXES:
        # A listing (ListingMixin): which stories its subject has, page by page.
        keys.add(listing_key(subject))
    if collect:
        # Template responses: what the template drew, read once it is drawn.
        _collect(context, keys)
    if response.get("Content-Type", "").startswith("text/html"):
        keys.add(SECTIONS)  # the masthead's navigation
    if keys:
        value = " ".join(sorted(keys))
        for header in KEY_HEADERS:
            response.headers[header] = value
    # For the page cache (pagecache/store.py): a public page for an anonymous reader,
    # what it depends on, and until when it holds (a scheduled story may change it then).
    response.page_cache_keys = keys
    response.page_cache_due = due
    response.page_cache_timeless = getattr(request, "timeless", False)
    return response


def not_found(request, exception):
    """The 404 page (``handler404``), which no cache may keep without asking again.

    A 404 names nothing a bump could purge, yet the address may become a page at any
    moment: a story or its new tag once its embargo passes, an agency's first story.
    A CDN that kept the 404 by its own default lifetime would hide them.
    """
    response = page_not_found(request, exception)
    patch_cache_control(response, no_cache=True)
    return response


def public_page(*keys, collect=True, timeless=False):
    """Decorate a public view: ``@public_page("home")`` (keys every answer carries).

    ``collect=False`` keeps a page's header to its own keys: a sitemap lists thousands of
    stories, more than a header holds, and is purged by its "sitemaps" key instead.
    ``timeless=True``: see ``timeless()``.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.surrogate_keys = set(keys)
            request.timeless = timeless
            request.is_feed = isinstance(view, Feed)
            response = view(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(lambda r: apply_headers(request, r, collect))
                return response
            return apply_headers(request, response, collect)

        return wrapper

    return decorator
