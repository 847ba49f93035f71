"""The site's addresses, plus its uploads: the browser must load the pictures it checks.

``newsroom.urls`` serves media only when DEBUG or SERVE_MEDIA was on at import; the
tests run with both off, and each test keeps its uploads in a folder of its own
(``media_root`` in tests/conftest.py), so the folder is read on each request.
"""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from newsroom.urls import urlpatterns as site


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [path(settings.MEDIA_URL.lstrip("/") + "<path:path>", media), *site]
