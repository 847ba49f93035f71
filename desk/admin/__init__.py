"""The desk's admin screens: the story desk, its history, previews, autosave and trash,
and the related links report."""

from desk.admin import stories  # noqa: F401  (registers the admin classes)
