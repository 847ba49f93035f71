"""The desk's admin screens: the story desk, its history, previews, autosave and trash,
the related links report, and staff members' admin language."""

from desk.admin import staff, stories  # noqa: F401  (registers the admin classes)
