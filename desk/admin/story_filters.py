"""The story list's filters: by state, and whose (mine, sent back to me, assigned to me),
which the desk's start page links to (desk/site.py)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
)
from desk import site


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("In review")),
            ("approved", _("Approved")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published (live)")),
            ("unpublished", _("Unpublished")),
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


class WhoseFilter(admin.SimpleListFilter):
    title = _("whose")
    parameter_name = "whose"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("Written by me")),
            ("sent_back", _("Sent back to me")),
            ("assigned", _("Assigned to me for review")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "mine":
                return queryset.filter(created_by=request.user)
            case "sent_back":
                return site.sent_back_to(request.user, queryset)
            case "assigned":
                return queryset.filter(assignee=request.user)
        return queryset
