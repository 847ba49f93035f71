from django.urls import path

from . import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("preview/<int:pk>/", preview.staff_preview, name="preview"),
    path("preview/s/<str:token>/", preview.shared_preview, name="shared_preview"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleView.as_view(), name="article"),
]
