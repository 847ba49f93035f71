"""A story's Explore list: editors' picks in their order, then other published stories,
best fit first.

The fill ranks stories by the number of tags they share with the story, then those of
the same section, then the newest; never the story itself, never a story twice, only
published ones.

Which stories (their ids) is kept by ``pagecache.remember`` while the story is live,
until one of the lists it read changes; the cards are read fresh each time, in one query
and its prefetches. Out of the model: it is the reader's site's curation, and it keeps
things in the cache.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Value, When

from articles.models import Article, ExplorePick
from pagecache.keys import LATEST, SCHEDULE, SECTION, STORY, TAG, object_key, stories_of
from pagecache.keys import explore_ids as explore_ids_name
from pagecache.store import remember


@dataclass(frozen=True)
class Explore:
    """The cards of a story's Explore list, and the keys of the lists it read (for the
    page's Surrogate-Key header and page cache)."""

    cards: list
    keys: frozenset


def explore(story, size=None):
    """The Explore list of ``story`` (its full row or its light one: section and tags)."""
    size = size or settings.NEWSROOM_EXPLORE_SIZE
    if story.is_published:
        name = explore_ids_name(story.pk, size)

        def compute():
            ids, keys = explore_ids(story, size)
            return (ids, keys), keys

        # A scheduled story coming out changes the newest stories with no edit to bump.
        ids, keys = remember(name, compute, keys=[object_key(STORY, story.pk), SCHEDULE])
    else:  # a preview: nothing of an unpublished story is kept
        ids, keys = explore_ids(story, size)
    # published() again: a story unpublished since its id was kept is left out.
    cards = Article.objects.published().cards_only().in_bulk(ids)
    return Explore([cards[pk] for pk in ids if pk in cards], frozenset(keys))


def explore_ids(story, size):
    """``(ids, keys)``: the ids of the Explore list in order, and the keys of what it
    read. Id-only queries, each on an index: the picks, the stories sharing a tag (the
    tag's rows in the through table), and while the list is not full the newest of the
    section, then the newest of all."""
    # Stories of the story's own edition.
    published = Article.objects.published().in_edition(story.language)
    picks = list(
        ExplorePick.objects.filter(article=story)
        .order_by("position", "pk")
        .values_list("picked_id", flat=True)
    )
    live = set(published.filter(pk__in=picks).values_list("pk", flat=True)) if picks else ()
    ids = [pk for pk in picks if pk in live][:size]
    # The picks shown, never the others: a page's keys are public (Surrogate-Key), and a
    # draft's id there would tell that it exists. A pick that is published or taken off
    # later bumps this story's key (invalidation.listing_keys), not only its own.
    keys = {object_key(STORY, story.pk), *(object_key(STORY, pk) for pk in ids)}

    tag_ids = [t.pk for t in story.tags.all()]  # prefetched on the story page
    sharing_tags = published.filter(tagged_items__tag_id__in=tag_ids).annotate(
        shared_tags=Count("tagged_items"),
        same_section=Case(
            When(section_id=story.section_id, then=Value(1)),
            default=Value(0),
            output_field=models.IntegerField(),
        ),
    )
    fills = [  # (the keys of the list, its stories best first)
        (
            [stories_of(TAG, pk) for pk in tag_ids],
            sharing_tags.order_by("-shared_tags", "-same_section", "-published_at", "-pk"),
        ),
        (
            [stories_of(SECTION, story.section_id)],
            published.filter(section_id=story.section_id).newest_first(),
        ),
        ([LATEST], published.newest_first()),
    ]
    for fill_keys, stories in fills:
        missing = size - len(ids)
        if missing <= 0:
            break
        keys.update(fill_keys)
        if fill_keys:  # an untagged story has no tag list to read
            stories = stories.exclude(pk__in=[story.pk, *ids])
            ids += stories.values_list("pk", flat=True)[:missing]
    return ids, keys
