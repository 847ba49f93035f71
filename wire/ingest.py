"""Agency items into the newsroom: each one a draft story, an update, or a logged failure.

``ingest_document`` reads one file's items, each in a transaction of its own: a bad
item is recorded (a failed WireItem with the reason, and the log) and the others
still come in; nothing half-written is left. ``poll`` does it for every file a
channel offers now (wire.fetch). An agency's translation of an item it sent joins that
item's group of translations (wire.translations).
"""

import hashlib
import logging
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.utils import parse_tags

from articles import editions
from articles.models import Article, ArticleSource, Author, Byline
from articles.text import ascii_slugify
from desk import revisions, workflow
from wire import fetch, formats, translations, updates
from wire.formats import BadItem, WireFormatError
from wire.models import PendingUpdate, WireItem

log = logging.getLogger("wire")

# Enough of a bad file to see what it was, not a copy of a 5 MB one.
KEPT_RAW_CHARS = 100_000
WIRE_USERNAME = "wire"


def poll(channel):
    """Read everything the channel offers now; returns the counts of what happened."""
    counts = Counter()
    errors = []
    try:
        for origin, data in fetch.documents(channel):
            if isinstance(data, fetch.FetchError):
                _failure(channel, str(data), "", origin)
                counts["failed"] += 1
                errors.append(f"{origin}: {data}")
                continue
            file_counts = ingest_document(channel, data, origin)
            if file_counts["failed"]:
                errors.append(f"{origin}: {file_counts['failed']} item(s) could not be read")
            counts += file_counts
    except fetch.FetchError as error:
        log.warning("Channel %s could not be read: %s", channel, error)
        errors.append(str(error))
        counts["unreachable"] += 1
    channel.last_polled_at = timezone.now()
    channel.last_error = "\n".join(errors)[:2000]
    channel.save(update_fields=["last_polled_at", "last_error"])
    return counts


def ingest_document(channel, data, origin="(file)"):
    counts = Counter()
    try:
        items = formats.parse(data, channel.format)
    except WireFormatError as error:
        # Not kept: a document that is not even of its format may be anything a URL
        # answered (an internal page); its digest and size identify it.
        digest = hashlib.sha256(data).hexdigest()
        _failure(channel, f"{error} ({len(data)} bytes, sha256 {digest[:16]})", "", origin)
        counts["failed"] += 1
        return counts
    for item in items:
        if isinstance(item, BadItem):
            _failure(channel, item.reason, item.raw, origin)
            counts["failed"] += 1
            continue
        try:
            with transaction.atomic():
                counts[ingest_story(channel, item)] += 1
        except (ValidationError, DatabaseError) as error:
            _failure(channel, f"{item.guid}: could not be saved ({error})", item.raw, origin)
            counts["failed"] += 1
    return counts


def ingest_story(channel, story):
    """One parsed item in; returns what happened: new, updated, pending, duplicate, stale."""
    earlier = list(
        WireItem.objects.select_for_update(of=("self",))
        .filter(channel=channel, guid=story.guid)
        .exclude(state=WireItem.State.FAILED)
        .select_related("article")
        .order_by("-version")
    )
    if any(e.version == story.version for e in earlier):
        log.info("%s: %s version %s is a duplicate", channel, story.guid, story.version)
        return "duplicate"
    if earlier and earlier[0].version > story.version:
        log.info("%s: %s version %s is older than one we have", channel, story.guid, story.version)
        return "stale"
    item = WireItem(
        channel=channel,
        guid=story.guid,
        version=story.version,
        urgency=story.urgency,
        headline=story.headline[:250],
        raw=story.raw,
        parsed=story.as_json(),
        translation_of=story.translation_of,
    )
    written = next((e for e in earlier if e.written_digest and e.article_id), None)
    if written is None:
        return _new_story(channel, story, item)
    article = written.article
    item.article = article
    comment = f"Agency update: {channel.source.code} version {story.version}"
    if updates.untouched_draft(article, written.written_digest):
        item.written_digest = updates.apply_text(article, story, None, comment)
        item.outcome = "Updated the draft."
        item.save()
        return "updated"
    reason = (
        "an editor has changed the story since the wire wrote it"
        if article.status == Article.Status.DRAFT
        else f"the story is {article.state_label.lower()}"
    )
    item.outcome = f"Waiting for an editor: {reason}."
    item.save()
    # A newer version replaces an older one still waiting.
    for older in PendingUpdate.objects.filter(article=article, accepted_at=None, dismissed_at=None):
        updates.dismiss(older, None)
    PendingUpdate.objects.create(article=article, wire_item=item, reason=reason[:200])
    return "pending"


