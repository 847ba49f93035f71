"""The Staff screen's model: a proxy of the user account (desk/models.py)."""

import django.contrib.auth.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("desk", "0003_story_form_additions"),
    ]

    operations = [
        migrations.CreateModel(
            name="StaffMember",
            fields=[],
            options={
                "verbose_name": "staff member",
                "verbose_name_plural": "staff",
                "ordering": ["username"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("auth.user",),
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
    ]
