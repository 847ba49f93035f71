"""Configuration from the environment (docs/deployment.md).

Each case reads newsroom/settings.py afresh with its own environment, so nothing
leaks into the settings the rest of the suite runs with; the production checks run
manage.py in a subprocess, as a deployment would.
"""

import os
import runpy
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS = BASE_DIR / "newsroom" / "settings.py"

# Every variable the settings read: cleared before each case sets its own.
VARIABLES = [
    "NEWSROOM_BENCH",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "DATABASE_POOL",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "MEDIA_ROOT",
    "MEDIA_BUCKET",
    "MEDIA_ENDPOINT_URL",
    "MEDIA_REGION",
    "MEDIA_ACCESS_KEY_ID",
    "MEDIA_SECRET_ACCESS_KEY",
    "MEDIA_CUSTOM_DOMAIN",
    "MEDIA_LOCATION",
    "MEDIA_QUERYSTRING_AUTH",
    "SERVE_MEDIA",
    "SITE_URL",
    "NEWSROOM_SITE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "STATIC_ROOT",
    "NEWSROOM_TASKS_BACKEND",
    "NEWSROOM_TRUSTED_PROXIES",
    "NEWSROOM_LOGIN_LIMIT_PER_USER",
    "NEWSROOM_LOGIN_LIMIT_PER_ADDRESS",
    "NEWSROOM_LOGIN_COOLOFF_MINUTES",
    "SESSION_COOKIE_AGE",
]


