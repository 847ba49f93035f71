"""Revisions: history, diff of any two revisions, restore (django-reversion)."""


class RevisionsMixin:
    """Mixed into ArticleAdmin; cooperates through super() (get_urls, render_change_form …)."""
