"""Template filters and tags for the public site: bylines, sources and times, newsroom style."""

from django import template
from django.conf import settings
from django.utils import dateformat, timezone

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


@register.filter
def short_when(value):
    """A headline list's time stamp: today's stories show the time (14:05), older ones the day."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return dateformat.format(local, "H:i" if local.date() == timezone.localdate() else "M j")


@register.simple_tag
def site_name():
    """The site's name from settings, for pages drawn without context processors (500)."""
    return settings.NEWSROOM_SITE_NAME
