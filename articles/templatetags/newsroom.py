"""Template filters for the public site: bylines and source lines as a newsroom writes them."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def and_list(values):
    """["A", "B", "C"] → "A, B and C": the byline's serial list, without an Oxford comma."""
    names = [str(value) for value in values if str(value)]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@register.filter
def source_codes(article_sources):
    """The agency codes of a story's sources, in order: "AA, Reuters"."""
    return ", ".join(item.source.code for item in article_sources)


@register.simple_tag
def site_name():
    """The site's name from settings, for pages drawn without context processors (500)."""
    return settings.NEWSROOM_SITE_NAME
