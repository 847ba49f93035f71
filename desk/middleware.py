"""Middleware of the newsroom's admin."""

from desk import autosave


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
