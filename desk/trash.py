"""The trash: deleting a story keeps it, off every surface, for editors to restore.

A story in the trash is out of ``Article.objects`` (the desk, the admin's story list)
and out of ``published()`` (every public surface). Its rows stay as they were: byline,
tags, links, revisions. Editors restore it for ``TRASH_DAYS``; after that
``manage.py empty_trash`` deletes it for good, and a superuser may empty the trash
sooner in the admin. Emptying deletes the story's revisions too: "for good" has to
mean it (a story taken down for legal reasons must not linger in its history).

Restoring gives the story back as it was, in its state: a story deleted by mistake
while live comes back live, with its first publication time, as an undo should. Taking
a story off the site on purpose is what Unpublish is for; so restoring a published
story needs the right to publish, and the trash and its message say "back on the site".
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision

from articles import signals
from articles.models import Article, ExplorePick, RelatedItem, Transition
from desk import workflow

TRASH_DAYS = 30


def may_trash(user, story):
    return (
        user.is_active
        and user.has_perm("articles.delete_article")
        and workflow.can_edit(user, story)
    )


def may_see_trash(user):
    # Whoever may move stories to the trash may look in it and take them out.
    return user.is_active and user.has_perm("articles.delete_article")


def may_restore(user, story):
    if not may_see_trash(user):
        return False
    if story.status == Article.Status.PUBLISHED:
        return user.has_perm("articles.publish_article")  # it goes back on the site
    return True


def may_empty(user):
    return user.is_active and user.is_superuser


def purge_date(story):
    """When ``empty_trash`` will delete the story for good."""
    return story.deleted_at + timedelta(days=TRASH_DAYS)


def _drop_from_pages(story):
    """Pages that list it, link to it or pick it for Explore are made again: for the
    caches, trashing or restoring a live story is unpublishing or publishing it."""
    signals.story_shown_or_hidden.send(Article, story=story)


def _record(story, user, action, note):
    Transition.objects.create(
        article=story,
        action=action,
        from_status=story.status,
        to_status=story.status,
        user=user,
        note=note,
    )


def trash(story, user):
    """Move the story to the trash; it leaves every public surface and the desk at once."""
    if not may_trash(user, story):
        raise PermissionDenied(_("You may not delete this story."))
    with transaction.atomic():
        locked = Article.objects.select_for_update().filter(pk=story.pk).first()
        if locked is None:
            return story  # already in the trash (a button pressed twice)
        locked.deleted_at, locked.deleted_by = timezone.now(), user
        locked.save(update_fields=["deleted_at", "deleted_by"])
        _record(locked, user, "trash", "Moved to the trash")
        _drop_from_pages(locked)
    story.deleted_at, story.deleted_by = locked.deleted_at, user
    return story


def restore(story, user):
    """Take the story out of the trash, in the state it had (see the module's docstring)."""
    if not may_restore(user, story):
        raise PermissionDenied(_("You may not restore this story."))
    with transaction.atomic():
        locked = (
            Article.including_trash.select_for_update()
            .filter(pk=story.pk, deleted_at__isnull=False)
            .first()
        )
        if locked is None:
            return story  # restored meanwhile
        locked.deleted_at, locked.deleted_by = None, None
        locked.save(update_fields=["deleted_at", "deleted_by"])
        _record(locked, user, "restore", "Restored from the trash")
        _drop_from_pages(locked)
    story.deleted_at, story.deleted_by = None, None
    return story


def purge(stories):
    """Delete stories of the trash for good, with their revisions; returns how many.

    Links and Explore picks other stories hold to one of them go too: hidden from
    readers since it left, they could only ever point at nothing now. Its translations
    stay, as stories of their own: they translate nothing any more.
    """
    content_type = ContentType.objects.get_for_model(Article)
    count = 0
    for story in stories.filter(deleted_at__isnull=False):
        with transaction.atomic():
            RelatedItem.objects.filter(target=story).delete()
            ExplorePick.objects.filter(picked=story).delete()
            for translation in Article.including_trash.filter(original=story):
                translation.original = translation.translated_from = None
                translation.save(update_fields=["original", "translated_from"])
            Revision.objects.filter(
                version__content_type=content_type, version__object_id=str(story.pk)
            ).delete()
            story.delete()
        count += 1
    return count


def empty(user, stories=None):
    """A superuser empties the trash (or deletes chosen stories of it) for good."""
    if not may_empty(user):
        raise PermissionDenied(_("Only a superuser may empty the trash."))
    return purge(stories if stories is not None else Article.including_trash.in_trash())


def purge_older_than(days=TRASH_DAYS):
    """The stories in the trash for more than ``days`` days, deleted for good."""
    cutoff = timezone.now() - timedelta(days=days)
    return purge(Article.including_trash.filter(deleted_at__lt=cutoff))
