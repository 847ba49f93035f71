from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import URLResolver, include, path
from django.views.static import serve

import desk.urls
import public.urls
from public.editions import EditionPrefix


def media(request, path):
    """An uploaded file from MEDIA_ROOT. Django's view lets some of the file system's
    own refusals through as a 500 (a name, or one part of it, too long for it; a
    folder it may not read); to a reader each means there is no such file."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:
        raise Http404("No such file.") from error


# A 404 that a CDN may not keep: the address may be a page once a story comes out.
handler404 = "pagecache.headers.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
]
# In production the web server or object storage serves media; Django does only in
# development or with SERVE_MEDIA=1 (one machine, nothing in front: make serve).
media_urlpatterns = [path(settings.MEDIA_URL.lstrip("/") + "<path:path>", media)]
if settings.NEWSROOM_SERVE_MEDIA:
    urlpatterns += media_urlpatterns
# The benchmark's baseline view, before the section addresses that match any slug.
if settings.NEWSROOM_BENCH:
    urlpatterns += [path("", include("ops.bench"))]
# The content API before the section addresses, which match any slug.
urlpatterns += [path("api/", include("api.urls"))]
# The reader's site and the desk's previews, in one namespace ("articles:story" …): the
# previews first, as the story addresses match any two slugs. Each edition's under its
# own prefix (/ar/…) once there are several (public/editions.py); what belongs to the
# whole site (robots.txt, picture files) outside every edition.
editions = URLResolver(EditionPrefix(), [*desk.urls.urlpatterns, *public.urls.urlpatterns])
urlpatterns += [path("", include(([*public.urls.site_urlpatterns, editions], "articles")))]
