"""The content API's addresses, under /api/ (newsroom/urls.py)."""

from api.views import api

app_name = "api"  # django-ninja reverses "api:…" (ContentAPI's urls_namespace)
urlpatterns = api.urls[0]
