"""The public site's addresses. Each module that answers addresses lists them in its own
``urlpatterns``; section and story addresses come last, as they match any slug.

newsroom/urls.py puts them in the "articles" namespace, after the desk's previews
(desk/urls.py), which must come before the story addresses."""

from django.urls import path

from articles import renditions
from public import feeds, listings, search, seo, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *listings.urlpatterns,
    *feeds.urlpatterns,
    *search.urlpatterns,
    *seo.urlpatterns,
    *renditions.urlpatterns,
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleView.as_view(), name="article"),
]
