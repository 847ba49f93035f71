"""Who is asking: the client's address, behind the proxies of our own.

Login limits (desk/logins.py, django-axes' AXES_CLIENT_IP_CALLABLE) and the content
API's rate limits (api/throttling.py) count requests per address: both must read the
same one, and neither may believe an address a client wrote itself.
"""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or with NEWSROOM_TRUSTED_PROXIES = n, the address the n-th proxy from
    us saw: each of our proxies appends the address it was reached from to
    X-Forwarded-For, so only the last n entries are ours; a client writes the rest."""
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
