"""Previews and shareable preview links, and corrections, from the story's admin page."""


class PreviewLinksMixin:
    """Mixed into ArticleAdmin; cooperates through super() (get_urls, render_change_form …)."""
