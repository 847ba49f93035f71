"""Two instances, one newsroom: what is published through one is read through the other.

Starts two gunicorn instances of the site in production mode (DEBUG off) on two ports,
sharing one PostgreSQL database and one Redis cache, as instances on two machines would.
An editor logs in to the admin of the first and publishes an approved story; the second
must show it at once, on the story page and on the home page. Its headline is then
edited through the first's admin, and the story unpublished; the second must show each
change at once. With the page cache on (the default), the second serves each page from
the shared cache on a second read ("X-Cache: hit"), before each change: a copy kept in
either process or in the cache would show.

    .venv/bin/python scripts/two_instances.py

Needs PostgreSQL (TWO_INSTANCES_PG, default postgres://postgres@127.0.0.1:5432) and Redis
(TWO_INSTANCES_CACHE_URL, default redis://127.0.0.1:6379/1). It makes and drops its
own database, uses its own cache key prefix, and stops everything it started.
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from ops.forms import form_fields  # noqa: E402  (after the path)
from ops.servers import CommandFailed, Gunicorn, ServerFailed, manage, reachable  # noqa: E402

PG = os.environ.get("TWO_INSTANCES_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = os.environ.get("TWO_INSTANCES_DATABASE", "newsroom_two_instances")
CACHE_URL = os.environ.get("TWO_INSTANCES_CACHE_URL", "redis://127.0.0.1:6379/1")
FIRST_PORT = int(os.environ.get("TWO_INSTANCES_PORT", "8191"))
PORTS = (FIRST_PORT, FIRST_PORT + 1)
HEADLINE = f"Flood barrier holds as river peaks ({secrets.token_hex(3)})"
EDITED = HEADLINE.replace("holds", "holds again")
PASSWORD = secrets.token_urlsafe(16)

SETUP = """
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image as Picture
import io
from articles.models import Article, Author, Byline, Image, Section

get_user_model().objects.create_superuser("desk", "desk@example.org", {password!r})
section = Section.objects.create(name="Weather")
author = Author.objects.create(name="Ayla Demir")
buffer = io.BytesIO()
Picture.new("RGB", (64, 40), "steelblue").save(buffer, "PNG")
image = Image(alt_text="The river at the barrier")
image.file.save("barrier.png", ContentFile(buffer.getvalue()), save=False)
image.save()
story = Article.objects.create(
    headline={headline!r},
    section=section,
    standfirst="Engineers say the barrier held through the night.",
    body="<p>The river crested at dawn.</p>",
    hero_image=image,
    status=Article.Status.APPROVED,
)
Byline.objects.create(article=story, author=author)
print(story.pk, story.get_absolute_url())
"""


class Failed(Exception):
    pass


def psql(sql):
    subprocess.run(
        ["psql", f"{PG}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Client:
    """Just enough of a browser: keeps cookies by hand (Django marks them Secure, and
    plain HTTP on loopback would otherwise never send them back)."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, path, data=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = OPENER.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, response.read().decode("utf-8", "replace")

    def post(self, path, data):
        return self.request(path, {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data})


def expect(condition, message):
    if not condition:
        raise Failed(message)
    print(f"  ok  {message}")


def expect_hit(client, path):
    """Read a page again: it comes from the shared page cache."""
    status, headers, _ = client.request(path)
    expect(status == 200 and headers["X-Cache"] == "hit", f"{path} again: X-Cache: hit")


def change_form(html):
    data = dict(form_fields(html, "article_form"))  # the forms here have no multiple selects
    data["_save"] = "Save"
    return data


