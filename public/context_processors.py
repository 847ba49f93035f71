"""What every public template may use: the site's settings and the sections for navigation."""

from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject, lazy

from articles import editions
from articles.models import Section
from pagecache.keys import NAVIGATION, SECTIONS
from pagecache.store import remember
from public.seo import absolute_url


def _logo_url():
    return absolute_url(static(settings.NEWSROOM_LOGO))


@dataclass(frozen=True)
class EditionLink:
    """An edition as the masthead names it: in its own language, to its front page."""

    code: str
    name: str
    url: str
    current: bool


def edition_links():
    """Every edition's front page, for the masthead; none with one edition."""
    if not editions.several():
        return []
    links = []
    for edition in editions.editions():
        with translation.override(edition.code):
            home = editions.link(edition, reverse("articles:home"))
        links.append(EditionLink(edition.code, edition.name, home, edition == editions.current()))
    return links


def site(request):
    """The site's name, address, language and logo: settings, never literals in templates."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_url": editions.site_url(),
        # The edition's whose page it is (a story page says its story's own).
        "site_language": editions.current().code,
        "site_direction": editions.current().direction,
        "site_editions": SimpleLazyObject(edition_links),
        # Lazy: a logo missing from the static manifest must not break pages that don't show it.
        "site_logo_url": lazy(_logo_url, str)(),
    }


@dataclass(frozen=True)
class NavSection:
    """A section as the masthead and footer draw it: small, kept in the cache."""

    pk: int
    name: str
    url: str
    language: str


def nav_sections():
    """The sections in the navigation, kept until a section changes ("sections")."""

    def compute():
        sections = Section.objects.filter(in_navigation=True)
        language = editions.current().code
        return [
            NavSection(
                s.pk, s.name_in(language), s.get_absolute_url(), s.language_of_name(language)
            )
            for s in sections
        ], ()

    return remember(NAVIGATION, compute, keys=[SECTIONS])


def navigation(request):
    """Sections for the masthead (lazy, so pages that don't draw it cost nothing), and the
    site's settings (see ``site``). Every HTML page carries the "sections" key
    (pagecache/headers.py)."""
    return {"nav_sections": SimpleLazyObject(nav_sections), **site(request)}
