"""The admin site, whose start page is the desk: what needs this user's attention now.

Each of the desk's lists says how many stories it holds and the next step for them, as
a link to the story list filtered to just those (or, for one story, to that story's
screen); each row opens the story where it needs attention. The page reads a fixed
number of queries however many stories there are: a list's rows, and its count only
when the rows fill the list.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from reversion.models import Version

from articles import editions
from articles.models import Article, Transition
from desk.times import desk_time

S = Article.Status
PANEL_SIZE = 10
CHANGE = "admin:articles_article_change"


# --- the stories each list holds (the story list's "whose" filter reads these too) -----


def with_last_action(stories):
    last_action = Subquery(
        Transition.objects.filter(article=OuterRef("pk"))
        .order_by("-at", "-pk")
        .values("action")[:1]
    )
    return stories.annotate(last_action=last_action)


def sent_back_to(user, stories):
    """``user``'s drafts whose last step was being sent back to them."""
    return with_last_action(stories.filter(created_by=user, status=S.DRAFT)).filter(
        last_action="send_back"
    )


def drafts_of(user, stories):
    """``user``'s drafts that were not sent back (a new draft has no step yet: NULL)."""
    return with_last_action(stories.filter(created_by=user, status=S.DRAFT)).filter(
        Q(last_action__isnull=True) | ~Q(last_action="send_back")
    )


def behind_their_original(stories):
    """Translations whose original has a revision newer than the one they follow."""
    newest = Subquery(
        Version.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=Cast(OuterRef("original_id"), CharField()),
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    return (
        stories.filter(original__isnull=False)
        .annotate(newest=newest)
        .filter(newest__isnull=False)
        .filter(Q(translated_from__isnull=True) | ~Q(translated_from_id=F("newest")))
    )


# --- the start page's lists ---------------------------------------------------------------


@dataclass
class Panel:
    """One list of the desk: its first rows, how many it holds, and its next step."""

    title: str
    stories: list
    count: int
    next_step: str  # "3 stories in review — review them"; "" when it holds none
    url: str  # where the next step is taken: the filtered story list, or the one story
    row_view: str = CHANGE  # where each row opens

    @property
    def more(self):
        return self.count > len(self.stories)


def changelist(**filters):
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(filters)}"


def panel(title, rows, step, filters, row_view=CHANGE, list_url=None):
    """``step(count, first)`` words the next step for ``count`` stories, the first of
    which (soonest or oldest) is ``first``."""
    stories = list(rows[:PANEL_SIZE])
    count = len(stories) if len(stories) < PANEL_SIZE else rows.count()
    if not count:
        return Panel(title, [], 0, "", "", row_view)
    if count == 1:
        url = reverse(row_view, args=[stories[0].pk])
    else:
        url = list_url or changelist(**filters)
    return Panel(title, stories, count, step(count, stories[0]), url, row_view)


def words(sentence):
    """``sentence``: an ngettext_lazy(…, "count") that names the count."""
    return lambda count, first: sentence % {"count": count}


def desk(user):
    """The start page's lists for this user, each a few rows, newest or soonest first."""
    stories = Article.objects.select_related("section", "assignee")
    now = timezone.now()
    panels = [
        panel(
            _("Sent back to me"),
            sent_back_to(user, stories).order_by("-modified_at"),
            words(
                ngettext_lazy(
                    "%(count)s story sent back to you — revise it and submit it again",
                    "%(count)s stories sent back to you — revise them and submit them again",
                    "count",
                )
            ),
            {"whose": "sent_back"},
        ),
        panel(
            _("My drafts"),
            drafts_of(user, stories).order_by("-modified_at"),
            words(
                ngettext_lazy(
                    "%(count)s draft of yours — finish it and submit it for review",
                    "%(count)s drafts of yours — finish them and submit them for review",
                    "count",
                )
            ),
            {"state": "draft", "whose": "mine"},
        ),
        panel(
            _("Assigned to me for review"),
            stories.filter(assignee=user, status=S.IN_REVIEW).order_by("review_due", "modified_at"),
            words(
                ngettext_lazy(
                    "%(count)s story assigned to you — review it",
                    "%(count)s stories assigned to you — review them",
                    "count",
                )
            ),
            {"state": "review", "whose": "assigned"},
        ),  # fmt: skip
    ]
    if user.has_perm("articles.review_article"):
        panels.append(
            panel(
                _("Waiting for review"),
                stories.filter(status=S.IN_REVIEW).order_by("modified_at"),
                words(
                    ngettext_lazy(
                        "%(count)s story in review — review it",
                        "%(count)s stories in review — review them",
                        "count",
                    )
                ),
                {"state": "review"},
            )
        )
    if user.has_perm("articles.publish_article"):
        panels.append(
            panel(
                _("Approved, ready to publish"),
                stories.filter(status=S.APPROVED).order_by("modified_at"),
                words(
                    ngettext_lazy(
                        "%(count)s approved story — schedule or publish it",
                        "%(count)s approved stories — schedule or publish them",
                        "count",
                    )
                ),
                {"state": "approved"},
            )
        )
    panels.append(
        panel(
            _("Scheduled next"),
            stories.filter(status=S.PUBLISHED, published_at__gt=now).order_by("published_at"),
            lambda count, first: (
                ngettext(
                    "%(count)s story scheduled, for %(time)s",
                    "%(count)s stories scheduled, the next for %(time)s",
                    count,
                )
                % {"count": count, "time": desk_time(first.published_at, short=True)}
            ),
            {"state": "scheduled"},
        )
    )
    if editions.several():
        translations = stories if user.has_perm("articles.edit_any_article") else (
            stories.filter(created_by=user)
        )  # fmt: skip
        panels.append(
            panel(
                _("Translations to bring up to date"),
                behind_their_original(translations).order_by("-modified_at"),
                words(
                    ngettext_lazy(
                        "%(count)s translation whose original has changed — bring it up to date",
                        "%(count)s translations whose originals have changed — "
                        "bring them up to date",
                        "count",
                    )
                ),
                {},
                row_view="admin:articles_article_translation_changes",
                list_url=reverse("admin:articles_article_translations"),
            )
        )
    panels.append(
        panel(
            _("Published recently"),
            stories.published().order_by("-published_at"),
            words(
                ngettext_lazy(
                    "%(count)s story live on the site",
                    "%(count)s stories live on the site",
                    "count",
                )
            ),
            {"state": "live"},
        )
    )
    return panels


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
