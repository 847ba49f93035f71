from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The newsroom's work: workflow, revisions, trash, corrections, autosave, previews,
    logins and the admin's story desk."""

    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        # Imported for what it registers: the story's models with django-reversion.
        from desk import autosave, revisions  # noqa: F401

        user_logged_out.connect(autosave.end_presence_on_logout, dispatch_uid="desk.presence")
