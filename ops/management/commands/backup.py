"""``manage.py backup PATH``: the whole newsroom, database and media, in one archive.

See ops.backup for what it holds. Safe while the site runs: the database part is
read in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and media into one .tar.gz archive at PATH."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive, such as backup.tar.gz.")

    def handle(self, *args, path, **options):
        try:
            manifest = backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            stories = manifest["counts"].get("articles.article", 0)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up {stories} stories, {sum(manifest['counts'].values())} rows "
                    f"and {len(manifest['media'])} files to {path}."
                )
            )
            for name in manifest.get("missing_media", []):
                self.stderr.write(f"Missing from the storage, not in the backup: {name}")
