"""No story reaches a reader before it is live, on any public surface (hypothesis).

Hypothesis builds random newsrooms: stories in every state (draft, in review, approved,
published, unpublished), published and embargoed at times before and after a frozen
"now" (a published story whose time is to come is scheduled), filed under sections,
tags, authors and agencies, with READ MORE and Recommended links and Explore picks
pointing at any story, live or not. Every public surface must then show exactly the
live stories it should, and nothing else: the front page, story pages (and their
JSON-LD, inserts and Explore list), section, tag, author and agency listings with their
page counts, search and its count, the RSS and Atom feeds, and every sitemap.

"Live" is computed here from the generated data (published, and its time has come),
never by asking the code under test. Each story's headline and address carry a marker
(``story-<n>-<token>``) found in HTML, XML and JSON alike.
"""

import json
import math
import re
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, ExplorePick, RelatedItem
from public.listings import ListingMixin
from public.search import SearchView
from public.seo import NEWS_WINDOW, absolute_url
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TagFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
# Small pages, so that a random newsroom of a few stories spans several of them and the
# page counts ("Page 2 of 3") and out-of-range pages are tested too.
PAGE_SIZE = 3
SECTIONS, TAGS, AUTHORS, SOURCES = 3, 4, 3, 2
# At most seven stories: the front page shows the lead and the six next, so every live
# story must be on it.
MOST_STORIES = 7

S = Article.Status
# Hours from "now": long past (out of the news sitemap's 48 hours), just past, exactly
# now (live: its time has come), soon and later.
HOURS = [-72, -30, -1, 0, 1, 30]

story_plans = st.fixed_dictionaries(
    {
        # Weighted towards live stories, so that most newsrooms have some beside the others.
        "status": st.sampled_from(
            [*[S.PUBLISHED] * 6, S.DRAFT, S.IN_REVIEW, S.APPROVED, S.UNPUBLISHED]
        ),
        "hours": st.sampled_from([*HOURS, -5, None]),  # None: no publication time
        "embargo": st.sampled_from([None, None, None, None, -2, 0, 2, 50]),
        "section": st.integers(0, SECTIONS - 1),
        "tags": st.sets(st.integers(0, TAGS - 1), max_size=3),
        "authors": st.sets(st.integers(0, AUTHORS - 1), max_size=2),
        "sources": st.sets(st.integers(0, SOURCES - 1), max_size=2),
        "updated": st.booleans(),
        # Deleted by an editor: in the trash, whatever its state (desk.trash).
        "trashed": st.sampled_from([False] * 6 + [True]),
    }
)
links = st.tuples(
    st.integers(0, MOST_STORIES - 1),
    st.integers(0, MOST_STORIES - 1),
    st.sampled_from(list(RelatedItem.Kind)),
    st.integers(0, 3),  # after which paragraph
)
picks = st.tuples(st.integers(0, MOST_STORIES - 1), st.integers(0, MOST_STORIES - 1))
newsrooms = st.fixed_dictionaries(
    {
        "stories": st.lists(story_plans, min_size=2, max_size=MOST_STORIES),
        "links": st.lists(links, max_size=8),
        "picks": st.lists(picks, max_size=8),
    }
)

_tokens = count()


def fresh_token():
    """Letters only, new for every example: no page kept from an earlier example can
    match, and PostgreSQL's parser keeps the search word whole."""
    n, letters = next(_tokens), []
    for _ in range(6):
        n, digit = divmod(n, 26)
        letters.append(string.ascii_lowercase[digit])
    return "".join(letters)


@dataclass
class Newsroom:
    token: str
    stories: list = field(default_factory=list)
    live: set = field(default_factory=set)  # indexes into ``stories``
    sections: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    @property
    def search_word(self):
        return f"quokka{self.token}"

    def live_where(self, test):
        return {i for i in self.live if test(self.stories[i])}

    def markers(self, text):
        """Which stories' markers (headline or address) appear in ``text``."""
        found = re.findall(rf"story-(\d+)-{self.token}(?![a-z0-9])", text, flags=re.I)
        return {int(n) for n in found}


