from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The newsroom's work: workflow, revisions, trash, corrections, autosave, previews,
    logins and the admin's story desk."""

    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        # Imported for what it registers: the story's models with django-reversion.
        from desk import revisions  # noqa: F401
