"""The wire desk in the admin: channels, incoming items (take, spike) and pending updates.

Take: writers and editors (``wire.take_wireitem``); spike: editors
(``wire.spike_wireitem``); accepting an agency update: those who may edit any story.
Rights are checked in the views, not only by hiding buttons.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from articles.admin.library import NewsroomAdmin
from articles.models import Article
from desk import workflow
from wire import updates
from wire.formats import WireStory
from wire.ingest import make_draft
from wire.models import IngestChannel, PendingUpdate, WireItem
from wire.tasks import poll_channels


@admin.register(IngestChannel)
class IngestChannelAdmin(NewsroomAdmin):
    list_display = ["name", "source", "format", "active", "auto_publish", "last_polled_at",
                    "last_error"]  # fmt: skip
    list_filter = ["active", "format", "source"]
    search_fields = ["name"]
    autocomplete_fields = ["default_section", "default_image"]
    readonly_fields = ["last_polled_at", "last_error"]
    actions = ["poll_selected"]

    @admin.action(
        description=gettext_lazy("Poll the selected channels now"), permissions=["change"]
    )
    def poll_selected(self, request, queryset):
        result = poll_channels.enqueue(channel_ids=list(queryset.values_list("pk", flat=True)))
        count = queryset.count()
        messages.info(
            request,
            ngettext(
                "Polling %(count)d channel (%(status)s).",
                "Polling %(count)d channels (%(status)s).",
                count,
            )
            % {"count": count, "status": result.status.label},
        )


class DeskFilter(admin.SimpleListFilter):
    """The desk shows live copy; spiked and failed items are a click away."""

    title = gettext_lazy("show")
    parameter_name = "show"

    def lookups(self, request, model_admin):
        return [("spiked", _("Spiked")), ("failed", _("Failed")), ("all", _("All"))]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("On the desk")
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value in {"spiked", "failed"}:
            return queryset.filter(state=value)
        if value == "all":
            return queryset
        return queryset.filter(state__in=[WireItem.State.NEW, WireItem.State.TAKEN])


@admin.register(WireItem)
class WireDeskAdmin(NewsroomAdmin):
    list_display = ["headline", "channel", "urgency", "received_at", "version", "state",
                    "outcome", "story", "buttons"]  # fmt: skip
    list_filter = [DeskFilter, "channel", "urgency", "received_at"]
    list_select_related = ["channel", "article"]
    search_fields = ["headline", "guid"]
    date_hierarchy = "received_at"
    ordering = ["-received_at", "-pk"]
    fields = ["channel", "guid", "version", "urgency", "headline", "received_at", "state",
              "outcome", "article", "taken_by", "parsed", "raw"]  # fmt: skip
    actions = None

    # Items come only from the ingest; the desk reads, takes and spikes them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Wire desk"), **(extra_context or {})})

    @admin.display(description=gettext_lazy("story"))
    def story(self, obj):
        if obj.article_id is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.get_status_display())

    @admin.display(description="")
    def buttons(self, obj):
        # Buttons of the changelist's own form (it carries the CSRF token), posting elsewhere.
        if obj.state == WireItem.State.FAILED:
            return ""
        take = reverse("admin:wire_wireitem_take", args=[obj.pk])
        spike = reverse("admin:wire_wireitem_spike", args=[obj.pk])
        spike_button = (
            format_html('<button type="submit" formaction="{}">{}</button>', spike, _("Spike"))
            if obj.state != WireItem.State.SPIKED
            else ""
        )
        return format_html(
            '<button type="submit" formaction="{}">{}</button> {}', take, _("Take"), spike_button
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/take/", view(require_POST(self.take_view)),
                 name="wire_wireitem_take"),
            path("<path:object_id>/spike/", view(require_POST(self.spike_view)),
                 name="wire_wireitem_spike"),
            *super().get_urls(),
        ]  # fmt: skip

    def take_view(self, request, object_id):
        if not request.user.has_perm("wire.take_wireitem"):
            raise PermissionDenied
        item = self.object_or_404(request, object_id)
        if item.state == WireItem.State.FAILED:
            messages.error(request, _("A failed item has no story to take."))
            return redirect("admin:wire_wireitem_changelist")
        with transaction.atomic():
            item = (
                WireItem.objects.select_for_update(of=("self",))
                .select_related("channel__source")
                .get(pk=item.pk)
            )
            article = item.article
            if article is None or article.deleted_at is not None:  # deleted, or in the trash
                article = make_draft(item.channel, WireStory.from_json(item.parsed, item.raw))
                item.written_digest = updates.digest(article)
                item.article = article
            if article.created_by_id is None and article.status == Article.Status.DRAFT:
                # Whoever takes wire copy owns the draft: a writer may then edit and submit it.
                article.created_by = request.user
                article.save(update_fields=["created_by", "modified_at"])
            item.state, item.taken_by = WireItem.State.TAKEN, request.user
            item.save(update_fields=["state", "taken_by", "article", "written_digest"])
        messages.success(request, _("Taken: “%(story)s”.") % {"story": article})
        return redirect("admin:articles_article_change", article.pk)

    def spike_view(self, request, object_id):
        if not request.user.has_perm("wire.spike_wireitem"):
            raise PermissionDenied
        item = self.object_or_404(request, object_id)
        item.state = WireItem.State.SPIKED
        item.save(update_fields=["state"])
        messages.success(request, _("Spiked: “%(item)s”.") % {"item": item})
        return redirect("admin:wire_wireitem_changelist")


@admin.register(PendingUpdate)
class PendingUpdateAdmin(NewsroomAdmin):
    list_display = ["article", "version", "reason", "created_at", "status"]
    list_select_related = ["article", "wire_item"]
    search_fields = ["article__headline"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("agency version"))
    def version(self, obj):
        return obj.wire_item.version

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj):
        if obj.accepted_at:
            return _("Accepted by %(user)s") % {"user": obj.accepted_by}
        if obj.dismissed_at:
            return _("Dismissed")
        return _("Waiting")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The difference the update makes, with Accept and Dismiss."""
        pending = self.object_or_404(request, object_id)
        if not self.has_view_permission(request, pending):
            raise PermissionDenied
        if request.method == "POST":
            return self._decide(request, pending)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Agency update to “%(story)s”") % {"story": pending.article},
            "pending": pending,
            "changes": updates.changes(pending),
            "may_decide": pending.is_open and self._may_decide(request, pending),
            "story_url": reverse("admin:articles_article_change", args=[pending.article_id]),
        }
        return TemplateResponse(request, "admin/wire/pendingupdate/review.html", context)

    def _may_decide(self, request, pending):
        return request.user.has_perm("wire.change_pendingupdate") and workflow.can_edit(
            request.user, pending.article
        )

    def _decide(self, request, pending):
        if not self._may_decide(request, pending):
            raise PermissionDenied
        if not pending.is_open:
            messages.error(request, _("This update has already been decided."))
        elif "accept" in request.POST:
            updates.accept(pending, request.user)
            messages.success(
                request,
                _("The agency's update is now on “%(story)s”.") % {"story": pending.article},
            )
            return redirect("admin:articles_article_change", pending.article_id)
        elif "dismiss" in request.POST:
            updates.dismiss(pending, request.user)
            messages.success(request, _("Dismissed: the story stays as it is."))
        return redirect("admin:wire_pendingupdate_changelist")
