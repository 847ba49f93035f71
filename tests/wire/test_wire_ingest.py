"""Agency copy in: `manage.py ingest` makes drafts with their source, byline, embargo and
tags; updates wait for an editor unless nobody touched the draft; duplicates and bad
input are skipped without stopping the rest."""

import json
import logging
import threading
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article, Section, Source
from desk import revisions
from tests.admin_forms import change_url, form_data, publish_through_workflow
from tests.factories import ImageFactory
from tests.pages import page_text
from tests.wire_samples import SAMPLES, make_channel, sample
from wire.models import PendingUpdate, WireItem
from wire.tasks import poll_channels

pytestmark = pytest.mark.django_db

NEW_PARAGRAPH = "the F-16 sale should not be tied to Sweden’s NATO bid"


@pytest.fixture(autouse=True)
def wire_root(settings, tmp_path):
    settings.NEWSROOM_WIRE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def aa():
    return Source.objects.create(name="Anadolu Agency", code="AA")


@pytest.fixture
def turkiye():
    return Section.objects.create(name="Türkiye", slug="turkiye", kicker="TÜRKİYE", language="tr")


@pytest.fixture
def ninjs_channel(aa, turkiye):
    return make_channel(aa, turkiye, name="AA ninjs", format="ninjs", default_tags="wire")


@pytest.fixture
def newsml_channel(aa, turkiye):
    return make_channel(aa, turkiye, name="AA NewsML-G2", format="newsml")


def ingest_file(path, channel):
    out = StringIO()
    call_command("ingest", file=str(path), channel=channel.name, stdout=out, stderr=StringIO())
    return out.getvalue()


def the_story(headline_part):
    return Article.objects.get(headline__contains=headline_part)


def with_picture(article):
    # The agency's pictures are not imported: the editor picks one before publishing.
    article.hero_image = ImageFactory(alt_text="Blinken and Cavusoglu in Washington")
    article.save(update_fields=["hero_image"])
    return article


@pytest.mark.parametrize(
    ("file", "channel"),
    [("aa-blinken-ninjs2.json", "ninjs_channel"), ("aa-blinken-newsml.xml", "newsml_channel")],
)
def test_seed_item_becomes_a_draft_that_renders_like_the_seed_page(
    file, channel, request, client, editor_client
):
    channel = request.getfixturevalue(channel)
    output = ingest_file(sample(file), channel)
    assert "1 new" in output

    story = the_story("Blinken underlines")
    assert story.status == Article.Status.DRAFT
    assert [s.code for s in story.sources.all()] == ["AA"]
    assert {"Türkiye", "NATO", "diplomacy", "US"} <= set(story.tags.names())
    assert client.get(story.get_absolute_url()).status_code == 404  # a draft: not on the site

    item = WireItem.objects.get(article=story)
    assert "urn:aa.com.tr:en:2023-01-19:blinken-cavusoglu-coordination" in item.raw  # for audit

    publish_through_workflow(editor_client, with_picture(story))
    page = page_text(client.get(story.get_absolute_url()))
    assert "TÜRKİYE" in page
    assert "Blinken underlines ‘continued coordination’ after meeting with Cavusoglu" in page
    assert "says US secretary of state." in page
    assert "'Positive bilateral agenda'" in page
    assert "He also posted photos taken during the meeting." in page
    assert "SOURCE: AA" in page
    assert "2 MIN READ" in page.upper()


def test_agency_byline_is_kept_and_drawn(aa, turkiye, client, editor_client):
    channel = make_channel(aa, turkiye, format="ninjs")
    ingest_file(sample("aa-embargo-ninjs1.json"), channel)
    story = the_story("Zero Waste report")
    assert [a.name for a in story.authors.all()] == ["Esra Karataş Alpay"]
    assert story.embargo_until == datetime(2023, 1, 19, 10, 0, tzinfo=UTC)

    publish_through_workflow(editor_client, with_picture(story))
    page = page_text(client.get(story.get_absolute_url()))
    assert "By Esra Karataş Alpay" in page
    assert "SOURCE: AA" in page


