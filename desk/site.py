"""The admin site, whose start page is the desk: what needs this user's attention now."""

from django.conf import settings
from django.contrib import admin
from django.db.models import OuterRef, Q, Subquery
from django.urls import path
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Transition

S = Article.Status
PANEL_SIZE = 10


def desk(user):
    """The start page's lists for this user, each a few rows, newest or soonest first."""
    stories = Article.objects.select_related("section", "assignee")
    last_action = Subquery(
        Transition.objects.filter(article=OuterRef("pk"))
        .order_by("-at", "-pk")
        .values("action")[:1]
    )
    mine = stories.filter(created_by=user, status=S.DRAFT).annotate(last_action=last_action)
    now = timezone.now()
    panels = [
        (_("Sent back to me"), mine.filter(last_action="send_back").order_by("-modified_at")),
        # A new draft has no transition yet: its last_action is NULL, not "send_back".
        (
            _("My drafts"),
            mine.filter(Q(last_action__isnull=True) | ~Q(last_action="send_back")).order_by(
                "-modified_at"
            ),
        ),  # fmt: skip
        (
            _("Assigned to me for review"),
            stories.filter(assignee=user, status=S.IN_REVIEW).order_by("review_due", "modified_at"),
        ),  # fmt: skip
    ]
    if user.has_perm("articles.review_article"):
        panels.append(
            (_("Waiting for review"), stories.filter(status=S.IN_REVIEW).order_by("modified_at"))
        )
    if user.has_perm("articles.publish_article"):
        panels.append((_("Approved, ready to publish"),
                       stories.filter(status=S.APPROVED).order_by("modified_at")))  # fmt: skip
    panels += [
        (
            _("Scheduled next"),
            stories.filter(status=S.PUBLISHED, published_at__gt=now).order_by("published_at"),
        ),  # fmt: skip
        (_("Published recently"), stories.published().order_by("-published_at")),
    ]
    return [(title, list(rows[:PANEL_SIZE])) for title, rows in panels]


class NewsroomAdminSite(admin.AdminSite):
    # The masthead's name (NEWSROOM_SITE_NAME), "… admin" in the admin's language.
    site_header = format_lazy(gettext_lazy("{site} admin"), site=settings.NEWSROOM_SITE_NAME)
    site_title = settings.NEWSROOM_SITE_NAME
    index_title = gettext_lazy("Newsdesk")

    def get_urls(self):
        from desk.admin.staff import language_view  # it registers admin classes

        return [
            path(
                "language/",
                self.admin_view(lambda request: language_view(request, self)),
                name="language",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_permission(request) and request.user.has_perm("articles.view_article"):
            extra_context["desk"] = desk(request.user)
        return super().index(request, extra_context)
