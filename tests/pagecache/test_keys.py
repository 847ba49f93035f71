"""The keys pages collect are the keys changes bump (pagecache/keys.py).

A page is kept under the keys it lists in its Surrogate-Key header; a change must bump
them, or the page outlives it. Every kind of key a public surface collects is checked to
be one that some change bumps, and every kind a change bumps to be one some page collects
(else the bump invalidates nothing, and a page that should depend on it does not).
"""

import pytest
from django.urls import reverse

from articles import tags
from articles.models import Article, Correction, ExplorePick, RelatedItem, Rendition
from desk import trash, workflow
from pagecache import keys, store
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    agency = SourceFactory(name="Anadolu", code="AA")
    photo = ImageFactory(credit_source=agency)
    author = AuthorFactory(name="Ayla Demir", photo=ImageFactory())
    tag = TagFactory(name="Floods", featured_image=ImageFactory())
    section = SectionFactory(name="Weather")
    story = ArticleFactory(
        section=section,
        tags=[tag],
        authors=[author],
        sources=[agency],
        hero_image=photo,
        body="<p>One.</p><p>Two.</p>",
    )
    other = ArticleFactory(section=section, tags=[tag], headline="The river falls")
    RelatedItem.objects.create(article=other, kind="recommended", target=story, after_block=1)
    ExplorePick.objects.create(article=other, picked=story, position=0)
    return {"story": story, "other": other, "tag": tag, "author": author, "agency": agency}


def collected(client, newsroom):
    story, tag, author, agency = (newsroom[k] for k in ("story", "tag", "author", "agency"))
    urls = [
        reverse("articles:home"),
        story.get_absolute_url(),
        newsroom["other"].get_absolute_url(),
        story.section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        agency.get_absolute_url(),
        reverse("articles:search") + "?q=one",
        reverse("articles:latest_feed_rss"),
        reverse("articles:tag_feed_atom", args=[tag.slug]),
        reverse("articles:sitemap_index"),
        reverse("articles:robots_txt"),
        "/api/stories/",
        f"/api/stories/{story.pk}/",
        "/api/sections/",
        "/api/tags/",
        "/api/authors/",
    ]
    found = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found |= set(response.get("Surrogate-Key", "").split())
    return found


def bumped(monkeypatch, newsroom, editor):
    found = set()
    real = store.bump
    monkeypatch.setattr(
        store, "bump", lambda *bumped: (found.update(k for k in bumped if k), real(*bumped))
    )
    story, tag, author, agency = (newsroom[k] for k in ("story", "tag", "author", "agency"))
    story.headline = "Floods close the coast road"
    story.save()  # the story itself
    for thing in (story.section, tag, author, agency, story.hero_image):
        thing.save()  # a rename of what pages name
    Rendition.objects.filter(image=story.hero_image).delete()
    Correction.objects.create(article=story, kind="correction", text="The D100.")
    draft = ArticleFactory(
        status=Article.Status.APPROVED,
        published_at=None,
        section=story.section,
        hero_image=ImageFactory(),
        sources=[agency],
    )
    draft.authors.add(author, through_defaults={"position": 0})
    workflow.publish(draft, editor)  # on every list
    tags.add_tag_to_stories([draft], tag)
    trash.trash(draft, editor)
    return found


def shapes(found):
    return {keys.shape(key) for key in found} - set(keys.PAGE_LABELS)


# With several editions, a story's page also names which of its editions are published.
@pytest.mark.parametrize("editions", ["", "en,ar"])
def test_every_kind_of_key_pages_collect_is_bumped_and_the_reverse(
    client, newsroom, editor, monkeypatch, settings, editions
):
    settings.NEWSROOM_EDITIONS = editions
    if editions:
        ArticleFactory(language="ar", original=newsroom["story"], headline="فيضانات")
    pages = shapes(collected(client, newsroom))
    # Collected, never bumped: the schedule's version is the next publication itself,
    # which stops holding when it passes (tests/pagecache/test_schedule.py).
    assert keys.SCHEDULE in pages
    pages.discard(keys.SCHEDULE)
    changes = shapes(bumped(monkeypatch, newsroom, editor))
    assert pages == changes, {
        "collected, never bumped": pages - changes,
        "bumped, never collected": changes - pages,
    }
    # Every kind the key module knows, on both sides.
    assert {keys.shape(keys.object_key(kind, 1)) for kind in keys.KINDS} <= pages
    assert {keys.shape(keys.stories_of(kind, 1)) for kind in keys.LISTING_KINDS} <= pages
    assert {keys.LATEST, keys.SECTIONS, keys.SITEMAPS} <= pages
