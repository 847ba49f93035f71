"""Each tag's names folded (no case, no accents), for the story form's tag picker
(``FoldedNamesField``), filled for the tags there are by the field itself."""

from django.db import migrations

import articles.models.library


def fill(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    field = Tag._meta.get_field("folded_names")
    tags = list(Tag.objects.only("pk", "name", "names"))
    for tag in tags:
        field.pre_save(tag, add=False)  # sets tag.folded_names from its names
    Tag.objects.bulk_update(tags, ["folded_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_verbose_names_translatable"),
    ]

    operations = [
        migrations.AddField(
            model_name="tag",
            name="folded_names",
            field=articles.models.library.FoldedNamesField(
                blank=True, default="", editable=False, verbose_name="names without case or accents"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
