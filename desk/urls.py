"""The desk's addresses outside the admin: previews, a staff member's and a shared link's
(newsroom/urls.py puts them in the "articles" namespace, before the story addresses)."""

from django.urls import path

from desk import previews

urlpatterns = [
    path("preview/<int:pk>/", previews.staff_preview, name="preview"),
    path("preview/s/<str:token>/", previews.shared_preview, name="shared_preview"),
]
