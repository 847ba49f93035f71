"""The library's admin screens: sections, sources, authors, pictures, tags and redirects."""

from articles.admin import library, redirects  # noqa: F401  (registers the admin classes)
