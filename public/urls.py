"""The public site's addresses. Each module that answers addresses lists them in its own
``urlpatterns``; section and story addresses come last, as they match any slug.

newsroom/urls.py puts them in the "articles" namespace, after the desk's previews
(desk/urls.py), which must come before the story addresses."""

from django.urls import path

from articles import renditions
from public import feeds, listings, search, seo, views

# The whole site's, outside every edition's address (newsroom/urls.py).
site_urlpatterns = [*seo.site_urlpatterns, *renditions.urlpatterns]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *listings.urlpatterns,
    *feeds.urlpatterns,
    *search.urlpatterns,
    *seo.urlpatterns,
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleView.as_view(), name="article"),
]
