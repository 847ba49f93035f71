"""An editor at work through the admin, over HTTP, for the load test (bench/load_test.py).

    LOAD_EDITOR_PASSWORD=P python bench/editor.py --url http://127.0.0.1:8160 --username U \
        --section 3 --image 12 --author 40 --seconds 60 --out saves.jsonl

Logs in on the admin's login form, then once a second writes a new story on the admin's
add form and takes it through the workflow's submit, approve and publish steps (the same
views, forms and transactions the desk uses); every other second it also opens the change
form of a story it published earlier and saves a new headline. Each save that the admin
accepted is written to ``--out`` as a line of JSON (story id, headline, what was done), so
that the load test can check afterwards that every one is in the database, published and
on its public page. Any answer the desk would see as a failure (a 5xx, a form shown again
with errors, a dropped connection) is printed and makes the exit status non-zero.

No Django here: the editor is a client like a browser. It keeps its cookies itself,
because the production settings mark them Secure and the load test talks plain HTTP on
loopback (the server does not check how a cookie came).
"""

import argparse
import http.client
import json
import os
import re
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.forms import form_fields  # noqa: E402  (after the path; no Django in it)

ADMIN = "/admin/articles/article/"


class Refused(Exception):
    """The admin did not accept the step; the message says what came back."""


class Desk:
    """One editor's browser: a kept-alive connection and the session's cookies."""

    def __init__(self, url, timeout=60):
        parts = urlsplit(url)
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.connection = None
        self.cookies = {}
        self.requests = 0

    def request(self, method, path, fields=None):
        body = urlencode(fields, doseq=True) if fields is not None else None
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server closed between requests: a browser
                # opens a new one. A second failure is a real one.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        self.requests += 1
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.status >= 500:
            raise Refused(f"{method} {path}: {response.status}")
        return response.status, response.headers.get("Location", ""), content

    def csrf(self):
        return self.cookies.get("csrftoken", "")

    def log_in(self, username, password):
        status, _, html = self.request("GET", "/admin/login/")
        token = dict(form_fields(html, "login-form")).get("csrfmiddlewaretoken", self.csrf())
        status, location, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        if status != 302 or "login" in location:
            raise Refused(f"log-in refused ({status} {location})")

    def post_form(self, path, fields, what):
        """Post a form; the admin answers an accepted one with a redirect, a refused one
        by drawing the form again with its errors (200)."""
        status, location, html = self.request("POST", path, fields)
        if status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            text = " | ".join(re.sub(r"<[^>]+>", "", e).strip() for e in errors)[:500]
            raise Refused(f"{what}: {status} {text or html[:300]!r}")
        return location

    def add_story(self, headline, slug, section, image, author):
        status, _, html = self.request("GET", ADMIN + "add/")
        if status != 200:
            raise Refused(f"add form: {status}")
        fields = dict(form_fields(html, "article_form"))
        fields.update(
            section=section,
            kind="news",
            headline=headline,
            slug=slug,
            standfirst=f"What the desk wrote at {time.strftime('%H:%M:%S')}, under load.",
            body=f"<p>{headline}. Filed by the load test's editor.</p>",
            hero_image=image,
            hero_caption="A picture from the archive.",
            _continue="Save and continue editing",
        )
        fields["bylines-TOTAL_FORMS"] = "1"
        fields["bylines-0-author"] = author
        fields["bylines-0-position"] = "0"
        location = self.post_form(ADMIN + "add/", fields, "add story")
        found = re.search(r"/admin/articles/article/(\d+)/change/", location)
        if not found:
            raise Refused(f"add story: redirected to {location!r}, not to the story")
        return int(found.group(1))

    def take(self, story, action):
        fields = {"csrfmiddlewaretoken": self.csrf(), "note": ""}
        if action == "publish":
            fields.update(at_0="", at_1="")
        self.post_form(f"{ADMIN}{story}/workflow/{action}/", fields, action)

    def change_headline(self, story, headline):
        status, _, html = self.request("GET", f"{ADMIN}{story}/change/")
        if status != 200:
            raise Refused(f"change form of {story}: {status}")
        fields = form_fields(html, "article_form")
        fields = [(n, headline if n == "headline" else v) for n, v in fields]
        fields.append(("_save", "Save"))
        self.post_form(f"{ADMIN}{story}/change/", fields, f"save story {story}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument(
        "--password", default=os.environ.get("LOAD_EDITOR_PASSWORD"), help="or LOAD_EDITOR_PASSWORD"
    )
    parser.add_argument("--section", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--author", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--out", required=True, help="a JSON line per accepted save")
    parser.add_argument("--run", default=time.strftime("%H%M%S"), help="marks the headlines")
    args = parser.parse_args()

    desk = Desk(args.url)
    failures, published, saves = 0, [], 0
    latest = []  # seconds each tick's work took
    desk.log_in(args.username, args.password)
    start = time.monotonic()
    tick = 0
    with open(args.out, "w") as out:

        def record(story, headline, done):
            nonlocal saves
            saves += 1
            out.write(json.dumps({"story": story, "headline": headline, "done": done}) + "\n")
            out.flush()

        while time.monotonic() - start < args.seconds:
            tick += 1
            began = time.monotonic()
            try:
                headline = f"Load test {args.run} story {tick}"
                story = desk.add_story(
                    headline,
                    f"load-test-{args.run}-{tick}",
                    args.section,
                    args.image,
                    args.author,
                )
                for action in ["submit", "approve", "publish"]:
                    desk.take(story, action)
                published.append(story)
                record(story, headline, "added and published")
                if tick % 2 == 0 and len(published) > 1:
                    earlier = published[(tick // 2) % (len(published) - 1)]
                    headline = f"Load test {args.run} story {earlier} updated at tick {tick}"
                    desk.change_headline(earlier, headline)
                    record(earlier, headline, "headline saved")
            except (Refused, OSError) as problem:
                failures += 1
                print(f"editor: tick {tick}: {problem}", flush=True)
            latest.append(time.monotonic() - began)
            # One tick a second; a tick that took longer is followed at once.
            time.sleep(max(0.0, start + tick * args.interval - time.monotonic()))
    slowest = max(latest) if latest else 0
    summary = {
        "ticks": tick,
        "saves": saves,
        "stories": len(published),
        "failures": failures,
        "requests": desk.requests,
        "mean_tick_s": round(sum(latest) / len(latest), 3) if latest else 0,
        "slowest_tick_s": round(slowest, 3),
    }
    print("EDITOR " + json.dumps(summary), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