def test_unicode_names_survive_newsml(newsml_channel):
    ingest_file(sample("aa-cavusoglu-newsml.xml"), newsml_channel)
    story = the_story("Çavuşoğlu says Stockholm")
    assert "Mevlüt Çavuşoğlu" in story.standfirst
    assert "Mevlüt Çavuşoğlu said on Wednesday" in story.body
    assert story.slug.startswith("cavusoglu-says-stockholm")


def test_an_arabic_wire_story_and_its_agency_writer_get_readable_slugs(ninjs_channel, tmp_path):
    item = json.loads(sample("aa-blinken-ninjs2.json").read_text())
    item.update(
        uri="urn:aa:arabic-1",
        headlines=[{"role": "main", "value": "الأمم المتحدة تدعو إلى وقف إطلاق النار"}],
        by="أحمد يوسف",
    )
    path = tmp_path / "arabic.json"
    path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    ingest_file(path, ninjs_channel)
    story = Article.objects.get(headline__startswith="الأمم")
    assert story.slug == "lmm-lmthdh-tdw-la-wqf-tlq-lnr"  # not wire-story-N
    assert [author.slug for author in story.authors.all()] == ["hmd-ywsf"]


@pytest.mark.parametrize(("editions", "language"), [("en,tr,ar", "ar"), ("", "en")])
def test_the_item_s_language_decides_the_draft_s_edition(
    ninjs_channel, tmp_path, settings, editions, language
):
    # An Arabic item joins the Arabic edition; a newsroom without one takes it in under
    # its default, for an editor to see.
    settings.NEWSROOM_EDITIONS = editions
    item = json.loads(sample("aa-blinken-ninjs2.json").read_text())
    item.update(uri="urn:aa:arabic-2", language="ar-EG")
    path = tmp_path / "arabic.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    ingest_file(path, ninjs_channel)
    assert the_story("Blinken underlines").language == language


def test_a_newsml_item_s_xml_lang_decides_it_too(newsml_channel, settings):
    settings.NEWSROOM_EDITIONS = "tr,en"
    ingest_file(sample("aa-cavusoglu-newsml.xml"), newsml_channel)
    assert the_story("Çavuşoğlu says Stockholm").language == "en"


def test_the_same_item_twice_is_skipped(ninjs_channel):
    ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    output = ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    assert "1 duplicate" in output
    assert Article.objects.count() == 1
    assert WireItem.objects.count() == 1


def test_an_update_to_an_untouched_draft_updates_it(ninjs_channel):
    ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    output = ingest_file(sample("aa-blinken-ninjs2-v2.json"), ninjs_channel)
    assert "1 updated" in output
    story = the_story("Blinken underlines")
    assert NEW_PARAGRAPH in story.body
    assert Article.objects.count() == 1
    assert not PendingUpdate.objects.exists()
    assert revisions.revisions_of(story).count() == 2  # the update is a revision of its own


def test_an_older_version_after_a_newer_one_is_ignored(ninjs_channel):
    ingest_file(sample("aa-blinken-ninjs2-v2.json"), ninjs_channel)
    output = ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    assert "1 stale" in output
    assert NEW_PARAGRAPH in the_story("Blinken underlines").body


def test_an_update_to_a_draft_an_editor_changed_waits(ninjs_channel, editor_client):
    ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    story = the_story("Blinken underlines")
    data = form_data(editor_client.get(change_url(story)))
    data["headline"] = "Blinken and Cavusoglu pledge closer coordination"
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302

    output = ingest_file(sample("aa-blinken-ninjs2-v2.json"), ninjs_channel)
    assert "1 pending" in output
    story.refresh_from_db()
    assert story.headline == "Blinken and Cavusoglu pledge closer coordination"
    assert NEW_PARAGRAPH not in story.body
    pending = PendingUpdate.objects.get(article=story)
    assert "an editor has changed the story" in pending.reason


