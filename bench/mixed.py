"""The page cache's hit ratio under a mixed load, with an editor at work.

    python bench/mixed.py --url http://127.0.0.1:8150 --seconds 20 [--interval 3]

Run with the site's environment (DATABASE_URL, CACHE_URL, DJANGO_SETTINGS_MODULE=
newsroom.settings), against a running site on that database and cache. It picks a
realistic mix of public addresses from the database (many stories, the home page,
sections, tags, authors, feeds), drives load with wrk and a Lua script that goes round
them and counts the X-Cache answers, and meanwhile edits a published story's headline
through the ORM every --interval seconds, as an editor would (the save's signals
invalidate every page that shows it). Headlines are put back at the end.

Prints a line for people, then a line of JSON: requests, hits, misses, hit_ratio, edits,
errors. bench/run.py calls it.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# Go round the addresses (each thread from its own place), count X-Cache answers, and
# report every thread's counts as one JSON line at the end.
LUA = r"""
local paths = {%(paths)s}
local threads = {}
local counter = 1

function setup(thread)
  thread:set("first", counter)
  counter = counter + 7919
  table.insert(threads, thread)
end

function init(args)
  position = first
  hits, misses, others = 0, 0, 0
end

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  local answer = headers["X-Cache"] or headers["x-cache"]
  if answer == "hit" then hits = hits + 1
  elseif answer == "miss" then misses = misses + 1
  else others = others + 1 end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("others")
  end
  local e = summary.errors
  io.write(string.format(
    'MIXED {"requests": %%d, "hits": %%d, "misses": %%d, "uncounted": %%d, ' ..
    '"socket_errors": %%d, "bad_status": %%d, "p50_ms": %%.2f, "p99_ms": %%.2f}\n',
    summary.requests, h, m, o, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def pick_paths(stories, rng):
    """A mix like a news site's traffic: mostly stories (the newest most), then the home
    page, sections, tags, authors and feeds. Paths, in a shuffled order."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Author, Section, Tag

    published = Article.objects.published().select_related("section").newest_first()
    newest = list(published.only("slug", "section__slug")[: stories * 4])
    chosen = rng.sample(newest, min(stories, len(newest)))
    story_paths = [s.get_absolute_url() for s in chosen]
    sections = [s.get_absolute_url() for s in Section.objects.all()]
    tags = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n")[:50]
    authors = Author.objects.annotate(n=Count("bylines")).order_by("-n")[:30]
    paths = story_paths + [reverse("articles:home")] * max(1, stories // 20)
    paths += sections + [t.get_absolute_url() for t in tags]
    paths += [a.get_absolute_url() for a in authors]
    paths += [reverse("articles:latest_feed_rss")] * 3
    paths += [reverse("articles:section_feed_rss", args=[s.slug]) for s in Section.objects.all()]
    rng.shuffle(paths)
    return paths, [s.pk for s in chosen]


def warm_up(url, paths, workers=4):
    """Read every address once, as readers had before the measurement: the ratio measured
    is then that of a site in service, not of an empty cache filling up."""

    def fetch(path):
        try:
            with urllib.request.urlopen(url + path, timeout=30) as response:
                response.read()
        except OSError:
            pass  # counted by wrk, if it happens again

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fetch, set(paths)))


class Editor(threading.Thread):
    """Edits a published story's headline every ``interval`` seconds, through the ORM."""

    def __init__(self, story_ids, interval, rng):
        super().__init__(daemon=True)
        self.story_ids, self.interval, self.rng = story_ids, interval, rng
        self.stop = threading.Event()
        self.edits, self.originals = 0, {}

    def run(self):
        from django.db import connection

        from articles.models import Article

        try:
            while not self.stop.wait(self.interval):
                story = Article.objects.get(pk=self.rng.choice(self.story_ids))
                self.originals.setdefault(story.pk, story.headline)
                story.headline = f"{self.originals[story.pk]} (update {self.edits + 1})"
                story.save(update_fields=["headline", "modified_at"])
                self.edits += 1
        finally:
            connection.close()

    def restore(self):
        from articles.models import Article

        for pk, headline in self.originals.items():
            story = Article.objects.get(pk=pk)
            story.headline = headline
            story.save(update_fields=["headline", "modified_at"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the running site, http://host:port")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3, help="seconds between edits")
    parser.add_argument("--stories", type=int, default=500, help="story pages in the mix")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-warm-up", action="store_true", help="start from the cache as it is")
    args = parser.parse_args()

    setup_django()
    rng = random.Random(args.seed)
    paths, story_ids = pick_paths(args.stories, rng)
    if not story_ids:
        sys.exit("mixed: no published story in the database")

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
    base = args.url.rstrip("/")
    if not args.no_warm_up:
        warm_up(base, paths)
    editor = Editor(story_ids, args.interval, rng)
    try:
        editor.start()
        result = subprocess.run(
            [
                "wrk",
                f"--threads={args.threads}",
                f"--connections={args.connections}",
                f"--duration={args.seconds}s",
                "--script",
                script.name,
                base + "/",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        editor.stop.set()
        editor.join()
        editor.restore()
        os.unlink(script.name)

    line = re.search(r"^MIXED (\{.*\})$", result.stdout, re.MULTILINE)
    if line is None:
        sys.exit(f"mixed: no result from wrk:\n{result.stdout}{result.stderr}")
    counts = json.loads(line.group(1))
    counted = counts["hits"] + counts["misses"]
    summary = {
        "requests": counts["requests"],
        "hits": counts["hits"],
        "misses": counts["misses"],
        "hit_ratio": round(counts["hits"] / counted, 4) if counted else 0.0,
        "edits": editor.edits,
        "errors": counts["socket_errors"] + counts["bad_status"],
    }
    print(
        f"mixed load: {summary['requests']} requests in {args.seconds} s over {len(paths)} "
        f"addresses, {summary['edits']} edits (one every {args.interval:g} s): "
        f"hit ratio {summary['hit_ratio']:.1%} ({summary['hits']} hits, "
        f"{summary['misses']} misses), {summary['errors']} errors, "
        f"p50 {counts['p50_ms']:.1f} ms, p99 {counts['p99_ms']:.1f} ms"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
