"""The desk's template filters: ``{{ moment|desk_time }}`` → <time datetime="…">…</time>,
the time as desk/times.py writes it everywhere in the admin; ``desk_time_text`` the
same as plain text, for an attribute."""

from django import template
from django.utils.html import format_html

from desk import times

register = template.Library()


@register.filter
def desk_time(moment):
    if not moment:
        return ""
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), times.desk_time(moment))


@register.filter
def desk_time_text(moment):
    return times.desk_time(moment)
