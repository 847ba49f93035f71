"""Backups: the whole newsroom, database and media, in one archive; and its restore.

An archive (``.tar.gz``) holds:

- ``data.json``: every row worth keeping, as a Django fixture with primary keys kept
  (revisions name their stories by id; redirects, tags and links stay exact), and
  content types and permissions named by natural keys, since another install numbers
  them differently. Left out: content types and permissions (made by ``migrate``),
  sessions, login attempts (django-axes) and who has a story open just now.
- ``media/``: every file the database names (pictures and their renditions), read
  through the storage API, so that S3 works as well as a folder.
- ``manifest.json``: the format, the app version, the migrations applied, the number
  of rows of each model and each file's size and SHA-256, checked on restore.

The database part is read in one transaction (a snapshot editors do not wait for): a
story saved during the backup is in it whole or not at all. Restore goes into an empty
install (migrated, no content) and refuses to write over content unless forced, when it
empties the database first. It loads in one transaction: a restore that fails leaves
the database as it was.
"""

import datetime
import hashlib
import json
import shutil
import tarfile
import tempfile
import tomllib
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Made by migrate, or worth nothing once the moment has passed.
LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "articles.editingpresence",
}
KEPT_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
# What a fresh install's migrations make (the desk's roles): it does not count as content,
# and the backup's own copy replaces it.
MADE_BY_MIGRATIONS = {"auth.group"}


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, for the operator."""


def app_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as project:
            return tomllib.load(project)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def kept_models():
    """The models a backup holds, by label: concrete, managed, not left out."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in LEFT_OUT
    ]


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, as JavaScript does."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class RowWriter(JSONSerializer):
    """Django's JSON fixture, naming content types and permissions by natural key (another
    install numbers them differently) and everything else by primary key, as stored."""

    def _by_name(self, field):
        self.use_natural_foreign_keys = field.remote_field.model in (ContentType, Permission)

    def handle_fk_field(self, obj, field):
        self._by_name(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._by_name(field)
        super().handle_m2m_field(obj, field)


def rows():
    """Every row to keep, models in an order that loads (natural keys before their users),
    each by primary key; the base manager, so that the trash is kept too."""
    by_app = {}
    for model in kept_models():
        by_app.setdefault(model._meta.app_config, []).append(model)
    for model in serializers.sort_dependencies(by_app.items(), allow_cycles=True):
        yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)


def counts():
    return {m._meta.label_lower: m._base_manager.count() for m in kept_models()}


