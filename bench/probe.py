"""Chooses the benchmark's addresses and counts the SQL queries of a request to each.

Run by bench/run.py with the benchmark's environment (same database and cache); prints
JSON on its last line. Requests go through Django's test client inside
CaptureQueriesContext, after a warm-up request, so that a count is what a warm worker
runs per request. The addresses are the default edition's, written by ``reverse()``:
unprefixed with one edition, ``/en/…`` once NEWSROOM_EDITIONS names several (the
generated stories are in the default edition's language).

- cold: with the header ``X-Bench-Cache: cold`` (NEWSROOM_BENCH only): nothing kept is
  read, the page is made from the database;
- uncached: with the header ``X-Bench-Cache: bypass``, which ops/bench.py reads only
  when NEWSROOM_BENCH is on (the whole-page cache is missed; the page is put
  together from its kept parts, as for the first reader after an edit elsewhere);
- cached: a second identical request without the header (the first one fills the
  cache), which must make no query at all.

With BENCH_PROFILE=1, one more cold request per address runs under cProfile and the
functions taking the most time are printed on stderr (for docs/performance.md).
"""

import cProfile
import io
import json
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from articles import editions  # noqa: E402
from articles.models import Article, Section, Tag  # noqa: E402

SEARCH_WORD = os.environ.get("BENCH_SEARCH_WORD", "election")
PROFILE = os.environ.get("BENCH_PROFILE", "") not in {"", "0"}
BYPASS = {"X-Bench-Cache": "bypass"}
COLD = {"X-Bench-Cache": "cold"}
DEEP_PAGE = 1000


def addresses():
    """(name, address, kind) of each page measured; the kind says which budgets apply."""
    published = Article.objects.published()
    # A story from the middle of the archive, with a picture and tags.
    story = published.filter(hero_image__isnull=False).order_by("pk")
    story = story[story.count() // 2]
    section = (
        Section.objects.annotate(n=Count("articles", filter=Q(articles__in=published)))
        .order_by("-n")
        .first()
    )
    pages = max(1, -(-section.n // settings.NEWSROOM_PAGE_SIZE))
    deep = min(DEEP_PAGE, pages)
    tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    return [
        ("baseline", reverse("bench_baseline"), "baseline"),
        ("story", story.get_absolute_url(), "story"),
        ("home", reverse("articles:home"), "listing"),
        ("section p1", section.get_absolute_url(), "listing"),
        (f"section p{deep}", f"{section.get_absolute_url()}?page={deep}", "listing"),
        ("tag", tag.get_absolute_url(), "listing"),
        ("search", f"{reverse('articles:search')}?q={SEARCH_WORD}", "search"),
        ("rss latest", reverse("articles:latest_feed_rss"), "feed"),
        ("sitemap stories", reverse("articles:sitemap", kwargs={"section": "stories"}), "sitemap"),
    ]


def count_queries(client, url, headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def profile(client, name, url):
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, headers=COLD)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(15)
    print(f"\n=== profile: {name} {url} (cold; by own time) ===", file=sys.stderr)
    print(out.getvalue().split("\n\n", 1)[-1].strip(), file=sys.stderr)


def main():
    client = Client()
    # Every address in the default edition's (a request through the test client
    # activates the edition of its address, and reverse() follows the active one).
    translation.activate(editions.default_code())
    pages = addresses()
    # The first reader after the cache was emptied keeps the next publication (the
    # schedule key's version: pagecache/schedule.py) and not its own parts; a reader
    # any time later finds it. This is that reader, so that no count below pays for it.
    # The home page's address: "/" with one edition, "/en/" with several ("/" is a 301).
    client.get(reverse("articles:home"), headers=BYPASS)
    rows = []
    for name, url, kind in pages:
        client.get(url, headers=BYPASS)  # warm-up: the first request of a process pays for imports
        _, cold = count_queries(client, url, COLD)
        response, uncached = count_queries(client, url, BYPASS)
        client.get(url)  # fills the page cache
        _, cached = count_queries(client, url, {})
        rows.append(
            {
                "name": name,
                "url": url,
                "kind": kind,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": uncached,
                "cold_queries": cold,
                "cached_queries": cached,
            }
        )
        if PROFILE and kind != "baseline":
            profile(client, name, url)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
