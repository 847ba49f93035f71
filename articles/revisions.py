"""Revisions of stories (django-reversion): what is recorded, diffs and restore."""
