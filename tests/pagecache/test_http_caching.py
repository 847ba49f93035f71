"""HTTP caching of public pages: what browsers and a CDN in front of the site are told.

Readers' pages carry no cookie and no ``Vary: Cookie`` (or every CDN misses), say how
long they may be kept (never past the next scheduled publication), answer conditional
requests with 304, and list what they show in ``Surrogate-Key``/``Cache-Tag`` so that a
CDN can purge them. Previews, the admin and staff stay uncached.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk import previews
from pagecache import headers, schedule
from pagecache.keys import NEXT_PUBLICATION
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    RelatedItemFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

FULL = "public, max-age=60, s-maxage=300, stale-while-revalidate=30"


@pytest.fixture(autouse=True)
def defaults(settings):
    settings.NEWSROOM_CACHE_MAX_AGE = 60
    settings.NEWSROOM_CACHE_S_MAXAGE = 300
    settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = 30
    # The next publication is cached; another test's (rolled back) stories must not count.
    cache.delete(NEXT_PUBLICATION)


@pytest.fixture
def story():
    tag, author, agency = TagFactory(), AuthorFactory(), SourceFactory()
    return ArticleFactory(
        headline="Floods close the coast road",
        tags=[tag],
        authors=[author],
        sources=[agency],
        body="<p>One.</p><p>Two.</p><p>Three.</p>",
    )


def public_urls(story):
    tag, author, agency = story.tags.get(), story.bylines.get().author, story.sources.get()
    return [
        reverse("articles:home"),
        story.section.get_absolute_url(),
        story.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        agency.get_absolute_url(),
        reverse("articles:search") + "?q=floods",
        reverse("articles:search"),
        reverse("articles:latest_feed_rss"),
        reverse("articles:section_feed_atom", args=[story.section.slug]),
        reverse("articles:tag_feed_rss", args=[tag.slug]),
        reverse("articles:author_feed_rss", args=[author.slug]),
        reverse("articles:sitemap_index"),
        reverse("articles:sitemap", kwargs={"section": "stories"}),
        reverse("articles:news_sitemap"),
        reverse("articles:robots_txt"),
    ]


def keys(response):
    return set(response["Surrogate-Key"].split())


# --- cookies and Vary ------------------------------------------------------------------


def test_readers_get_no_cookie_and_no_vary_cookie(client, story):
    for url in public_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url
        assert "cookie" not in response.get("Vary", "").lower(), url


# --- Cache-Control ---------------------------------------------------------------------


def test_every_public_page_may_be_kept_by_browsers_and_cdns(client, story):
    for url in public_urls(story):
        response = client.get(url)
        assert response["Cache-Control"] == FULL, url


def test_the_settings_say_how_long(client, story, settings):
    settings.NEWSROOM_CACHE_MAX_AGE = 10
    settings.NEWSROOM_CACHE_S_MAXAGE = 600
    settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = 5
    response = client.get(story.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=10, s-maxage=600, stale-while-revalidate=5"


@pytest.fixture
def clock(time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


def test_no_copy_outlives_the_next_scheduled_story(client, story, clock, time_machine):
    scheduled = ArticleFactory(
        headline="Budget published", published_at=clock + timedelta(seconds=30)
    )
    home = reverse("articles:home")

    response = client.get(home)
    assert response["Cache-Control"] == "public, max-age=30, s-maxage=30"
    assert "Budget published" not in response.content.decode()

    time_machine.move_to(clock + timedelta(seconds=20), tick=False)
    assert client.get(story.get_absolute_url())["Cache-Control"] == (
        "public, max-age=10, s-maxage=10"
    )

    # Its time comes: the story shows, and pages may be kept for the full time again.
    time_machine.move_to(scheduled.published_at, tick=False)
    response = client.get(home)
    assert "Budget published" in response.content.decode()
    assert response["Cache-Control"] == FULL


def test_stale_copies_do_not_outlive_it_either(client, story, clock):
    ArticleFactory(published_at=clock + timedelta(seconds=320))
    assert client.get(story.get_absolute_url())["Cache-Control"] == (
        "public, max-age=60, s-maxage=300, stale-while-revalidate=20"
    )


def test_a_story_scheduled_after_a_page_was_served_cuts_the_next_ones(
    client, story, clock, django_capture_on_commit_callbacks
):
    assert client.get(story.get_absolute_url())["Cache-Control"] == FULL  # nothing due

    other = ArticleFactory(draft=True)
    other.status, other.published_at = Article.Status.PUBLISHED, clock + timedelta(seconds=45)
    other.save()
    assert client.get(story.get_absolute_url())["Cache-Control"] == (
        "public, max-age=45, s-maxage=45"
    )

    # Withdrawn: until the deletion commits, pages are still cut (early, never late) …
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
        assert "max-age=45" in client.get(story.get_absolute_url())["Cache-Control"]
    # … and once it has, nothing is due any more.
    assert client.get(story.get_absolute_url())["Cache-Control"] == FULL


def test_a_story_due_now_asks_caches_to_revalidate(client, story, clock, monkeypatch):
    # A publication less than a second away: nothing may be kept.
    monkeypatch.setattr(
        schedule, "next_publication", lambda cached=None: clock + timedelta(milliseconds=500)
    )
    response = client.get(story.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=0, must-revalidate"


def test_robots_txt_is_not_cut_short(client, clock):
    ArticleFactory(published_at=clock + timedelta(seconds=30))
    assert client.get(reverse("articles:robots_txt"))["Cache-Control"] == FULL


def test_a_missing_page_is_not_kept_as_public(client, story):
    response = client.get("/no-such-section/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
    assert "Surrogate-Key" not in response


# --- staff, previews and the admin -------------------------------------------------------


def test_staff_see_public_pages_uncached(editor_client, story):
    response = editor_client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert "Surrogate-Key" not in response


def test_previews_and_the_admin_are_never_kept(editor_client, editor, client):
    draft = ArticleFactory(draft=True)
    link = previews.create_link(draft, editor)
    responses = [
        editor_client.get(reverse("articles:preview", kwargs={"pk": draft.pk})),
        client.get(previews.link_path(link)),
        editor_client.get(reverse("admin:index")),
        editor_client.get(reverse("admin:articles_article_changelist")),
        editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])),
    ]
    for response in responses:
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control and "public" not in cache_control
        assert "ETag" not in response and "Surrogate-Key" not in response


# --- ETag and 304 ----------------------------------------------------------------------


def test_an_unchanged_story_answers_304(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert etag

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert not again.content
    assert again["Cache-Control"] == FULL  # a 304 renews the copy's freshness

    story.headline = "Floods close the coast road and the railway"
    story.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "and the railway" in changed.content.decode()


def test_listings_and_feeds_answer_304_too(client, story):
    for url in (reverse("articles:home"), reverse("articles:latest_feed_rss")):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


# --- Surrogate-Key / Cache-Tag -----------------------------------------------------------


def test_a_story_page_lists_itself_and_every_story_it_shows(client, story):
    read_more = RelatedItemFactory(article=story, after_block=1).target
    picked = ExplorePickFactory(article=story).picked
    fill = ArticleFactory(section=story.section)
    unpublished = RelatedItemFactory(article=story, target=ArticleFactory(draft=True)).target

    response = client.get(story.get_absolute_url())
    listed = keys(response)
    assert {f"story-{s.pk}" for s in (story, read_more, picked, fill)} <= listed
    assert f"story-{unpublished.pk}" not in listed
    # What the page names: its section, tags, authors and agencies.
    tag, author, agency = story.tags.get(), story.bylines.get().author, story.sources.get()
    assert {
        f"section-{story.section_id}",
        f"tag-{tag.pk}",
        f"author-{author.pk}",
        f"source-{agency.pk}",
    } <= listed
    assert response["Cache-Tag"] == response["Surrogate-Key"]


def test_the_front_page_lists_its_cards(client):
    stories = ArticleFactory.create_batch(5, section=SectionFactory())
    ArticleFactory(draft=True)
    listed = keys(client.get(reverse("articles:home")))
    assert "home" in listed
    assert {f"story-{s.pk}" for s in stories} <= listed
    assert {key for key in listed if key.startswith("story-")} == {f"story-{s.pk}" for s in stories}


def test_listings_list_their_subject_and_cards(client, story):
    tag, author, agency = story.tags.get(), story.bylines.get().author, story.sources.get()
    for subject, prefix in (
        (story.section, "section"),
        (tag, "tag"),
        (author, "author"),
        (agency, "source"),
    ):
        listed = keys(client.get(subject.get_absolute_url()))
        assert {f"{prefix}-{subject.pk}", f"story-{story.pk}"} <= listed, prefix


def test_feeds_and_sitemaps_carry_their_own_keys(client, story):
    feed = keys(client.get(reverse("articles:section_feed_rss", args=[story.section.slug])))
    assert {"feeds", f"section-{story.section.pk}", f"story-{story.pk}"} <= feed
    assert keys(client.get(reverse("articles:sitemap_index"))) == {"sitemaps", "schedule"}
    assert keys(client.get(reverse("articles:robots_txt"))) == {"robots"}
    assert "search" in keys(client.get(reverse("articles:search") + "?q=floods"))


def test_keys_cost_no_query(client, story, django_assert_max_num_queries, monkeypatch):
    # Collecting keys reads only what the page drew: the same queries as without them.
    url = story.get_absolute_url()
    client.get(url)  # warm up
    with django_assert_max_num_queries(100) as with_keys:
        client.get(url)
    monkeypatch.setattr(headers, "apply_headers", lambda request, response, collect=True: response)
    with django_assert_max_num_queries(100) as without:
        client.get(url)
    assert len(with_keys) == len(without)


def test_pages_list_which_lists_they_show(client, story):
    """The contract's list keys: which stories a page lists, beside the stories themselves."""
    tag, author, agency = story.tags.get(), story.bylines.get().author, story.sources.get()
    expected = {
        reverse("articles:home"): {"latest", "sections"},
        story.section.get_absolute_url(): {f"section-{story.section_id}-stories", "sections"},
        tag.get_absolute_url(): {f"tag-{tag.pk}-stories"},
        author.get_absolute_url(): {f"author-{author.pk}-stories"},
        agency.get_absolute_url(): {f"source-{agency.pk}-stories"},
        reverse("articles:latest_feed_rss"): {"latest", "feeds"},
        reverse("articles:tag_feed_rss", args=[tag.slug]): {f"tag-{tag.pk}-stories"},
        reverse("articles:author_feed_rss", args=[author.slug]): {f"author-{author.pk}-stories"},
        reverse("articles:section_feed_rss", args=[story.section.slug]): {
            f"section-{story.section_id}-stories"
        },
    }
    for url, wanted in expected.items():
        listed = keys(client.get(url))
        assert wanted <= listed, url
        # A card names what it draws: the story, its section, picture and byline.
        assert {f"story-{story.pk}", f"section-{story.section_id}", f"author-{author.pk}"} <= (
            listed
        ), url
    feed = keys(client.get(reverse("articles:latest_feed_rss")))
    assert "sections" not in feed  # no masthead in a feed


def test_a_404_is_never_kept_without_asking_again(client, time_machine):
    # The address of a story under embargo, of the tag only it has, of an unknown page:
    # each may become a page when the story comes out, and no bump purges a 404.
    tag = TagFactory(name="Merger of X and Y")
    story = ArticleFactory(scheduled=True, tags=[tag])
    for url in (story.get_absolute_url(), tag.get_absolute_url(), "/no-such-section/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "no-cache" in response["Cache-Control"], url
    time_machine.move_to(story.published_at + timedelta(seconds=1), tick=False)
    for url in (story.get_absolute_url(), tag.get_absolute_url()):
        assert client.get(url).status_code == 200, url
