"""Autosave and restoring unsaved text, keeping a form submitted after the session
expired, and who else has the story open."""


class AutosaveMixin:
    """Mixed into ArticleAdmin; cooperates through super() (get_urls, render_change_form …)."""
