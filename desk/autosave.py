"""Unsaved text is never lost: autosave, forms kept across an expired session, presence.

Three ways an editor's words outlive the page they were typed in:

* the change form posts a draft copy every few seconds (``static/admin/js/autosave.js``);
  it is stored per user and story in ``Autosave``, never in the live story;
* a story form submitted after the session expired is kept in the (new, anonymous)
  session by ``desk.middleware``; Django's login keeps session data, so after
  logging in again the editor finds the text back in the form;
* opening a story records ``EditingPresence``, so the desk sees who else has it open.
  Only who really has it open: the page pings while it is open (``PRESENCE_HEARTBEAT``),
  a presence without a ping fades within ``PRESENCE_WINDOW``; leaving the page (a beacon
  on pagehide), a successful save or workflow step, and logging out end it at once.

Restoring only ever fills the form: the editor reviews and saves; nothing is saved
for them. The admin side (URLs, filling the form, messages) is ``desk.admin.autosave``.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles.models import Autosave, EditingPresence
from desk import related_blocks, workflow
from desk.times import desk_time

# The change page pings this often while it is open (static/admin/js/autosave.js) …
PRESENCE_HEARTBEAT = timedelta(seconds=30)
# … and whoever has not pinged for this long has closed it (a browser throttles the
# pings of a hidden tab to one a minute; a crashed one sends no goodbye).
PRESENCE_WINDOW = timedelta(minutes=2)
# Where the middleware keeps forms posted after the session expired: {path: {"data", "at"}}.
KEPT_FORMS_KEY = "newsroom_kept_forms"
# A browser keeps at most this many pages' worth; the oldest goes first.
KEPT_FORMS_LIMIT = 5
# Never kept: the old CSRF token is useless after login, and secrets stay out of sessions.
NEVER_KEPT = {"csrfmiddlewaretoken"}
# A story form is a few tens of kilobytes; more than this is not an editor's text.
KEPT_FORM_MAX_CHARS = 512 * 1024
# Set on a staff member's browser when they open a story form: only such a browser
# may leave a form behind without a session, so strangers cannot fill the session table.
DESK_COOKIE = "newsroom_desk"
DESK_COOKIE_SALT = "newsroom.desk"
DESK_COOKIE_AGE = 60 * 60 * 24 * 30

# Posted with the last copy as the page closes (and with the presence goodbye).
LEAVING = "newsroom_leaving"

# The pages whose forms are kept, and the autosave pings that stand for them.
STORY_FORM_VIEWS = {"admin:articles_article_add", "admin:articles_article_change"}
AUTOSAVE_VIEWS = {"admin:articles_article_autosave", "admin:articles_article_autosave_new"}


def when(moment):
    """A time as the desk reads it: "14:05" today, the full date otherwise."""
    return desk_time(moment, short=True)


# --- the form's values ---------------------------------------------------------------


def form_values(form_class, data):
    """What ``data`` (a POST) holds for each field of the form, as its widgets read it.

    Raw values (strings, or lists for split date-times and multiple choices), so they
    go into JSON and come back as a form's initial values exactly as typed, valid or not.
    """
    values = {}
    for name, field in form_class.base_fields.items():
        value = field.widget.value_from_datadict(data, MultiValueDict(), name)
        if value is not None:
            values[name] = value
    return values


def differs_from_story(values, article):
    """Is there anything in ``values`` the story does not already say?"""
    if article is None:
        return any(value not in ("", [], None) for value in values.values())
    for name, value in values.items():
        current = getattr(article, name, None)
        if name == "body" and isinstance(value, str):
            # The editor's body holds the story's links as blocks (desk/related_blocks.py).
            body, blocks = related_blocks.take_blocks(value)
            if _same(body) != _same(article.body) or not related_blocks.same_links(article, blocks):
                return True
        elif isinstance(current, str) and isinstance(value, str) and _same(current) != _same(value):
            return True
    return False


def _same(text):
    # Browsers send textarea line breaks as CRLF; forms strip the edges.
    return text.replace("\r\n", "\n").strip()


# --- autosave ------------------------------------------------------------------------


def store(user, article, values):
    """Keep the form's values for this user and story (one copy each; newest wins)."""
    autosave, _created = Autosave.objects.update_or_create(
        user=user, article=article, defaults={"data": values}
    )
    return autosave


def autosave_for(user, article):
    """The user's kept copy of this story (of a new story when ``article`` is None)."""
    return Autosave.objects.filter(user=user, article=article).first()


def pending_autosave(user, article):
    """The user's kept copy, when it holds text the story does not; else None.

    Saving the story deletes the copy, so one that is left was never saved, even when
    someone saved the story after it: it is offered then too (their save shows as a
    conflict when the editor saves the restored text, so nothing is lost either way).
    """
    autosave = autosave_for(user, article)
    if autosave is None or not differs_from_story(autosave.data, article):
        return None
    return autosave


def discard(user, article):
    Autosave.objects.filter(user=user, article=article).delete()


# --- presence ------------------------------------------------------------------------


def note_presence(user, article):
    EditingPresence.objects.update_or_create(
        article=article, user=user, defaults={"seen_at": timezone.now()}
    )


def end_presence(user, article=None):
    """``user`` no longer has the story open (any story, when ``article`` is None)."""
    rows = EditingPresence.objects.filter(user=user)
    if article is not None:
        rows = rows.filter(article=article)
    rows.delete()


def end_presence_on_logout(sender, request, user, **kwargs):
    """Logging out closes every story the person had open (connected in desk.apps)."""
    if user is not None:
        end_presence(user)