def planned_times(plan):
    """(status, published_at, embargo_until) as the plan says, within the database's rules:
    a published story has a time, never before its embargo lifts."""
    at = None if plan["hours"] is None else NOW + timedelta(hours=plan["hours"])
    embargo = None if plan["embargo"] is None else NOW + timedelta(hours=plan["embargo"])
    if plan["status"] == S.PUBLISHED:
        at = at or NOW
        if embargo is not None:
            at = max(at, embargo)
    return plan["status"], at, embargo


def build(plan):
    newsroom = Newsroom(token=fresh_token())
    newsroom.sections = [SectionFactory() for _ in range(SECTIONS)]
    newsroom.tags = [TagFactory(name=f"Topic {newsroom.token} {n}") for n in range(TAGS)]
    newsroom.authors = [AuthorFactory() for _ in range(AUTHORS)]
    newsroom.sources = [SourceFactory() for _ in range(SOURCES)]
    for n, story_plan in enumerate(plan["stories"]):
        status, at, embargo = planned_times(story_plan)
        story = ArticleFactory(
            headline=f"Story-{n}-{newsroom.token}",
            standfirst=f"Everyone is talking about the {newsroom.search_word}.",
            status=status,
            published_at=at,
            embargo_until=embargo,
            updated_at=at + timedelta(minutes=5) if at and story_plan["updated"] else None,
            section=newsroom.sections[story_plan["section"]],
            tags=[newsroom.tags[t] for t in sorted(story_plan["tags"])],
            authors=[newsroom.authors[a] for a in sorted(story_plan["authors"])],
            sources=[newsroom.sources[s] for s in sorted(story_plan["sources"])],
            deleted_at=NOW - timedelta(minutes=1) if story_plan["trashed"] else None,
        )
        newsroom.stories.append(story)
        # Live, as a reader's clock says: published, its time has come, not in the trash.
        if status == S.PUBLISHED and at <= NOW and not story_plan["trashed"]:
            newsroom.live.add(n)
    total = len(newsroom.stories)
    for source, target, kind, after in plan["links"]:
        if source % total != target % total:
            RelatedItem.objects.create(
                article=newsroom.stories[source % total],
                target=newsroom.stories[target % total],
                kind=kind,
                after_block=after,
            )
    for source, target in set((s % total, t % total) for s, t in plan["picks"]):
        if source != target:
            ExplorePick.objects.create(
                article=newsroom.stories[source], picked=newsroom.stories[target], position=target
            )
    return newsroom


class Reader:
    """Reads public pages and checks the rule that holds on all of them: no marker of a
    story that is not live, whatever the page and its status."""

    def __init__(self, client, newsroom):
        self.client, self.newsroom = client, newsroom

    def get(self, url, status=200, **params):
        response = self.client.get(url, params)
        assert response.status_code == status, f"{url} {params}: {response.status_code}"
        text = response.content.decode()
        leaked = self.newsroom.markers(text) - self.newsroom.live
        assert not leaked, f"{url} {params} shows stories that are not live: {sorted(leaked)}"
        return text

    def shown(self, url, **params):
        return self.newsroom.markers(self.get(url, **params))

    def listing(self, url, expected, public_while_empty=False, **params):
        """Every page of a listing: together exactly ``expected``, in the number of pages
        the count says, and the page after the last a 404. A subject without a live story
        is a 404 from page 1, unless it is a section (or search): public/listings.py."""
        if not expected and not public_while_empty:
            self.get(url, status=404, page=1, **params)
            return set()
        pages = max(1, math.ceil(len(expected) / PAGE_SIZE))
        seen = set()
        for number in range(1, pages + 1):
            text = self.get(url, page=number, **params)
            seen |= self.newsroom.markers(text)
            if pages > 1:
                assert f"Page {number} of {pages}" in text, f"{url} page {number}"
        assert seen == expected, f"{url}: shows {sorted(seen)}, live {sorted(expected)}"
        self.get(url, status=404, page=pages + 1, **params)
        return seen


