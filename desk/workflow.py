"""The editorial workflow: every change of a story's state happens here.

    Draft → In review → Approved → Published (Scheduled while its time is to come)
    In review / Approved → Draft (sent back, with a note)
    Scheduled → Approved (its schedule cancelled: no publication time, never seen)
    Published → Unpublished → Draft

Each transition is a plain function that checks the user's right and the
story's state, changes the story, and records who, when, from, to and why.
Views and admin actions call these; nothing else writes ``Article.status``.

What publishing needs is one list, ``still_needed``, asked at every step: submitting
takes an early draft and says what it still needs; approving means "ready to publish",
so it refuses while the list is not empty, as publishing does.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Transition
from articles.text import and_list
from desk import checklist
from desk.times import desk_time
from desk.words import in_sentence

S = Article.Status


class WorkflowError(Exception):
    """The transition is not possible now; the message says why, for the desk."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str
    note_required: bool = False
    # Only while the story's publication time is still to come (Scheduled).
    scheduled_only: bool = False


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "submit",
            gettext_lazy("Submit for review"),
            (S.DRAFT,),
            S.IN_REVIEW,
            "articles.submit_article",
        ),
        Action(
            "approve",
            gettext_lazy("Approve"),
            (S.IN_REVIEW,),
            S.APPROVED,
            "articles.review_article",
        ),
        Action(
            "send_back",
            gettext_lazy("Send back to the writer"),
            (S.IN_REVIEW, S.APPROVED),
            S.DRAFT,
            "articles.review_article",
            note_required=True,
        ),
        Action(
            "publish",
            gettext_lazy("Publish or schedule"),
            (S.APPROVED,),
            S.PUBLISHED,
            "articles.publish_article",
        ),
        Action(
            "cancel_schedule",
            gettext_lazy("Cancel schedule"),
            (S.PUBLISHED,),
            S.APPROVED,
            "articles.publish_article",
            scheduled_only=True,
        ),
        Action(
            "unpublish",
            gettext_lazy("Unpublish"),
            (S.PUBLISHED,),
            S.UNPUBLISHED,
            "articles.publish_article",
        ),
        Action(
            "redraft",
            gettext_lazy("Back to draft"),
            (S.UNPUBLISHED,),
            S.DRAFT,
            "articles.publish_article",
        ),
    ]
}


def is_own(article, user):
    return article.created_by_id is not None and article.created_by_id == user.pk


def can_edit(user, article):
    """May this user change the story's text (headline, body, byline …)?"""
    if not user.is_active:
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    if article is None or article.pk is None:
        return user.has_perm("articles.add_article")
    # Writers: their own stories, while drafts (which includes sent back).
    return (
        user.has_perm("articles.add_article")
        and is_own(article, user)
        and article.status == S.DRAFT
    )


def state_allows(action, article):
    """Does the story's state (Scheduled counting as its own) allow this step?"""
    if article.status not in action.sources:
        return False
    return article.is_scheduled or not action.scheduled_only


def can(user, action_name, article):
    """May ``user`` take this action on this story now? (Right and state; not completeness.)"""
    action = ACTIONS[action_name]
    if not user.is_active or not user.has_perm(action.permission):
        return False
    if not state_allows(action, article):
        return False
    if action_name == "submit" and not user.has_perm("articles.edit_any_article"):
        return is_own(article, user)
    return True


def available(user, article):
    return [action for name, action in ACTIONS.items() if can(user, name, article)]


def still_needed(article):
    """What a story needs before readers may see it, in the desk's words ("a standfirst",
    "alt text on the hero image" …); an empty list when complete. The one list: submit
    warns with it, approve and publish refuse with it, and it is the checklist's blocking
    items (desk/checklist.py), so that the story screen's list always agrees."""
    return checklist.still_needed(article)


def not_possible(action, article):
    """The desk's one refusal of a step the story's state does not allow."""
    return _("“%(step)s” is not possible: the story is %(state)s.") % {
        "step": action.label,
        "state": in_sentence(article.state_label),
    }


def _transition(article, user, action_name, note="", prepare=None):
    """Move the story on; ``prepare(locked)`` checks the locked row and returns field changes."""
    action = ACTIONS[action_name]
    if not can(user, action_name, article):
        if user.has_perm(action.permission) and not state_allows(action, article):
            raise WorkflowError(not_possible(action, article))
        raise PermissionDenied(
            _("You may not take the step “%(step)s” on this story.") % {"step": action.label}
        )
    note = note.strip()
    if action.note_required and not note:
        raise WorkflowError(_("“%(step)s” needs a note saying why.") % {"step": action.label})
    with transaction.atomic():
        # Lock the row, and judge it as it is now: two editors pressing at once, or an
        # embargo set a moment ago, must not both get through.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status != article.status:
            raise WorkflowError(_("Someone else changed this story's state; reload and try again."))
        changes = prepare(locked) if prepare else {}
        from_status = locked.status
        locked.status = action.target
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=["status", "modified_at", *changes])
        Transition.objects.create(
            article=locked,
            action=action_name,
            from_status=from_status,
            to_status=action.target,
            user=user,
            note=note,
        )
    for field in ["status", "modified_at", *changes]:
        setattr(article, field, getattr(locked, field))
    return article


