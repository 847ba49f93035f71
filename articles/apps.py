from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # Imported for what they register: the story's models with
        # django-reversion, and the save hooks that keep the next scheduled publication
        # (which caps every public page's cache lifetime) current in every process.
        from . import http, revisions  # noqa: F401
