"""Image renditions: resized WebP and JPEG copies, made once and stored."""

urlpatterns = []  # the public addresses this module answers (included by articles/urls.py)