def sitemap_locations(text):
    return set(re.findall(r"<loc>([^<]+)</loc>", text))


def story_page_checks(reader, newsroom, n):
    story = newsroom.stories[n]
    url = story.get_absolute_url()
    elsewhere = newsroom.sections[(newsroom.sections.index(story.section) + 1) % SECTIONS]
    moved = reverse("articles:article", kwargs={"section": elsewhere.slug, "slug": story.slug})
    if n not in newsroom.live:
        reader.get(url, status=404)
        # Nor does a wrong section give away that the story exists.
        reader.get(moved, status=404)
        # A staff preview asks a reader to log in, and shows nothing.
        reader.get(reverse("articles:preview", kwargs={"pk": story.pk}), status=302)
        return
    reader.get(moved, status=301)
    text = reader.get(url)
    # Explore (16 stories) is filled up with the newest: it holds every other live story.
    assert newsroom.markers(text) == newsroom.live, f"story {n}: Explore and inserts"
    # One READ MORE or Recommended insert per link to a live story, none to the others.
    links = RelatedItem.objects.filter(article=story).values_list("target_id", flat=True)
    live_ids = {newsroom.stories[i].pk for i in newsroom.live}
    inserts = len(re.findall(r'class="(?:read-more|recommended)"', text))
    assert inserts == len([pk for pk in links if pk in live_ids]), f"story {n}: inserts"
    found = [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', text, flags=re.S
        )
    ]
    articles = [data for data in found if data.get("@type") == "NewsArticle"]
    assert [data["headline"] for data in articles] == [story.headline]
    assert not newsroom.markers(json.dumps(found)) - {n}


def feed_checks(reader, newsroom):
    every = newsroom.live
    for kind in ("rss", "atom"):
        assert reader.shown(reverse(f"articles:latest_feed_{kind}")) == every
    for route, subjects, has in [
        ("section_feed", newsroom.sections, lambda s, x: s.section_id == x.pk),
        ("tag_feed", newsroom.tags, lambda s, x: x in s.tags.all()),
        ("author_feed", newsroom.authors, lambda s, x: x in s.authors.all()),
    ]:
        for n, subject in enumerate(subjects):
            kind = ("rss", "atom")[n % 2]
            url = reverse(f"articles:{route}_{kind}", kwargs={"slug": subject.slug})
            expected = newsroom.live_where(lambda s, x=subject, has=has: has(s, x))
            if not expected and route != "section_feed":
                reader.get(url, status=404)  # a tag or author is public with its first story
                continue
            assert reader.shown(url) == expected, url


def sitemap_checks(reader, newsroom):
    live = [newsroom.stories[i] for i in newsroom.live]

    def locations(objects):
        return {absolute_url(obj.get_absolute_url()) for obj in objects}

    def sitemap(label):
        return sitemap_locations(reader.get(reverse("articles:sitemap", kwargs={"section": label})))

    assert sitemap("stories") == locations(live)
    assert sitemap("sections") == locations({s.section for s in live})
    assert sitemap("tags") == locations({t for s in live for t in s.tags.all()})
    assert sitemap("authors") == locations({a for s in live for a in s.authors.all()})
    recent = [s for s in live if s.published_at >= NOW - NEWS_WINDOW]
    assert sitemap_locations(reader.get(reverse("articles:news_sitemap"))) == locations(recent)
    reader.get(reverse("articles:sitemap_index"))


