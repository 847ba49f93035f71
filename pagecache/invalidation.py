"""What each change invalidates: the keys it bumps (pagecache/store.py).

The keys are those every public page lists in its Surrogate-Key header (pagecache/headers.py):
"story-<pk>" for a story and every card of it, "section-<pk>" … for an object itself,
"section-<pk>-stories" … and "latest" for which stories a page lists, "sections" for the
masthead, "sitemaps". A change bumps exactly the keys of what it changes, from the
signals below, so that it shows at once on every page that shows it, from whatever
process made it, and other pages stay cached.

Changes that send no model signal (``bulk_create``, ``update()``) announce what they
changed through articles/signals.py (articles/tags.py, desk/revisions.py, desk/trash.py);
corrections change the story's update time with ``update()``, and bump through the
Correction they create.

A story counts for the lists while it is published, scheduled ones included: scheduling
a story changes no page at once, but the pages that will show it are made again with a
lifetime that ends when it comes out (see ``PageCacheMiddleware``).
"""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles import editions, signals
from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Correction,
    ExplorePick,
    Image,
    RelatedItem,
    Rendition,
    Section,
    Source,
    Tag,
    TaggedArticle,
)
from pagecache import store
from pagecache.keys import (
    AUTHOR,
    IMAGE,
    LATEST,
    SECTION,
    SECTIONS,
    SITEMAPS,
    SOURCE,
    STORY,
    TAG,
    editions_of,
    object_key,
    stories_of,
)

PUBLISHED = Article.Status.PUBLISHED
SUBJECT_KINDS = {Tag: TAG, Author: AUTHOR, Source: SOURCE}
# The story's fields that decide which lists show it, and where.
LISTING_FIELDS = ("status", "published_at", "section_id")
# Rows that put a story on a subject's list: (model, the story's field, the subject's
# field, the subject's key prefix).
LINKS = {
    Byline: ("article_id", "author_id", AUTHOR),
    ArticleSource: ("article_id", "source_id", SOURCE),
    TaggedArticle: ("content_object_id", "tag_id", TAG),
}


