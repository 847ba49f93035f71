"""The load test's newsroom (bench/load_test.py): its settings, a fresh database of
generated stories on SQLite or PostgreSQL, the editor's account, and the mix of
addresses readers go round."""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ops.servers import manage  # the script that imports this put the project on the path

BASE_DIR = Path(__file__).resolve().parent.parent

WORK_DIR = BASE_DIR / "var" / "loadtest"
STORIES = int(os.environ.get("LOAD_STORIES", "5000"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "64"))
WRK_THREADS = int(os.environ.get("LOAD_WRK_THREADS", "2"))
# wrk's own default (2 s) would count a slow answer as a socket error; a reader's
# browser waits far longer. A timeout is still an error here.
WRK_TIMEOUT = os.environ.get("LOAD_WRK_TIMEOUT", "10s")
PORT = int(os.environ.get("LOAD_PORT", "8160"))
HOST = "127.0.0.1"
POSTGRES_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_loadtest"
)
REDIS_URL = os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/5")
# The machine is shared: wait (up to LOAD_WAIT seconds) for the 1-minute load average to
# fall below LOAD_QUIET before the timed run, and hold /tmp/bench.lock during it.
QUIET = float(os.environ.get("LOAD_QUIET", "1.5"))
WAIT = int(os.environ.get("LOAD_WAIT", "240"))
LOCK = Path("/tmp/bench.lock")
EDITOR = "loadtest-editor"


class Failed(Exception):
    pass


def environment(database):
    """The site's environment: make serve's production settings, on this database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="0",
        SERVE_MEDIA="1",
        SITE_URL=f"http://{HOST}:{PORT}",
        MEDIA_ROOT=str(WORK_DIR / "media"),
        CACHE_KEY_PREFIX="loadtest",
        LOG_LEVEL="WARNING",
    )
    if database == "sqlite":
        run_dir = Path(tempfile.mkdtemp(prefix="sqlite-", dir=WORK_DIR))
        env["DATABASE_URL"] = f"sqlite:///{run_dir / 'newsroom.sqlite3'}"
    else:
        run_dir = Path(tempfile.mkdtemp(prefix="postgresql-", dir=WORK_DIR))
        env["DATABASE_URL"] = POSTGRES_URL
        env["CACHE_URL"] = REDIS_URL
    return env, run_dir


def fresh_sqlite(env, run_dir):
    """A copy of a newsroom generated once (var/loadtest/sqlite-N.sqlite3): every run
    starts from the same stories, and only the first pays for generating them."""
    pristine = WORK_DIR / f"sqlite-{STORIES}.sqlite3"
    if not pristine.exists():
        print(f"Generating {STORIES:,} stories into {pristine} (once).", flush=True)
        making = pristine.with_suffix(".making")
        for leftover in WORK_DIR.glob(making.name + "*"):
            leftover.unlink()
        build = {**env, "DATABASE_URL": f"sqlite:///{making}"}
        manage(build, "migrate", "--noinput", "--verbosity", "0", show=True)
        manage(build, "generate_newsroom", "--stories", str(STORIES), show=True)
        # Fold the write-ahead log into the file, so that one file is the whole newsroom.
        subprocess.run(
            [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.execute('PRAGMA journal_mode="
             "DELETE'); c.close()", str(making)],
            check=True,
        )  # fmt: skip
        making.rename(pristine)
    shutil.copyfile(pristine, run_dir / "newsroom.sqlite3")
    manage(env, "migrate", "--noinput", "--verbosity", "0", show=True)


def fresh_postgres(env):
    """Drop and make the database again: every run starts from generated stories only."""
    import psycopg

    url = POSTGRES_URL.rsplit("/", 1)
    name = url[1]
    with psycopg.connect(url[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "--verbosity", "0", show=True)
    print(f"Generating {STORIES:,} stories into PostgreSQL {name}.", flush=True)
    manage(env, "generate_newsroom", "--stories", str(STORIES), show=True)


def setup_django(env):
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def newsroom_facts(rng):
    """In-process, before the run: the editor's account, what its stories use, the
    address mix, and the story count."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection

    from articles.models import Article, Author, Image, Section

    cache.clear()  # our own Redis database (or nothing, for locmem): a cold start
    password = secrets.token_urlsafe(24)
    get_user_model().objects.create_superuser(EDITOR, "loadtest@example.org", password)
    facts = {
        "username": EDITOR,
        "password": password,
        "section": Section.objects.order_by("position", "pk").first().pk,
        "image": Image.objects.exclude(alt_text="").order_by("pk").first().pk,
        "author": Author.objects.order_by("pk").first().pk,
        "stories": Article.objects.count(),
        "published": Article.objects.published().count(),
        "paths": address_mix(rng),
    }
    connection.close()
    return facts


def pages_of(count, per_page):
    """Page 1, 2, a middle one and the last, as far as the listing reaches."""
    last = max(1, -(-count // per_page))
    return sorted({1, min(2, last), max(1, last // 2), last})


def address_mix(rng, stories=600):
    """A news site's traffic: mostly stories (the newest most), then the home page, the
    sections, tags and authors with page numbers, searches and feeds."""
    from django.conf import settings
    from django.db.models import Count, Q
    from django.urls import reverse

    from articles.models import Article, Author, Section, Tag

    per_page = settings.NEWSROOM_PAGE_SIZE
    now_live = Article.objects.published()
    newest = list(now_live.select_related("section").newest_first()[: stories * 4])
    chosen = rng.sample(newest, min(stories, len(newest)))
    paths = [story.get_absolute_url() for story in chosen]
    paths += [reverse("articles:home")] * (stories // 10)

    def listing(obj, count, weight=1):
        return [f"{obj.get_absolute_url()}?page={n}" if n > 1 else obj.get_absolute_url()
                for n in pages_of(count, per_page)] * weight  # fmt: skip

    for section in Section.objects.annotate(n=Count("articles", filter=Q(articles__in=now_live))):
        paths += listing(section, section.n, weight=3)
    tags = Tag.objects.annotate(n=Count("tagged_articles", filter=Q(
        tagged_articles__content_object__in=now_live))).order_by("-n")[:40]  # fmt: skip
    for tag in tags:
        paths += listing(tag, tag.n)
    authors = Author.objects.annotate(n=Count("bylines", filter=Q(
        bylines__article__in=now_live))).order_by("-n")[:30]  # fmt: skip
    for author in authors:
        paths += listing(author, author.n)
    # Words from live headlines, so every search finds something.
    words = {w.lower() for s in chosen[:200] for w in re.findall(r"[A-Za-z]{6,}", s.headline)}
    search = reverse("articles:search")
    paths += [f"{search}?q={word}" for word in sorted(words)[:40]]
    paths += [reverse("articles:latest_feed_rss")] * 10 + [reverse("articles:latest_feed_atom")]
    for section in Section.objects.all():
        paths.append(reverse("articles:section_feed_rss", args=[section.slug]))
    for tag in tags[:10]:
        paths.append(reverse("articles:tag_feed_rss", args=[tag.slug]))
    rng.shuffle(paths)
    return paths
