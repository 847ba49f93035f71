from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # Imported for what they register: the story's models with
        # django-reversion, the save hooks that keep the next scheduled publication
        # (which caps every public page's cache lifetime) current in every process, and
        # those that invalidate cached pages on every change (the page cache).
        from articles import http, invalidation, revisions  # noqa: F401
