"""The newsdesk: the admin screens, split by what they look after."""

from articles.admin import library, redirects, stories  # noqa: F401  (registers the admin classes)
