"""The story desk: writing, curating and moving stories through the workflow.

Who may do what is decided in ``desk.workflow`` (``can_edit``, ``can``);
this module only asks it, on every request, and hides what a user may not use.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from articles.admin.library import NewsroomAdmin, thumbnail
from articles.admin.tagging import StoryTaggingMixin
from articles.models import (
    Article,
    ArticleSource,
    Byline,
    EditorialNote,
    ExplorePick,
    RelatedItem,
)
from articles.weblinks import web_address
from desk import workflow
from desk.admin.autosave import AutosaveMixin
from desk.admin.history import RevisionsMixin
from desk.admin.previews import PreviewLinksMixin
from desk.admin.related_report import RelatedLinksReportMixin
from desk.admin.trash import TrashMixin
from desk.times import desk_time

# The story's own words and facts: only those who may edit the story change them.
TEXT_FIELDS = [
    "section", "kind", "headline", "slug", "standfirst", "body",
    "hero_image", "hero_caption", "embargo_until",
]  # fmt: skip


def may_curate(user, article):
    return workflow.can_edit(user, article) or user.has_perm("articles.curate_article")


class StoryPartInline:
    """An inline that follows the story's rules: editable only by who may edit the story."""

    def may_change(self, request, obj):
        return workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_change(request, obj)


class CuratedInline(StoryPartInline):
    """Related links and Explore picks: producers look after them too."""

    def may_change(self, request, obj):
        return may_curate(request.user, obj)