@pytest.fixture
def load(monkeypatch, tmp_path):
    """``load(DEBUG="1", ...)`` → the settings module's names under that environment."""

    def load(**env):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("NEWSROOM_VAR_DIR", str(tmp_path))
        env.setdefault("SECRET_KEY", "settings-test-key")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def production_environment(tmp_path, **extra):
    """What an operator sets: a long random key, a host name, a database; DEBUG unset."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        NEWSROOM_VAR_DIR=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- production start-up -------------------------------------------------------


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_start_up_refuses_without_secret_key_when_debug_is_off(tmp_path):
    env = production_environment(tmp_path)
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_without_secret_key_uses_a_development_key(load):
    names = load(DEBUG="1", SECRET_KEY="")
    assert names["SECRET_KEY"].startswith("insecure-development-key")
    assert names["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_production_hardening_is_on_when_debug_is_off(load):
    names = load(ALLOWED_HOSTS="news.example.org, www.news.example.org")
    assert names["DEBUG"] is False
    assert names["ALLOWED_HOSTS"] == ["news.example.org", "www.news.example.org"]
    assert names["SECURE_SSL_REDIRECT"] is True
    assert names["SESSION_COOKIE_SECURE"] and names["CSRF_COOKIE_SECURE"]
    assert names["SECURE_HSTS_SECONDS"] == 31536000
    assert names["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_headers_and_logins_are_hardened_by_default(load):
    names = load()
    assert names["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert "newsroom.csp.ContentSecurityPolicyMiddleware" in names["MIDDLEWARE"]
    # The policy sits above the page cache, or cached pages would go out without it.
    assert names["MIDDLEWARE"].index("newsroom.csp.ContentSecurityPolicyMiddleware") < (
        names["MIDDLEWARE"].index("pagecache.middleware.PageCacheMiddleware")
    )
    assert names["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert names["NEWSROOM_LOGIN_LIMITS"] == {"username": 5, "ip_address": 20}
    assert names["NEWSROOM_TRUSTED_PROXIES"] == 0  # X-Forwarded-For is not believed
    assert names["SESSION_COOKIE_AGE"] == 10 * 60 * 60


def test_media_bucket_host_is_an_allowed_image_source(load):
    custom = load(MEDIA_BUCKET="newsroom-media", MEDIA_CUSTOM_DOMAIN="media.news.example.org")
    assert custom["SECURE_CSP"]["img-src"] == ["'self'", "data:", "https://media.news.example.org"]
    assert "https://media.news.example.org" in custom["NEWSROOM_ADMIN_CSP"]["img-src"]
    aws = load(MEDIA_BUCKET="newsroom-media", MEDIA_REGION="eu-central-1")["SECURE_CSP"]
    assert "https://newsroom-media.s3.eu-central-1.amazonaws.com" in aws["img-src"]
    assert load()["SECURE_CSP"]["img-src"] == ["'self'", "data:"]


def test_ssl_redirect_can_be_left_to_a_proxy(load):
    assert load(SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


def test_a_number_that_is_not_one_is_refused_clearly(load):
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        load(CONN_MAX_AGE="a minute")


# --- database ------------------------------------------------------------------


def test_sqlite_by_default_in_wal_mode(load, tmp_path):
    database = load()["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_postgresql_keeps_connections_open(load):
    database = load(DATABASE_URL="postgres://news:secret@db.internal:5432/newsroom")["DATABASES"][
        "default"
    ]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "db.internal",
        "newsroom",
        "news",
    )
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in database.get("OPTIONS", {})


def test_postgresql_pool_replaces_persistent_connections(load):
    database = load(
        DATABASE_URL="postgres://news@db.internal/newsroom",
        DATABASE_POOL="1",
        DATABASE_POOL_MAX_SIZE="8",
    )["DATABASES"]["default"]
    # Django refuses a pool together with CONN_MAX_AGE > 0.
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}


# --- cache -----------------------------------------------------------------------


def test_cache_is_local_memory_by_default(load):
    assert load()["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_redis_url_uses_djangos_own_redis_backend(load):
    cache = load(CACHE_URL="redis://127.0.0.1:6379/1", CACHE_KEY_PREFIX="news")["CACHES"]["default"]
    assert cache == {
        "BACKEND": "newsroom.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "KEY_PREFIX": "news",
    }
    backend = import_string(cache["BACKEND"])
    assert issubclass(backend, RedisCache)  # Django's, with two costs taken off


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_redis_cache_stores_and_reads(load):
    from django.core.cache.backends.redis import RedisCache

    config = load(CACHE_URL="redis://127.0.0.1:6379/1")["CACHES"]["default"]
    cache = RedisCache(config["LOCATION"], {"KEY_PREFIX": f"test-{secrets.token_hex(4)}"})
    cache.set("headline", "Ceasefire holds", 30)
    try:
        assert cache.get("headline") == "Ceasefire holds"
    finally:
        cache.delete("headline")


# Database 4 of the local Redis is this test's own (CI starts Redis; see .ci/run).
REDIS = "redis://127.0.0.1:6379/4"


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_redis_backend_keeps_one_client_and_round_trips(settings):
    from django.core.cache import caches

    settings.CACHES = {"redis": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": REDIS}}
    cache = caches.create_connection("redis")
    try:
        cache.set_many({"a": 1, "b": {"deep": [2]}})
        assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": {"deep": [2]}}
        assert cache._cache.get_client() is cache._cache.get_client()
    finally:
        cache.clear()


def test_unknown_cache_url_is_refused(load):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        load(CACHE_URL="memcached://127.0.0.1:11211")


# --- media storage -------------------------------------------------------------------


def test_media_on_local_disk_by_default(load, tmp_path):
    names = load()
    assert names["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert names["MEDIA_ROOT"] == tmp_path / "media"
    assert names["NEWSROOM_SERVE_MEDIA"] is False  # the web server's job in production
    assert load(SERVE_MEDIA="1")["NEWSROOM_SERVE_MEDIA"] is True
    assert load(DEBUG="1")["NEWSROOM_SERVE_MEDIA"] is True


def test_media_bucket_uses_s3_compatible_storage(load):
    names = load(
        MEDIA_BUCKET="newsroom-media",
        MEDIA_ENDPOINT_URL="https://s3.example.net",
        MEDIA_REGION="eu-central-1",
        MEDIA_ACCESS_KEY_ID="key-id",
        MEDIA_SECRET_ACCESS_KEY="secret",
        MEDIA_CUSTOM_DOMAIN="media.news.example.org",
        SERVE_MEDIA="1",
    )
    storage = names["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "eu-central-1"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "secret")
    assert options["file_overwrite"] is False
    assert names["NEWSROOM_SERVE_MEDIA"] is False  # the bucket serves its own files

    # The options are ones django-storages takes: its storage builds with them and
    # gives public addresses on the custom domain (no network needed for that).
    from storages.backends.s3 import S3Storage

    url = S3Storage(**options).url("images/2026/ceasefire.jpg")
    assert url == "https://media.news.example.org/images/2026/ceasefire.jpg"


def test_media_bucket_without_keys_leaves_credentials_to_boto3(load):
    options = load(MEDIA_BUCKET="newsroom-media")["STORAGES"]["default"]["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None
    assert options["endpoint_url"] is None and options["custom_domain"] is None


# --- site address --------------------------------------------------------------------


def test_site_url_is_the_documented_name(load):
    names = load(SITE_URL="https://news.example.org/", NEWSROOM_SITE_URL="https://old.example")
    assert names["NEWSROOM_SITE_URL"] == "https://news.example.org"
    assert names["CSRF_TRUSTED_ORIGINS"] == ["https://news.example.org"]


def test_newsroom_site_url_still_works(load):
    assert load(NEWSROOM_SITE_URL="https://old.example")["NEWSROOM_SITE_URL"] == (
        "https://old.example"
    )


def test_default_site_url_and_explicit_trusted_origins(load):
    names = load(CSRF_TRUSTED_ORIGINS="https://desk.example.org,https://news.example.org")
    assert names["NEWSROOM_SITE_URL"] == "http://127.0.0.1:8000"
    assert names["CSRF_TRUSTED_ORIGINS"] == [
        "https://desk.example.org",
        "https://news.example.org",
    ]
    assert load()["CSRF_TRUSTED_ORIGINS"] == []


# --- make serve ------------------------------------------------------------------------


def make_serve_dry_run(**env):
    environment = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    environment.update(env)
    return subprocess.run(
        ["make", "--dry-run", "serve", "PORT=8190"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_serve_refuses_without_secret_key_before_doing_anything():
    result = make_serve_dry_run()
    assert result.returncode != 0
    assert "make serve needs SECRET_KEY" in result.stderr
    assert "collectstatic" not in result.stdout


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_serve_collects_migrates_then_starts_gunicorn():
    result = make_serve_dry_run(SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    steps = [
        line for line in result.stdout.splitlines() if "manage.py" in line or "gunicorn" in line
    ]
    assert "collectstatic --noinput" in steps[0]
    assert "migrate --noinput" in steps[1]
    assert "gunicorn newsroom.wsgi --bind 127.0.0.1:8190" in result.stdout
    assert "--access-logfile -" in result.stdout


def test_the_benchmarks_switches_are_installed_only_for_the_benchmark(load):
    assert "ops.bench.BenchMiddleware" not in load()["MIDDLEWARE"]
    middleware = load(NEWSROOM_BENCH="1")["MIDDLEWARE"]
    assert middleware.index("ops.bench.BenchMiddleware") < middleware.index(
        "pagecache.middleware.PageCacheMiddleware"
    )
