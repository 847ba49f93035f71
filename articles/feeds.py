"""RSS and Atom feeds (django.contrib.syndication)."""

urlpatterns = []  # the public addresses this module answers (included by articles/urls.py)
