"""The server's page cache: public pages served from the cache with no query, and changed
at once, exactly where an edit shows (pagecache/store.py, pagecache/invalidation.py).

Through the test client with the real cache backend: local memory here, Redis in CI
(CACHE_URL=redis://…). Every page is read twice before a change, so that a stale copy
would be served; after the change, the pages that show the story must change and those
that don't must still be hits.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from articles import tags
from articles.models import Article, RelatedItem
from desk import corrections, previews, trash, workflow
from pagecache import keys, schedule, store
from tests.admin_forms import change_url, form_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

FULL = "public, max-age=60, s-maxage=300, stale-while-revalidate=30"


@pytest.fixture(autouse=True)
def defaults(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_CACHE_MAX_AGE = 60
    settings.NEWSROOM_CACHE_S_MAXAGE = 300
    settings.NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = 30
    # Small Explore lists, so that one can be filled with picks alone.
    settings.NEWSROOM_EXPLORE_SIZE = 2


def read(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response


def warm(client, urls):
    """Read each page until it is a hit; returns {url: its text}."""
    pages = {}
    for url in urls:
        read(client, url)
        response = read(client, url)
        assert response["X-Cache"] == "hit", url
        pages[url] = response.content.decode()
    return pages


def is_hit(client, url):
    return read(client, url)["X-Cache"] == "hit"


@pytest.fixture
def subjects():
    return {
        "section": SectionFactory(name="Weather"),
        "tag": TagFactory(name="Floods"),
        "author": AuthorFactory(name="Ayla Demir"),
        "source": SourceFactory(code="AA"),
    }


def every_page(story):
    """The public pages of one story and of everything it is listed under."""
    tag, author = story.tags.get(), story.bylines.get().author
    return [
        story.get_absolute_url(),
        reverse("articles:home"),
        story.section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        story.sources.get().get_absolute_url(),
        reverse("articles:latest_feed_rss"),
        reverse("articles:section_feed_atom", args=[story.section.slug]),
        reverse("articles:tag_feed_rss", args=[tag.slug]),
        reverse("articles:author_feed_rss", args=[author.slug]),
        reverse("articles:sitemap_index"),
        reverse("articles:sitemap", kwargs={"section": "stories"}),
        reverse("articles:news_sitemap"),
        reverse("articles:robots_txt"),
    ]


@pytest.fixture
def story(subjects):
    return ArticleFactory(
        headline="Floods close the coast road",
        section=subjects["section"],
        tags=[subjects["tag"]],
        authors=[subjects["author"]],
        sources=[subjects["source"]],
        hero_image=ImageFactory(),
        body="<p>One.</p><p>Two.</p><p>Three.</p>",
    )


# --- hits ----------------------------------------------------------------------------


def test_a_second_read_is_a_hit_with_no_query(client, story, django_assert_num_queries):
    for url in every_page(story):
        first = read(client, url)
        assert first["X-Cache"] == "miss", url
        with django_assert_num_queries(0):
            again = read(client, url)
        assert again["X-Cache"] == "hit", url
        assert again.content == first.content, url
        for header in ("Content-Type", "Surrogate-Key", "ETag", "Cache-Control"):
            assert again[header] == first[header], (url, header)


def test_hits_carry_no_cookie_and_no_vary_cookie(client, story):
    for url in every_page(story):
        read(client, url)
        response = read(client, url)
        assert response["X-Cache"] == "hit"
        assert not response.cookies and "Set-Cookie" not in response, url
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert response["Cache-Control"] == FULL, url


def test_a_hit_answers_304_to_its_etag(client, story, django_assert_num_queries):
    url = story.get_absolute_url()
    etag = read(client, url)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["Cache-Control"] == FULL


def test_a_head_request_is_served_from_a_read_page(client, story):
    url = story.get_absolute_url()
    read(client, url)
    response = client.head(url)
    assert response.status_code == 200 and response["X-Cache"] == "hit"


def test_tracking_parameters_share_the_entry_and_pages_do_not(client, story):
    url = story.section.get_absolute_url()
    read(client, url)
    assert is_hit(client, url + "?utm_source=newsletter&fbclid=abc")
    ArticleFactory.create_batch(20, section=story.section)
    read(client, url + "?page=2")
    assert is_hit(client, url + "?utm_medium=social&page=2")
    assert "Floods close the coast road" in read(client, url + "?page=2").content.decode()


def test_search_results_are_made_each_time(client, story):
    url = reverse("articles:search") + "?q=floods"
    read(client, url)
    assert read(client, url)["X-Cache"] == "miss"


# --- never cached: staff, previews, the admin ---------------------------------------


def test_staff_are_never_served_a_cached_page_nor_store_one(client, editor_client, story):
    url = story.get_absolute_url()
    read(client, url)  # a reader's copy is in the cache
    for _ in range(2):
        response = read(editor_client, url)
        assert "X-Cache" not in response
        assert response["Cache-Control"] == "private, no-cache"
    cache.clear()
    read(editor_client, url)
    assert read(client, url)["X-Cache"] == "miss"  # staff stored nothing


def test_previews_and_the_admin_are_never_cached(client, editor_client, editor):
    draft = ArticleFactory(draft=True, headline="Not yet")
    shared = previews.link_path(previews.create_link(draft, editor))
    staff_urls = [
        reverse("articles:preview", kwargs={"pk": draft.pk}),
        reverse("admin:index"),
        change_url(draft),
    ]
    for _ in range(2):
        assert client.get(shared).get("X-Cache") != "hit"
        assert client.get(reverse("admin:login")).get("X-Cache") != "hit"
        for url in staff_urls:
            assert "X-Cache" not in editor_client.get(url)
    draft.headline = "Changed since"
    draft.save()
    assert "Changed since" in client.get(shared).content.decode()


# --- invalidation ----------------------------------------------------------------------


@pytest.fixture
def newsroom(story, subjects):
    """Around ``story``: a story with a READ MORE link to it and one that picks it for
    Explore (both hidden while it is not public), and a story in another section, with
    no tag, whose Explore is full of picks: nothing of ``story`` touches its page."""
    elsewhere, opinion = SectionFactory(name="Culture"), SectionFactory(name="Opinion")
    # In a section of their own: the story's section page depends on its list alone.
    linking = ArticleFactory(headline="Coast towns count the cost", section=opinion)
    RelatedItem.objects.create(article=linking, target=story, after_block=1)
    for _ in range(2):  # its Explore full of picks: only the link makes it show the story
        ExplorePickFactory(article=linking, picked=ArticleFactory(section=opinion))
    picking = ArticleFactory(headline="Rain returns", section=opinion)
    ExplorePickFactory(article=picking, picked=story)
    untouched = ArticleFactory(headline="Opera season opens", section=elsewhere)
    for _ in range(2):
        ExplorePickFactory(article=untouched, picked=ArticleFactory(section=elsewhere))
    other_tag = TagFactory(name="Opera")
    ArticleFactory(section=elsewhere, tags=[other_tag])
    return {
        "shows": [*every_page(story), linking.get_absolute_url(), picking.get_absolute_url()],
        "untouched": [
            untouched.get_absolute_url(),
            elsewhere.get_absolute_url(),
            other_tag.get_absolute_url(),
            reverse("articles:tag_feed_rss", args=[other_tag.slug]),
            reverse("articles:robots_txt"),
        ],
    }


def assert_untouched(client, newsroom):
    for url in newsroom["untouched"]:
        assert is_hit(client, url), url


def text_pages(urls):
    # Sitemaps carry addresses, not headlines; robots.txt neither.
    return [u for u in urls if "sitemap" not in u and "robots" not in u]


def its_subjects(story):
    """The pages of the story's tag, author and agency, which have no other story: they
    are 404s while it is not public (public/listings.py)."""
    tag, author = story.tags.get(), story.bylines.get().author
    return {
        tag.get_absolute_url(),
        author.get_absolute_url(),
        story.sources.get().get_absolute_url(),
        reverse("articles:tag_feed_rss", args=[tag.slug]),
        reverse("articles:author_feed_rss", args=[author.slug]),
    }


def test_publishing_shows_the_story_everywhere_at_once(client, editor, story, newsroom):
    story.status, story.published_at = Article.Status.APPROVED, None
    story.save()
    shows = text_pages(newsroom["shows"])
    # Its own page is a 404 meanwhile, and so are its tag's, author's and agency's.
    gone = [url for url in shows[1:] if url not in its_subjects(story)]
    for url in its_subjects(story):
        assert client.get(url).status_code == 404, url
    pages = warm(client, gone + newsroom["untouched"])
    assert all("Floods close the coast road" not in pages[url] for url in gone)

    workflow.publish(story, editor)

    for url in shows:
        response = read(client, url)
        assert response["X-Cache"] == "miss", url
        assert "Floods close the coast road" in response.content.decode(), url
    for name in ("stories", "sections", "tags", "authors"):
        sitemap = read(client, reverse("articles:sitemap", kwargs={"section": name}))
        assert sitemap["X-Cache"] == "miss"
    assert (
        story.get_absolute_url() in read(client, reverse("articles:news_sitemap")).content.decode()
    )
    assert_untouched(client, newsroom)


def test_an_edit_through_the_admin_changes_every_page_that_shows_it(
    client, editor_client, story, newsroom
):
    warm(client, newsroom["shows"] + newsroom["untouched"])
    data = form_data(editor_client.get(change_url(story)))
    data["headline"] = "Floods close the coast road and the railway"
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302

    for url in text_pages(newsroom["shows"]):
        response = read(client, url)
        assert response["X-Cache"] == "miss", url
        assert "and the railway" in response.content.decode(), url
    assert "and the railway" in read(client, reverse("articles:news_sitemap")).content.decode()
    assert_untouched(client, newsroom)


def test_a_correction_changes_the_story_and_its_update_time(client, editor, story, newsroom):
    pages = warm(client, newsroom["shows"] + newsroom["untouched"])
    corrections.add_correction(story, editor, "correction", "The road is the A1, not the A2.")

    assert "the A1, not the A2" in read(client, story.get_absolute_url()).content.decode()
    for url in (
        reverse("articles:sitemap", kwargs={"section": "stories"}),
        reverse("articles:latest_feed_rss"),
    ):
        assert read(client, url).content.decode() != pages[url], url  # the update time
    assert_untouched(client, newsroom)


def test_unpublishing_takes_it_off_every_page_at_once(client, editor, story, newsroom):
    warm(client, newsroom["shows"] + newsroom["untouched"])
    workflow.unpublish(story, editor, note="Wrong road")

    assert client.get(story.get_absolute_url()).status_code == 404
    for url in its_subjects(story):  # no other story: the kept copies go, and so do they
        assert client.get(url).status_code == 404, url
    for url in text_pages(newsroom["shows"])[1:]:
        if url not in its_subjects(story):
            assert "Floods close the coast road" not in read(client, url).content.decode(), url
    sitemap = read(client, reverse("articles:sitemap", kwargs={"section": "stories"}))
    assert story.get_absolute_url() not in sitemap.content.decode()
    assert_untouched(client, newsroom)


def surrogate_keys(response):
    keys = set(response["Surrogate-Key"].split())
    assert set(response["Cache-Tag"].split()) == keys
    return keys


def ready_draft(headline, section):
    """A draft with all that publication asks for (a picture, an author)."""
    draft = ArticleFactory(headline=headline, section=section, draft=True)
    draft.status = Article.Status.APPROVED
    draft.hero_image = ImageFactory()
    draft.save()
    draft.authors.add(AuthorFactory())
    return draft


def test_a_page_names_only_the_stories_it_shows(client, editor, story):
    """A draft the story picks for Explore, links to (READ MORE) or recommends is hidden,
    and so is its id: the Surrogate-Key header is public. Published, it shows at once all
    the same (it bumps the key of the stories that pick or link to it), and so does its
    going (unpublished, or to the trash)."""
    elsewhere = SectionFactory(name="Culture")
    pick = ready_draft("Harbour closed", elsewhere)
    read_more = ready_draft("Dams hold", elsewhere)
    recommended = ready_draft("Ferries cancelled", elsewhere)
    ExplorePickFactory(article=story, picked=pick, position=0)
    for position in (1, 2):  # Explore full of picks: the linked stories show by links only
        ExplorePickFactory(
            article=story, picked=ArticleFactory(section=elsewhere), position=position
        )
    RelatedItem.objects.create(article=story, target=read_more, after_block=1)
    kind = RelatedItem.Kind.RECOMMENDED
    RelatedItem.objects.create(article=story, target=recommended, after_block=2, kind=kind)
    url = story.get_absolute_url()
    drafts = [pick, read_more, recommended]

    read(client, url)
    response = read(client, url)
    assert response["X-Cache"] == "hit"
    assert not {f"story-{draft.pk}" for draft in drafts} & surrogate_keys(response)
    assert all(draft.headline not in response.content.decode() for draft in drafts)

    for draft in drafts:
        workflow.publish(draft, editor)
        response = read(client, url)
        assert response["X-Cache"] == "miss", draft.headline
        assert draft.headline in response.content.decode()
        assert f"story-{draft.pk}" in surrogate_keys(response)
        assert is_hit(client, url)

    for draft, take_off in [
        (pick, workflow.unpublish),
        (read_more, trash.trash),
        (recommended, workflow.unpublish),
    ]:
        take_off(draft, editor)
        response = read(client, url)
        assert response["X-Cache"] == "miss", draft.headline
        assert draft.headline not in response.content.decode()
        assert f"story-{draft.pk}" not in surrogate_keys(response)


def test_tags_added_in_bulk_change_the_tag_page(client, story):
    tag = TagFactory(name="Storms")
    url = tag.get_absolute_url()
    warm(client, [story.get_absolute_url()])
    assert client.get(url).status_code == 404  # no story yet: not public, and not kept
    tags.add_tag_to_stories([story], tag)
    assert "Floods close the coast road" in read(client, url).content.decode()
    assert "Storms" in read(client, story.get_absolute_url()).content.decode()


def test_a_renamed_section_changes_every_masthead(client, story, newsroom):
    pages = warm(client, newsroom["untouched"][:2])
    section = story.section
    section.name = "Weather and climate"
    section.save()
    for url in newsroom["untouched"][:2]:
        response = read(client, url)
        assert "Weather and climate" in response.content.decode(), url
        assert response.content.decode() != pages[url]


def test_a_new_byline_changes_the_authors_page(client, story):
    author = AuthorFactory(name="Deniz Kaya")
    url = author.get_absolute_url()
    for _ in range(2):
        assert client.get(url).status_code == 404  # no story yet: not public, and not kept
    story.authors.add(author, through_defaults={"position": 1})  # bulk_create: no post_save
    assert "Floods close the coast road" in read(client, url).content.decode()


# --- time ------------------------------------------------------------------------------


@pytest.fixture
def clock(time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


def test_a_scheduled_story_appears_on_time(client, editor, story, clock, time_machine, come_due):
    due = clock + timedelta(seconds=30)
    scheduled = ArticleFactory(headline="Budget published", section=story.section, draft=True)
    scheduled.status = Article.Status.APPROVED
    scheduled.hero_image = ImageFactory()
    scheduled.save()
    scheduled.authors.add(AuthorFactory())
    workflow.publish(scheduled, editor, at=due)
    urls = [reverse("articles:home"), story.section.get_absolute_url(), story.get_absolute_url()]

    pages = warm(client, urls)
    assert all("Budget published" not in page for page in pages.values())
    time_machine.move_to(due - timedelta(seconds=1), tick=False)
    assert all(is_hit(client, url) for url in urls)

    come_due(due)
    for url in urls[:2]:
        response = read(client, url)
        assert response["X-Cache"] == "miss", url
        assert "Budget published" in response.content.decode(), url
        assert response["Cache-Control"] == FULL  # nothing else is due
    # The first reader after the time kept the next publication (and not its own copy).
    read(client, urls[0])
    assert is_hit(client, urls[0])


def test_a_hit_is_cut_short_before_a_story_scheduled_elsewhere(client, story, clock):
    url = story.get_absolute_url()
    read(client, url)
    ArticleFactory(section=SectionFactory(), published_at=clock + timedelta(seconds=45))
    response = read(client, url)
    assert response["Cache-Control"] == "public, max-age=45, s-maxage=45"


# --- the race a reader loses -------------------------------------------------------------


def test_a_page_made_while_something_changed_is_not_kept(client, story):
    url = story.get_absolute_url()

    def change_meanwhile(**kwargs):
        store.bump("story-0")  # any change, anywhere

    template_rendered.connect(change_meanwhile)
    try:
        read(client, url)
    finally:
        template_rendered.disconnect(change_meanwhile)
    assert read(client, url)["X-Cache"] == "miss"
    assert read(client, url)["X-Cache"] == "hit"


def test_the_page_cache_can_be_turned_off(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    url = story.get_absolute_url()
    read(client, url)
    assert "X-Cache" not in read(client, url)


def test_the_header_bypasses_it_only_in_the_benchmark(client, story):
    url = story.get_absolute_url()
    read(client, url)
    assert read(client, url, headers={"X-Bench-Cache": "bypass"})["X-Cache"] == "hit"


def test_the_benchmark_may_bypass_it(client, story, bench_switches):
    url = story.get_absolute_url()
    bypass = {"X-Bench-Cache": "bypass"}
    assert "X-Cache" not in read(client, url, headers=bypass)
    assert read(client, url)["X-Cache"] == "miss"  # the bypass stored nothing
    assert "X-Cache" not in read(client, url, headers=bypass)  # nor read the copy


def test_next_publication_read_with_the_page_costs_no_extra_round_trip(client, story):
    # The page cache reads it with the entry; a hit recomputes Cache-Control from it.
    read(client, story.get_absolute_url())
    assert cache.get(keys.NEXT_PUBLICATION) is not None


def test_a_picture_changed_changes_the_pages_that_draw_it(client, story):
    url = story.get_absolute_url()
    warm(client, [url, reverse("articles:home")])
    image = story.hero_image
    image.alt_text = "Waves over the sea wall at dawn"
    image.save()
    for page in (url, reverse("articles:home")):
        assert "Waves over the sea wall at dawn" in read(client, page).content.decode(), page


def test_a_reader_never_overwrites_a_fresher_next_publication(story, monkeypatch):
    # A reader read "nothing scheduled" from the database just before an editor's
    # schedule committed and stored its time: the reader must keep the editor's time,
    # or every page made after would outlive the scheduled story.
    due = timezone.now() + timedelta(minutes=5)
    cache.set(keys.NEXT_PUBLICATION, due, 300)
    monkeypatch.setattr(schedule, "query_next_publication", lambda: None)
    assert schedule.next_publication(cached=None) == due
    assert cache.get(keys.NEXT_PUBLICATION) == due


def test_an_evicted_version_never_brings_a_stale_copy_back(client, story):
    url = story.get_absolute_url()
    key = keys.version(keys.object_key(keys.STORY, story.pk))
    cache.delete(key)  # never bumped, or evicted, when the page is made
    read(client, url)
    assert is_hit(client, url)
    # Edited, then the key's version is evicted (a full cache): the copy made before the
    # edit must stay dead.
    story.headline = "Flood barrier fails as river peaks"
    story.save()
    cache.delete(key)
    response = read(client, url)
    assert response["X-Cache"] == "miss"
    assert "Flood barrier fails" in response.content.decode()


class DownCache:
    """A cache whose server is down: every call raises, as redis-py does."""

    def __init__(self, *args, **kwargs):
        pass

    def close(self, **kwargs):
        pass  # Django closes caches after each request; a down server has nothing to close

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


def test_readers_and_editors_carry_on_when_the_cache_is_down(
    client, editor_client, story, settings, caplog
):
    settings.CACHES = {"default": {"BACKEND": "tests.pagecache.test_page_cache.DownCache"}}
    for url in (story.get_absolute_url(), "/", story.section.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "miss"
    # An editor's save goes through, and readers see it.
    data = form_data(editor_client.get(change_url(story)))
    data["headline"] = "River barrier holds overnight"
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, response.content[:500]
    story.refresh_from_db()
    assert story.headline == "River barrier holds overnight"
    assert "River barrier holds overnight" in client.get(story.get_absolute_url()).content.decode()
    assert "The cache is down" in caplog.text
