"""The site's addresses with media served by Django, as ``make serve`` has them.

``newsroom.urls`` adds its media address only when DEBUG or SERVE_MEDIA was on at
import, and the tests run with both off; tests that must reach ``/media/`` use this.
"""

from newsroom.urls import handler404, media_urlpatterns  # noqa: F401 (the site's 404 page)
from newsroom.urls import urlpatterns as site

urlpatterns = [*media_urlpatterns, *(route for route in site if route not in media_urlpatterns)]
