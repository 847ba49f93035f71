"""Which Content Security Policy a response gets: the admin's or the readers'.

Django's middleware sends SECURE_CSP on every response; the admin's pages (any view in
the admin's namespace, the login and lock-out pages among them) get
NEWSROOM_ADMIN_CSP instead, which lets the admin's nonce-carrying scripts and the
editor's inline styles run. A view that sets its own policy keeps it: a story with
embedded posts names their providers' frames (``allow_frames``), on that page alone.
"""

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP, build_policy


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.NEWSROOM_ADMIN_CSP
        return super().process_response(request, response)


def allow_frames(response, origins, config=None):
    """Let this response's page load frames from ``origins`` (a story's embeds, once the
    reader asks for one), and nothing else more than ``config`` (SECURE_CSP) allows.

    Set as the header itself, not as Django's per-response config: the page cache keeps
    a page's headers, so a page served from it carries the same policy.
    """
    if origins:
        config = (config or settings.SECURE_CSP) | {"frame-src": sorted(origins)}
        response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(config)
    return response
