from django.conf import settings

from .models import Section


def navigation(request):
    """Sections for the masthead; lazy, so pages that don't draw it cost no query."""
    return {
        "nav_sections": Section.objects.filter(in_navigation=True),
        "site_name": settings.NEWSROOM_SITE_NAME,
    }
