from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.site_title = settings.NEWSROOM_SITE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
]
# In production the web server or object storage serves media; Django does only in
# development or with SERVE_MEDIA=1 (one machine, nothing in front: make serve).
if settings.NEWSROOM_SERVE_MEDIA:
    urlpatterns += [
        path(
            settings.MEDIA_URL.lstrip("/") + "<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
# The benchmark's baseline view, before the section addresses that match any slug.
if settings.NEWSROOM_BENCH:
    urlpatterns += [path("", include("articles.bench_views"))]
# The content API before the section addresses, which match any slug.
urlpatterns += [path("api/", include("api.urls"))]
urlpatterns += [path("", include("articles.urls"))]
