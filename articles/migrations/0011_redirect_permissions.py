"""Producers and editors look after redirects (old addresses that must keep working)."""

from django.db import migrations

CODENAMES = ["add_redirect", "change_redirect", "delete_redirect", "view_redirect"]
ROLES = ["Producer", "Editor"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*rights)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*rights)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_related_links")]

    operations = [migrations.RunPython(grant, revoke)]
