"""Tag housekeeping for producers: rename, merge, delete unused, bulk tagging.

Each function is one transaction: it changes everything it says or nothing. A tag
address that goes away (a renamed slug, a merged tag) answers 301 with the address
that replaced it, through ``articles.redirects``; so do its RSS and Atom feeds.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.urls import reverse

from articles import redirects, signals
from articles.models import Article, Redirect, Tag, TaggedArticle
from articles.search import fold

# A tag's public addresses: its page and its feeds (see listings.py and feeds.py).
TAG_ROUTES = ["articles:tag", "articles:tag_feed_rss", "articles:tag_feed_atom"]


def tag_paths(slug):
    return [reverse(route, kwargs={"slug": slug}) for route in TAG_ROUTES]


def clean_name(name):
    """ "nato " and " nato" are "nato": no spaces around, single spaces inside."""
    return " ".join(str(name).split())


def folded(name):
    """A name as the desk compares tag names: without case, accents or extra spaces
    ("NATO " and "nato", "Türkiye" and "turkiye"), folded as the word search folds."""
    return fold(clean_name(name))


def find_tag(name):
    """The tag ``name`` means, or None: the tag called that in any case, accents and
    spacing ("nato " finds "NATO", "turkiye" finds "Türkiye"), else the tag with that
    name in another edition ("Dünya" finds "World" when that is its Turkish name).

    Names that fold alike have the same address already (ASCII slugs: "año" and "ano"
    are both /tag/ano/), so the desk treats them as one tag. Of twins the oldest
    answers, as taggit's own lookup does; a name as typed, in any case, beats one that
    only folds alike, and a tag's own name one in another edition.
    """
    name = clean_name(name)
    if not name:
        return None
    same = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    if same is not None:
        return same
    key = folded(name)
    # Tag.folded_names holds each tag's names folded, one a line, its own name first.
    found = list(Tag.objects.filter(folded_names__contains=f"\n{key}\n").order_by("pk"))
    own = [tag for tag in found if tag.folded_names.split("\n")[1] == key]
    return (own or found or [None])[0]


def resolve(names):
    """Typed tag names as the tags they mean: [(name, tag or None)], the existing tag's own
    name or, for a new tag, the name as typed; one each ("nato" and "NATO" are NATO once)."""
    resolved = {}
    for name in names:
        tag = find_tag(name)
        name = tag.name if tag is not None else clean_name(name)
        if name:
            resolved.setdefault(folded(name), (name, tag))
    return list(resolved.values())


def resolve_names(names):
    return [name for name, _tag in resolve(names)]


@dataclass
class Suggestion:
    tag: Tag
    exact: bool  # the tag the typed text names (find_tag)
    other_name: str = ""  # the name in another edition that matched, if not the tag's own


def suggest_tags(term, limit=20, page=1):
    """Tags for a typed part of a name, for the story form's picker: by any of their
    names, in any case and accents ("turk" offers "Türkiye", "dun" the tag whose Turkish
    name is "Dünya"); the tag the text names exactly first. Returns (suggestions, more
    pages?)."""
    term = clean_name(term)
    tags = Tag.objects.order_by("name", "pk")
    exact = find_tag(term) if term else None
    key = folded(term)
    if key:
        tags = tags.filter(folded_names__contains=key)
    if exact is not None:
        tags = tags.exclude(pk=exact.pk)
    start = (page - 1) * limit
    found = list(tags[start : start + limit + 1])
    more = len(found) > limit
    found = found[:limit]
    if exact is not None and page == 1:
        found.insert(0, exact)
    return [
        Suggestion(tag, tag == exact, "" if key in folded(tag.name) else _other_name(tag, key))
        for tag in found
    ], more


def _other_name(tag, key):
    return next((n for n in (tag.names or {}).values() if key and key in folded(n)), "")


def find_or_create_tag(name):
    name = clean_name(name)
    if not name:
        raise ValueError("A tag needs a name.")
    return find_tag(name) or Tag.objects.create(name=name)


def _move_addresses(old_slug, tag, *, user=None, note=""):
    """The old slug's addresses answer with ``tag``'s from now on."""
    new_paths = tag_paths(tag.slug)
    # The tag's addresses are alive (again): a redirect away from them would shadow
    # the page or, once the old address points here, make a loop.
    Redirect.objects.filter(old_path__in=new_paths).delete()
    for old_path, new_path in zip(tag_paths(old_slug), new_paths, strict=True):
        redirects.add_redirect(old_path, new_path, user=user, note=note)


def rename_tag(tag, name, slug=None, *, user=None):
    """Rename ``tag`` (its stories keep it); a changed slug leaves a redirect behind.

    ``slug`` defaults to the ASCII slug of the new name. Saves the whole tag, so
    other changes made on the instance (description, picture) are saved with it.
    """
    name = clean_name(name)
    if not name:
        raise ValueError("A tag needs a name.")
    with transaction.atomic():
        old_slug = Tag.objects.select_for_update().values_list("slug", flat=True).get(pk=tag.pk)
        tag.name = name
        tag.slug = slug or tag.slugify(name)
        if Tag.objects.filter(slug=tag.slug).exclude(pk=tag.pk).exists():
            raise ValueError(f"Another tag already has the address /tag/{tag.slug}/.")
        tag.save()
        if old_slug != tag.slug:
            _move_addresses(old_slug, tag, user=user, note=f"Tag renamed to “{tag.name}”")
    return tag


@dataclass
class StoryChange:
    """What a merge does to one story."""

    article: Article
    dropped: list = field(default_factory=list)  # source tags it loses
    gains_target: bool = True


@dataclass
class MergePlan:
    target: Tag
    sources: list
    stories: list  # of StoryChange, by headline
    redirects: list  # of (old path, new path)


def plan_merge(target, sources):
    """What merging ``sources`` into ``target`` will change, for the confirmation page."""
    sources = sorted((s for s in sources if s.pk != target.pk), key=lambda s: s.name)
    changes = {}
    taggings = (
        TaggedArticle.objects.filter(tag__in=sources)
        .select_related("tag", "content_object__section")
        .order_by("content_object__headline", "content_object__pk", "tag__name")
    )
    for tagging in taggings:
        story = tagging.content_object
        change = changes.setdefault(story.pk, StoryChange(story))
        change.dropped.append(tagging.tag)
    already = set(
        TaggedArticle.objects.filter(tag=target, content_object__in=list(changes)).values_list(
            "content_object_id", flat=True
        )
    )
    for pk in already:
        changes[pk].gains_target = False
    paths = [
        pair
        for source in sources
        for pair in zip(tag_paths(source.slug), tag_paths(target.slug), strict=True)
    ]
    return MergePlan(target, sources, list(changes.values()), paths)


def merge_tags(target, sources, *, user=None):
    """Merge ``sources`` into ``target``: every story of theirs gets ``target``, they go.

    One transaction: if anything fails midway (a redirect refused, the database),
    no story loses a tag and no tag is deleted. Returns the number of stories that
    gained ``target``.
    """
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        return 0
    with transaction.atomic():
        # Locked so that a story tagged meanwhile is not lost with its source tag.
        locked = Tag.objects.select_for_update().filter(
            pk__in=[target.pk, *(s.pk for s in sources)]
        )
        list(locked.values_list("pk", flat=True))
        story_ids = set(
            TaggedArticle.objects.filter(tag__in=sources).values_list(
                "content_object_id", flat=True
            )
        )
        already = set(
            TaggedArticle.objects.filter(tag=target, content_object_id__in=story_ids).values_list(
                "content_object_id", flat=True
            )
        )
        gaining = sorted(story_ids - already)
        TaggedArticle.objects.bulk_create(
            [TaggedArticle(tag=target, content_object_id=pk) for pk in gaining]
        )
        signals.stories_linked.send(Tag, story_ids=gaining, subject_ids=[target.pk])
        slugs = [s.slug for s in sources]
        Tag.objects.filter(pk__in=[s.pk for s in sources]).delete()  # and their taggings
        for slug in slugs:
            _move_addresses(slug, target, user=user, note=f"Tag merged into “{target.name}”")
    return len(gaining)


def delete_unused_tags(tags):
    """Delete the tags no story carries; returns (deleted, skipped) lists of names."""
    with transaction.atomic():
        pks = [t.pk for t in tags]
        list(Tag.objects.select_for_update().filter(pk__in=pks).values_list("pk", flat=True))
        used = set(
            TaggedArticle.objects.filter(tag__in=pks).values_list("tag_id", flat=True).distinct()
        )
        unused = Tag.objects.filter(pk__in=pks).exclude(pk__in=used).order_by("name")
        deleted = list(unused.values_list("name", flat=True))
        unused.delete()
    skipped = sorted(t.name for t in tags if t.pk in used)
    return deleted, skipped


def _tag_from(tag_or_name, create):
    if isinstance(tag_or_name, Tag):
        return tag_or_name
    return find_or_create_tag(tag_or_name) if create else find_tag(tag_or_name)


def add_tag_to_stories(stories, tag_or_name):
    """Tag every story in ``stories``; a name reuses an existing tag in any case.

    Returns (tag, number of stories that gained it).
    """
    with transaction.atomic():
        tag = _tag_from(tag_or_name, create=True)
        story_ids = {s.pk for s in stories}
        already = set(
            TaggedArticle.objects.filter(tag=tag, content_object_id__in=story_ids).values_list(
                "content_object_id", flat=True
            )
        )
        gaining = sorted(story_ids - already)
        TaggedArticle.objects.bulk_create(
            [TaggedArticle(tag=tag, content_object_id=pk) for pk in gaining]
        )
        signals.stories_linked.send(Tag, story_ids=gaining, subject_ids=[tag.pk])
        _moved_on(gaining)
    return tag, len(gaining)


def remove_tag_from_stories(stories, tag_or_name):
    """Untag every story in ``stories``; returns (tag or None, number of stories that lost it).

    The tag itself stays, even when no story carries it any more: "Delete unused
    tags" is a separate, deliberate step.
    """
    with transaction.atomic():
        tag = _tag_from(tag_or_name, create=False)
        if tag is None:
            return None, 0
        losing = list(
            TaggedArticle.objects.filter(
                tag=tag, content_object_id__in=[s.pk for s in stories]
            ).values_list("content_object_id", flat=True)
        )
        removed, _ = TaggedArticle.objects.filter(tag=tag, content_object_id__in=losing).delete()
        _moved_on(losing)
    return tag, removed


def _moved_on(story_ids):
    # A story form opened before the change must not save its old tag list over it:
    # a new version makes that save a conflict the editor sees.
    Article.objects.filter(pk__in=story_ids).update(version=F("version") + 1)
