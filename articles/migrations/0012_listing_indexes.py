"""Indexes for listings read newest first: a page of ids comes from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_redirect_permissions")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="article_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["section", "-published_at", "-id"],
                name="article_section_latest_idx",
            ),
        ),
    ]
