"""An agency's translation of an item it sent joins that item's group of translations.

An item names the one it translates by the agency's id (wire.formats: NewsML-G2's
``<link rel="irel:translatedFrom" residref="…"/>``, a ninjs association of that
``rel``). When the newsroom has a story from that item, sent by the same agency on any
of its channels, the new draft becomes a translation in that story's group: of the
group's original, up to date with the original's newest revision, as **Translate into…**
makes one (desk.translations).

When the group has a story in the draft's edition already (the desk translated it
first, or the agency sent two), the draft stays a story of its own and is never
published automatically: it is another item, whose next versions must keep updating it,
and an editor chooses between the two. A translation that comes in before its original
waits as a story of its own and joins the original's group when the original comes in.
"""

from dataclasses import dataclass, field

from articles import editions
from articles.models import Article
from desk import revisions
from desk import translations as groups
from wire.models import WireItem


@dataclass
class Placement:
    """Where a new draft stands in a group of translations, and what the desk is told."""

    original: Article | None = None
    translated_from: object = None  # the original's revision (reversion's Version)
    kept_apart: bool = False  # the group has a story in the draft's edition already
    notes: list[str] = field(default_factory=list)


def place(channel, story, language):
    """The group a draft in ``language`` from ``story`` joins, if any."""
    if not story.translation_of:
        return Placement()
    named = _story_from(channel.source, story.translation_of)
    if named is None:
        return Placement(
            notes=[
                f"The agency says it translates {story.translation_of}, which has not come "
                "in: it joins that story's translations when it does."
            ]
        )
    original = groups.original_of(named)
    present = _in_edition(original, language)
    if present is not None:
        return Placement(
            kept_apart=True,
            notes=[
                f"The agency's translation of “{original}”, whose group has a story in "
                f"{editions.get(language).name} already (“{present}”): kept as a story of "
                "its own for an editor, not published automatically."
            ],
        )
    return Placement(
        original=original,
        translated_from=_revision_of(original),
        notes=[f"A translation of “{original}”, in its group."],
    )


def adopt_waiting(channel, guid, article):
    """The agency's translations of ``guid`` that came in before it (stories of their
    own still) join ``article``'s group; returns what the desk is told."""
    original = groups.original_of(article)
    waiting = (
        Article.including_trash.select_for_update()
        .filter(
            pk__in=WireItem.objects.filter(
                channel__source=channel.source, translation_of=guid, article__isnull=False
            ).values("article_id"),
            original__isnull=True,
        )
        .exclude(pk__in={article.pk, original.pk})
        .order_by("pk")
    )
    joined, apart = [], []
    for story in waiting:
        if story.translations.exists() or _in_edition(original, story.language) is not None:
            # A group of its own, or one more story in an edition the group has.
            apart.append(f"“{story}”")
            continue
        story.original, story.translated_from = original, _revision_of(original)
        story.save(update_fields=["original", "translated_from"])
        revisions.record(story, None, f"The agency's translation of “{original}”: in its group")
        joined.append(f"{story.edition.name} “{story}”")
    notes = []
    if joined:
        notes.append(
            f"The agency's translations sent before it joined its group: {', '.join(joined)}."
        )
    if apart:
        notes.append(f"Translations kept apart, their editions taken: {', '.join(apart)}.")
    return notes


def _story_from(source, guid):
    """The story the agency's item ``guid`` made (its newest version's), or None."""
    item = (
        WireItem.objects.filter(channel__source=source, guid=guid, article__isnull=False)
        .exclude(state=WireItem.State.FAILED)
        .select_related("article")
        .order_by("-version", "-received_at")
        .first()
    )
    return item.article if item else None


def _in_edition(original, language):
    """The story of the original's group in ``language`` (the trash included: it keeps
    its place in the group until the trash is emptied), or None."""
    return next((story for story in groups.group(original) if story.language == language), None)


def _revision_of(original):
    """The original's newest revision; one is kept first if it has none, as Translate
    into… does."""
    newest = groups.newest_revision(original)
    if newest is None:
        revisions.record(original, None, "Kept before its first translation")
        newest = groups.newest_revision(original)
    return newest
