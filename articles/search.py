"""Search: PostgreSQL full-text search with ranking, and a simpler search on SQLite."""

urlpatterns = []  # the public addresses this module answers (included by articles/urls.py)
