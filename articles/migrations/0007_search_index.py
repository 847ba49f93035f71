"""The GIN index for full-text search, on PostgreSQL only (SQLite has no tsvector)."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)"
DROP = "DROP INDEX IF EXISTS article_search_vector_gin"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_readers")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