def run(workdir):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "CACHE_URL": CACHE_URL,
        "CACHE_KEY_PREFIX": f"two-instances-{secrets.token_hex(4)}",
        "SITE_URL": f"http://127.0.0.1:{PORTS[0]}",
        "STATIC_ROOT": str(workdir / "static"),
        # One machine here, so one media folder; on several machines, MEDIA_BUCKET.
        "MEDIA_ROOT": str(workdir / "media"),
        "SERVE_MEDIA": "1",
        "NEWSROOM_VAR_DIR": str(workdir),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    output = manage(env, "shell", "-c", SETUP.format(password=PASSWORD, headline=HEADLINE))
    pk, url = output.strip().splitlines()[-1].split()  # the last line; Django may say more

    servers = []
    try:
        with open(workdir / "gunicorn.log", "w") as log:
            for port in PORTS:
                servers.append(Gunicorn(port, env, log=log).start())
            for server in servers:
                server.wait_until_up("/robots.txt")
            first, second = Client(PORTS[0]), Client(PORTS[1])
            print(f"two instances up on :{PORTS[0]} and :{PORTS[1]}")

            # Read through the second before the change, twice: the second read comes from
            # the page cache, which must not survive the change.
            expect(second.request(url)[0] == 404, "the approved story is not public yet")
            status, _, home = second.request("/")
            expect(status == 200 and HEADLINE not in home, "the home page does not show it")
            expect_hit(second, "/")

            first.request("/admin/login/")
            status, headers, _ = first.post(
                "/admin/login/", {"username": "desk", "password": PASSWORD, "next": "/admin/"}
            )
            expect(
                status == 302 and "sessionid" in first.cookies, f"editor logged in on :{PORTS[0]}"
            )
            workflow = f"/admin/articles/article/{pk}/workflow"
            status, headers, _ = first.post(
                f"{workflow}/publish/", {"note": "", "at_0": "", "at_1": ""}
            )
            expect(status == 302, f"published through :{PORTS[0]}")

            status, _, page = second.request(url)
            expect(
                status == 200 and HEADLINE in page, f"the story reads at once through :{PORTS[1]}"
            )
            expect(HEADLINE in second.request("/")[2], f"the home page on :{PORTS[1]} shows it")
            expect_hit(second, url)
            expect_hit(second, "/")

            # An edit through the first's admin, as an editor makes it.
            change = f"/admin/articles/article/{pk}/change/"
            status, _, form = first.request(change)
            expect(status == 200, f"the story's change form opens on :{PORTS[0]}")
            status, _, _ = first.post(change, {**change_form(form), "headline": EDITED})
            expect(status == 302, f"headline edited through :{PORTS[0]}")
            status, headers, page = second.request(url)
            expect(
                EDITED in page and headers["X-Cache"] == "miss",
                f"the edit reads at once through :{PORTS[1]}",
            )
            expect(EDITED in second.request("/")[2], f"and on the home page on :{PORTS[1]}")
            expect_hit(second, url)

            status, _, _ = first.post(f"{workflow}/unpublish/", {"note": "Wrong river"})
            expect(status == 302, f"unpublished through :{PORTS[0]}")
            expect(second.request(url)[0] in (404, 410), f"gone at once from :{PORTS[1]}")
            expect(EDITED not in second.request("/")[2], f"and from the home page on :{PORTS[1]}")

            # whitenoise: hashed static files are cached for good, and compressed.
            stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home)
            expect(stylesheet is not None, "the home page links a hashed stylesheet")
            request = urllib.request.Request(
                second.base + stylesheet.group(1), headers={"Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                cache_control = response.headers.get("Cache-Control", "")
                encoding = response.headers.get("Content-Encoding")
            expect(
                "max-age=315360000" in cache_control and "immutable" in cache_control,
                f"hashed static files: Cache-Control: {cache_control}",
            )
            expect(encoding == "gzip", "served compressed")
    except (Failed, CommandFailed, ServerFailed):
        print((workdir / "gunicorn.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        for server in servers:
            server.stop()


def main():
    host, port = urllib.parse.urlsplit(PG).hostname, urllib.parse.urlsplit(PG).port or 5432
    if not reachable(host, port):
        sys.exit(f"two instances: no PostgreSQL at {host}:{port}")
    cache = urllib.parse.urlsplit(CACHE_URL)
    if not reachable(cache.hostname, cache.port or 6379):
        sys.exit(f"two instances: no Redis at {cache.hostname}:{cache.port or 6379}")
    started = time.monotonic()
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE}")
    try:
        with tempfile.TemporaryDirectory(prefix="two-instances-") as workdir:
            run(Path(workdir))
    except (Failed, CommandFailed, ServerFailed) as failure:
        sys.exit(f"two instances: FAILED: {failure}")
    finally:
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    print(f"two instances: OK in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
