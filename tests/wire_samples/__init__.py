"""Agency items written for the wire tests (realistic: Unicode names, an embargo, an
update, a correction, feeds), and a helper that makes an ingest channel for them."""

from pathlib import Path

SAMPLES = Path(__file__).parent


def sample(name):
    return SAMPLES / name


def make_channel(source, section, **fields):
    from wire.models import IngestChannel

    fields.setdefault("name", f"{source.code} {fields.get('format', 'ninjs')}")
    fields.setdefault("format", "ninjs")
    return IngestChannel.objects.create(source=source, default_section=section, **fields)