def test_an_update_to_a_published_story_waits_until_an_editor_accepts_it(
    ninjs_channel, client, editor_client
):
    ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    story = publish_through_workflow(editor_client, with_picture(the_story("Blinken")))

    output = ingest_file(sample("aa-blinken-ninjs2-v2.json"), ninjs_channel)
    assert "1 pending" in output
    assert NEW_PARAGRAPH not in page_text(client.get(story.get_absolute_url()))

    pending = PendingUpdate.objects.get(article=story)
    review_url = reverse("admin:wire_pendingupdate_change", args=[pending.pk])
    review = editor_client.get(review_url)
    assert review.status_code == 200
    assert NEW_PARAGRAPH in page_text(review)
    assert "<p><ins>Cavusoglu told reporters" in review.content.decode()

    response = editor_client.post(review_url, {"accept": "Accept"})
    assert response.status_code == 302
    assert NEW_PARAGRAPH in page_text(client.get(story.get_absolute_url()))
    story.refresh_from_db()
    assert story.is_published
    latest = revisions.revisions_of(story).first()
    assert latest.revision.user.username == "editor"
    assert "Agency update accepted" in latest.revision.comment


def test_a_dismissed_update_leaves_the_story_as_it_is(ninjs_channel, client, editor_client):
    ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    story = publish_through_workflow(editor_client, with_picture(the_story("Blinken")))
    ingest_file(sample("aa-blinken-ninjs2-v2.json"), ninjs_channel)
    pending = PendingUpdate.objects.get(article=story)

    editor_client.post(
        reverse("admin:wire_pendingupdate_change", args=[pending.pk]), {"dismiss": "Dismiss"}
    )
    pending.refresh_from_db()
    assert pending.dismissed_at is not None
    assert NEW_PARAGRAPH not in page_text(client.get(story.get_absolute_url()))


def test_an_agency_correction_shows_its_note_to_the_editor(newsml_channel, editor_client):
    ingest_file(sample("aa-cavusoglu-newsml.xml"), newsml_channel)
    story = publish_through_workflow(editor_client, with_picture(the_story("Çavuşoğlu")))
    ingest_file(sample("aa-cavusoglu-newsml-v2-correction.xml"), newsml_channel)

    pending = PendingUpdate.objects.get(article=story)
    response = editor_client.get(reverse("admin:wire_pendingupdate_change", args=[pending.pk]))
    assert "CORRECTS the date of the Madrid memorandum" in page_text(response)
    # The changed words, marked as the revisions page marks them.
    assert "<ins>on 28 June</ins>" in response.content.decode()


