"""What every public template may use: the site's settings and the sections for navigation."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.functional import lazy

from .models import Section
from .seo import absolute_url


def _logo_url():
    return absolute_url(static(settings.NEWSROOM_LOGO))


def site(request):
    """The site's name, address, language and logo: settings, never literals in templates."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_url": settings.NEWSROOM_SITE_URL,
        "site_language": settings.NEWSROOM_LANGUAGE,
        # Lazy: a logo missing from the static manifest must not break pages that don't show it.
        "site_logo_url": lazy(_logo_url, str)(),
    }


def navigation(request):
    """Sections for the masthead (lazy, so pages that don't draw it cost no query), and the
    site's settings (see ``site``)."""
    return {
        "nav_sections": Section.objects.filter(in_navigation=True),
        **site(request),
    }
