"""The desk's template filters: ``{{ moment|desk_time }}`` → <time datetime="…">…</time>,
the time as desk/times.py writes it everywhere in the admin; ``desk_time_text`` the
same as plain text, for an attribute; ``{{ label|in_sentence }}`` a state's label as a
sentence of the admin's language takes it (desk/words.py)."""

from django import template
from django.utils.html import format_html

from desk import times, words

register = template.Library()


@register.filter
def desk_time(moment):
    if not moment:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.isoformat(),
        times.zone_label(moment),  # the zone, on hover: the clock is the newsroom's
        times.desk_time(moment),
    )


@register.filter
def desk_time_text(moment):
    return times.desk_time(moment)


@register.filter
def in_sentence(label):
    return words.in_sentence(label)
