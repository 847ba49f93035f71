"""A tag, an author or an agency is public only while a published story names it.

One that only stories readers cannot see name (a draft, one in review, a scheduled or
embargoed story, an unpublished one, one in the trash) is a 404 everywhere: its page,
whatever ``?page=``, its RSS and Atom feeds, the content API; the sitemaps and the API's
lists leave it out. So an embargoed story's new tag does not give the story away before
its time. The subject appears the moment its first story is published and goes again
when its last one leaves, through the page cache (on, as in production): a copy kept
while it had stories is not served after. A section is part of the site's navigation:
its page and feeds stand without a story.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, TaggedArticle
from desk import trash, workflow
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HEADLINE = "X and Y agree to merge"
TAG = "Merger of X and Y"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = True


def new_subjects():
    """A story's tag, writer and agency that no other story has."""
    return {
        "tags": [TAG],
        "authors": [AuthorFactory(name="Nell Newhire")],
        "sources": [SourceFactory(name="Newco Wire", code="NCW")],
    }


def addresses(story):
    """Every address that names the story's tag, author or agency."""
    tag, author, agency = story.tags.get(), story.authors.get(), story.sources.get()
    return [
        tag.get_absolute_url(),
        f"{tag.get_absolute_url()}?page=1",
        reverse("articles:tag_feed_rss", args=[tag.slug]),
        reverse("articles:tag_feed_atom", args=[tag.slug]),
        author.get_absolute_url(),
        reverse("articles:author_feed_rss", args=[author.slug]),
        reverse("articles:author_feed_atom", args=[author.slug]),
        agency.get_absolute_url(),
        "/source/NCW/",  # nor a redirect to the lower-case address that says it exists
        f"/api/tags/{tag.slug}/",
        f"/api/authors/{author.slug}/",
    ]


def listings(story):
    """Lists of subjects, each with the slug of the story's subject it would list."""
    tag, author = story.tags.get(), story.authors.get()
    return [
        (reverse("articles:sitemap", kwargs={"section": "tags"}), tag.slug),
        (reverse("articles:sitemap", kwargs={"section": "authors"}), author.slug),
        ("/api/tags/", tag.slug),
        ("/api/authors/", author.slug),
    ]


def assert_unseen(client, story):
    for url in addresses(story):
        for _ in range(2):  # a 404 is not kept: the second read is made again too
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.get("X-Cache") != "hit", url
            assert TAG not in response.content.decode(), url
    for url, slug in listings(story):
        assert f"/{slug}/" not in client.get(url).content.decode(), url
    section = client.get(story.section.get_absolute_url())
    assert section.status_code == 200  # the site's navigation
    assert (
        client.get(reverse("articles:section_feed_rss", args=[story.section.slug])).status_code
        == 200
    )


def assert_seen(client, story):
    for url in addresses(story):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert HEADLINE in response.content.decode() or "/api/" in url, url
    for url, slug in listings(story):
        assert f"/{slug}/" in client.get(url).content.decode(), url


def warm(client, story):
    """Read every page twice, so that each is served from the page cache."""
    for url in addresses(story):
        client.get(url)
        response = client.get(url)
        if "/api/" not in url and url != "/source/NCW/":  # the API and redirects aren't kept
            assert response["X-Cache"] == "hit", url


def hidden_story(kind, editor):
    common = {"headline": HEADLINE, **new_subjects()}
    later = timezone.now() + timedelta(hours=6)
    if kind == "draft":
        return ArticleFactory(draft=True, **common)
    if kind == "in review":
        return ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, **common)
    if kind == "scheduled":
        return ArticleFactory(scheduled=True, **common)
    if kind == "embargoed":
        return ArticleFactory(
            status=Article.Status.APPROVED, published_at=None, embargo_until=later, **common
        )
    if kind == "embargoed and scheduled":
        return ArticleFactory(published_at=later, embargo_until=later, **common)
    if kind == "unpublished":
        return ArticleFactory(status=Article.Status.UNPUBLISHED, **common)
    return trash.trash(ArticleFactory(**common), editor)


@pytest.mark.parametrize(
    "kind",
    [
        "draft",
        "in review",
        "scheduled",
        "embargoed",
        "embargoed and scheduled",
        "unpublished",
        "trashed",
    ],
)
def test_a_subject_only_hidden_stories_name_is_not_found_anywhere(client, editor, kind):
    story = hidden_story(kind, editor)
    ArticleFactory(section=story.section)  # other news, under other subjects
    assert_unseen(client, story)


def test_an_embargoed_story_s_new_tag_goes_public_with_the_story_and_leaves_with_it(
    client, editor, time_machine, come_due
):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    embargo = now + timedelta(hours=2)
    story = ArticleFactory(
        status=Article.Status.APPROVED,
        published_at=None,
        embargo_until=embargo,
        hero_image=ImageFactory(),
        **new_subjects(),
        headline=HEADLINE,
    )
    workflow.publish(story, editor, at=embargo)  # scheduled for the embargo
    assert_unseen(client, story)

    come_due(embargo + timedelta(minutes=1))
    assert_seen(client, story)  # with no edit: its time came
    warm(client, story)

    workflow.unpublish(story, editor, note="Agency withdrew it")
    assert_unseen(client, story)  # the copies kept while it was live are not served

    for step in (workflow.redraft, workflow.submit, workflow.approve, workflow.publish):
        step(story, editor)  # back on the site, through the desk
    assert_seen(client, story)
    warm(client, story)
    trash.trash(story, editor)
    assert_unseen(client, story)


def test_a_subject_goes_when_its_last_story_no_longer_names_it(client):
    story = ArticleFactory(headline=HEADLINE, **new_subjects())
    tag_page, author_page = (
        story.tags.get().get_absolute_url(),
        story.authors.get().get_absolute_url(),
    )
    for url in (tag_page, author_page):
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
    TaggedArticle.objects.get(content_object=story).delete()
    Byline.objects.get(article=story).delete()
    assert client.get(tag_page).status_code == 404
    assert client.get(author_page).status_code == 404


def test_a_section_without_stories_keeps_its_page_and_feeds(client):
    section = SectionFactory(name="Science")
    ArticleFactory(section=section, draft=True)
    assert client.get(section.get_absolute_url()).status_code == 200
    for kind in ("rss", "atom"):
        assert (
            client.get(reverse(f"articles:section_feed_{kind}", args=[section.slug])).status_code
            == 200
        )


def test_the_404_costs_no_more_than_an_unknown_address_once_the_count_is_kept(client):
    # The paginator's count, kept in the cache until the subject's list changes, says
    # there is nothing to show: no query of its own, past the first read.
    story = ArticleFactory(draft=True, **new_subjects())
    unknown, known = "/tag/no-such-tag/", story.tags.get().get_absolute_url()

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 404
        return len(captured)

    queries(unknown)  # the masthead's sections are kept from now on
    assert queries(known) == queries(unknown) + 1  # the count, read once
    assert queries(known) == queries(unknown)
