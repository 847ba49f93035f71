"""Each edition's address on the reader's site: ``/en/``, ``/tr/``, ``/ar/`` in front of
every public page once the newsroom has a second edition; none with one, so a
one-language newsroom keeps the addresses it always had. With NEWSROOM_EDITION_HOSTS
each edition has a host of its own instead (``ar.example.org``), and no prefix: some
search engines' news features take only a whole host for a publication.

``EditionPrefix`` is the part of the URLconf that says it (newsroom/urls.py): it
matches the active edition's prefix, and ``reverse()`` writes the active edition's,
so a link from an Arabic page stays in the Arabic edition (a story links into its
own, ``Article.get_absolute_url``). ``EditionMiddleware`` activates the edition an
address names before the URLconf reads it, and answers the addresses from before the
editions had prefixes with a 301 to the default edition's.

The edition comes from the address alone, never from a cookie or the browser's
languages: a page is cached by its address (pagecache/), so the address must say
everything the page is drawn in. Django's LocaleMiddleware guesses from the browser,
and its redirects are 302s that differ by reader; it is not used.
"""

import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect
from django.urls import (
    URLResolver,
    clear_url_caches,
    get_resolver,
    get_script_prefix,
    is_valid_path,
)
from django.utils import translation

from articles import editions


class EditionPrefix:
    """A URL pattern: the active edition's ``"ar/"``, or nothing with one edition.

    The same duck type as Django's LocalePrefixPattern (which i18n_patterns uses and
    which follows Django's LANGUAGES instead: the admin's languages, not the editions).
    URL resolvers keep their reverse tables per active language, so a table built for
    Arabic holds Arabic addresses.
    """

    converters = {}

    @property
    def language_prefix(self):
        return f"{editions.current().code}/" if editions.with_prefixes() else ""

    @property
    def regex(self):
        return re.compile(re.escape(self.language_prefix))

    def match(self, path):
        prefix = self.language_prefix
        if path.startswith(prefix):
            return path.removeprefix(prefix), (), {}
        return None

    def check(self):
        return []

    def describe(self):
        return f"'{self}'"

    def __str__(self):
        return self.language_prefix


class EditionMiddleware:
    """Activate the edition of the address (the default one elsewhere: the API, the
    admin until the desk's own middleware picks the staff member's language), and
    send an address from before the editions' prefixes to the default edition's.

    Placed before CommonMiddleware, whose slash redirects resolve addresses too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if editions.with_hosts():
            edition = editions.by_host(request.META.get("HTTP_HOST"))
        else:
            edition = editions.split_path(request.path_info)[0]
        translation.activate((edition or editions.default()).code)
        request.edition = edition or editions.default()
        if edition is None and editions.with_prefixes():
            moved = self.moved(request)
            if moved:
                return moved
        return self.get_response(request)

    def moved(self, request):
        """A 301 to the default edition's address for a page that has one and no page
        of its own (``/world/story/`` → ``/en/world/story/``); None for the rest (the
        admin, the API, files), which are answered where they are."""
        if request.method not in {"GET", "HEAD"}:
            return None
        path = request.path_info
        urlconf = getattr(request, "urlconf", None)
        if is_valid_path(path, urlconf):
            return None
        target = editions.in_address(editions.default(), path)
        if not is_valid_path(target, urlconf):
            return None
        location = get_script_prefix().rstrip("/") + target
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)


@receiver(setting_changed)
def editions_changed(*, setting, **kwargs):
    """Tests turn editions on and off: the URL resolvers' tables of addresses go."""
    if setting in {"NEWSROOM_EDITIONS", "NEWSROOM_LANGUAGE", "NEWSROOM_EDITION_HOSTS"}:
        forget_addresses(get_resolver())
        clear_url_caches()


def forget_addresses(resolver):
    """Drop the tables ``reverse()`` built, in ``resolver`` and every one below it (each
    keeps its own, per language, for as long as the process runs)."""
    resolver._reverse_dict.clear()
    resolver._namespace_dict.clear()
    resolver._app_dict.clear()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            forget_addresses(pattern)
