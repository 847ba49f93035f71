"""Redirects: old public addresses that answer 301 with the new one.

A story whose slug or section changes after publication, a renamed section, tag or
author, and staff by hand (the admin) all add a row here. The rules, kept by
``add_redirect``:

- addresses are site paths: a leading and a trailing slash, no host, no query;
- chains collapse: every row points at a final address, so readers get one hop;
- loops and a path redirected to itself are refused (``ValueError``).

public/redirects.py answers readers with them (only for 404s, so a live page always wins
over a redirect from its address: a new story may take an old slug).
"""

import re
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from articles import editions
from articles.models import Article, Author, Redirect, Section

MAX_LENGTH = Redirect._meta.get_field("old_path").max_length


def site_hosts():
    """The hosts a full address may name and still be one of our own pages."""
    hosts = {urlsplit(settings.NEWSROOM_SITE_URL).hostname}
    hosts.update(h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*")
    return {h.lower() for h in hosts if h}


def normalise(address):
    """The site path of an address: "https://site/turkiye/x?a=1" → "/turkiye/x/".

    An edition's prefix goes ("/ar/turkiye/x/" → "/turkiye/x/"): a redirect holds in
    every edition, and the one a reader is in keeps it (public/redirects.py).
    Our pages end with a slash; a last part with a dot (sitemap.xml) names a file and
    keeps none. Raises ValueError for an empty address or another site's.
    """
    address = (address or "").strip()
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        if parts.scheme not in {"http", "https", ""} or (
            (parts.hostname or "").lower() not in site_hosts()
        ):
            raise ValueError(
                _("“%(address)s” is not on this site: give a path such as /turkiye/new-slug/.")
                % {"address": address}
            )
    path = unquote(parts.path)
    if not path.strip("/") and not (parts.scheme or parts.netloc or address.startswith("/")):
        raise ValueError(_("Give an address, such as /turkiye/old-slug/."))
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    path = editions.split_path(path)[1]
    if len(path) > MAX_LENGTH:
        raise ValueError(
            _("An address may be at most %(length)d characters long.") % {"length": MAX_LENGTH}
        )
    if any(ord(character) < 32 or ord(character) == 127 for character in path):
        # No page has one, and PostgreSQL refuses a NUL in a query: a 404 as it is.
        raise ValueError(_("An address cannot hold control characters."))
    return path


def final_address(old, new, ignore=None):
    """Where a redirect from ``old`` to ``new`` (both normalised) ends; ValueError if it may not.

    ``ignore`` is the pk of a row being edited, which the new one replaces.
    """
    if old == new:
        raise ValueError(_("%(old)s cannot redirect to itself.") % {"old": old})
    rows = Redirect.objects.exclude(pk=ignore) if ignore else Redirect.objects.all()
    # Rows always point at a final address, so one step reaches the end of a chain.
    onward = rows.filter(old_path=new).values_list("new_path", flat=True).first()
    final = onward or new
    if final == old or rows.filter(old_path=final, new_path=old).exists():
        values = {"old": old, "new": new, "final": final}
        if final != new:
            message = _(
                "%(old)s → %(new)s would make a loop: %(final)s (through %(new)s) already "
                "leads back to %(old)s."
            )
        else:
            message = _(
                "%(old)s → %(new)s would make a loop: %(final)s already leads back to %(old)s."
            )
        raise ValueError(message % values)
    return final


def add_redirect(old_path, new_path, user=None, note=""):
    """Make ``old_path`` answer 301 with ``new_path``; returns the Redirect.

    Chains collapse both ways: rows that led to ``old_path`` now lead to where it goes,
    and a ``new_path`` that itself redirects is followed to its end. An existing
    redirect from ``old_path`` is replaced (the old address follows its latest move).
    Raises ValueError for a redirect to itself or one that would close a loop.
    """
    old, new = normalise(old_path), normalise(new_path)
    with transaction.atomic():
        final = final_address(old, new)
        # Everything that led to the old address now goes straight to the end.
        Redirect.objects.filter(new_path=old).update(new_path=final)
        redirect, _ = Redirect.objects.update_or_create(
            old_path=old,
            defaults={"new_path": final, "created_by": user, "note": note[:200]},
        )
    return redirect


def record_move(old_path, new_path, note=""):
    """A page moved from ``old_path`` to ``new_path``, which is live now.

    A redirect away from the new address is stale (the page is back there, say a slug
    changed and changed back): it goes first, so that the move is not taken for a loop.
    """
    with transaction.atomic():
        Redirect.objects.filter(old_path=normalise(new_path)).delete()
        return add_redirect(old_path, new_path, note=note)


# --- moves recorded when an address changes ------------------------------------


def _story_paths(article):
    """(old, new) paths of a published story whose slug or section is changing, or None."""
    if article.pk is None or article.published_at is None:
        return None
    before = (
        Article.objects.filter(pk=article.pk, published_at__isnull=False)
        .values_list("slug", "section_id", "section__slug")
        .first()
    )
    if before is None:
        return None  # a draft until now: its address was never public
    slug, section_id, section_slug = before
    if slug == article.slug and section_id == article.section_id:
        return None
    old = reverse("articles:article", kwargs={"section": section_slug, "slug": slug})
    return [(old, lambda: article.get_absolute_url())]


def _renamed_paths(obj, route_names):
    """(old, new) paths for each named route of a section or author whose slug changes."""
    if obj.pk is None:
        return None
    before = type(obj).objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
    if before is None or before == obj.slug:
        return None
    return [
        (
            reverse(name, kwargs={"slug": before}),
            lambda n=name: reverse(n, kwargs={"slug": obj.slug}),
        )
        for name in route_names
    ]


# Addresses that carry a section's or an author's slug, kept alive when it changes.
SECTION_ROUTES = ["articles:section", "articles:section_feed_rss", "articles:section_feed_atom"]
AUTHOR_ROUTES = ["articles:author", "articles:author_feed_rss", "articles:author_feed_atom"]


def _moves(obj, update_fields):
    fields = set(update_fields) if update_fields is not None else None
    if isinstance(obj, Article):
        if fields is not None and not fields & {"slug", "section", "section_id"}:
            return None
        return _story_paths(obj)
    if fields is not None and "slug" not in fields:
        return None
    if isinstance(obj, Section):
        return _renamed_paths(obj, SECTION_ROUTES)
    if isinstance(obj, Author):
        return _renamed_paths(obj, AUTHOR_ROUTES)
    return None


@contextmanager
def keeping_address(obj, update_fields=None):
    """Wrap a save: if it changes a public address, the old one redirects to the new.

    Stories count once published (a draft's address was never public); sections and
    authors always. Costs one query for a saved object, none for a new one or a
    draft; the save and its redirects commit together.
    """
    moves = _moves(obj, update_fields)
    if not moves:
        yield
        return
    with transaction.atomic():
        yield
        for old, new in moves:
            new = new()
            # An emptied slug filled again from the name may come back as it was; a
            # story moved to another edition keeps its path (its page sends readers on).
            if normalise(new) != normalise(old):
                record_move(old, new, note=f"Address of “{obj}” changed")


# --- serving --------------------------------------------------------------------
