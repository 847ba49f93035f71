"""Delete for good the stories in the trash for longer than the trash keeps them.

For cron, once a day: ``manage.py empty_trash --older-than-days 30``. Quiet with
``-v 0``; otherwise one line saying how many went.
"""

from django.core.management.base import BaseCommand, CommandError

from desk.trash import TRASH_DAYS, purge_older_than


class Command(BaseCommand):
    help = "Delete for good the stories in the trash for more than N days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=TRASH_DAYS,
            help=f"Days a story stays in the trash before it goes (default {TRASH_DAYS}).",
        )

    def handle(self, *args, older_than_days, **options):
        if older_than_days < 0:
            raise CommandError("--older-than-days cannot be negative.")
        deleted = purge_older_than(older_than_days)
        if options["verbosity"]:
            self.stdout.write(
                f"Trash: {deleted} stories older than {older_than_days} days deleted for good."
            )
