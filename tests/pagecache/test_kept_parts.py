"""Kept parts of pages: a story, its Explore list, a page of a listing
(pagecache/templatetags/parts.py). With the whole-page cache off, every request draws its page,
and the parts it reuses must change exactly when what they show changes.

A page put together from kept parts must be the page drawn afresh: same text, same
Surrogate-Key header. Each test reads a page twice before a change, so that a stale
part would be reused.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, RelatedItem
from desk import corrections, workflow
from pagecache import keys
from public.views import SectionView
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def parts_only(settings):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_EXPLORE_SIZE = 3


def read(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    assert "X-Cache" not in response  # drawn by the view, not served whole
    return response


def text(client, url, **kwargs):
    return read(client, url, **kwargs).content.decode()


@pytest.fixture
def story():
    tag = TagFactory(name="Floods")
    return ArticleFactory(
        headline="Floods close the coast road",
        section=SectionFactory(name="Weather"),
        tags=[tag],
        authors=[AuthorFactory(name="Ayla Demir")],
        hero_image=ImageFactory(caption="The road at dawn"),
        body="<p>Water rose overnight.</p><p>Two.</p><p>Three.</p>",
    )


def ready_draft(**kwargs):
    """A draft with all that publication asks for (a picture, an author)."""
    return ArticleFactory(
        draft=True, hero_image=ImageFactory(), authors=[AuthorFactory()], **kwargs
    )


def test_a_story_page_again_reads_one_row_and_is_the_same_page(
    client, story, django_assert_num_queries
):
    url = story.get_absolute_url()
    first = read(client, url)
    with django_assert_num_queries(1):  # is it live, and where: nothing else
        again = read(client, url)
    assert again.content == first.content
    assert again["Surrogate-Key"] == first["Surrogate-Key"]
    for key in ("tag-", "author-", "image-", f"section-{story.section_id}"):
        assert key in again["Surrogate-Key"], key


def test_an_edit_draws_the_story_again(client, story, editor):
    url = story.get_absolute_url()
    text(client, url)
    text(client, url)
    story.headline = "Coast road reopens"
    story.body = "<p>The water has gone.</p>"
    story.save()
    page = text(client, url)
    assert "Coast road reopens" in page and "The water has gone." in page
    assert "Water rose overnight." not in page


def test_a_correction_shows_at_once(client, story, editor):
    url = story.get_absolute_url()
    text(client, url)
    corrections.add_correction(story, editor, "correction", "The road is the D100.")
    assert "The road is the D100." in text(client, url)


def test_renamed_tags_authors_and_captions_show_at_once(client, story):
    url = story.get_absolute_url()
    text(client, url)
    tag, author, image = story.tags.get(), story.bylines.get().author, story.hero_image
    tag.name, author.name = "Flooding", "Ayla Demir-Kaya"
    tag.save()
    author.save()
    image.caption = "The road at noon"
    image.save()
    page = text(client, url)
    assert "Flooding" in page and "Ayla Demir-Kaya" in page and "The road at noon" in page


def test_a_read_more_link_follows_its_story(client, story, editor, time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    target = ready_draft(headline="Dams hold", section=story.section)
    RelatedItem.objects.create(article=story, target=target, after_block=1)
    url = story.get_absolute_url()
    assert "Dams hold" not in text(client, url)
    target.status = Article.Status.APPROVED
    target.save()
    workflow.publish(target, editor, at=now + timedelta(seconds=30))
    assert "Dams hold" not in text(client, url)
    time_machine.move_to(now + timedelta(seconds=30), tick=False)
    assert "Dams hold" in text(client, url)  # on time, with no edit to bump anything
    target.headline = "Dams hold, for now"
    target.save()
    assert "Dams hold, for now" in text(client, url)
    workflow.unpublish(target, editor)
    assert "Dams hold" not in text(client, url)


def test_explore_is_drawn_again_alone(client, story, django_assert_max_num_queries):
    url = story.get_absolute_url()
    text(client, url)
    text(client, url)
    newer = ArticleFactory(headline="Rivers rise inland", section=story.section)
    page = text(client, url)
    assert "Rivers rise inland" in page and "Floods close the coast road" in page
    # The story's own part is kept: not loaded in full again.
    with django_assert_max_num_queries(1):
        text(client, url)
    newer.headline = "Rivers rise further inland"
    newer.save()
    assert "Rivers rise further inland" in text(client, url)


def test_an_explore_pick_unpublished_leaves_explore(client, story, editor):
    pick = ArticleFactory(headline="Harbour closed", section=SectionFactory())
    ExplorePickFactory(article=story, picked=pick)
    url = story.get_absolute_url()
    assert "Harbour closed" in text(client, url)
    workflow.unpublish(pick, editor)
    assert "Harbour closed" not in text(client, url)


def test_a_draft_pick_is_unnamed_until_published_then_joins_explore(client, story, editor):
    pick = ready_draft(headline="Harbour closed", section=SectionFactory())
    ExplorePickFactory(article=story, picked=pick)
    url = story.get_absolute_url()
    read(client, url)
    before = read(client, url)
    assert "Harbour closed" not in before.content.decode()
    assert f"story-{pick.pk}" not in before["Surrogate-Key"].split()  # the header is public
    pick.status = Article.Status.APPROVED
    pick.save()
    workflow.publish(pick, editor)
    after = read(client, url)
    assert "Harbour closed" in after.content.decode()
    assert f"story-{pick.pk}" in after["Surrogate-Key"].split()


def test_an_unpublished_story_is_gone_whatever_was_kept(client, story, editor):
    url = story.get_absolute_url()
    text(client, url)
    workflow.unpublish(story, editor)
    assert client.get(url).status_code == 404


def test_a_preview_keeps_nothing_and_shows_the_draft(client, editor_client, story):
    text(client, story.get_absolute_url())
    for part in ("head", "main", "explore"):  # a live story's parts, so named
        assert cache.get(keys.memo(keys.story_part(part, story.pk))) is not None
    draft = ArticleFactory(headline="Draft: storm warning", draft=True, section=story.section)
    url = reverse("articles:preview", kwargs={"pk": draft.pk})
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url)
        assert response.status_code == 200
        assert "Draft: storm warning" in response.content.decode()
        assert len(queries) > 5  # drawn in full each time
    for part in ("head", "main", "explore"):  # nothing is scheduled: the mark is ""
        assert cache.get(keys.memo(keys.story_part(part, draft.pk))) is None
    draft.headline = "Draft: storm warning lifted"
    draft.save()
    assert "Draft: storm warning lifted" in editor_client.get(url).content.decode()


# --- listings ----------------------------------------------------------------------------


def test_a_listing_again_reads_its_subject_only(client, story, django_assert_num_queries):
    url = story.section.get_absolute_url()
    first = read(client, url)
    with django_assert_num_queries(1):
        again = read(client, url)
    assert again.content == first.content
    assert again["Surrogate-Key"] == first["Surrogate-Key"]
    assert f"story-{story.pk}" in again["Surrogate-Key"]


def test_a_listing_shows_a_new_story_and_a_renamed_author_at_once(client, story):
    urls = [story.section.get_absolute_url(), story.tags.get().get_absolute_url()]
    for url in urls:
        text(client, url)
    ArticleFactory(headline="Storm moves north", section=story.section, tags=story.tags.all())
    author = story.bylines.get().author
    author.name = "A. Demir"
    author.save()
    for url in urls:
        page = text(client, url)
        assert "Storm moves north" in page and "A. Demir" in page, url


def test_a_listing_shows_a_scheduled_story_on_time(client, story, editor, time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    scheduled = ready_draft(headline="Budget published", section=story.section)
    scheduled.status = Article.Status.APPROVED
    scheduled.save()
    workflow.publish(scheduled, editor, at=now + timedelta(seconds=30))
    url = story.section.get_absolute_url()
    assert "Budget published" not in text(client, url)
    assert "Budget published" not in text(client, url)
    time_machine.move_to(now + timedelta(seconds=30), tick=False)
    assert "Budget published" in text(client, url)


def test_every_page_of_a_listing_is_its_own_part(client, story, monkeypatch):
    monkeypatch.setattr(SectionView, "paginate_by", 1)
    earlier = timezone.now() - timedelta(days=1)
    ArticleFactory(headline="Older story", section=story.section, published_at=earlier)
    url = story.section.get_absolute_url()
    assert "Floods close the coast road" in text(client, url)
    assert "Older story" in text(client, url, query_params={"page": 2})


# --- the benchmark's cold rows -------------------------------------------------------------


def test_the_benchmarks_cold_rows_draw_everything(
    client, story, bench_switches, django_assert_num_queries
):
    url = story.get_absolute_url()
    read(client, url)
    with CaptureQueriesContext(connection) as queries:  # drawn from the database
        read(client, url, headers={"X-Bench-Cache": "cold"})
    assert len(queries) > 5
    with django_assert_num_queries(1):  # the parts kept before are still there
        read(client, url)


# --- search results ------------------------------------------------------------------------


def test_search_results_keep_their_cards_and_show_changes_at_once(
    client, story, editor, django_assert_num_queries
):
    url = reverse("articles:search")
    query = {"q": "coast"}
    first = read(client, url, query_params=query)
    assert "Floods close the coast road" in first.content.decode()
    with django_assert_num_queries(2):  # the ranked ids, the page's snippets: no card query
        again = read(client, url, query_params=query)
    assert again.content == first.content
    assert f"story-{story.pk}" in again["Surrogate-Key"]
    author = story.bylines.get().author
    author.name = "A. Demir"
    author.save()
    assert "A. Demir" in text(client, url, query_params=query)
    workflow.unpublish(story, editor)
    assert "Floods close the coast road" not in text(client, url, query_params=query)