def _new_story(channel, story, item):
    placement = translations.place(channel, story, draft_language(story))
    article = make_draft(channel, story, placement)
    item.article = article
    item.written_digest = updates.digest(article)
    item.outcome = "Made a draft."
    notes = [*story.notes, *placement.notes]
    if notes:
        item.outcome += " " + " ".join(notes)
    # A second story in an edition of its group waits for an editor to choose.
    if channel.auto_publish and not placement.kept_apart:
        item.outcome += " " + _auto_publish(article)
    item.save()
    return "new"


def draft_language(story):
    # The item's language decides its edition; one the newsroom does not publish in
    # comes in under the default, for an editor to see.
    return (editions.matching(story.language) or editions.default()).code


def make_draft(channel, story, placement=None):
    """A draft story from the item, with the agency as its source and its byline kept,
    in the group of translations of the item it translates (``placement``: where
    wire.translations places it) and joined by the translations that came before it."""
    language = draft_language(story)
    if placement is None:
        placement = translations.place(channel, story, language)
    article = Article(
        headline=story.headline[:250],
        slug=Article.free_slug(story.headline, fallback="wire-story"),
        section=channel.default_section,
        standfirst=story.standfirst,
        body=story.body_html,
        embargo_until=story.embargo,
        hero_image=channel.default_image,
        status=Article.Status.DRAFT,
        language=language,
        original=placement.original,
        translated_from=placement.translated_from,
    )
    article.full_clean(exclude=["slug", "body"])
    article.save()
    ArticleSource.objects.create(article=article, source=channel.source)
    author = _agency_author(channel, story.byline)
    if author is not None:
        Byline.objects.create(article=article, author=author)
    tags = [*parse_tags(channel.default_tags), *story.subjects]
    if tags:
        article.tags.add(*tags)
    revisions.record(
        article, None, f"From the wire: {channel.source.code} {story.guid} version {story.version}"
    )
    placement.notes += translations.adopt_waiting(channel, story.guid, article)
    return article


def _agency_author(channel, byline):
    """The named writer of agency copy, found or added; none for the agency's own name."""
    name = " ".join(byline.split())
    if name.lower().startswith("by "):
        name = name[3:].strip()
    source = channel.source
    if not name or name.casefold() in {source.code.casefold(), source.name.casefold()}:
        return None
    author = Author.objects.filter(name__iexact=name[:120]).first()
    if author is None:
        base = ascii_slugify(name, max_length=110) or "agency-writer"
        slug, number = base, 1
        while Author.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        author = Author.objects.create(name=name[:120], slug=slug, role=f"{source.name}")
    return author


def _auto_publish(article):
    """Publish through the workflow, as the wire's own account; embargoed copy is scheduled
    for its embargo time. Returns what happened, for the desk."""
    missing = workflow.still_needed(article)
    if missing:
        return "Not published: it needs " + ", ".join(missing) + "."
    user = wire_user()
    at = (
        article.embargo_until
        if article.embargo_until and article.embargo_until > timezone.now()
        else None
    )
    try:
        workflow.submit(article, user)
        workflow.approve(article, user)
        workflow.publish(article, user, at=at)
    except (workflow.WorkflowError, PermissionDenied) as error:
        # PermissionDenied: a person's account took the name "wire" first.
        return f"Not published: {error}"
    return "Scheduled for its embargo." if at else "Published."


def wire_user():
    """The account auto-publication is recorded under: it cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username=WIRE_USERNAME, defaults={"is_staff": False, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="articles",
                codename__in=["edit_any_article", "submit_article", "review_article",
                              "publish_article"],
            )
        )  # fmt: skip
    return user


def _failure(channel, reason, raw, origin):
    """Keep a bad input once, with its reason: a folder reread does not repeat it."""
    # Text columns cannot hold NUL (PostgreSQL refuses it): a UTF-16 file read as UTF-8 has many.
    raw = raw[:KEPT_RAW_CHARS].replace("\x00", "\ufffd")
    reason = reason.replace("\x00", "\ufffd")
    guid = "failed:" + hashlib.sha256(f"{origin}\x00{raw}\x00{reason}".encode()).hexdigest()
    _, created = WireItem.objects.get_or_create(
        channel=channel,
        guid=guid,
        version=1,
        defaults={
            "state": WireItem.State.FAILED,
            "outcome": f"{origin}: {reason}"[:2000],
            "headline": f"Could not be read: {origin}"[:250],
            "raw": raw,
        },
    )
    if created:
        log.warning("Channel %s, %s: skipped: %s", channel, origin, reason)
