from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles import editions  # noqa: F401  (registers its system check)
        from articles.search import register_fold

        # The word search's newsroom_fold() on SQLite (articles/search.py).
        connection_created.connect(register_fold, dispatch_uid="articles.register_fold")
