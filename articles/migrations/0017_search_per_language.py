"""Search per language: reserved for the search-per-edition change (unaccent, each
edition's text search configuration)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_translations")]

    operations = []