def _from(origin, model):
    """Whether a deletion started from ``model`` (a row or a queryset of it)."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


def _listed(article_ids):
    """Whether any of these stories is on the lists (published or scheduled)."""
    ids = {pk for pk in article_ids if pk}
    return bool(ids) and Article.objects.filter(pk__in=ids, status=PUBLISHED).exists()


def listing_keys(article_id, section_ids):
    """Every list a story is on or leaves: the newest, its sections', tags', authors'
    and agencies', and the pages of stories that link to it or pick it for Explore
    (a link to a story that is not public is hidden, so it appears or goes with it)."""
    keys = {LATEST, SITEMAPS, *(stories_of(SECTION, pk) for pk in section_ids if pk)}
    for model, (story_field, subject_field, prefix) in LINKS.items():
        subjects = model.objects.filter(**{story_field: article_id})
        keys.update(stories_of(prefix, pk) for pk in subjects.values_list(subject_field, flat=True))
    linking = RelatedItem.objects.filter(target_id=article_id).values_list("article_id", flat=True)
    picking = ExplorePick.objects.filter(picked_id=article_id).values_list("article_id", flat=True)
    keys.update(object_key(STORY, pk) for pk in {*linking, *picking})
    return keys


# --- stories -------------------------------------------------------------------------


def _editions_key(story):
    # Every story of its group of translations lists the editions readers may switch to
    # (with several editions only: a one-language page collects no such key).
    return editions_of(story.original_id or story.pk) if editions.several() else None


@receiver(pre_save, sender=Article, dispatch_uid="invalidation_story_before")
def story_before(sender, instance, raw=False, **kwargs):
    # The stored row, to compare with: an instance may have been loaded long ago.
    instance._listing_before = (
        Article.objects.filter(pk=instance.pk).values(*LISTING_FIELDS).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Article, dispatch_uid="invalidation_story_saved")
def story_saved(sender, instance, update_fields=None, **kwargs):
    before = instance.__dict__.pop("_listing_before", None)
    # What the row holds now: fields left out of update_fields kept their stored values.
    after = {
        field: getattr(instance, field)
        if before is None
        or update_fields is None
        or {field, field.removesuffix("_id")} & set(update_fields)
        else before[field]
        for field in LISTING_FIELDS
    }
    keys = {object_key(STORY, instance.pk), _editions_key(instance)}
    was_listed = before is not None and before["status"] == PUBLISHED
    is_listed = after["status"] == PUBLISHED
    if was_listed or is_listed:
        keys.add(SITEMAPS)  # its address, headline and times are in them
    if was_listed != is_listed or (
        is_listed and any(before[f] != after[f] for f in ("published_at", "section_id"))
    ):
        sections = {after["section_id"], before and before["section_id"]}
        keys |= listing_keys(instance.pk, sections)
    store.bump(*keys)


@receiver(pre_delete, sender=Article, dispatch_uid="invalidation_story_deleted")
def story_deleted(sender, instance, **kwargs):
    # Before the deletion: its tags, bylines and links are still there to be read.
    keys = {object_key(STORY, instance.pk), _editions_key(instance)}
    if instance.status == PUBLISHED:
        keys |= listing_keys(instance.pk, {instance.section_id})
    store.bump(*keys)


# --- what puts a story on a subject's list: bylines, agencies, tags -------------------


def _link_before(sender, instance, **kwargs):
    story_field, subject_field, _ = LINKS[sender]
    instance._link_before = (
        sender.objects.filter(pk=instance.pk).values_list(story_field, subject_field).first()
        if instance.pk
        else None
    )


def _link_saved(sender, instance, created=False, **kwargs):
    story_field, subject_field, prefix = LINKS[sender]
    before = instance.__dict__.pop("_link_before", None)
    after = (getattr(instance, story_field), getattr(instance, subject_field))
    pairs = {after, before} - {None}
    keys = {object_key(STORY, pk) for pk, _ in pairs}
    # A new position changes the story's byline, not the author's list.
    if before != after and _listed(story for story, _ in pairs):
        keys |= {SITEMAPS, *(stories_of(prefix, subject) for _, subject in pairs)}
    store.bump(*keys)


def _link_deleted(sender, instance, origin=None, **kwargs):
    story_field, subject_field, prefix = LINKS[sender]
    if _from(origin, Article):
        return  # the story is going: story_deleted has bumped its lists
    story, subject = getattr(instance, story_field), getattr(instance, subject_field)
    keys = {object_key(STORY, story)}
    # A tag deleted (or merged away) bumps its own list; otherwise, ask the story.
    if not _from(origin, Tag) and _listed([story]):
        keys |= {SITEMAPS, stories_of(prefix, subject)}
    store.bump(*keys)


def _links_added(sender, instance, action, reverse, pk_set, **kwargs):
    # article.authors.add(author) makes Byline rows with bulk_create: no post_save.
    if action != "post_add" or not pk_set:
        return
    _, _, prefix = LINKS[sender]
    stories, subjects = ({instance.pk}, pk_set) if not reverse else (pk_set, {instance.pk})
    stories_added(prefix, stories, subjects)


for _model in (Byline, ArticleSource, TaggedArticle):
    pre_save.connect(_link_before, sender=_model, dispatch_uid=f"invalidation_{_model.__name__}_b")
    post_save.connect(_link_saved, sender=_model, dispatch_uid=f"invalidation_{_model.__name__}_s")
    post_delete.connect(
        _link_deleted, sender=_model, dispatch_uid=f"invalidation_{_model.__name__}_d"
    )
# Not TaggedArticle: taggit adds tags with get_or_create, which sends post_save.
for _model in (Byline, ArticleSource):
    m2m_changed.connect(
        _links_added, sender=_model, dispatch_uid=f"invalidation_{_model.__name__}_m"
    )


# --- what belongs to one story: links, Explore picks, corrections -------------------


@receiver([post_save, post_delete], sender=RelatedItem, dispatch_uid="invalidation_related")
@receiver([post_save, post_delete], sender=ExplorePick, dispatch_uid="invalidation_pick")
def owned_changed(sender, instance, **kwargs):
    store.bump(object_key(STORY, instance.article_id))


@receiver([post_save, post_delete], sender=Correction, dispatch_uid="invalidation_correction")
def correction_changed(sender, instance, **kwargs):
    # The story's update time moves with it: its page, its cards, the sitemaps' lastmod.
    store.bump(object_key(STORY, instance.article_id), SITEMAPS)


# --- the objects pages name ----------------------------------------------------------


@receiver([post_save, post_delete], sender=Section, dispatch_uid="invalidation_section")
def section_changed(sender, instance, **kwargs):
    # Its name and kicker on cards, the masthead, its address in the sitemaps.
    store.bump(object_key(SECTION, instance.pk), SECTIONS, SITEMAPS)


@receiver([post_save, post_delete], sender=Tag, dispatch_uid="invalidation_tag")
@receiver([post_save, post_delete], sender=Author, dispatch_uid="invalidation_author")
def subject_changed(sender, instance, created=False, **kwargs):
    if created:
        return  # no page shows it yet
    prefix = TAG if sender is Tag else AUTHOR
    keys = {object_key(prefix, instance.pk), SITEMAPS}
    if kwargs["signal"] is post_delete:
        keys.add(stories_of(prefix, instance.pk))
    store.bump(*keys)


@receiver([post_save, post_delete], sender=Source, dispatch_uid="invalidation_source")
@receiver([post_save, post_delete], sender=Image, dispatch_uid="invalidation_image")
def object_changed(sender, instance, created=False, **kwargs):
    if not created:
        store.bump(object_key(SOURCE if sender is Source else IMAGE, instance.pk))


@receiver([post_save, post_delete], sender=Rendition, dispatch_uid="invalidation_rendition")
def rendition_changed(sender, instance, **kwargs):
    # Pages draw the picture's renditions (srcset) or the original without them.
    store.bump(object_key(IMAGE, instance.image_id))


# --- changes that send no model signal (articles/signals.py) --------------------------


@receiver(signals.stories_linked, dispatch_uid="invalidation_stories_linked")
def stories_linked(sender, story_ids, subject_ids, **kwargs):
    stories_added(SUBJECT_KINDS[sender], story_ids, subject_ids)


@receiver(signals.story_shown_or_hidden, dispatch_uid="invalidation_shown_or_hidden")
def story_shown_or_hidden(sender, story, **kwargs):
    # For the pages, trashing or restoring a live story is unpublishing or publishing it.
    keys = {object_key(STORY, story.pk), SITEMAPS, _editions_key(story)}
    if story.status == PUBLISHED:
        keys |= listing_keys(story.pk, {story.section_id})
    store.bump(*keys)


def stories_added(prefix, story_ids, subject_ids):
    """Stories joined subjects' lists by ``bulk_create`` (tags added in bulk, a merge, a
    restored revision): ``stories_added(TAG, stories, [tag.pk])``."""
    story_ids = {pk for pk in story_ids if pk}
    if not story_ids:
        return
    keys = {object_key(STORY, pk) for pk in story_ids}
    if _listed(story_ids):
        keys |= {SITEMAPS, *(stories_of(prefix, pk) for pk in subject_ids)}
    store.bump(*keys)
