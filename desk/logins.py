"""Who may log in, and how often they may get it wrong.

- ``NewsroomBackend``: Django's password check, refusing the demo accounts whenever
  DEBUG is off, both at login and for a session they already have.
- ``LoginThrottle``: django-axes' database handler, counting failures per user name and
  per address, each against its own limit (settings.NEWSROOM_LOGIN_LIMITS).
- ``locked_out``: the page a locked login gets, saying until when and whom to ask.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

# The demo accounts made by ``manage.py demo_accounts`` (make run), one per role:
# {user name: (role, address)}. Their addresses are in the .invalid domain, which no real
# mailbox can have; the demo editor made before the address existed has none.
DEMO_ACCOUNTS = {
    "writer": ("Writer", "demo-writer@newsroom.invalid"),
    "editor": ("Editor", "demo-editor@newsroom.invalid"),
    "producer": ("Producer", "demo-producer@newsroom.invalid"),
    "admin": ("Administrator", "demo-admin@newsroom.invalid"),
}
_ADDRESS_OF_OLD = {"editor": ""}


def is_demo_account(user):
    username = user.get_username()
    if username not in DEMO_ACCOUNTS:
        return False
    return user.email in (DEMO_ACCOUNTS[username][1], _ADDRESS_OF_OLD.get(username))


class NewsroomBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if not settings.DEBUG and is_demo_account(user):
            return False  # its password was printed on a terminal: never in production
        return super().user_can_authenticate(user)


class LoginThrottle(AxesDatabaseHandler):
    """Axes compares one failure count with one limit; the newsroom has a limit per
    lockout parameter, so the count given to axes is the limit itself once any
    parameter has reached its own."""

    def get_failures(self, request, credentials=None):
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        limit = settings.AXES_FAILURE_LIMIT
        for parameter, count in zip(settings.AXES_LOCKOUT_PARAMETERS, counts, strict=True):
            if count >= settings.NEWSROOM_LOGIN_LIMITS[parameter]:
                return max(count, limit)
        return min(max(counts, default=0), limit - 1)


def locked_out(request, original_response=None, credentials=None):
    cool_off = settings.AXES_COOLOFF_TIME
    context = admin.site.each_context(request) | {
        "username": get_client_username(request, credentials) or "",
        "minutes": round(cool_off.total_seconds() / 60),
        "retry_at": timezone.localtime() + cool_off,
    }
    return render(request, "admin/locked_out.html", context, status=429)
