from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the newsroom: backups, the demo and synthetic newsrooms, the benchmark's
    own view and switches."""

    name = "ops"
    verbose_name = _("Operations")
