"""Middleware of the newsroom's admin."""


class KeepExpiredFormMiddleware:
    """Keeps a story form that was submitted after the session expired (see articles.autosave)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
