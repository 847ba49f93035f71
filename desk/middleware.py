"""Middleware of the newsroom's admin: forms kept across an expired session, and the
admin in the staff member's language."""

from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from desk import autosave
from desk.models import language_of


class KeepExpiredFormMiddleware:
    """Keeps a story form that was submitted after the session expired (see desk.autosave).

    Works in ``process_view``: by then the URL is resolved, the user is known and
    CsrfViewMiddleware (earlier in MIDDLEWARE) has refused forged POSTs, so a page
    elsewhere cannot plant text in an editor's form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and match is not None
            and match.view_name in autosave.STORY_FORM_VIEWS
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and response.status_code == 200
        ):
            autosave.mark_desk_browser(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name not in (
            autosave.STORY_FORM_VIEWS | autosave.AUTOSAVE_VIEWS
        ):
            return None
        return autosave.keep_expired_submission(request)


class AdminLanguageMiddleware:
    """The admin in the staff member's language: the one their profile names, else the
    browser's (Accept-Language, or Django's language cookie), else LANGUAGE_CODE.

    Only under the admin's address. Readers' pages are in the language of their edition,
    which public.editions.EditionMiddleware activated from the address before this: they
    are cached by address and must never vary with the browser or the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.in_admin(request):
            return self.get_response(request)
        translation.activate(self.language(request))
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ["Accept-Language"])
        return response

    @staticmethod
    def in_admin(request):
        root = reverse("admin:index").removeprefix(get_script_prefix().rstrip("/"))
        return request.path_info.startswith(root)

    @staticmethod
    def language(request):
        chosen = language_of(request.user)
        if chosen and translation.check_for_language(chosen):
            try:
                return translation.get_supported_language_variant(chosen)
            except LookupError:
                pass  # a language no longer in LANGUAGES: the browser's, then
        return translation.get_language_from_request(request, check_path=False)
