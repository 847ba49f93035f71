"""Backup and restore: a whole newsroom goes into one archive and comes back exactly,
into an emptied database and media storage (on SQLite and PostgreSQL alike)."""

import io
import json
import shutil
import tarfile

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Revision, Version

from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Correction,
    ExplorePick,
    Image,
    Redirect,
    RelatedItem,
    Rendition,
    Section,
    Source,
    Tag,
    TaggedArticle,
    Transition,
)
from articles.renditions import make_renditions
from desk import corrections, trash
from ops.backup import empty_database
from tests.admin_forms import change_url, form_data
from tests.desk_pages import logged_in
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
    SourceFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

CONTENT = [
    Section, Source, Author, Image, Rendition, Tag, Article, Byline, ArticleSource,
    TaggedArticle, RelatedItem, ExplorePick, Correction, Transition, Redirect, Revision,
]  # fmt: skip


@pytest.fixture
def newsroom(editor, editor_client):
    """Stories with revisions saved through the admin, pictures with files and their
    renditions, an address changed (a redirect), tags, links and one in the trash."""
    image = ImageFactory(alt_text="Cranes on the quay")
    make_renditions(image)
    story = ArticleFactory(
        headline="Port strike enters its second week",
        section=SectionFactory(name="Economy"),
        authors=[AuthorFactory(name="Deniz Kaya")],
        sources=[SourceFactory(code="AA")],
        tags=["Ports", "Türkiye"],
        hero_image=image,
    )
    old_url = story.get_absolute_url()
    # Saved through the admin: a revision, and the old address redirecting to the new.
    data = form_data(editor_client.get(change_url(story)))
    data.update(headline="Port strike enters a second week", slug="port-strike-week-two")
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    corrections.add_correction(story, editor, "correction", "The strike began on Monday.")
    linking = ArticleFactory(headline="Ships wait off the coast", hero_image=ImageFactory())
    RelatedItemFactory(article=linking, target=story)
    ExplorePickFactory(article=story, picked=linking)
    binned = ArticleFactory(headline="A story in the trash")
    trash.trash(binned, editor)
    Redirect.objects.create(old_path="/old-site/strike/", new_path=story.get_absolute_url())
    return {"story": story, "old_url": old_url, "binned": binned}


def snapshot():
    """Every row that matters, as values; content types by name (their ids may change)."""
    rows = {
        model.__name__: list(
            model._base_manager.order_by("pk").values(
                *[f.attname for f in model._meta.concrete_fields if f.name != "search_vector"]
            )
        )
        for model in CONTENT
    }
    rows["Version"] = list(
        Version.objects.order_by("pk").values(
            "pk", "revision_id", "object_id", "content_type__app_label", "content_type__model",
            "serialized_data", "object_repr", "format",
        )
    )  # fmt: skip
    rows["LogEntry"] = list(
        LogEntry.objects.order_by("pk").values(
            "pk", "user_id", "object_id", "content_type__model", "change_message", "action_flag"
        )
    )
    rows["User"] = [
        (u.pk, u.username, u.password, u.is_staff, sorted(g.name for g in u.groups.all()))
        for u in get_user_model().objects.order_by("pk")
    ]
    rows["Group"] = [
        (g.pk, g.name, sorted(g.permissions.values_list("codename", flat=True)))
        for g in Group.objects.order_by("pk")
    ]
    return rows


def media_bytes():
    names = [i.file.name for i in Image.objects.all()] + [
        r.file.name for r in Rendition.objects.all()
    ]
    with_bytes = {}
    for name in names:
        with default_storage.open(name, "rb") as f:
            with_bytes[name] = f.read()
    return with_bytes


def wipe(media_root):
    """An empty install: migrated, no content, no media. (Not ``flush``: PostgreSQL
    cannot TRUNCATE inside the test's transaction once it has written.)"""
    empty_database()
    shutil.rmtree(media_root, ignore_errors=True)
    for model in [*CONTENT, Version, LogEntry, Group, get_user_model()]:
        assert not model._base_manager.exists(), model


def test_a_backup_restores_every_story_revision_picture_and_redirect(
    newsroom, tmp_path, media_root, client
):
    before, files = snapshot(), media_bytes()
    assert len(files) > 2 and len(before["Version"]) >= 2 and before["Redirect"]
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    wipe(media_root)
    assert not Article.including_trash.exists() and not get_user_model().objects.exists()
    assert not any(default_storage.exists(name) for name in files)

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "Restored 3 stories" in out.getvalue()
    assert snapshot() == before  # times to the microsecond, ids, revisions, users
    assert media_bytes() == files
    story = newsroom["story"]
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    text = page_text(page)
    assert "Port strike enters a second week" in text and "The strike began on Monday" in text
    assert client.get(newsroom["old_url"]).status_code == 301
    assert client.get("/old-site/strike/").status_code == 301
    assert client.get(newsroom["binned"].get_absolute_url()).status_code == 404
    # The desk again: staff sign in as before and read the story's revisions.
    editor = logged_in(get_user_model().objects.get(username="editor"))
    history = editor.get(reverse("admin:articles_article_revisions", args=[story.pk]))
    assert history.status_code == 200 and "editor" in page_text(history)
    assert "A story in the trash" in page_text(editor.get(reverse("admin:articles_article_trash")))


def test_the_manifest_counts_what_the_archive_holds(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = opened.getnames()
    assert manifest["counts"]["articles.article"] == 3  # the trash too
    assert manifest["counts"]["reversion.version"] == Version.objects.count()
    assert "0014_story_trash" in manifest["migrations"]["articles"]
    assert all(f"media/{name}" in names for name in manifest["media"])
    assert "sessions.session" not in manifest["counts"]


def test_restore_refuses_to_write_over_content(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    ArticleFactory(headline="Written after the backup")

    with pytest.raises(CommandError, match="already holds content.*--force"):
        call_command("restore", str(archive), verbosity=0)
    assert Article.objects.filter(headline="Written after the backup").exists()

    call_command("restore", str(archive), "--force", verbosity=0)
    assert not Article.objects.filter(headline="Written after the backup").exists()
    assert Article.including_trash.count() == 3


def test_a_damaged_or_foreign_archive_is_refused(newsroom, tmp_path, media_root):
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    wipe(media_root)

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name.startswith("media/images/"):
                data, member.size = io.BytesIO(b"not the picture"), len(b"not the picture")
            copy.addfile(member, data)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), verbosity=0)

    escaping = tmp_path / "escaping.tar.gz"
    with tarfile.open(escaping, "w:gz") as crafted:
        member = tarfile.TarInfo("../outside.txt")
        member.size = 2
        crafted.addfile(member, io.BytesIO(b"hi"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(escaping), verbosity=0)
    assert not (tmp_path.parent / "outside.txt").exists()

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "nowhere.tar.gz"), verbosity=0)
    assert not Article.including_trash.exists()
