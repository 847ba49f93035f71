"""Cursor pagination: a page starts right after the last row of the page before.

A cursor holds the sort values of that last row (a story's publication time and id, a
tag's or author's slug), so that a client walking the pages sees every row once even
while stories are published meanwhile, and no page costs an OFFSET scan. Cursors are
opaque to clients (URL-safe base64 of JSON); a cursor that does not decode to the
expected values is refused with a 400, never passed to the database.
"""

import base64
import binascii
import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.db.models import Q

from public.seo import absolute_url


class BadCursor(ValueError):
    pass


def encode(*values):
    data = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode(cursor, *types):
    """The values of ``cursor``, one per type in ``types`` (str, int or datetime)."""
    try:
        data = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(data)
    except (binascii.Error, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise BadCursor("This cursor is not one the API gave out.") from error
    if not isinstance(values, list) or len(values) != len(types):
        raise BadCursor("This cursor is not one the API gave out.")
    return tuple(_value(value, kind) for value, kind in zip(values, types, strict=True))


def in_utc(moment):
    """An aware time in UTC, or None when there is none such (no zone given, or beyond the
    calendar once moved to UTC: year 1 at +14:00): a database could not compare it."""
    if moment.tzinfo is None:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def _value(value, kind):
    if kind is datetime and isinstance(value, str):
        try:
            moment = in_utc(datetime.fromisoformat(value))
        except ValueError:
            moment = None
        if moment is not None:
            return moment
    elif kind is int and type(value) is int:
        return value
    elif kind is str and isinstance(value, str) and "\x00" not in value:
        return value
    raise BadCursor("This cursor is not one the API gave out.")


def stories_after(stories, cursor):
    """Newest first, from just after the story the cursor names."""
    stories = stories.order_by("-published_at", "-pk")
    if cursor:
        published_at, pk = decode(cursor, datetime, int)
        stories = stories.filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
        )
    return stories


def story_cursor(story):
    return encode(story.published_at.isoformat(), story.pk)


def by_slug_after(rows, cursor):
    """In slug order (unique, ASCII: the same on every database), after the cursor's."""
    rows = rows.order_by("slug")
    if cursor:
        (slug,) = decode(cursor, str)
        rows = rows.filter(slug__gt=slug)
    return rows


def slug_cursor(row):
    return encode(row.slug)


def page(request, rows, size, cursor_of):
    """``(items, next address)``: ``size`` rows, and the address of the page after them
    (None on the last page), read with one more row than shown rather than a count."""
    rows = list(rows[: size + 1])
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    query = request.GET.copy()
    query["cursor"] = cursor_of(rows[-1])
    return rows, absolute_url(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")
