"""``manage.py restore PATH``: put a backup made by ``manage.py backup`` back.

Into an empty install: run ``migrate`` first, add nothing else. ``--force`` deletes
everything in the database first (the backup then is all there is).
"""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive (database and media) into an empty install."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive made by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the content of this install first instead of refusing.",
        )

    def handle(self, *args, path, force, **options):
        try:
            manifest = restore(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            stories = manifest["counts"].get("articles.article", 0)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {stories} stories and {len(manifest['media'])} files from the "
                    f"backup of {manifest['created_at']} (version {manifest['app_version']})."
                )
            )
