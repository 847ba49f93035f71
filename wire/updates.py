"""Agency updates to a story: applied to an untouched draft, else queued for an editor.

A story "untouched" is one whose headline, standfirst and body are still what the
wire last wrote (compared by digest): an editor's change is never overwritten
silently. A story in review, approved or published is always queued: someone on the
desk has seen it.
"""

import hashlib

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from desk import revisions
from wire.formats import WireStory


def digest(article):
    text = "\x00".join([article.headline, article.standfirst, article.body])
    return hashlib.sha256(text.encode()).hexdigest()


def untouched_draft(article, written_digest):
    return article.status == Article.Status.DRAFT and digest(article) == written_digest


def apply_text(article, story, user, comment):
    """Write the agency's text on the story as a new revision; returns the new digest."""
    article.headline = story.headline[:250]
    article.standfirst = story.standfirst
    article.body = story.body_html
    fields = ["headline", "standfirst", "body", "modified_at"]
    if article.published_at is None:
        # Once published the embargo has passed; a new one would contradict the record.
        article.embargo_until = story.embargo
        fields.append("embargo_until")
    article.save(update_fields=fields)
    # Forms opened before the update must not save over it (optimistic locking).
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
    article.refresh_from_db(fields=["version", "body"])
    revisions.record(article, user, comment)
    return digest(article)


def proposed_snapshot(pending):
    story = WireStory.from_json(pending.wire_item.parsed)
    return {
        "Headline": story.headline[:250],
        "Standfirst": story.standfirst,
        "Body": revisions.body_paragraphs(story.body_html),
    }


def current_snapshot(article):
    return {
        "Headline": article.headline,
        "Standfirst": article.standfirst,
        "Body": revisions.body_paragraphs(article.body),
    }


def changes(pending):
    """[(label, html)] of what accepting would change, as the revisions page shows it."""
    return revisions.diff(current_snapshot(pending.article), proposed_snapshot(pending))


def accept(pending, user):
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=pending.article_id)
        item = pending.wire_item
        story = WireStory.from_json(item.parsed)
        comment = f"Agency update accepted: {item.channel.source.code} version {item.version}"
        item.written_digest = apply_text(article, story, user, comment)
        item.outcome = f"Accepted by {user.get_username()}."
        item.save(update_fields=["written_digest", "outcome"])
        pending.accepted_by, pending.accepted_at = user, timezone.now()
        pending.save(update_fields=["accepted_by", "accepted_at"])
    return article


def dismiss(pending, user):
    pending.dismissed_by, pending.dismissed_at = user, timezone.now()
    pending.save(update_fields=["dismissed_by", "dismissed_at"])
    item = pending.wire_item
    item.outcome = f"Dismissed by {user.get_username() if user else 'a newer version'}."
    item.save(update_fields=["outcome"])
