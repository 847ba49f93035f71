"""Malicious XML from a channel: refused, recorded with the reason, and harmless.

Billion laughs must be refused before anything is expanded; an external entity must
never read a file of this server: its secret appears nowhere (stories, the stored
item, the log, the wire desk)."""

import logging
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Section, Source
from tests.wire_samples import make_channel, sample
from wire.models import WireItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(tmp_path, settings):
    settings.NEWSROOM_WIRE_ROOT = tmp_path
    aa = Source.objects.create(name="Anadolu Agency", code="AA")
    section = Section.objects.create(name="World", slug="world")
    drop = tmp_path / "drop"
    drop.mkdir()
    return make_channel(aa, section, name="AA NewsML-G2", format="newsml", folder=str(drop))


@pytest.fixture
def secret(tmp_path):
    token = f"TOP-SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(token)
    return path, token


def drop(channel, name, data):
    from pathlib import Path

    (Path(channel.folder) / name).write_bytes(data)


def poll():
    out, err = StringIO(), StringIO()
    call_command("ingest", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_billion_laughs_is_refused_unexpanded(channel):
    drop(channel, "laughs.xml", sample("billion-laughs.xml").read_bytes())
    poll()
    failed = WireItem.objects.get(state=WireItem.State.FAILED)
    assert "declares XML entities" in failed.outcome
    assert "lollol" not in failed.raw + failed.outcome  # nothing was expanded
    assert not Article.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_external_entity_never_reads_a_file(channel, secret, encoding, caplog, superuser_client):
    path, token = secret
    template = sample("external-entity.xml.template").read_text()
    document = template.replace("SECRET_PATH", str(path))
    if encoding == "utf-16":
        # The byte check cannot see a UTF-16 declaration: the parsed document's is checked.
        document = document.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    drop(channel, "xxe.xml", document.encode(encoding))
    drop(channel, "zz-good.xml", sample("aa-blinken-newsml.xml").read_bytes())

    with caplog.at_level(logging.DEBUG):
        output = poll()

    assert Article.objects.count() == 1  # the good item still comes in
    failed = WireItem.objects.get(state=WireItem.State.FAILED)
    assert "entities" in failed.outcome
    stored = [
        *WireItem.objects.values_list("raw", "outcome", "headline", "parsed"),
        *Article.objects.values_list("headline", "standfirst", "body"),
    ]
    assert token not in repr(stored)
    assert token not in output
    assert token not in caplog.text
    desk = superuser_client.get(reverse("admin:wire_wireitem_changelist") + "?show=all")
    assert desk.status_code == 200
    assert token not in desk.content.decode()
    item_page = superuser_client.get(reverse("admin:wire_wireitem_change", args=[failed.pk]))
    assert token not in item_page.content.decode()


def test_an_external_entity_in_a_feed_is_refused_too(channel, secret):
    path, token = secret
    channel.format = "rss"
    channel.save()
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{path}">]>'
        "<rss version='2.0'><channel><item><guid>1</guid><title>&x;</title></item></channel></rss>"
    )
    drop(channel, "feed.xml", feed.encode())
    poll()
    assert not Article.objects.exists()
    assert token not in repr(list(WireItem.objects.values_list("raw", "outcome", "headline")))