def others_present(user, article):
    """Who else has the story open now: [(name, "just now")], most recent first."""
    now = timezone.now()
    rows = (
        EditingPresence.objects.filter(article=article, seen_at__gte=now - PRESENCE_WINDOW)
        .exclude(user=user)
        .select_related("user")
        .order_by("-seen_at")
    )
    present = []
    for row in rows:
        minutes = int((now - row.seen_at).total_seconds() // 60)
        if minutes < 1:
            ago = _("just now")
        else:
            ago = ngettext("%(minutes)d min ago", "%(minutes)d min ago", minutes) % {
                "minutes": minutes
            }
        present.append((row.user.get_full_name() or row.user.get_username(), ago))
    return present


# --- forms posted after the session expired --------------------------------------------


def story_page_path(match):
    """The story form's address that a POST to ``match`` (form or autosave ping) stands for."""
    if match.view_name in {"admin:articles_article_change", "admin:articles_article_autosave"}:
        return reverse("admin:articles_article_change", args=[match.kwargs["object_id"]])
    return reverse("admin:articles_article_add")


def keep_expired_submission(request):
    """Keep a story form posted without a session; returns the response to send.

    The middleware calls this after CSRF was checked, for anonymous POSTs only. The
    form's own POST goes to the login page, which comes back to the form; an autosave
    ping gets a 401 so that the page can tell the editor.
    """
    match = request.resolver_match
    login_url = reverse("admin:login")
    data = {
        name: request.POST.getlist(name)
        for name in request.POST
        if name not in NEVER_KEPT and "password" not in name.lower()
    }
    size = sum(len(name) + sum(len(v) for v in values) for name, values in data.items())
    story_id = match.kwargs.get("object_id")
    if (
        not from_a_desk_browser(request)
        or size > KEPT_FORM_MAX_CHARS
        or (story_id is not None and not _story_exists(story_id))
    ):
        return redirect_to_login(request.get_full_path(), login_url)
    path = story_page_path(match)
    kept = request.session.get(KEPT_FORMS_KEY, {})
    kept.pop(path, None)
    kept[path] = {"data": data, "at": timezone.now().isoformat()}
    while len(kept) > KEPT_FORMS_LIMIT:
        kept.pop(next(iter(kept)))
    request.session[KEPT_FORMS_KEY] = kept
    if match.view_name in AUTOSAVE_VIEWS:
        return JsonResponse({"expired": True, "login_url": login_url}, status=401)
    return redirect_to_login(path, login_url)


def from_a_desk_browser(request):
    return (
        request.get_signed_cookie(
            DESK_COOKIE, default=None, salt=DESK_COOKIE_SALT, max_age=DESK_COOKIE_AGE
        )
        is not None
    )


def mark_desk_browser(response):
    response.set_signed_cookie(
        DESK_COOKIE,
        "1",
        salt=DESK_COOKIE_SALT,
        max_age=DESK_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _story_exists(object_id):
    from articles.models import Article

    try:
        return Article.objects.filter(pk=int(unquote(object_id))).exists()
    except (TypeError, ValueError):
        return False


def take_kept_submission(request, path):
    """Pop what was kept for this very page: (MultiValueDict, time) or None."""
    kept = request.session.get(KEPT_FORMS_KEY)
    if not kept or path not in kept:
        return None
    entry = kept.pop(path)
    if kept:
        request.session[KEPT_FORMS_KEY] = kept
    else:
        del request.session[KEPT_FORMS_KEY]
    try:
        at = datetime.fromisoformat(entry["at"])
        data = MultiValueDict({str(k): [str(v) for v in vs] for k, vs in entry["data"].items()})
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return data, at


# --- views (wired up by AutosaveMixin.get_urls, behind admin_site.admin_view) ------------


def _editable_story(model_admin, request, object_id):
    """The story to autosave (None for a new one), if this user may edit its text."""
    article = None
    if object_id is not None:
        article = model_admin.get_object(request, object_id)
        if article is None:
            raise Http404(_("No such story."))
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied(_("You may not edit this story."))
    return article


@require_POST
def autosave_view(request, model_admin, object_id=None):
    """Store the posted form's values as the user's draft copy; the story is untouched."""
    article = _editable_story(model_admin, request, object_id)
    form_class = model_admin.get_form(request, article, change=article is not None)
    autosave = store(request.user, article, form_values(form_class, request.POST))
    if article is not None and request.POST.get(LEAVING):
        end_presence(request.user, article)  # the last copy, sent as the page closes
    elif article is not None:
        note_presence(request.user, article)
    return JsonResponse(
        {"saved_at": autosave.saved_at.isoformat(), "saved_at_display": when(autosave.saved_at)}
    )


@require_POST
def presence_view(request, model_admin, object_id):
    """The open page's heartbeat; with ``LEAVING``, its goodbye (a beacon on pagehide).

    CSRF-protected like every POST: the beacon's FormData carries the form's token.
    """
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404(_("No such story."))
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    if request.POST.get(LEAVING):
        end_presence(request.user, article)
        return JsonResponse({"present": False})
    note_presence(request.user, article)
    return JsonResponse({"present": True})


@require_POST
def discard_view(request, model_admin, object_id=None):
    """Throw the user's draft copy away (from the page's notice)."""
    article = _editable_story(model_admin, request, object_id)
    discard(request.user, article)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"discarded": True})
    if article is None:
        return redirect("admin:articles_article_add")
    return redirect("admin:articles_article_change", article.pk)
