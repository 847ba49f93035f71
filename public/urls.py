"""The public site's addresses. Each module that answers addresses lists them in its own
``urlpatterns``; section and story addresses come last, as they match any slug."""

from django.urls import path

from articles import preview, renditions
from public import feeds, listings, search, seo, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("preview/<int:pk>/", preview.staff_preview, name="preview"),
    path("preview/s/<str:token>/", preview.shared_preview, name="shared_preview"),
    *listings.urlpatterns,
    *feeds.urlpatterns,
    *search.urlpatterns,
    *seo.urlpatterns,
    *renditions.urlpatterns,
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleView.as_view(), name="article"),
]
