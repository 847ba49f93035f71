"""Readers who follow an old address get the new one: a 404 becomes a 301 when the
address has moved (the rows and their rules: articles/redirects.py).
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix

from articles import editions
from articles.models import Redirect
from articles.redirects import normalise

# Addresses that never move (within an edition's): the desk, signed preview links (a
# forged token must cost no query at all) and files.
NEVER_MOVED = ("/admin/", "/preview/", "/static/", "/media/")


class RedirectMiddleware:
    """Turn a 404 for GET or HEAD into a 301 when the address has moved.

    Placed after CommonMiddleware, so it sees the 404 first; the query string is kept.
    One indexed query per 404, none for pages that answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        edition, path = editions.split_path(request.path_info)
        if path.startswith(NEVER_MOVED):
            return response
        try:
            path = normalise(path)
        except ValueError:
            return response
        target = Redirect.objects.filter(old_path=path).values_list("new_path", flat=True).first()
        if target is None:
            return response
        if edition is not None:  # rows hold paths within an edition: the reader's stays
            target = editions.in_address(edition, target)
        location = get_script_prefix().rstrip("/") + target
        query = request.META.get("QUERY_STRING", "")
        if query:
            location += "?" + query
        return HttpResponsePermanentRedirect(location)
