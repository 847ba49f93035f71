"""Recompute every story's search vector (PostgreSQL).

``Article.save()`` keeps the vector current; stories written without it (fixtures
loaded with loaddata, bulk_create, update(), a database restored from elsewhere) need
this once, and so do the stories of a language taken out of NEWSROOM_EDITIONS (each
story's words are read in its edition's language, the default edition's for those:
articles/search.py).
"""

from django.core.management.base import BaseCommand
from django.db import connections

from articles.models import Article


class Command(BaseCommand):
    help = "Recompute the full-text search vector of every story (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="The database to update.")

    def handle(self, *args, database, **options):
        if connections[database].vendor != "postgresql":
            self.stdout.write("Nothing to do: only PostgreSQL stores search vectors.")
            return
        # The trash too: a story restored from it must be found again.
        stories = Article.including_trash.using(database).only(
            "pk", "headline", "standfirst", "body", "language"
        )
        count = 0
        for story in stories.iterator(chunk_size=500):
            story.update_search_vector()
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Updated the search vectors of {count} stories."))