class BylineInline(StoryPartInline, admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "byline (in order)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "article")


class ArticleSourceInline(StoryPartInline, admin.TabularInline):
    model = ArticleSource
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "source"
    verbose_name_plural = "sources (agencies whose copy this carries)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "article")


class RelatedItemInline(CuratedInline, admin.StackedInline):
    model = RelatedItem
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = [("kind", "after_block"), "target", ("url", "title")]
    # The model's own http(s)-only rule, with its message, in the form too.
    formfield_overrides = {models.URLField: {"validators": [web_address]}}
    verbose_name = "READ MORE link or Recommended story"
    verbose_name_plural = "in the body: READ MORE links and Recommended stories"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target", "article")


class ExplorePickInline(CuratedInline, admin.TabularInline):
    model = ExplorePick
    fk_name = "article"
    extra = 0
    max_num = settings.NEWSROOM_EXPLORE_SIZE
    autocomplete_fields = ["picked"]
    verbose_name = "story"
    verbose_name_plural = "Explore: editors' picks, lowest position first (the rest fills up)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["help_text"] = (
                "1 shows first, then 2 …; after the picks come stories sharing tags, then "
                "from the same section, then the latest."
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # max_num only hides "Add another"; validate_max makes the server refuse extra rows.
        return super().get_formset(request, obj, validate_max=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("picked", "article")


class EditorialNoteInline(admin.TabularInline):
    """Internal notes: a thread added to with the story form; never shown to readers."""

    model = EditorialNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    verbose_name = "editorial note"
    verbose_name_plural = "editorial notes (internal, never public)"
    formfield_overrides = {
        # A note is a line or two, not a page.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: added, not rewritten

    def has_delete_permission(self, request, obj=None):
        return False


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("approved", "Approved"),
            ("scheduled", "Scheduled"),
            ("live", "Published (live)"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        S = Article.Status
        match self.value():
            case "scheduled":
                return queryset.filter(status=S.PUBLISHED, published_at__gt=now)
            case "live":
                return queryset.published()
            case "draft" | "review" | "approved" | "unpublished" as state:
                return queryset.filter(status=state)
        return queryset


class EditConflict(Exception):
    """Someone saved the story between this form's validation and its save."""


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [*TEXT_FIELDS, "tags", "version"]  # the admin's fieldsets decide what is shown
        widgets = {"version": forms.HiddenInput}

    def clean(self):
        cleaned = super().clean()
        self.check_version(cleaned)
        embargo = cleaned.get("embargo_until")
        instance = self.instance
        if (
            embargo
            and instance.status == Article.Status.PUBLISHED
            and instance.published_at
            and embargo > instance.published_at
        ):
            self.add_error(
                "embargo_until",
                "This story is already published; an embargo after its publication time cannot "
                "hold. Unpublish it first.",
            )
        return cleaned

    def check_version(self, cleaned):
        """Refuse a save that started from an older version: nothing of the other save is lost.

        The form keeps this user's text; the message says who saved meanwhile and what
        the saved story now says, so they can merge and save again.
        """
        if not self.instance.pk or "version" not in self.fields:
            return
        current = Article.objects.filter(pk=self.instance.pk).first()
        if current is None or cleaned.get("version") == current.version:
            return
        changed = [
            (self.fields[name].label or name, getattr(current, name))
            for name in ["headline", "standfirst", "body"]
            if name in self.fields and (cleaned.get(name) or "") != (getattr(current, name) or "")
        ]
        who = last_saved_by(current)
        lines = format_html_join(
            "", "<li><strong>{}</strong> now reads: {}</li>",
            ((label, strip_tags(value)[:600] or "(empty)") for label, value in changed),
        )  # fmt: skip
        self.add_error(
            None,
            format_html(
                "Someone else saved this story while you were editing it{}. Nothing has been "
                "overwritten: your text is kept below. Merge in what changed and save again."
                "{}",
                f" ({who})" if who else "",
                format_html("<ul>{}</ul>", lines) if changed else "",
            ),
        )
        # Saving again after merging is a decision made with the other save in view.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current.version)


class TransitionForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), required=False)

    def __init__(self, *args, action, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = action.note_required
        if action.note_required:
            self.fields["note"].help_text = "Required: tell the writer what to change."
        if action.name == "publish":
            self.fields["at"] = forms.SplitDateTimeField(
                label="Publication time",
                required=False,
                widget=admin.widgets.AdminSplitDateTime,
                help_text="Leave empty to publish now; a future time schedules the story.",
                initial=article.embargo_until,
            )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    due = forms.SplitDateTimeField(
        required=False, widget=admin.widgets.AdminSplitDateTime, label="Due by"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers()


def last_saved_by(article):
    """Who saved the story last and when, from its revisions ("" when unknown)."""
    import reversion
    from reversion.models import Version

    if not reversion.is_registered(Article):
        return ""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    if version is None:
        return ""
    revision = version.revision
    user = revision.user.get_username() if revision.user else "someone"
    return f"{user}, {desk_time(revision.date_created)}"


def reviewers():
    """Active staff who hold the right to review (through a role or directly)."""
    right = Permission.objects.get(content_type__app_label="articles", codename="review_article")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=right) | Q(user_permissions=right))
        .distinct()
        .order_by("username")
    )


@admin.register(Article)
class ArticleAdmin(
    StoryTaggingMixin,
    RevisionsMixin,
    AutosaveMixin,
    PreviewLinksMixin,
    RelatedLinksReportMixin,
    TrashMixin,
    NewsroomAdmin,
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline", "section", "byline", "kind", "state", "published_at", "assignee",
        "hero_thumbnail",
    ]  # fmt: skip
    list_filter = [StateFilter, "kind", "section", "assignee", "published_at"]
    list_select_related = ["section", "hero_image", "assignee"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "hero_image"]
    inlines = [
        BylineInline, ArticleSourceInline, RelatedItemInline, ExplorePickInline,
        EditorialNoteInline,
    ]  # fmt: skip
    actions = [
        "submit_selected", "approve_selected", "publish_selected", "unpublish_selected",
        "add_tag_selected", "remove_tag_selected", "delete_selected",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["section", "kind", "headline", "slug", "standfirst", "body",
                           "reading_time", "version"]}),
        ("Picture", {"fields": ["hero_image", "hero_preview", "hero_caption"]}),
        ("Tags", {"fields": ["tags"]}),
        ("Publication", {"fields": ["state", "published_at", "embargo_until", "updated_at",
                                    "created_by", "review"]}),
        ("Timeline", {"fields": ["timeline"], "classes": ["collapse"]}),
    ]  # fmt: skip
    # State and times move only through the workflow's buttons and actions; the update
    # time follows the last correction or update note.
    always_read_only = [
        "state", "published_at", "updated_at", "created_by", "review", "timeline",
        "hero_preview", "reading_time", "body_text",
    ]  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    # --- who may do what ------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_curate(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        # A published story's slug may change: its old address redirects (articles.redirects).
        fields = list(self.always_read_only)
        if not workflow.can_edit(request.user, obj):
            fields += TEXT_FIELDS
            if obj is None or not may_curate(request.user, obj):
                fields.append("tags")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if workflow.can_edit(request.user, obj):
            return fieldsets
        # Those who may not edit the text read it as text, not as HTML source.
        return [
            (name, {**options, "fields": ["body_text" if f == "body" else f
                                          for f in options["fields"]]})
            for name, options in fieldsets
        ]  # fmt: skip

    @admin.display(description="body")
    def body_text(self, obj):
        # Stored bodies are sanitised on every write, so they may be drawn as they are.
        return format_html('<div class="newsroom-body">{}</div>', mark_safe(obj.body))

    def get_prepopulated_fields(self, request, obj=None):
        # The admin's script fills the slug only while it has never been saved.
        if workflow.can_edit(request.user, obj):
            return {"slug": ["headline"]}
        return {}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.status = Article.Status.DRAFT  # every story starts as a draft
            obj.version = 1
        elif "version" in form.cleaned_data:
            # Claim the next version in the same UPDATE that checks it: of two saves that
            # started from one version, exactly one gets through, on any database.
            started_from = form.cleaned_data["version"]
            claimed = Article.objects.filter(pk=obj.pk, version=started_from).update(
                version=started_from + 1
            )
            if not claimed:
                raise EditConflict
            obj.version = started_from + 1
            # Write only what this form edits: a workflow step or assignment that lands
            # during the request (state, times, reviewer) must not be written back over.
            owned = [
                f.name
                for f in Article._meta.concrete_fields
                if f.name in form.cleaned_data and f.name != "version"
            ]
            obj.save(update_fields=[*owned, "version", "modified_at"])
            return
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Lost the race after validating (the transaction was rolled back): validate
            # again, which now shows the conflict with this user's text kept in the form.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is EditorialNote:
            for note in formset.save(commit=False):
                note.author = request.user
                note.save()
            return
        super().save_formset(request, form, formset, change)

    # --- columns and read-only fields ----------------------------------------
    @admin.display(description="byline")
    def byline(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all()) or "—"

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            when = desk_time(obj.published_at)
            return f"Scheduled for {when}"
        return obj.get_status_display()

    @admin.display(description="review")
    def review(self, obj):
        if not obj.assignee_id:
            return "—"
        due = obj.review_due
        return f"{obj.assignee.get_username()}" + (f", due {desk_time(due)}" if due else "")

    @admin.display(description="timeline")
    def timeline(self, obj):
        if not obj.pk:
            return "—"
        rows = obj.transitions.select_related("user").order_by("at", "pk")
        if not rows:
            return "No changes of state yet."
        return format_html(
            '<ol class="newsroom-timeline">{}</ol>',
            format_html_join(
                "",
                "<li><time datetime='{}'>{}</time> — <strong>{}</strong>: {} → {}{}</li>",
                (
                    (
                        t.at.isoformat(),
                        desk_time(t.at),
                        t.user.get_username() if t.user else "someone",
                        t.get_from_status_display(),
                        t.get_to_status_display(),
                        format_html(" — “{}”", t.note) if t.note else "",
                    )
                    for t in rows
                ),
            ),
        )

    @admin.display(description="image")
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image, size=60)

    @admin.display(description="preview")
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image, size=300)

    @admin.display(description="reading time")
    def reading_time(self, obj):
        return f"{obj.reading_minutes} min read" if obj.pk else "worked out from the body"

    # --- workflow buttons -----------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/assign/", view(self.assign_view), name="articles_article_assign"
            ),
            path(
                "<path:object_id>/workflow/<str:action>/",
                view(self.transition_view),
                name="articles_article_transition",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
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
            sent_back = obj.transitions.filter(action="send_back").select_related("user").last()
            if (
                obj.status == Article.Status.DRAFT
                and sent_back
                and sent_back == obj.transitions.last()
            ):
                context["sent_back"] = sent_back
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, object_id, action):
        article = self.object_or_404(request, object_id)
        if action not in workflow.ACTIONS or not self.has_view_permission(request, article):
            raise PermissionDenied
        step = workflow.ACTIONS[action]
        # Only the right is checked here: a story whose state moved on (a button pressed
        # twice, two editors at once) gets the workflow's readable refusal on the form.
        if not request.user.has_perm(step.permission):
            raise PermissionDenied
        if article.status not in step.sources:
            messages.error(
                request,
                f"“{step.label}” is not possible: the story is {article.state_label.lower()}.",
            )
            return redirect("admin:articles_article_change", article.pk)
        if not workflow.can(request.user, action, article):
            raise PermissionDenied  # the right, but not for this story (a writer's own only)
        data = request.POST if request.method == "POST" else None
        form = TransitionForm(data, action=step, article=article)
        if request.method == "POST" and form.is_valid():
            try:
                run = getattr(workflow, action)
                if action == "publish":
                    run(article, request.user, at=form.cleaned_data.get("at"),
                        note=form.cleaned_data["note"])  # fmt: skip
                else:
                    run(article, request.user, note=form.cleaned_data["note"])
            except workflow.WorkflowError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    f"“{article}”: {step.label.lower()} — now {article.state_label.lower()}.",
                )
                return redirect("admin:articles_article_change", article.pk)
        missing = workflow.missing_for_publication(article) if action == "publish" else []
        return self._workflow_page(request, article, step.label, form, missing=missing)

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
                messages.success(request, f"“{article}” assigned to {article.assignee}.")
                return redirect("admin:articles_article_change", article.pk)
        return self._workflow_page(request, article, "Assign a reviewer", form)

    def _workflow_page(self, request, article, title, form, missing=()):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{title}: {article}",
            "article": article,
            "form": form,
            "media": self.media + form.media,
            "missing": missing,
            "action_title": title,
        }
        return TemplateResponse(request, "admin/articles/article/workflow.html", context)

    # --- bulk actions ---------------------------------------------------------
    def _bulk(self, request, queryset, action, **kwargs):
        done, refused = 0, []
        run = getattr(workflow, action)
        for article in queryset:
            try:
                run(article, request.user, **kwargs)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as refusal:
                refused.append(f"“{article}”: {refusal}")
        if done:
            messages.success(request, f"{workflow.ACTIONS[action].label}: {done} stories.")
        for line in refused:
            messages.error(request, line)

    @admin.action(description="Submit selected stories for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Approve selected stories", permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Unpublish selected stories", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def has_review_permission(self, request):
        return request.user.has_perm("articles.review_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")
