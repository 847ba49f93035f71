"""The page cache's hit ratio under a mixed load, with an editor at work.

    python bench/mixed.py --url http://127.0.0.1:8150 --seconds 20 [--interval 3]

Run with the site's environment (DATABASE_URL, CACHE_URL, DJANGO_SETTINGS_MODULE=
newsroom.settings), against a running site on that database and cache. It picks a
realistic mix of public addresses from the database (many stories, the home page,
sections, tags, authors, feeds: the default edition's, unprefixed with one edition,
``/en/…`` with several), drives load with wrk and a Lua script that goes round
them and counts the X-Cache answers, and meanwhile edits a published story's headline
through the ORM every --interval seconds, as an editor would (the save's signals
invalidate every page that shows it). Headlines are put back at the end.

Meanwhile one hot story is read at full speed by a second wrk (--hot-connections) and
its body is saved every --hot-interval seconds (in a transaction, as the admin saves):
after each commit a watcher reads the page until it shows the save, and the longest
save-to-visible time is reported (the budget: under one second, every time; a
save not shown within --hot-patience seconds counts as hidden).

Prints a line for people, then a line of JSON: requests, hits, misses, hit_ratio, edits,
errors, hot_reads, hot_saves, hot_hidden, hot_longest_ms. bench/run.py calls it.
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
import time
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
    from django.utils import translation

    from articles import editions

    # reverse() writes the active edition's addresses: the default edition's, whose
    # language the generated stories are in.
    translation.activate(editions.default_code())


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
    is then that of a site in service, not of an empty cache filling up. Returns the
    addresses that did not answer 200 themselves (wrk counts a redirect as an answer,
    and would measure the 301 of an address outside every edition)."""

    def fetch(path):
        try:
            with urllib.request.urlopen(url + path, timeout=30) as response:
                response.read()
                return None if response.url == url + path else f"{path} → {response.url}"
        except OSError as error:
            return f"{path}: {error}"

    with ThreadPoolExecutor(workers) as pool:
        return [problem for problem in pool.map(fetch, sorted(set(paths))) if problem]


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


class HotStory(threading.Thread):
    """Saves one story's body every ``interval`` seconds while wrk reads it at full speed,
    and after each commit reads its page until the save shows: the save-to-visible time.

    The save runs in a transaction, as the admin's does: the page cache's first bump comes
    inside it, its second after the commit, and readers keep drawing the page meanwhile.
    """

    def __init__(self, url, story_id, interval, patience):
        super().__init__(daemon=True)
        self.url, self.story_id = url, story_id
        self.interval, self.patience = interval, patience
        self.stop = threading.Event()
        self.times, self.hidden, self.original = [], 0, None

    def shows(self, marker):
        try:
            with urllib.request.urlopen(self.url, timeout=10) as response:
                return marker in response.read().decode()
        except OSError:
            return False

    def run(self):
        from django.db import connection, transaction

        from articles.models import Article

        try:
            number = 0
            while not self.stop.wait(self.interval):
                number += 1
                marker = f"Hot update {number} at {time.time():.3f}."
                with transaction.atomic():
                    story = Article.objects.select_for_update().get(pk=self.story_id)
                    if self.original is None:
                        self.original = story.body
                    story.body = f"{self.original}<p>{marker}</p>"
                    story.save()
                committed = time.monotonic()
                while not self.shows(marker):
                    if time.monotonic() - committed > self.patience:
                        self.hidden += 1
                        break
                    time.sleep(0.005)
                self.times.append(time.monotonic() - committed)
        finally:
            connection.close()

    def restore(self):
        from articles.models import Article

        if self.original is not None:
            story = Article.objects.get(pk=self.story_id)
            story.body = self.original
            story.save()


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
    parser.add_argument("--hot-connections", type=int, default=4, help="readers of the hot story")
    parser.add_argument("--hot-interval", type=float, default=1, help="seconds between its saves")
    parser.add_argument(
        "--hot-patience", type=float, default=15, help="seconds before a save counts as hidden"
    )
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
        problems = warm_up(base, paths)
        if problems:
            os.unlink(script.name)
            sys.exit(f"mixed: {len(problems)} addresses did not answer 200: {problems[:5]}")
    from articles.models import Article

    # The hot story: one of the mix, which the other editor leaves alone.
    hot_id, others = story_ids[0], story_ids[1:] or story_ids
    hot_url = base + Article.objects.get(pk=hot_id).get_absolute_url()
    editor = Editor(others, args.interval, rng)
    hot = HotStory(hot_url, hot_id, args.hot_interval, args.hot_patience)
    hot_readers = None
    try:
        editor.start()
        hot.start()
        hot_readers = subprocess.Popen(
            [
                "wrk",
                "--threads=1",
                f"--connections={args.hot_connections}",
                f"--duration={args.seconds}s",
                hot_url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
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
        hot.stop.set()
        editor.join()
        hot.join()
        hot_output = hot_readers.communicate()[0] if hot_readers is not None else ""
        editor.restore()
        hot.restore()
        os.unlink(script.name)

    line = re.search(r"^MIXED (\{.*\})$", result.stdout, re.MULTILINE)
    if line is None:
        sys.exit(f"mixed: no result from wrk:\n{result.stdout}{result.stderr}")
    counts = json.loads(line.group(1))
    counted = counts["hits"] + counts["misses"]
    hot_reads = re.search(r"(\d+) requests in", hot_output)
    summary = {
        "requests": counts["requests"],
        "hits": counts["hits"],
        "misses": counts["misses"],
        "hit_ratio": round(counts["hits"] / counted, 4) if counted else 0.0,
        "edits": editor.edits,
        "errors": counts["socket_errors"] + counts["bad_status"],
        "hot_reads": int(hot_reads.group(1)) if hot_reads else 0,
        "hot_saves": len(hot.times),
        "hot_hidden": hot.hidden,
        "hot_longest_ms": round(max(hot.times, default=0) * 1000, 1),
    }
    print(
        f"mixed load: {summary['requests']} requests in {args.seconds} s over {len(paths)} "
        f"addresses, {summary['edits']} edits (one every {args.interval:g} s): "
        f"hit ratio {summary['hit_ratio']:.1%} ({summary['hits']} hits, "
        f"{summary['misses']} misses), {summary['errors']} errors, "
        f"p50 {counts['p50_ms']:.1f} ms, p99 {counts['p99_ms']:.1f} ms"
    )
    print(
        f"hot story: {summary['hot_saves']} saves (one every {args.hot_interval:g} s) while "
        f"{args.hot_connections} connections read it {summary['hot_reads']} times; "
        "longest save-to-visible "
        f"{summary['hot_longest_ms']:.0f} ms, {summary['hot_hidden']} hidden for "
        f"{args.hot_patience:g} s or more"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
