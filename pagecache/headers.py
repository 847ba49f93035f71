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

from functools import wraps

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Page
from django.db.models import QuerySet
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
from pagecache import page
from pagecache.keys import (
    AUTHOR,
    HOME,
    IMAGE,
    LATEST,
    SCHEDULE,
    SECTION,
    SECTIONS,
    SOURCE,
    STORY,
    TAG,
    object_key,
    stories_of,
)
from pagecache.schedule import page_due
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
    state = page.of(request)
    if not state.public:
        return
    keys = state.keys
    if state.is_feed and things and not isinstance(things[0], str):
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
        for image in _prefetched(obj, "body_images"):  # its body's pictures and galleries
            keys.add(object_key(IMAGE, image.pk))
            if image.credit_source_id:
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
    state = page.of(request)
    keys = set(state.keys)
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
    if not state.timeless:
        keys.add(SCHEDULE)  # a scheduled story coming out may change it
    if keys:
        value = " ".join(sorted(keys))
        for header in KEY_HEADERS:
            response.headers[header] = value
    # For the page cache (pagecache/store.py): a public page for an anonymous reader,
    # what it depends on, and when it changes by itself.
    response.page_cache = page.Kept(frozenset(keys), state.changes_at, state.timeless)
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
            state = page.of(request)
            state.public, state.keys = True, set(keys)
            state.timeless, state.is_feed = timeless, isinstance(view, Feed)
            response = view(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(lambda r: apply_headers(request, r, collect))
                return response
            return apply_headers(request, response, collect)

        return wrapper

    return decorator
