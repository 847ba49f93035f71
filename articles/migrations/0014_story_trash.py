"""The trash: a deleted story is kept, off every surface, until the trash is emptied.

The listing indexes are made again with the trash in their condition, so that
``published()`` still reads a page of ids from the index alone.
"""

import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_upload_and_link_checks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "default_manager_name": "including_trash",
                "ordering": ["-published_at", "-pk"],
                "permissions": [
                    ("edit_any_article", "Can edit any story, in any state"),
                    ("submit_article", "Can submit a story for review"),
                    ("review_article", "Can approve a story or send it back"),
                    ("publish_article", "Can publish, schedule and unpublish a story"),
                    ("assign_article", "Can assign a story to a reviewer"),
                    (
                        "curate_article",
                        "Can change a story's tags, related links and Explore picks",
                    ),
                ],
            },
        ),
        migrations.AlterModelManagers(
            name="article",
            managers=[("including_trash", django.db.models.manager.Manager())],
        ),
        migrations.RemoveIndex(model_name="article", name="article_latest_idx"),
        migrations.RemoveIndex(model_name="article", name="article_section_latest_idx"),
        migrations.AddField(
            model_name="article",
            name="deleted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="moved to the trash"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="deleted_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="moved to the trash by",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True), ("status", "published")),
                fields=["-published_at", "-id"],
                name="article_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True), ("status", "published")),
                fields=["section", "-published_at", "-id"],
                name="article_section_latest_idx",
            ),
        ),
    ]
