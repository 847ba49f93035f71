"""A time as the desk reads and takes it, the same on every screen.

Every time the desk shows (a story's publication or schedule, an embargo, a review's due
time, a message) is in the newsroom's time zone (settings.TIME_ZONE), as the site's date
and a 24-hour clock without seconds: "Dec. 2, 2026, 23:33"; with ``short=True`` only the
clock when it is today ("23:33"). The zone is named where a time is typed or read
("Europe/Istanbul (UTC+03:00)", ``zone_label``). In templates: ``{{ moment|desk_time }}``
(desk/templatetags/desk.py), which also gives the machine-readable time.

Times are typed the same way (``DeskDateTimeField``): the date in the browser's own date
input (its calendar needs no script or icon of ours, so it works under the admin's strict
Content Security Policy, by keyboard and on a phone), the time as hours:minutes on a
24-hour clock, never seconds.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CLOCK = "H:i"  # 23:33: never seconds, never "p.m."


def desk_time(moment, short=False):
    """``moment`` as the desk reads it ("" for none)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    clock = date_format(local, CLOCK)
    if short and local.date() == timezone.localdate():
        return clock
    return _("%(date)s, %(time)s") % {"date": date_format(local, "DATE_FORMAT"), "time": clock}


def zone_label(moment=None):
    """The newsroom's time zone as the desk names it: "Europe/Istanbul (UTC+03:00)".

    The offset is the one in force at ``moment`` (now by default): summer time moves it.
    """
    zone = timezone.get_current_timezone()
    name = str(getattr(zone, "key", zone))
    offset = timezone.localtime(moment or timezone.now(), zone).utcoffset() or timedelta()
    if name == "UTC" and not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{name} (UTC{sign}{hours:02d}:{minutes:02d})"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> reads and sends


class TimeInput(forms.TimeInput):
    """Hours:minutes on a 24-hour clock, typed. Not <input type="time">: that one shows
    the browser's locale ("11:33 PM" in an American Chromium) where the desk says 23:33."""

    def __init__(self, attrs=None):
        attrs = {
            "inputmode": "numeric",
            "pattern": r"([01]?[0-9]|2[0-3])[:.]?[0-5][0-9]",
            "placeholder": "hh:mm",
            "size": "5",
            "maxlength": "5",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.SplitDateTimeWidget):
    """A date and a time, each in the browser's own input (``name_0``, ``name_1``)."""

    def __init__(self, attrs=None, date_label=None, time_label=None):
        forms.MultiWidget.__init__(self, [DateInput, TimeInput], attrs)
        # Where two such pairs share a screen (the story panel's publication time and
        # embargo), each says whose date and time it is.
        self.date_label, self.time_label = date_label, time_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        date["attrs"]["aria-label"] = self.date_label or _("Date")
        time["attrs"]["aria-label"] = self.time_label or _("Time (hours:minutes)")
        time["attrs"]["title"] = _("Hours:minutes on a 24-hour clock, such as 23:33.")
        return context


class DeskDateTimeField(forms.SplitDateTimeField):
    """A date and hours:minutes in the newsroom's time zone, named in its help text."""

    widget = DateTimeInput
    default_error_messages = {
        "invalid_date": gettext_lazy("Enter a date such as 2026-12-02."),
        "invalid_time": gettext_lazy("Enter a time as hours:minutes, such as 23:33."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_date_formats", ["%Y-%m-%d"])
        # 23:33, also 23.33 or 2333 as typed on a phone's number pad; seconds from scripts.
        kwargs.setdefault("input_time_formats", ["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"])
        super().__init__(**kwargs)

    # The zone is named when the form is drawn (a field declared on a form class is made
    # once; summer time and the settings may have changed since).
    @property
    def help_text(self):
        zone = _("Time zone: %(zone)s.") % {"zone": zone_label()}
        return f"{self._help_text} {zone}".strip()

    @help_text.setter
    def help_text(self, text):
        self._help_text = text or ""

    def compress(self, data_list):
        if data_list and (data_list[0] is None) != (data_list[1] is None):
            # One half given: say which is missing instead of "enter a valid date/time".
            missing = _("a time") if data_list[1] is None else _("a date")
            raise forms.ValidationError(
                _("Give %(missing)s as well.") % {"missing": missing}, code="incomplete"
            )
        return super().compress(data_list)
