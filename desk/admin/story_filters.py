"""The story list's filters."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
)


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
