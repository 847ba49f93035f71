"""Poll every active ingest channel once, or import one file: cron-friendly, idempotent.

python manage.py ingest                      # every active channel
python manage.py ingest --background         # the same, as a task for the worker
python manage.py ingest --file item.json --channel "AA English"
python manage.py ingest --file item.xml --source AA --format newsml --section turkiye
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.models import Section, Source
from wire import fetch
from wire.ingest import ingest_document, poll
from wire.models import IngestChannel
from wire.tasks import poll_channels


class Command(BaseCommand):
    help = "Bring agency copy in: poll every active channel once, or import one file."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Import this one file instead of polling.")
        parser.add_argument("--channel", help="The channel (by name) the file comes from.")
        parser.add_argument("--source", help="Or the agency's source code (AA) …")
        parser.add_argument("--format", choices=IngestChannel.Format.values, help="… and format")
        parser.add_argument("--section", help="Section slug for a channel made for --source.")
        parser.add_argument(
            "--background", action="store_true", help="Enqueue the poll as a background task."
        )

    def handle(self, *args, **options):
        if options["file"]:
            channel = self._channel(options)
            data = fetch.read_file(options["file"])
            if isinstance(data, fetch.FetchError):
                raise CommandError(f"{options['file']}: {data}")
            self._report(channel.name, ingest_document(channel, data, options["file"]))
            return
        if options["background"]:
            result = poll_channels.enqueue()
            self.stdout.write(f"Enqueued the poll as task {result.id}.")
            return
        channels = IngestChannel.objects.filter(active=True).select_related("source")
        if not channels:
            self.stdout.write("No active ingest channel.")
        for channel in channels:
            counts = poll(channel)
            self._report(channel.name, counts)
            if channel.last_error:
                self.stderr.write(f"{channel.name}: {channel.last_error}")

    def _channel(self, options):
        if options["channel"]:
            try:
                return IngestChannel.objects.select_related("source").get(name=options["channel"])
            except IngestChannel.DoesNotExist:
                raise CommandError(f"No ingest channel named {options['channel']!r}.") from None
        if not (options["source"] and options["format"]):
            raise CommandError("Give --channel NAME, or --source CODE and --format.")
        source = Source.objects.filter(code__iexact=options["source"]).first()
        if source is None:
            raise CommandError(f"No source with the code {options['source']!r}.")
        channel = IngestChannel.objects.filter(source=source, format=options["format"]).first()
        if channel is not None:
            return channel
        section = Section.objects.filter(slug=options["section"] or "").first()
        if section is None:
            raise CommandError("No channel for that source and format yet: give --section SLUG.")
        return IngestChannel.objects.create(
            name=f"{source.code} {options['format']} files",
            source=source,
            format=options["format"],
            active=False,  # it has no URL or folder to poll
            default_section=section,
        )

    def _report(self, name, counts: Counter):
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing new"
        self.stdout.write(f"{name}: {summary}")
