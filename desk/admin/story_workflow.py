"""The story admin's workflow screens: a step's page (its note, its time), the reviewer's
assignment, and the list's bulk actions. Every step goes through ``desk.workflow.run``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import (
    Article,
)
from articles.text import and_list
from desk import autosave, workflow
from desk.admin.story_forms import AssignForm, TransitionForm
from desk.times import desk_time, zone_label
from desk.words import in_sentence


class WorkflowAdminMixin:
    """The story admin's workflow views and actions (its addresses: ``workflow_urls``)."""

    def workflow_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        return [
            path(
                "<path:object_id>/assign/", view(self.assign_view), name="articles_article_assign"
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                view(self.transition_view),
                name="articles_article_transition",
            ),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["save_and_step"] = SAVE_AND_STEP
        if obj is None and self.has_submit_permission(request):
            # A new story is the writer's own draft: it may be saved and submitted at once.
            context["workflow_actions"] = [(workflow.ACTIONS["submit"], None)]
        if obj is not None:
            context["workflow_actions"] = [
                (action, reverse("admin:articles_article_transition", args=[obj.pk, action.name]))
                for action in workflow.available(request.user, obj)
            ]
            if request.user.has_perm("articles.assign_article") and (
                obj.status == Article.Status.IN_REVIEW
            ):
                context["assign_url"] = reverse("admin:articles_article_assign", args=[obj.pk])
            context["state_label"] = self.state(obj)
            context["publish_step"] = publish_step(request.user, obj)
            sent_back = obj.transitions.filter(action="send_back").select_related("user").last()
            if (
                obj.status == Article.Status.DRAFT
                and sent_back
                and sent_back == obj.transitions.last()
            ):
                context["sent_back"] = sent_back
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- a step taken with the story's own Save (the panel's step buttons) -----------------
    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._step_after_save(request, obj) or response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        return self._step_after_save(request, obj) or response

    def _step_after_save(self, request, article):
        """After a save whose button was a step (``_step``): take it, as its own page would,
        and come back to the story. The text is saved whatever the step's answer."""
        name = request.POST.get("_step")
        if not name or "_popup" in request.POST:
            return None
        if name == "publish":
            return self._publish_after_save(request, article)
        step = workflow.ACTIONS.get(name)
        if name not in SAVE_AND_STEP or not request.user.has_perm(step.permission):
            raise PermissionDenied
        if not workflow.state_allows(step, article):
            messages.error(request, workflow.not_possible(step, article))
        elif not workflow.can(request.user, name, article):
            raise PermissionDenied
        else:
            try:
                workflow.run(name, article, request.user)
            except workflow.WorkflowError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, done_message(step, article))
                warn_still_needed(request, step, article)
        return redirect("admin:articles_article_change", article.pk)

    def _publish_after_save(self, request, article):
        """The panel's "Publish now / at a time": from Approved, or from In review by an
        editor who may approve it too, both steps or neither."""
        offered = publish_step(request.user, article)
        step = workflow.ACTIONS["publish"]
        if offered is None:
            if not request.user.has_perm(step.permission):
                raise PermissionDenied
            # Its state moved on (published meanwhile, say): the text is saved.
            messages.error(request, workflow.not_possible(step, article))
            return redirect("admin:articles_article_change", article.pk)
        form = TransitionForm(
            request.POST, action=workflow.ACTIONS["publish"], article=article, prefix="publish"
        )
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, _("Saved, not published: %(why)s") % {"why": error})
            return redirect("admin:articles_article_change", article.pk)
        try:
            with transaction.atomic():  # approved and published, or neither
                if offered["approving"]:
                    workflow.approve(article, request.user)
                workflow.publish(article, request.user, at=form.cleaned_data.get("at"))
        except workflow.WorkflowError as refusal:
            article.refresh_from_db(fields=["status", "published_at", "modified_at"])
            messages.error(request, _("Saved, not published: %(why)s") % {"why": refusal})
        else:
            messages.success(request, done_message(step, article))
        return redirect("admin:articles_article_change", article.pk)

    def transition_view(self, request, object_id, action):
        article = self.object_or_404(request, object_id)
        if action not in workflow.ACTIONS or not self.has_view_permission(request, article):
            raise PermissionDenied
        step = workflow.ACTIONS[action]
        # Only the right is checked here: a story whose state moved on (a button pressed
        # twice, two editors at once) gets the workflow's readable refusal on the form.
        if not request.user.has_perm(step.permission):
            raise PermissionDenied
        if not workflow.state_allows(step, article):
            messages.error(request, workflow.not_possible(step, article))
            return redirect("admin:articles_article_change", article.pk)
        if not workflow.can(request.user, action, article):
            raise PermissionDenied  # the right, but not for this story (a writer's own only)
        data = request.POST if request.method == "POST" else None
        form = TransitionForm(data, action=step, article=article)
        explained = workflow.what_it_does(action, article)  # said before the step changes it
        if request.method == "POST" and form.is_valid():
            was_scheduled_for = article.published_at if article.is_scheduled else None
            try:
                workflow.run(
                    action,
                    article,
                    request.user,
                    note=form.cleaned_data["note"],
                    at=form.cleaned_data.get("at"),
                )
            except workflow.WorkflowError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, done_message(step, article, was_scheduled_for))
                autosave.end_presence(request.user, article)  # the step page left the form
                warn_still_needed(request, step, article)
                return redirect("admin:articles_article_change", article.pk)
        missing = workflow.still_needed(article) if action in CHECKED_STEPS else []
        return self._workflow_page(
            request,
            article,
            step.label,
            form,
            missing=missing,
            explained=explained,
            step_name=action,
        )

    def assign_view(self, request, object_id):
        article = self.object_or_404(request, object_id)
        if not request.user.has_perm("articles.assign_article"):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = AssignForm(data, initial={"reviewer": article.assignee_id})
        if request.method == "POST" and form.is_valid():
            try:
                workflow.assign(article, request.user, form.cleaned_data["reviewer"],
                                form.cleaned_data["due"])  # fmt: skip
            except workflow.WorkflowError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("“%(story)s” assigned to %(reviewer)s.")
                    % {"story": article, "reviewer": article.assignee},
                )
                return redirect("admin:articles_article_change", article.pk)
        return self._workflow_page(request, article, _("Assign a reviewer"), form)

    def _workflow_page(self, request, article, title, form, missing=(), explained="", step_name=""):
        times = any(isinstance(field, forms.SplitDateTimeField) for field in form.fields.values())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(step)s: %(story)s") % {"step": title, "story": article},
            "article": article,
            "form": form,
            "media": self.media + form.media,
            "missing": missing,
            # Submitting goes ahead with a warning; approving and publishing wait.
            "missing_blocks": step_name != "submit",
            "action_title": title,
            "explained": explained,
            "step_name": step_name,
            # Where a time is typed or an embargo read, the zone it is in is named.
            "zone": zone_label() if times or article.embargo_until else "",
            "embargo": desk_time(article.embargo_until),
        }
        return TemplateResponse(request, "admin/articles/article/workflow.html", context)

    @admin.display(description=gettext_lazy("published at"), ordering="published_at")
    def publication(self, obj):
        """The story list's time column, as the desk writes a time everywhere."""
        return desk_time(obj.published_at) or "—"

    # --- bulk actions ---------------------------------------------------------
    def _bulk(self, request, queryset, action, **kwargs):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.run(action, article, request.user, **kwargs)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as refusal:
                refused.append(f"“{article}”: {refusal}")
            else:
                warn_still_needed(request, workflow.ACTIONS[action], article)
        if done:
            messages.success(
                request,
                ngettext("%(step)s: %(count)d story.", "%(step)s: %(count)d stories.", done)
                % {"step": workflow.ACTIONS[action].label, "count": done},
            )
        for line in refused:
            messages.error(request, line)

    @admin.action(
        description=gettext_lazy("Submit selected stories for review"), permissions=["submit"]
    )
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Approve selected stories"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=gettext_lazy("Publish selected stories now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description=gettext_lazy("Unpublish selected stories"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def has_review_permission(self, request):
        return request.user.has_perm("articles.review_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")


# The steps the panel takes with the story's Save, in one click: they need no note and no
# time, and undo nothing. The others (send back, publish, unpublish …) keep their page.
SAVE_AND_STEP = frozenset({"submit", "approve"})


def publish_step(user, article):
    """The panel's publish control for ``user``, or None: for who may publish the story now
    (Approved), or approve and publish it (In review) in one go. Its form has the publish
    page's fields, prefixed, since it sits inside the story's own form."""
    if article.status == Article.Status.IN_REVIEW:
        approving = True
        allowed = workflow.can(user, "approve", article) and user.has_perm(
            workflow.ACTIONS["publish"].permission
        )
    else:
        approving = False
        allowed = workflow.can(user, "publish", article)
    if not allowed:
        return None
    return {
        "approving": approving,
        "form": TransitionForm(
            action=workflow.ACTIONS["publish"], article=article, prefix="publish"
        ),
        "label": _("Approve and publish") if approving else workflow.ACTIONS["publish"].label,
        "zone": zone_label(),
    }


# The steps whose page lists what publishing still needs: submit (a warning; an early
# draft may go in), approve and publish (they refuse until the list is empty).
CHECKED_STEPS = {"submit", "approve", "publish"}


def warn_still_needed(request, step, article):
    """After submitting: what publishing will still need, so nobody learns it at the end."""
    if step.name != "submit":
        return
    missing = workflow.still_needed(article)
    if missing:
        messages.warning(
            request,
            _("“%(story)s” is in review, but publishing will still need %(missing)s.")
            % {"story": article, "missing": and_list(missing)},
        )


def done_message(step, article, was_scheduled_for=None):
    """What a step did, in the desk's words, for the message after it."""
    values = {"story": article, "time": desk_time(article.published_at), "zone": zone_label()}
    if step.name == "publish" and article.is_scheduled:
        return _("“%(story)s” is scheduled: it will be published at %(time)s (%(zone)s).") % values
    if step.name == "publish":
        return _("“%(story)s” is now published (%(time)s).") % values
    if step.name == "cancel_schedule":
        return _(
            "“%(story)s”: schedule cancelled. It is approved again and will not be published "
            "at %(time)s."
        ) % {**values, "time": desk_time(was_scheduled_for)}
    return _("“%(story)s”: %(step)s — now %(state)s.") % {
        "story": article,
        "step": in_sentence(step.label),
        "state": in_sentence(article.state_label),
    }
