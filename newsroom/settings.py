"""Newsroom settings, read from the environment.

Development needs nothing set: an SQLite file under var/ and a throwaway
secret key while DEBUG is on. Production must set SECRET_KEY (start-up fails
without it), ALLOWED_HOSTS and usually DATABASE_URL, CACHE_URL and the MEDIA_*
variables. docs/deployment.md lists every variable with its default.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# The public address of the site, for feeds, sitemaps, canonical links and share
# metadata (links that leave the site must be absolute). No trailing slash.
# SITE_URL is the documented name; NEWSROOM_SITE_URL is the older one.
_site_url_env = os.environ.get("SITE_URL") or os.environ.get("NEWSROOM_SITE_URL")
NEWSROOM_SITE_URL = (_site_url_env or "http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
# The site's own origin is trusted for form posts (the admin behind a proxy that
# rewrites the Host header); others are added explicitly.
_site = urlsplit(NEWSROOM_SITE_URL)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", f"{_site.scheme}://{_site.netloc}" if _site_url_env else ""
)

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # django.contrib.admin with the desk start page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # search on PostgreSQL; harmless on SQLite
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "django_prose_editor",
    "axes",  # login throttling; its Access attempts admin lifts a lock-out
    "articles",
    "pagecache",  # caching that is never stale, and the HTTP headers of public pages
    "public",  # the reader's site
    "desk",  # the newsroom's work: workflow, revisions, trash, previews, the story admin
    "ops",  # backups, the demo and synthetic newsrooms, the benchmark's switches
    "wire",  # agency copy in: ingest channels and the wire desk
    "api",  # stories out: the read-only content API (ninjs), /api/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache: a page served from the cache gets the policy too (a hit
    # skips every middleware below the cache).
    "newsroom.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETags and 304s (pagecache/headers.py)
    # Public pages from the cache (pagecache/store.py): after ConditionalGet, so hits
    # still answer 304s; before the session and CSRF, which a hit skips.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The edition an address names (/ar/…), before anything resolves an address.
    "public.editions.EditionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "public.redirects.RedirectMiddleware",  # after CommonMiddleware: sees 404s first
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in the staff member's language (their profile's, else the browser's);
    # /admin/ only: readers' pages keep their edition's (public/editions.py).
    "desk.middleware.AdminLanguageMiddleware",
    # Staff get a signed cookie that tells the page cache to serve them fresh pages
    # (pagecache/staff.py): the session cookie alone is anyone's to send.
    "pagecache.staff.StaffCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "desk.middleware.KeepExpiredFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a refused login into the lock-out page (templates/admin/locked_out.html).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",  # {% csp_nonce_attr %} in the admin
                "public.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file in WAL mode so that readers are
# not blocked while an editor saves.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Persistent connections: a request does not pay for a new connection
        # (about a quarter of an uncached page's time on PostgreSQL).
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif env_bool("DATABASE_POOL"):
    # psycopg 3's pool instead of persistent connections (Django refuses both at
    # once): each worker process keeps up to DATABASE_POOL_MAX_SIZE connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }


def cache_from_url(url, key_prefix=""):
    """CACHE_URL → a CACHES entry: ``locmem://`` (the default), ``redis://host:port/db``
    (or ``rediss://``, ``unix://``) through Django's own Redis backend, ``dummy://``."""
    scheme = urlsplit(url).scheme
    if scheme in {"", "locmem"}:
        # Django's default of 300 entries is a tenth of what a small site's pages and their
        # kept parts need: the cache would keep throwing out what readers ask for next
        # (19 instead of 282 requests/s in the load test, docs/performance.md).
        cache = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000)},
        }
    elif scheme in {"redis", "rediss", "unix"}:
        cache = {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": url}
    elif scheme == "dummy":
        cache = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        raise ImproperlyConfigured(
            f"CACHE_URL {url!r}: use locmem://, redis://host:port/db or dummy://."
        )
    if key_prefix:
        cache["KEY_PREFIX"] = key_prefix
    return cache


# Cache: local memory by default, which is private to one process; several
# instances must share Redis (CACHE_URL=redis://127.0.0.1:6379/1).
CACHES = {
    "default": cache_from_url(
        os.environ.get("CACHE_URL", "locmem://"), os.environ.get("CACHE_KEY_PREFIX", "")
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Logins (desk/logins.py) -------------------------------------------------
# Axes watches every login first; the newsroom's backend then checks the password and
# refuses the demo account when DEBUG is off (sessions included: get_user asks too).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "desk.logins.NewsroomBackend",
]
AXES_HANDLER = "desk.logins.LoginThrottle"
# Counted apart: a user name is locked from anywhere (password guessing spread over many
# addresses), an address for every name (one machine trying many names). The address
# limit is higher because a whole newsroom may share one office address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
NEWSROOM_LOGIN_LIMITS = {
    "username": env_int("NEWSROOM_LOGIN_LIMIT_PER_USER", 5),
    "ip_address": env_int("NEWSROOM_LOGIN_LIMIT_PER_ADDRESS", 20),
}
AXES_FAILURE_LIMIT = NEWSROOM_LOGIN_LIMITS["username"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15))
# A login refused by a lock-out is not a failure: no password was checked. Counted, a
# colleague at a locked office address typing the right password would lock their own
# name out everywhere, and every try would start the cool-off again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "desk.logins.locked_out"  # templates/admin/locked_out.html
# The client's address: REMOTE_ADDR, unless NEWSROOM_TRUSTED_PROXIES says how many proxies
# of ours stand in front and append to X-Forwarded-For (a client can forge the rest).
AXES_CLIENT_IP_CALLABLE = "newsroom.clients.client_address"
NEWSROOM_TRUSTED_PROXIES = env_int("NEWSROOM_TRUSTED_PROXIES", 0)
# A newsroom shift, then log in again; sessions do not outlive it on a shared machine.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 60 * 60)


def admin_languages():
    """The editions' languages (NEWSROOM_EDITIONS, else NEWSROOM_LANGUAGE), the default
    first, then those the project's own strings are translated into (locale/), each
    named in its own language; "ku=Kurdî" names one Django does not know."""
    from django.conf.locale import LANG_INFO

    editions = env_list("NEWSROOM_EDITIONS") or [os.environ.get("NEWSROOM_LANGUAGE", "en")]
    languages = {}
    for entry in [*editions, "en", "tr", "ar"]:
        code, _, name = (part.strip() for part in entry.partition("="))
        code = code.lower().replace("_", "-")
        info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0]) or {}
        if "fallback" in info:  # zh-cn: zh-hans
            info = LANG_INFO[info["fallback"][0]]
        languages.setdefault(code, name or info.get("name_local") or code)
    return list(languages.items())


