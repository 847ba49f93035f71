"""Listings beyond sections: a tag's, an author's and an agency's stories."""

urlpatterns = []  # the public addresses this module answers (included by articles/urls.py)