def test_embargoed_copy_waits_for_its_time_even_with_auto_publish(
    aa, turkiye, client, time_machine
):
    time_machine.move_to(datetime(2023, 1, 19, 8, 0, tzinfo=UTC), tick=False)
    channel = make_channel(aa, turkiye, auto_publish=True, default_image=ImageFactory())
    ingest_file(sample("aa-embargo-ninjs1.json"), channel)
    story = the_story("Zero Waste report")
    assert story.published_at == datetime(2023, 1, 19, 10, 0, tzinfo=UTC)  # scheduled
    assert client.get(story.get_absolute_url()).status_code == 404
    assert not Article.objects.published().exists()

    time_machine.move_to(datetime(2023, 1, 19, 10, 1, tzinfo=UTC), tick=False)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_ninjs_3_s_camel_case_times_are_read_and_its_embargo_holds(
    aa, turkiye, client, time_machine, tmp_path
):
    # ninjs 3 names its times in camelCase; read as 1.x's names, the embargo was lost
    # and an auto-publish channel put the story out at once.
    time_machine.move_to(datetime(2023, 1, 19, 8, 0, tzinfo=UTC), tick=False)
    item = json.loads(sample("aa-embargo-ninjs1.json").read_text())
    embargo = item.pop("embargoed")
    item |= {
        "standard": {"name": "ninjs", "version": "3.1"},
        "embargoedUntil": embargo,
        "firstCreated": item.pop("firstcreated", "2023-01-19T07:00:00Z"),
        "versionCreated": item.pop("versioncreated", "2023-01-19T07:30:00Z"),
    }
    path = tmp_path / "ninjs3.json"
    path.write_text(json.dumps(item))
    channel = make_channel(aa, turkiye, auto_publish=True, default_image=ImageFactory())
    ingest_file(path, channel)
    story = the_story("Zero Waste report")
    assert story.embargo_until == datetime(2023, 1, 19, 10, 0, tzinfo=UTC)
    assert not Article.objects.published().exists()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_auto_publish_publishes_complete_copy_and_leaves_the_rest_as_drafts(aa, turkiye, client):
    with_picture_channel = make_channel(
        aa, turkiye, name="AA auto", auto_publish=True, default_image=ImageFactory()
    )
    no_picture_channel = make_channel(aa, turkiye, name="AA no pictures", auto_publish=True)
    ingest_file(sample("aa-blinken-ninjs2.json"), with_picture_channel)
    story = the_story("Blinken")
    assert client.get(story.get_absolute_url()).status_code == 200
    assert story.transitions.last().user.username == "wire"

    ingest_file(sample("aa-embargo-ninjs1.json"), no_picture_channel)
    draft = the_story("Zero Waste")
    assert draft.status == Article.Status.DRAFT
    assert "needs a hero image" in WireItem.objects.get(article=draft).outcome


def test_nothing_is_published_without_auto_publish(ninjs_channel, newsml_channel):
    ingest_file(sample("aa-blinken-ninjs2.json"), ninjs_channel)
    ingest_file(sample("aa-blinken-newsml.xml"), newsml_channel)
    assert Article.objects.count() == 2
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()


def test_one_bad_file_in_a_folder_of_three_is_logged_and_the_others_come_in(
    aa, turkiye, tmp_path, caplog
):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "1-blinken.json").write_bytes(sample("aa-blinken-ninjs2.json").read_bytes())
    (folder / "2-broken.json").write_text('{"uri": "urn:aa:broken", "headline": "Cut off')
    (folder / "3-zero-waste.json").write_bytes(sample("aa-embargo-ninjs1.json").read_bytes())
    channel = make_channel(aa, turkiye, folder=str(folder))

    with caplog.at_level(logging.WARNING, logger="wire"):
        call_command("ingest", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 2
    failed = WireItem.objects.get(state=WireItem.State.FAILED)
    assert "2-broken.json" in failed.outcome and "not JSON" in failed.outcome
    assert "2-broken.json" in caplog.text
    channel.refresh_from_db()
    assert "2-broken.json" in channel.last_error

    # Cron runs it again: nothing new, the bad file is not recorded twice.
    call_command("ingest", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 2
    assert WireItem.objects.count() == 3


def test_a_bad_item_among_good_ones_in_one_file(ninjs_channel, tmp_path):
    good = json.loads(sample("aa-blinken-ninjs2.json").read_text())
    items = [good, {"uri": "urn:aa:no-headline", "version": "1", "body_text": "Text."}]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"items": items}))
    output = ingest_file(path, ninjs_channel)
    assert "1 failed" in output and "1 new" in output
    assert "no headline" in WireItem.objects.get(state=WireItem.State.FAILED).outcome


