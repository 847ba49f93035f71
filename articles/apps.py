from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # Imported for what it registers: the story's models with django-reversion.
        from articles import revisions  # noqa: F401
