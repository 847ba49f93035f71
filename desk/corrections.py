"""Corrections and updates: notes published with a story after its publication.

A correction's time becomes the story's update time ("Updated …" on the page,
``dateModified`` in its JSON-LD); the first-publication time never moves. The
database refuses an update time before publication (``article_updated_after_published``);
``check_correction`` says so first, in words the desk can act on.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Correction
from desk import locking
from desk.times import desk_time

# Changing what readers were told after the fact is an editor's call.
CORRECT_PERMISSION = "articles.publish_article"


def may_correct(user):
    return user.is_active and user.has_perm(CORRECT_PERMISSION)


def may_take_corrections(article):
    """Corrections go on stories readers have seen: published, and their time has come."""
    return article is not None and article.pk is not None and article.is_published


def check_correction(article, at):
    """Raise ValidationError unless a note at ``at`` can go on ``article``."""
    if not may_take_corrections(article):
        raise ValidationError(
            _("Corrections and updates are for published stories; this one is not live.")
        )
    if at < article.published_at:
        published = desk_time(article.published_at)
        raise ValidationError(
            {
                "at": _("The story was first published at %(time)s; a note cannot be earlier.")
                % {"time": published}
            }
        )
    if at > timezone.now():
        raise ValidationError({"at": _("A note cannot be dated in the future.")})


def add_correction(article, user, kind, text, at=None):
    """Publish a correction or update note with ``article``, and make its time the update time.

    The story's update time becomes the latest of its notes' times (or stays, when it
    is already later). The version moves on too, so a form opened before the note
    cannot save an older update time over it (see the optimistic locking in the admin).
    """
    if not may_correct(user):
        raise PermissionDenied(_("Only editors may add corrections and updates."))
    if kind not in Correction.Kind.values:
        raise ValidationError({"kind": _("Choose correction or update.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what was corrected or updated.")})
    at = at or timezone.now()
    check_correction(article, at)
    with transaction.atomic():
        correction = Correction.objects.create(
            article=article, kind=kind, text=text, at=at, created_by=user
        )
        story = Article.objects.filter(pk=article.pk)
        latest = article.corrections.aggregate(latest=Max("at"))["latest"]
        current = story.values_list("updated_at", flat=True).get()
        updated_at = max(latest, current) if current else latest
        # Never published_at: the first-publication time is a fact, not a setting.
        story.update(updated_at=updated_at, version=locking.NEXT_VERSION)
        article.refresh_from_db(fields=["updated_at", "version"])
    return correction