def django_translates(code):
    from django.conf import locale
    from django.utils.translation import to_locale

    return (Path(locale.__file__).parent / to_locale(code)).is_dir()


# The admin's languages: each staff member's is theirs to choose (desk/middleware.py).
# Readers' pages are in their edition's language, never the browser's (public/editions.py).
LANGUAGES = admin_languages()
LOCALE_PATHS = [BASE_DIR / "locale"]
# For what no request decides (commands, e-mails): the default edition's language.
LANGUAGE_CODE = LANGUAGES[0][0] if django_translates(LANGUAGES[0][0]) else "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads in S3-compatible object storage when MEDIA_BUCKET is set, so that every
# instance sees every picture; otherwise files under MEDIA_ROOT on this machine.
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_REGION") or None,
            # Unset: boto3 finds credentials itself (AWS_* variables, instance role).
            "access_key": os.environ.get("MEDIA_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("MEDIA_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("MEDIA_LOCATION", ""),
            # Pictures are public and their URLs are cached in pages and feeds:
            # plain URLs, not signed ones that expire.
            "querystring_auth": env_bool("MEDIA_QUERYSTRING_AUTH", default=False),
            # Never replace a file: renditions are named after their source file.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Django serves MEDIA_ROOT itself only in development, or with SERVE_MEDIA=1 on one
# machine without a web server in front (make serve); see docs/deployment.md.
NEWSROOM_SERVE_MEDIA = not MEDIA_BUCKET and env_bool("SERVE_MEDIA", default=DEBUG)
# Uploads larger than this are refused before they reach Pillow.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TAGGIT_CASE_INSENSITIVE = True

# Background work (image renditions). The ImmediateBackend runs a task in the request
# that enqueued it, after the commit; production names a backend with a worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "NEWSROOM_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Production hardening, on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# A page opened from ours (a link in a story) gets no handle on our window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def media_origins():
    """Where pictures come from besides this site: the bucket's address when uploads
    live in object storage (its custom domain, its endpoint, or AWS's own host)."""
    if not MEDIA_BUCKET:
        return []
    if domain := os.environ.get("MEDIA_CUSTOM_DOMAIN"):
        return [f"https://{domain}"]
    if endpoint := os.environ.get("MEDIA_ENDPOINT_URL"):
        parts = urlsplit(endpoint)
        # Path-style (endpoint/bucket/key) and virtual-host-style (bucket.endpoint) addresses.
        return [
            f"{parts.scheme}://{parts.netloc}",
            f"{parts.scheme}://{MEDIA_BUCKET}.{parts.netloc}",
        ]
    hosts = [f"{MEDIA_BUCKET}.s3.amazonaws.com"]
    if region := os.environ.get("MEDIA_REGION"):
        hosts.append(f"{MEDIA_BUCKET}.s3.{region}.amazonaws.com")
    return [f"https://{host}" for host in hosts]


# Content Security Policy (newsroom/csp.py picks one per request). Readers' pages run no
# script of their own and no inline style: everything comes from our static files, so an
# injected <script>, event handler or style attribute does nothing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *media_origins()],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The admin's own policy. Scripts: our static files, plus inline ones carrying the
# request's nonce (Django's admin and django-prose-editor's import map render it with
# {% csp_nonce_attr %}); never 'unsafe-inline' or 'unsafe-eval'. Styles may be inline:
# the editor (Tiptap) injects a <style> element without a nonce, and a nonce would
# switch 'unsafe-inline' off. Inline CSS cannot run script; the admin is staff-only.
# connect-src 'self': autosave posts the form to the server (static/admin/js/autosave.js).
NEWSROOM_ADMIN_CSP = SECURE_CSP | {
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *media_origins()],
    "connect-src": [CSP.SELF],
}

