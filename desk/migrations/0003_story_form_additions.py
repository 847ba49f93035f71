"""Writers and editors add an author or an agency where a story needs one: beside the
byline's author and the picture's credit source (the admin's "+").

Adding only: changing or deleting authors and agencies, and sections, stay the
producers' housekeeping (articles/migrations/0003_roles.py).
"""

from django.db import migrations

CODENAMES = ["add_author", "add_source"]
ROLES = ["Writer", "Editor"]


def _rights(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(*_rights(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*_rights(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_verbose_names_translatable"),
        ("articles", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