def migrations_applied():
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def media_names():
    """Every file the database names, once: {storage name}."""
    names = set()
    for model in kept_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values = model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                names.update(name for name in values.iterator() if name)
    return sorted(names)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def one_moment():
    """A transaction that sees one moment of the database, without stopping editors.

    PostgreSQL: REPEATABLE READ. SQLite (WAL): a deferred transaction, a snapshot that
    writers do not wait for; Django's own would begin IMMEDIATE and hold the write lock
    for the whole backup, longer than an editor's save waits (busy_timeout).
    """
    if connection.in_atomic_block:  # inside another transaction (tests): read in it
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")  # it only read
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the transaction's first statement
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def backup(path):
    """Write the archive to ``path``; returns its manifest."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with one_moment():
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "app_version": app_version(),
                "database": connection.vendor,
                "migrations": migrations_applied(),
                "counts": counts(),
            }
            with open(work / "data.json", "w", encoding="utf-8") as data:
                RowWriter().serialize(rows(), stream=data, cls=ExactEncoder)
            names = media_names()
        manifest["media"] = {}
        for name in names:
            if not default_storage.exists(name):
                manifest.setdefault("missing_media", []).append(name)
                continue
            target = work / "media" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
                shutil.copyfileobj(source, copy)
            manifest["media"][name] = {"size": target.stat().st_size, "sha256": _sha256(target)}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name in ["manifest.json", "data.json", "media"]:
                if (work / name).exists():
                    archive.add(work / name, arcname=name)
        partial.replace(path)  # never a half-written archive under the real name
    return manifest


# --- restore ---------------------------------------------------------------------------


def content_present():
    """Labels of the models that hold rows in this install (its roles aside)."""
    return [label for label, count in counts().items() if count and label not in MADE_BY_MIGRATIONS]


def empty_database():
    """Delete every row but those ``migrate`` keeps (content types, permissions).

    Plain DELETEs, in one transaction: the foreign keys are checked at its end (Django
    makes them deferrable), when every table is empty. Unlike ``flush`` this works in a
    transaction that has written already, and keeps content types numbered as they are.
    """
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in KEPT_BY_MIGRATE
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    ContentType.objects.clear_cache()


def load(path):
    """Insert the fixture's rows as they are, in batches: no save(), no signals, no
    automatic times (loaddata's row-by-row saves took 4 ms a row)."""
    batches, many_to_many, loaded = {}, [], set()

    def insert(model):
        rows = batches.pop(model, [])
        if not rows:
            return
        if model._meta.parents:  # inherited tables: each row through save()
            for row in rows:
                row.save_base(raw=True)
            return
        fields = model._meta.local_concrete_fields
        size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
        for start in range(0, len(rows), size):
            model._base_manager._insert(rows[start : start + size], fields=fields, raw=True)

    with open(path, encoding="utf-8") as data:
        for item in serializers.deserialize("json", data):
            model = type(item.object)
            loaded.add(model)
            batches.setdefault(model, []).append(item.object)
            if item.m2m_data:
                many_to_many.append(item)
            if len(batches[model]) >= 2000:
                insert(model)
    for model in list(batches):
        insert(model)
    for item in many_to_many:
        for name, ids in item.m2m_data.items():
            getattr(item.object, name).set(ids)
    # New rows must not take the ids of restored ones (PostgreSQL's sequences).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(statement)


def _unpack(path, work):
    try:
        with tarfile.open(path, "r:gz") as archive:
            # "data": no absolute paths, no "..", no links out of the folder, no devices.
            archive.extractall(work, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read the backup {path}: {error}") from error
    try:
        manifest = json.loads((work / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a newsroom backup (no manifest).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has backup format {manifest.get('format')}; expected {FORMAT}.")
    return manifest


def _check_migrations(manifest):
    here = migrations_applied()
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in here.get(app, [])
    ]
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the newsroom (migrations "
            + ", ".join(unknown[:5])
            + " are not applied here). Install that version and run migrate first."
        )


def _check_media(work, manifest):
    for name, facts in manifest["media"].items():
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise BackupError(f"The backup names a file outside the media: {name}")
        copy = work / "media" / name
        if not copy.is_file() or _sha256(copy) != facts["sha256"]:
            raise BackupError(f"The backup is damaged: the file {name} is missing or altered.")


def restore(path, force=False):
    """Restore the archive at ``path`` into this install; returns its manifest."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = _unpack(path, work)
        _check_migrations(manifest)
        _check_media(work, manifest)
        present = content_present()
        if present and not force:
            raise BackupError(
                "This install already holds content ("
                + ", ".join(present[:5])
                + "). Restore into an empty install (migrated, nothing else), or use "
                "--force to delete everything here first."
            )
        with transaction.atomic():
            # With --force, the content; else the roles the migrations made: the backup's
            # own come in their place.
            empty_database()
            try:
                load(work / "data.json")
            except (serializers.base.DeserializationError, DatabaseError) as error:
                raise BackupError(f"The backup's data cannot be loaded: {error}") from error
            found = counts()
            wrong = {
                label: (count, found.get(label))
                for label, count in manifest["counts"].items()
                if found.get(label) != count
            }
            if wrong:
                raise BackupError(f"The restored rows do not match the backup: {wrong}")
        for name in manifest["media"]:
            _put_file(work / "media" / name, name)
        if connection.vendor == "postgresql":
            call_command("update_search_vectors", verbosity=0, stdout=_Quiet())
        # Pages, counts and lists cached from before are of another database.
        cache.clear()
    return manifest


def _put_file(copy, name):
    if default_storage.exists(name):
        default_storage.delete(name)
    with open(copy, "rb") as source:
        saved = default_storage.save(name, File(source, name=name))
    if saved != name:
        raise BackupError(f"The storage kept {name} as {saved}; the database names {name}.")


class _Quiet:
    def write(self, text):
        pass

    def flush(self):
        pass
