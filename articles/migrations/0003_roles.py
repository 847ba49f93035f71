"""The newsroom's roles as groups with permissions, so a fresh install has them.

Writer: writes stories and submits them. Editor: edits any story and moves it
through review to publication. Producer: looks after tags, sections, sources,
authors, images and related links, never a story's text or state.
"""

from django.db import migrations

A = "articles"
CRUD = ("add", "change", "delete", "view")

ROLES = {
    "Writer": [
        *[f"{a}_{m}" for m in ("article",) for a in ("add", "change", "view")],
        "submit_article",
        *[f"{a}_{m}" for m in ("byline", "articlesource", "relateditem", "explorepick",
                                "editorialnote", "taggedarticle") for a in CRUD],
        *[f"{a}_image" for a in ("add", "view")],
        *[f"view_{m}" for m in ("section", "author", "source", "tag", "transition")],
        "add_tag",
    ],
    "Editor": [
        *[f"{a}_{m}" for m in ("article",) for a in CRUD],
        "edit_any_article", "submit_article", "review_article", "publish_article",
        "assign_article", "curate_article",
        *[f"{a}_{m}" for m in ("byline", "articlesource", "relateditem", "explorepick",
                                "editorialnote", "taggedarticle", "image", "tag") for a in CRUD],
        *[f"view_{m}" for m in ("section", "author", "source", "transition")],
    ],
    "Producer": [
        "view_article", "change_article", "curate_article",
        *[f"{a}_{m}" for m in ("section", "author", "source", "image", "tag", "taggedarticle",
                                "relateditem", "explorepick", "editorialnote") for a in CRUD],
        "view_byline", "view_articlesource", "view_transition",
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label=A, codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
