"""Chooses the benchmark's addresses and counts the SQL queries of one request to each.

Run by bench/run.py with the benchmark's environment (same database); prints JSON.
A request through Django's test client, inside CaptureQueriesContext, after one
warm-up request, so that the count is what a warm worker runs per request.
"""

import json
import os
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

from articles.models import Article, Section, Tag  # noqa: E402

SEARCH_WORD = os.environ.get("BENCH_SEARCH_WORD", "election")


def addresses():
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
    deep = min(1000, pages)
    tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    return [
        ("baseline", reverse("bench_baseline")),
        ("story", story.get_absolute_url()),
        ("home", reverse("articles:home")),
        ("section p1", section.get_absolute_url()),
        (f"section p{deep}", f"{section.get_absolute_url()}?page={deep}"),
        ("tag", tag.get_absolute_url()),
        ("search", f"{reverse('articles:search')}?q={SEARCH_WORD}"),
        ("rss latest", reverse("articles:latest_feed_rss")),
        ("sitemap stories", reverse("articles:sitemap", kwargs={"section": "stories"})),
    ]


def main():
    client = Client()
    rows = []
    for name, url in addresses():
        client.get(url)  # warm-up: the first request of a process pays for imports
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        rows.append(
            {
                "name": name,
                "url": url,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": len(queries),
            }
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
