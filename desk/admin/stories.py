"""The story desk: writing, curating and moving stories through the workflow.

Who may do what is decided in ``desk.workflow`` (``can_edit``, ``can``);
this module only asks it, on every request, and hides what a user may not use.
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import editions
from articles.admin.library import NewsroomAdmin, live_preview, thumbnail
from articles.admin.tagging import StoryTaggingMixin
from articles.models import (
    Article,
    Byline,
    EditorialNote,
)
from desk import locking, related_blocks, workflow
from desk.admin.autosave import AutosaveMixin
from desk.admin.history import RevisionsMixin
from desk.admin.previews import PreviewLinksMixin
from desk.admin.related_report import RelatedLinksReportMixin
from desk.admin.story_filters import StateFilter, WhoseFilter
from desk.admin.story_forms import TEXT_FIELDS, ArticleForm
from desk.admin.story_inlines import (
    ArticleSourceInline,
    BylineInline,
    EditorialNoteInline,
    ExplorePickInline,
    RelatedItemInline,
    may_curate,
)
from desk.admin.story_screen import StoryScreenMixin
from desk.admin.story_workflow import WorkflowAdminMixin
from desk.admin.translations import TranslationsMixin
from desk.admin.trash import TrashMixin
from desk.times import desk_time


@admin.register(Article)
class ArticleAdmin(
    StoryScreenMixin,
    WorkflowAdminMixin,
    StoryTaggingMixin,
    RevisionsMixin,
    AutosaveMixin,
    PreviewLinksMixin,
    RelatedLinksReportMixin,
    TrashMixin,
    TranslationsMixin,
    NewsroomAdmin,
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline", "section", "byline", "kind", "state", "publication", "assignee",
        "hero_thumbnail",
    ]  # fmt: skip
    list_filter = [StateFilter, WhoseFilter, "kind", "section", "assignee", "published_at"]
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
    # In reading order. Each fieldset's ``story-…`` class says where the story screen puts
    # it (desk/admin/story_screen.py): the writing column, its panel, or "More".
    fieldsets = [
        (None, {"fields": [("section", "kind"), "headline", "standfirst", "version"],
                "classes": ["story-heading"]}),
        (None, {"fields": [("hero_image", "hero_preview", "hero_caption")],
                "classes": ["story-picture"]}),
        (None, {"fields": ["body"], "classes": ["story-body"]}),
        (gettext_lazy("Tags"), {"fields": ["tags"], "classes": ["story-tags"]}),
        (None, {"fields": ["embargo_until"], "classes": ["story-publication"]}),
        (gettext_lazy("More"), {"fields": ["slug", "created_by", "updated_at"],
                                "classes": ["collapse", "story-more"]}),
        (gettext_lazy("Timeline"), {"fields": ["timeline"], "classes": ["collapse", "story-more"]}),
    ]  # fmt: skip
    # State and times move only through the workflow's buttons and actions; the update
    # time follows the last correction or update note.
    always_read_only = [
        "state", "published_at", "updated_at", "created_by", "review", "timeline",
        "hero_preview", "body_text",
    ]  # fmt: skip

    class Media:
        # The picture's preview follows the picture chosen (hero_preview).
        js = ["admin/js/vendor/jquery/jquery.min.js", "admin/js/jquery.init.js",
              "admin/js/image_preview.js"]  # fmt: skip

    def get_urls(self):
        """Every address of the story desk beyond the admin's own, in one place; each
        screen's views live in its mixin."""
        view = self.admin_site.admin_view
        return [
            *self.story_screen_urls(view),
            *self.workflow_urls(view),
            *self.bulk_tag_urls(view),
            *self.revision_urls(view),
            *self.autosave_urls(view),
            *self.preview_link_urls(view),
            *self.related_report_urls(view),
            *self.trash_urls(view),
            *self.translation_urls(view),
            *super().get_urls(),
        ]

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
        if editions.several():
            # Which edition the story is written for, on the line of its section and kind.
            def with_language(line):
                return (*line, "language") if isinstance(line, tuple) and "kind" in line else line

            fieldsets = [
                (name, {**options, "fields": [with_language(f) for f in options["fields"]]})
                for name, options in fieldsets
            ]
        if workflow.can_edit(request.user, obj):
            return fieldsets
        # Those who may not edit the text read it as text, not as HTML source.
        return [
            (name, {**options, "fields": ["body_text" if f == "body" else f
                                          for f in options["fields"]]})
            for name, options in fieldsets
        ]  # fmt: skip

    @admin.display(description=gettext_lazy("body"))
    def body_text(self, obj):
        # With its READ MORE and Recommended links in place (they are not in the body).
        return format_html(
            '<div class="newsroom-body" lang="{}" dir="{}">{}</div>',
            obj.edition.code,
            obj.edition.direction,
            related_blocks.read_only_body(obj),
        )

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
            # Of two saves that started from one version, exactly one gets through.
            locking.claim(obj, form.cleaned_data["version"])
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
        except locking.EditConflict:
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
    @admin.display(description=gettext_lazy("byline"))
    def byline(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all()) or "—"

    @admin.display(description=gettext_lazy("state"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return _("Scheduled for %(time)s") % {"time": desk_time(obj.published_at)}
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("review"))
    def review(self, obj):
        if not obj.assignee_id:
            return "—"
        who, due = obj.assignee.get_username(), obj.review_due
        if due:
            return _("%(reviewer)s, due %(time)s") % {"reviewer": who, "time": desk_time(due)}
        return who

    @admin.display(description=gettext_lazy("timeline"))
    def timeline(self, obj):
        if not obj.pk:
            return "—"
        rows = obj.transitions.select_related("user").order_by("at", "pk")
        if not rows:
            return _("No changes of state yet.")
        return format_html(
            '<ol class="newsroom-timeline">{}</ol>',
            format_html_join(
                "",
                "<li><time datetime='{}'>{}</time> — <strong>{}</strong>: {} → {}{}</li>",
                (
                    (
                        t.at.isoformat(),
                        desk_time(t.at),
                        t.user.get_username() if t.user else _("someone"),
                        t.get_from_status_display(),
                        t.get_to_status_display(),
                        format_html(" — “{}”", t.note) if t.note else "",
                    )
                    for t in rows
                ),
            ),
        )

    @admin.display(description=gettext_lazy("image"))
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image, size=60)

    @admin.display(description=gettext_lazy("preview"))
    def hero_preview(self, obj):
        # Redrawn as soon as another picture is chosen or uploaded (image_preview.js).
        return live_preview(obj.hero_image, "id_hero_image")
