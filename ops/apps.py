from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the newsroom: backups, the demo and synthetic newsrooms, the benchmark's
    own view and switches."""

    name = "ops"
    verbose_name = "Operations"
