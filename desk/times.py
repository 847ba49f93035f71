"""A time as the desk reads it, the same on every screen: in the newsroom's time zone,
in the site's DATETIME_FORMAT ("Dec. 2, 2026, 2:05 p.m."), or only the clock when it is
today and the screen says so (``short=True``: "14:05"). In templates:
``{{ story.published_at|desk_time }}`` (desk/templatetags/desk.py), which also gives
the machine-readable time.
"""

from django.utils import timezone
from django.utils.formats import date_format


def desk_time(moment, short=False):
    """``moment`` as the desk reads it ("" for none)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if short and local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "DATETIME_FORMAT")
