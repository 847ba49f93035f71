"""HTTP caching of public pages, for browsers and for a CDN or proxy in front of the site.

``public_page`` wraps a public view. For an anonymous reader its 200 answers get:

* ``Cache-Control: public, max-age=M, s-maxage=S, stale-while-revalidate=W`` (the
  NEWSROOM_CACHE_* settings), cut so that no copy outlives the next scheduled
  publication: a story due in 30 seconds makes every public page cacheable for at
  most 30 seconds, stale copies included;
* ``Surrogate-Key`` and ``Cache-Tag`` (the same value): what the page shows, "home",
  "story-<pk>" for the story and every card, "section-<pk>", "tag-<pk>" …, so that a
  CDN can purge exactly the pages an edit touches.

The ETag and the 304 answers come from Django's ConditionalGetMiddleware (MIDDLEWARE).

A reader's page must carry no cookie and no ``Vary: Cookie``, or every CDN misses:
public templates use neither ``user`` nor ``messages`` nor a CSRF token, and this module
never touches the session. A browser that sends a session cookie (staff, most likely)
gets ``private, no-cache`` instead: it sees an edit at once, and no shared cache keeps
its copy. Previews and the admin are ``no-store`` elsewhere (never_cache).
"""

from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Min, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .models import Article, ArticleSource, Author, Byline, RelatedItem, Section, Source, Tag

KEY_HEADERS = ("Surrogate-Key", "Cache-Tag")
# Objects a page may show, and the prefix of their key.
KEY_PREFIXES = {
    Article: "story",
    Section: "section",
    Tag: "tag",
    Author: "author",
    Source: "source",
}
# Links between objects: the key of what they point to, read from the id (no query).
LINK_KEYS = {
    RelatedItem: ("story", "target_id"),  # READ MORE and Recommended inserts
    Byline: ("author", "author_id"),
    ArticleSource: ("source", "source_id"),
}


# The next scheduled publication, kept in the cache so that pages cost no extra query.
# Saving or deleting a story recomputes it (signals below); a copy that has come due is
# recomputed by the next reader. The backstop timeout covers changes that bypass save()
# (bulk_create, update(), a restored database). With local-memory caching the copy is one
# process's own: several processes must share the cache (CACHE_URL=redis://…), as the
# settings say.
NEXT_PUBLICATION_KEY = "newsroom:next-publication"
NEXT_PUBLICATION_BACKSTOP = 3600
_NONE_DUE = "none"


def scheduled_stories():
    # Not ``published()``: these are the stories readers cannot see yet, read for their time.
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())


def query_next_publication():
    """When the next scheduled story goes out, or None: one query on the status index."""
    return scheduled_stories().aggregate(next=Min("published_at"))["next"]


def next_publication():
    """The cached ``query_next_publication()``: no query while it holds."""
    due = cache.get(NEXT_PUBLICATION_KEY)
    if due == _NONE_DUE:
        return None
    if due is not None and due > timezone.now():
        return due
    due = query_next_publication()
    # add(), not set(): a story saved meanwhile has stored a newer answer; keep that.
    if not cache.add(NEXT_PUBLICATION_KEY, due or _NONE_DUE, NEXT_PUBLICATION_BACKSTOP):
        cache.set(NEXT_PUBLICATION_KEY, due or _NONE_DUE, NEXT_PUBLICATION_BACKSTOP)
    return due


def _store_next_publication():
    due = query_next_publication()
    cache.set(NEXT_PUBLICATION_KEY, due or _NONE_DUE, NEXT_PUBLICATION_BACKSTOP)
    return due


@receiver([post_save, post_delete], sender=Article, dispatch_uid="http_next_publication")
def story_changed(sender, instance, **kwargs):
    """A story saved or deleted: the next publication may have moved.

    Recomputed at once (readers in this transaction's process see it) and again after the
    commit (readers everywhere see the committed answer). Should the transaction roll back,
    the answer kept is the earlier of the old and the new: a page may expire early, never late.
    """
    previous = cache.get(NEXT_PUBLICATION_KEY)
    due = query_next_publication()
    if (
        isinstance(previous, datetime)
        and previous > timezone.now()
        and (due is None or previous < due)
    ):
        due = previous
    cache.set(NEXT_PUBLICATION_KEY, due or _NONE_DUE, NEXT_PUBLICATION_BACKSTOP)
    transaction.on_commit(_store_next_publication, using=kwargs.get("using"))


def timeless(request):
    """Say that the page shows nothing a publication would change (robots.txt, an empty
    search): it is not cut short before the next publication, and costs no query for it."""
    request.timeless = True


def public_cache_control(timeless=False):
    """The Cache-Control directives of a public page, cut to the next publication."""
    max_age = settings.NEWSROOM_CACHE_MAX_AGE
    s_maxage = settings.NEWSROOM_CACHE_S_MAXAGE
    stale = settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE
    due = None if timeless else next_publication()
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


def add_keys(request, *things):
    """Note what a page shows: objects, lists of them, keys as strings ("home")."""
    keys = getattr(request, "surrogate_keys", None)
    if keys is None:
        return
    for thing in things:
        if isinstance(thing, str):
            keys.add(thing)
        else:
            _collect(thing, keys)


def _collect(thing, keys, depth=0):
    # Strings inside a context are text ("insert", a query), never keys.
    if thing is None or isinstance(thing, str) or depth > 6:
        return
    for model, prefix in KEY_PREFIXES.items():
        if isinstance(thing, model):
            keys.add(f"{prefix}-{thing.pk}")
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
            keys.add(f"{link[0]}-{getattr(thing, link[1])}")
        return
    for item in thing:
        _collect(item, keys, depth + 1)


def has_session_cookie(request):
    # The cookie, not request.user: reading the user would touch the session, and
    # SessionMiddleware would then add "Vary: Cookie" to every reader's page.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def apply_headers(request, response, collect=True):
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    if has_session_cookie(request):
        patch_cache_control(response, private=True, no_cache=True)
        return response
    patch_cache_control(response, **public_cache_control(getattr(request, "timeless", False)))
    keys = set(request.surrogate_keys)
    if collect:
        # Template responses: what the template drew, read once it is drawn.
        _collect(getattr(response, "context_data", None), keys)
    if keys:
        value = " ".join(sorted(keys))
        for header in KEY_HEADERS:
            response.headers[header] = value
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
            response = view(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(lambda r: apply_headers(request, r, collect))
                return response
            return apply_headers(request, response, collect)

        return wrapper

    return decorator
