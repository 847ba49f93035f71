"""Two people edit one story: the second save never overwrites the first.

Optimistic locking. Every story has a ``version``; a form carries the version it started
from. ``conflict`` tells, at validation, whether someone saved since and what the saved
story now says (the form keeps this user's text, to merge); ``claim`` takes the next
version in the same UPDATE that checks it, so that of two saves that started from one
version exactly one gets through, on any database (the other raises ``EditConflict``
and is shown the conflict). A change made outside the form that the form must not write
back over (a correction's update time) moves the version on with ``NEXT_VERSION``.
"""

from django.db.models import F
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext as _

from articles.models import Article

# The fields whose text the conflict message shows, when the two saves differ there.
SHOWN = ("headline", "standfirst", "body")
NEXT_VERSION = F("version") + 1


class EditConflict(Exception):
    """Someone saved the story between this form's validation and its save."""


def claim(story, started_from):
    """Take the version after ``started_from`` for ``story``, or raise EditConflict."""
    if not Article.objects.filter(pk=story.pk, version=started_from).update(
        version=started_from + 1
    ):
        raise EditConflict
    story.version = started_from + 1


def conflict(pk, started_from, cleaned, labels, saved_by):
    """None if the story is still at ``started_from``; else ``(current, message)``: the
    story as saved, and what to tell the editor. ``cleaned`` is this form's text,
    ``labels`` its fields' labels, ``saved_by(story)`` who saved it last."""
    current = Article.objects.filter(pk=pk).first()
    if current is None or started_from == current.version:
        return None
    changed = [
        (labels.get(name) or name, getattr(current, name))
        for name in SHOWN
        if name in labels and (cleaned.get(name) or "") != (getattr(current, name) or "")
    ]
    who = saved_by(current)
    lines = format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                format_html(
                    _("{field} now reads: {text}"),
                    field=format_html("<strong>{}</strong>", label),
                    text=strip_tags(value)[:600] or _("(empty)"),
                ),
            )
            for label, value in changed
        ),
    )
    if who:
        said = _(
            "Someone else saved this story while you were editing it ({who}). Nothing has "
            "been overwritten: your text is kept below. Merge in what changed and save again."
        )
    else:
        said = _(
            "Someone else saved this story while you were editing it. Nothing has been "
            "overwritten: your text is kept below. Merge in what changed and save again."
        )
    message = format_html(
        "{}{}",
        format_html(said, who=who),
        format_html("<ul>{}</ul>", lines) if changed else "",
    )
    return current, message