def test_wrong_encoding_and_oversized_files_are_refused(ninjs_channel, tmp_path):
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"uri": "urn:aa:x", "headline": "Çavuşoğlu in Ankara"}'.encode("cp1254"))
    ingest_file(latin1, ninjs_channel)
    assert "not UTF-8" in WireItem.objects.get(state=WireItem.State.FAILED).outcome

    nul = tmp_path / "nul.json"
    nul.write_text('{"uri": "urn:aa:nul", "headline": "Ankara\\u0000 talks"}')
    ingest_file(nul, ninjs_channel)  # PostgreSQL text cannot hold NUL: it is dropped
    assert Article.objects.get().headline == "Ankara talks"
    Article.objects.all().delete()

    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (5 * 1024 * 1024 + 1))
    with pytest.raises(CommandError, match="larger than 5 MB"):
        ingest_file(huge, ninjs_channel)
    assert not Article.objects.exists()


def test_feed_items_come_in_sanitised(aa, turkiye):
    rss = make_channel(aa, turkiye, name="AA RSS", format="rss")
    ingest_file(sample("aa-feed.rss"), rss)
    ingest_file(sample("aa-feed.atom"), rss)
    assert Article.objects.count() == 4
    troy = the_story("Troy")
    assert [a.name for a in troy.authors.all()] == ["Ümit Çelik"]
    assert "exceptionally rare" in troy.body
    biennial = the_story("Biennial")
    assert "<script" not in biennial.body and "alert" not in biennial.body
    boeing = the_story("Boeing")
    assert (
        boeing.body
        == "<p>A US envoy says the Turkish Airlines–Boeing deal for 225 planes is done.</p>"
    )


@pytest.fixture
def feed_server():
    """The samples folder over http on a free local port (nothing else is reachable)."""
    handler = partial(_QuietHandler, directory=str(SAMPLES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_url_channels_are_polled_and_an_unreachable_one_is_logged(aa, turkiye, feed_server):
    make_channel(aa, turkiye, name="AA feed", format="rss", url=f"{feed_server}/aa-feed.rss")
    dead = make_channel(aa, turkiye, name="Dead", format="rss", url=f"{feed_server}/missing.rss")
    err = StringIO()
    call_command("ingest", stdout=StringIO(), stderr=err)
    assert Article.objects.count() == 2
    dead.refresh_from_db()
    assert "could not be read" in dead.last_error
    assert "Dead" in err.getvalue()


def test_a_channel_answer_that_is_not_its_format_is_not_kept(aa, turkiye, feed_server):
    # Whatever a URL answers (it could be an internal page) is not stored for all to read.
    make_channel(
        aa, turkiye, name="Wrong", format="rss", url=f"{feed_server}/aa-embargo-ninjs1.json"
    )
    call_command("ingest", stdout=StringIO(), stderr=StringIO())
    failed = WireItem.objects.get(state=WireItem.State.FAILED)
    assert "not well-formed XML" in failed.outcome
    assert failed.raw == "" and "Zero Waste" not in failed.outcome


def test_folders_outside_the_wire_folder_are_never_read(aa, turkiye, tmp_path, settings):
    settings.NEWSROOM_WIRE_ROOT = tmp_path / "wire"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "item.json").write_bytes(sample("aa-blinken-ninjs2.json").read_bytes())
    channel = make_channel(aa, turkiye, folder=str(outside))
    with pytest.raises(ValidationError, match="inside"):
        channel.full_clean()

    call_command("ingest", stdout=StringIO(), stderr=StringIO())
    channel.refresh_from_db()
    assert "must be inside" in channel.last_error
    assert not Article.objects.exists()


def test_the_poll_runs_as_a_background_task(ninjs_channel, aa, turkiye, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "item.json").write_bytes(sample("aa-blinken-ninjs2.json").read_bytes())
    make_channel(aa, turkiye, name="AA folder", folder=str(folder))
    result = poll_channels.enqueue()
    assert result.return_value["AA folder"] == {"new": 1}
    assert Article.objects.count() == 1

    # What cron runs for a deployment with a worker (here the immediate backend runs it).
    out = StringIO()
    call_command("ingest", background=True, stdout=out)
    assert "Enqueued the poll" in out.getvalue()
    assert WireItem.objects.filter(article__isnull=False).count() == 1  # a duplicate, skipped