def api_checks(reader, newsroom):
    """The content API: its stories, each story, and the counts it gives."""
    stories = reverse("api:stories")
    assert reader.shown(stories, page_size=100) == newsroom.live
    for n, story in enumerate(newsroom.stories):
        reader.get(
            reverse("api:story", kwargs={"story_id": story.pk}), 200 if n in newsroom.live else 404
        )
    subjects = [
        ("section", "api:sections", newsroom.sections, lambda s, x: s.section_id == x.pk),
        ("tag", "api:tags", newsroom.tags, lambda s, x: x in s.tags.all()),
        ("author", "api:authors", newsroom.authors, lambda s, x: x in s.authors.all()),
        ("source", None, newsroom.sources, lambda s, x: x in s.sources.all()),
    ]
    for name, listing, things, has in subjects:
        expected = {x.pk: newsroom.live_where(lambda s, x=x, has=has: has(s, x)) for x in things}
        for thing in things:
            value = thing.code if name == "source" else thing.slug
            assert reader.shown(stories, page_size=100, **{name: value}) == expected[thing.pk]
        if listing is None:
            continue
        data = json.loads(reader.get(reverse(listing), page_size=200))
        rows = data["items"] if isinstance(data, dict) else data  # sections: one list
        counts = {row["slug"]: row["stories"] for row in rows}
        # Sections are all listed; tags and authors only once a live story has them.
        wanted = {
            x.slug: len(expected[x.pk]) for x in things if name == "section" or expected[x.pk]
        }
        ours = {x.slug for x in things}
        assert {slug: n for slug, n in counts.items() if slug in ours} == wanted, listing


def listing_checks(reader, newsroom):
    for section in newsroom.sections:
        expected = newsroom.live_where(lambda s, x=section: s.section_id == x.pk)
        reader.listing(section.get_absolute_url(), expected, public_while_empty=True)
    for tag in newsroom.tags:
        expected = newsroom.live_where(lambda s, x=tag: x in s.tags.all())
        reader.listing(tag.get_absolute_url(), expected)
    for author in newsroom.authors:
        expected = newsroom.live_where(lambda s, x=author: x in s.authors.all())
        reader.listing(author.get_absolute_url(), expected)
    for source in newsroom.sources:
        expected = newsroom.live_where(lambda s, x=source: x in s.sources.all())
        reader.listing(source.get_absolute_url(), expected)
    # The front page: the lead and the six after it, so every live story.
    assert reader.shown(reverse("articles:home")) == newsroom.live
    # Search: every story has the word; only the live ones are found, and counted.
    search = reverse("articles:search")
    reader.listing(search, newsroom.live, public_while_empty=True, q=newsroom.search_word)
    text = reader.get(search, q=newsroom.search_word)
    found = re.search(r"(\d+)\+? stor(?:y|ies) found", text)
    assert found and int(found[1]) == len(newsroom.live), found and found[0]


@pytest.fixture
def small_pages(monkeypatch, settings):
    monkeypatch.setattr(ListingMixin, "paginate_by", PAGE_SIZE)
    monkeypatch.setattr(SearchView, "paginate_by", PAGE_SIZE)
    # The clock stands still: the API's rate limit would never let a minute pass.
    settings.NEWSROOM_API_RATE_LIMIT = "1000000/min"


@settings(
    max_examples=25,
    deadline=None,
    # The client and the database are shared by the examples on purpose: each example
    # rolls its rows back and empties the cache itself.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Nothing written to the working tree (.hypothesis/); a failure prints its example.
    database=None,
)
@given(plan=newsrooms)
def test_every_public_surface_shows_exactly_the_live_stories(client, small_pages, plan):
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        # Pages, parts and counts kept for an earlier example (whose rows, and ids on
        # SQLite, are reused) must not answer for this one.
        cache.clear()
        newsroom = build(plan)
        reader = Reader(client, newsroom)
        for n in range(len(newsroom.stories)):
            story_page_checks(reader, newsroom, n)
        listing_checks(reader, newsroom)
        feed_checks(reader, newsroom)
        sitemap_checks(reader, newsroom)
        api_checks(reader, newsroom)
        transaction.set_rollback(True)
