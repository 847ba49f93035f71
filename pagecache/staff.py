"""Who is staff, told without a query: a signed cookie set when staff log in.

Public pages are served from the shared cache to readers and made fresh for staff, who
must see an edit at once and whose pages must never be shared (pagecache/store.py,
pagecache/headers.py). Telling the two apart by the session cookie's presence let anyone
turn the page cache off for their requests by sending ``Cookie: sessionid=x``: an
18-fold lever on the origin when news breaks. Reading the session to check it would
cost a query for each such request, and touching it adds ``Vary: Cookie``.

So staff carry a second cookie, ``newsroom_staff``, signed with the SECRET_KEY and
valid as long as a login lasts (SESSION_COOKIE_AGE). Checking its signature costs
microseconds and no query; a forged or expired one is ignored. ``StaffCookieMiddleware``
sets it on the answer to the admin login, and on any answer for which the user was read
anyway (every admin page) to staff who lack it (a login older than the cookie); it deletes
it once the user reads as anonymous or not staff (logout, an expired session). It carries
the user's id, and nothing trusts it beyond "serve this browser fresh, private pages".
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject, empty

COOKIE_NAME = "newsroom_staff"
_SALT = "newsroom.staffcookie"


def is_staff_browser(request):
    """Whether the request carries a valid staff cookie (no query, no session read)."""
    if COOKIE_NAME not in request.COOKIES:
        return False
    value = request.get_signed_cookie(
        COOKIE_NAME, default=None, salt=_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    return value is not None


def set_cookie(response, user):
    response.set_signed_cookie(
        COOKIE_NAME,
        str(user.pk),
        salt=_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=settings.SESSION_COOKIE_SAMESITE,
    )


def cookie_value(user):
    """The signed value the login's answer sets for ``user``, for a client that logs in
    without a request (tests: Client.force_login)."""
    response = HttpResponse()
    set_cookie(response, user)
    return response.cookies[COOKIE_NAME].value


def _known_user(request):
    """The user if this request read it (the admin, a login, a logout), else None: a
    public page never reads it, and reading it here would cost the session's query."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user


class StaffCookieMiddleware:
    """Keeps the staff cookie in step with the login (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = _known_user(request)
        if user is None:
            return response
        is_staff = user.is_authenticated and user.is_active and user.is_staff
        has_cookie = is_staff_browser(request)
        if is_staff and not has_cookie:
            set_cookie(response, user)
        elif not is_staff and COOKIE_NAME in request.COOKIES:
            response.delete_cookie(COOKIE_NAME, samesite=settings.SESSION_COOKIE_SAMESITE)
        return response
