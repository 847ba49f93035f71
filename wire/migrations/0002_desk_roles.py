"""The wire desk's rights for the newsroom's roles (articles/migrations/0003_roles.py).

Writer: reads the desk and takes copy. Editor: also spikes, accepts or dismisses
agency updates and sets up channels. Producer: reads the desk.
"""

from django.db import migrations

RIGHTS = {
    "Writer": ["view_wireitem", "take_wireitem", "view_pendingupdate", "view_ingestchannel"],
    "Editor": [
        "view_wireitem", "take_wireitem", "spike_wireitem",
        "view_pendingupdate", "change_pendingupdate",
        "view_ingestchannel", "add_ingestchannel", "change_ingestchannel",
        "delete_ingestchannel",
    ],
    "Producer": ["view_wireitem", "view_pendingupdate", "view_ingestchannel"],
}  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("wire")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="wire", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=RIGHTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="wire"))


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0001_initial"),
        ("articles", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
