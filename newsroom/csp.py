"""Which Content Security Policy a response gets: the admin's or the readers'.

Django's middleware sends SECURE_CSP on every response; the admin's pages (any view in
the admin's namespace, the login and lock-out pages among them) get
NEWSROOM_ADMIN_CSP instead, which lets the admin's nonce-carrying scripts and the
editor's inline styles run. A view that sets its own policy keeps it.
"""

from django.conf import settings
from django.middleware import csp


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.NEWSROOM_ADMIN_CSP
        return super().process_response(request, response)
