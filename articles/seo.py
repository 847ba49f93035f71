"""What search engines and share cards read: sitemaps, the news sitemap, robots.txt."""

urlpatterns = []  # the public addresses this module answers (included by articles/urls.py)
