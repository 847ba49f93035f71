"""Pages cost a fixed number of queries, however much a story carries.

Each page is measured with one of everything and with eight of everything; the two
counts must be equal (no query per tag, author, source or related story) and within
the page's budget.
"""

import pytest
from django.urls import reverse

from articles.models import ExplorePick, RelatedItem
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# The budgets of docs/performance.md, for a page made afresh (the page cache off). The story page
# measures 10: the story (with section and picture) and its picture's renditions, its
# tags, bylines, sources, related items (with their stories) and corrections, then the
# Explore cards (the stories, their bylines, their pictures' renditions). Which stories
# Explore lists, and the section navigation, are kept in the cache (pagecache.remember)
# until a change they depend on.
STORY_PAGE_BUDGET = 10
# Section page: the section, the paginator's count, the page's ids, those stories, their
# bylines and their pictures' renditions (6).
SECTION_PAGE_BUDGET = 8
# Front page: the stories, their bylines, their pictures' renditions.
HOME_PAGE_BUDGET = 3


def story_with(count, section=None):
    """A published story with `count` tags, authors, sources, related stories and picks."""
    section = section or SectionFactory()
    related = [
        ArticleFactory(
            section=SectionFactory(),
            hero_image=ImageFactory(),
            authors=AuthorFactory.create_batch(count),
        )
        for _ in range(count)
    ]
    story = ArticleFactory(
        section=section,
        hero_image=ImageFactory(credit_source=SourceFactory()),
        authors=AuthorFactory.create_batch(count),
        sources=SourceFactory.create_batch(count),
        tags=[f"Topic {count}-{n}" for n in range(count)],
        body="".join(f"<p>Paragraph {n}.</p>" for n in range(count + 1)),
    )
    for position, other in enumerate(related):
        kind = RelatedItem.Kind.RECOMMENDED if position % 2 else RelatedItem.Kind.READ_MORE
        RelatedItem.objects.create(article=story, kind=kind, target=other, after_block=position + 1)
        ExplorePick.objects.create(article=story, picked=other, position=position)
    return story


def queries_for(client, url, budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def measure(client, django_assert_max_num_queries, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the page's own cost, not a cache hit's

    def run(url, budget):
        client.get(url)  # warm up: first-request caches are not the page's cost
        return queries_for(client, url, budget, django_assert_max_num_queries)

    return run


def test_story_page_queries_are_fixed(measure, settings):
    # Room in Explore for every pick plus some fill, so both stories need the same queries:
    # a list filled by picks alone would rightly skip the fill query.
    settings.NEWSROOM_EXPLORE_SIZE = 12
    for _ in range(2):  # fill, with pictures like every other card here
        ArticleFactory(authors=[AuthorFactory()], hero_image=ImageFactory())
    small = measure(story_with(1).get_absolute_url(), STORY_PAGE_BUDGET)
    large = measure(story_with(8).get_absolute_url(), STORY_PAGE_BUDGET)
    assert small == large


def test_section_page_queries_are_fixed(measure):
    small_section, large_section = SectionFactory(), SectionFactory()
    story_with(1, section=small_section)
    for _ in range(8):
        story_with(8, section=large_section)
    small = measure(small_section.get_absolute_url(), SECTION_PAGE_BUDGET)
    large = measure(large_section.get_absolute_url(), SECTION_PAGE_BUDGET)
    assert small == large


def test_home_page_queries_are_fixed(measure):
    story_with(1)
    small = measure(reverse("articles:home"), HOME_PAGE_BUDGET)
    for _ in range(8):
        story_with(8)
    large = measure(reverse("articles:home"), HOME_PAGE_BUDGET)
    assert small == large