# The desk's own extensions of the body's editor, by the script (a module in our static
# files) that holds them; the story form (desk/admin/story_forms.py) turns them on. None
# adds markup to what a body may hold (articles/richtext.py): their allow-lists are empty.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin/js/body_editor.js")],
        "extensions": {"NewsroomToolbar": html_tags([]), "CleanPaste": html_tags([])},
    },
    {
        "js": [static_lazy("admin/js/related_links.js")],
        "extensions": {"RelatedLinks": html_tags([])},
    },
    {
        # Pictures, galleries and embeds in the body (articles/body.py reads them).
        "js": [static_lazy("admin/js/body_blocks.js")],
        "extensions": {
            "BodyPicture": html_tags(
                ["figure", "figcaption"], {"figure": ["data-picture", "data-size", "data-href"]}
            ),
            "BodyGallery": html_tags(["div"], {"div": ["data-gallery"]}),
            "BodyEmbed": html_tags(
                ["figure", "blockquote"], {"figure": ["data-embed", "data-author", "data-date"]}
            ),
            "TableCaption": html_tags([], {"table": ["data-caption"]}),
        },
    },
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Newsroom ---------------------------------------------------------------
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# NEWSROOM_SITE_URL (the site's public address) is set near the top, from SITE_URL.
# The language stories are written in (html lang, feeds, news sitemap) when the newsroom
# has one edition.
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")
# Its language editions, the default first ("en,tr,ar"; "ku=Kurdî" names a language
# Django does not know): articles/editions.py. Unset: one, NEWSROOM_LANGUAGE.
NEWSROOM_EDITIONS = os.environ.get("NEWSROOM_EDITIONS", "")
# A host per edition instead of a path prefix (/ar/…): "en=news.example.org,
# ar=ar.news.example.org", every edition named; same scheme as SITE_URL. Each is an
# allowed host.
NEWSROOM_EDITION_HOSTS = os.environ.get("NEWSROOM_EDITION_HOSTS", "")
ALLOWED_HOSTS += [
    entry.partition("=")[2].strip() for entry in NEWSROOM_EDITION_HOSTS.split(",") if "=" in entry
]
# The publisher's logo (a static file path), for JSON-LD and feeds.
NEWSROOM_LOGO = os.environ.get("NEWSROOM_LOGO", "logo.png")
# Stories per page on section listings.
NEWSROOM_PAGE_SIZE = 20
# How many stories an Explore list holds (the reference page shows 16);
# editors' picks come first, the rest is filled up automatically.
NEWSROOM_EXPLORE_SIZE = int(os.environ.get("NEWSROOM_EXPLORE_SIZE", "16"))
# Reading speed used for "N MIN READ".
NEWSROOM_WORDS_PER_MINUTE = 200
# The benchmark's own view and switches (ops/bench.py, bench/README.md); never on in
# production. Its middleware goes above the page cache, which it tells how to draw.
NEWSROOM_BENCH = env_bool("NEWSROOM_BENCH")
if NEWSROOM_BENCH:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("pagecache.middleware.PageCacheMiddleware"), "ops.bench.BenchMiddleware"
    )

# HTTP caching of public pages (pagecache/headers.py), in seconds: browsers keep a page for
# MAX_AGE, shared caches (a CDN) for S_MAXAGE, and may serve it stale while revalidating
# for STALE_WHILE_REVALIDATE; all are cut short before a scheduled story goes out.
NEWSROOM_CACHE_MAX_AGE = env_int("NEWSROOM_CACHE_MAX_AGE", 60)
NEWSROOM_CACHE_S_MAXAGE = env_int("NEWSROOM_CACHE_S_MAXAGE", 300)
NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = env_int("NEWSROOM_CACHE_STALE_WHILE_REVALIDATE", 30)
# The server's own page cache (pagecache/store.py): public pages kept in CACHES and
# dropped exactly when something they show changes. The timeout is only a backstop for
# changes made behind the application's back (SQL by hand, a restored database).
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_TIMEOUT = env_int("NEWSROOM_PAGE_CACHE_TIMEOUT", 600)
# Picture uploads (articles/uploads.py): at most this many bytes and pixels (a larger
# picture, or a decompression bomb, is refused with a form error). A proxy in front must
# let bodies this large through.
NEWSROOM_IMAGE_MAX_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024)
NEWSROOM_IMAGE_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 50_000_000)
# Wire folders (wire/fetch.py): an ingest channel may read only folders under this one.
NEWSROOM_WIRE_ROOT = Path(os.environ.get("NEWSROOM_WIRE_ROOT") or VAR_DIR / "wire")

# The content API (api/): requests a client (an address, as for logins) may make, per
# second, minute, hour or day; more get 429 with Retry-After.
NEWSROOM_API_RATE_LIMIT = os.environ.get("NEWSROOM_API_RATE_LIMIT", "120/min")