def submit(article, user, note=""):
    return _transition(article, user, "submit", note)


def approve(article, user, note=""):
    """Approve means ready to publish: refused while the story still needs something."""

    def prepare(locked):
        missing = still_needed(locked)
        if missing:
            raise WorkflowError(
                _("Not ready to approve; publishing will still need %(missing)s.")
                % {"missing": and_list(missing)}
            )
        return {}

    return _transition(article, user, "approve", note, prepare)


def send_back(article, user, note):
    return _transition(article, user, "send_back", note)


def publish(article, user, at=None, note=""):
    """Publish now, or schedule for ``at``; refused while incomplete or embargoed."""

    def prepare(locked):
        missing = still_needed(locked)
        if missing:
            raise WorkflowError(
                _("Not ready to publish; it still needs %(missing)s.")
                % {"missing": and_list(missing)}
            )
        now = timezone.now()
        if at is not None and at > now:
            when = at  # scheduled
        elif locked.published_at and locked.published_at <= now:
            when = locked.published_at  # published before: keep its first-publication time
        else:
            when = now
        if locked.embargo_until and when < locked.embargo_until:
            raise WorkflowError(
                _("Embargoed until %(time)s: schedule it for that time or later.")
                % {"time": desk_time(locked.embargo_until)}
            )
        return {"published_at": when}

    return _transition(article, user, "publish", note, prepare)


def cancel_schedule(article, user, note=""):
    """Take a scheduled story back to Approved: no publication time, readers never see it."""

    def prepare(locked):
        if not locked.is_scheduled:
            # Its time came while the editor was deciding.
            raise WorkflowError(
                _("The story went live at %(time)s; unpublish it instead.")
                % {"time": desk_time(locked.published_at)}
            )
        return {"published_at": None}

    return _transition(article, user, "cancel_schedule", note, prepare)


def what_it_does(action_name, article):
    """The step's consequence in a sentence, for its page ("" when the label says it)."""
    if action_name == "cancel_schedule" and article.is_scheduled:
        return _("The story goes back to Approved and will not be published at %(time)s.") % {
            "time": desk_time(article.published_at)
        }
    if action_name == "unpublish" and article.is_scheduled:
        return _(
            "The story goes to Unpublished and will not be published at %(time)s; to keep "
            "it ready for another time, cancel its schedule instead."
        ) % {"time": desk_time(article.published_at)}
    if action_name == "unpublish":
        return _("Readers no longer see the story.")
    return ""


def unpublish(article, user, note=""):
    return _transition(article, user, "unpublish", note)


def redraft(article, user, note=""):
    return _transition(article, user, "redraft", note)


# Every step by its name, for the screens that take one from a button or an action.
STEPS = {
    "submit": submit,
    "approve": approve,
    "send_back": send_back,
    "publish": publish,
    "cancel_schedule": cancel_schedule,
    "unpublish": unpublish,
    "redraft": redraft,
}


def run(action_name, article, user, note="", at=None):
    """Take the step named ``action_name`` (a key of ACTIONS); ``at`` is for publish."""
    if action_name == "publish":
        return publish(article, user, at=at, note=note)
    return STEPS[action_name](article, user, note=note)


def assign(article, user, reviewer, due=None):
    """Ask ``reviewer`` to review the story, optionally by ``due``."""
    if not user.has_perm("articles.assign_article"):
        raise PermissionDenied(_("You may not assign stories."))
    if article.status != S.IN_REVIEW:
        raise WorkflowError(_("Only a story in review can be assigned to a reviewer."))
    if reviewer is not None and not reviewer.has_perm("articles.review_article"):
        raise WorkflowError(
            _("%(user)s cannot review stories.") % {"user": reviewer.get_username()}
        )
    article.assignee, article.review_due = reviewer, due
    article.save(update_fields=["assignee", "review_due", "modified_at"])
    who = reviewer.get_username() if reviewer else "nobody"
    due_text = f", due {desk_time(due)}" if due else ""
    Transition.objects.create(
        article=article,
        action="assign",
        from_status=article.status,
        to_status=article.status,
        user=user,
        note=f"Assigned to {who}{due_text}",
    )
    return article
