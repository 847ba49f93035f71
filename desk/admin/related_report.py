"""The related links report: READ MORE and Recommended links readers cannot follow.

A link to one of our stories that is not published (draft, in review, approved,
scheduled, embargoed, unpublished) is hidden from readers until the story is
published again; an external link whose address is not an http or https web
address (stored before that rule, or by an import) is not drawn at all. Either
way the story holding it lost a link readers were meant to see: producers and
editors find them here, with links to the stories to fix.

The page costs a fixed number of queries, however many links it lists.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, RelatedItem
from desk.times import desk_time

# Each list shows at most this many rows (and says how many there are in all).
REPORT_LIMIT = 200


def may_see_report(user):
    """Producers and editors: those who look after stories' links, not writers."""
    return user.has_perm("articles.view_relateditem") and (
        user.has_perm("articles.curate_article") or user.has_perm("articles.edit_any_article")
    )


def target_state(story, now):
    """The linked story's state as the desk says it, with its embargo when one holds."""
    if story.is_scheduled:
        state = _("Scheduled for %(time)s") % {"time": desk_time(story.published_at)}
    else:
        state = story.get_status_display()
    if story.embargo_until and story.embargo_until > now:
        state = _("%(state)s, embargoed until %(time)s") % {
            "state": state,
            "time": desk_time(story.embargo_until),
        }
    return state


def hidden_links():
    """Links to our stories that readers cannot see now, by the story that holds them."""
    return (
        RelatedItem.objects.filter(target__isnull=False)
        .exclude(target__in=Article.objects.published())
        .select_related("article", "target")
        .order_by("article__headline", "article_id", "after_block", "pk")
    )


def bad_address_ids():
    """Ids of external links whose address is not a web address readers may follow.

    The validator is Python, not SQL: the addresses are read in one query (in chunks)
    and checked here.
    """
    external = RelatedItem.objects.filter(target__isnull=True).values_list("pk", "url")
    return [
        pk
        for pk, url in external.order_by("pk").iterator(chunk_size=2000)
        if RelatedItem.problem_with_url(url)
    ]


def related_report(limit=REPORT_LIMIT):
    """The report's two lists, each at most ``limit`` rows, with their full counts."""
    now = timezone.now()
    hidden = hidden_links()
    hidden_total = hidden.count()
    hidden_rows = [
        {
            "item": item,
            "holder_url": reverse("admin:articles_article_change", args=[item.article_id]),
            "target_url": reverse("admin:articles_article_change", args=[item.target_id]),
            "state": target_state(item.target, now),
        }
        for item in hidden[:limit]
    ]
    bad_ids = bad_address_ids()
    bad_rows = [
        {
            "item": item,
            "holder_url": reverse("admin:articles_article_change", args=[item.article_id]),
            "problem": item.url_problem,
        }
        for item in RelatedItem.objects.filter(pk__in=bad_ids[:limit])
        .select_related("article")
        .order_by("article__headline", "article_id", "after_block", "pk")
    ]
    return {
        "hidden_rows": hidden_rows,
        "hidden_total": hidden_total,
        "bad_rows": bad_rows,
        "bad_total": len(bad_ids),
        "limit": limit,
    }


class RelatedLinksReportMixin:
    """Mixed into ArticleAdmin: the report's address, and a link to it on the story list."""

    def related_report_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        return [
            path(
                "related-links/",
                view(self.related_report_view),
                name="articles_article_related_report",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        if may_see_report(request.user):
            extra_context = {
                **(extra_context or {}),
                "related_report_url": reverse("admin:articles_article_related_report"),
            }
        return super().changelist_view(request, extra_context)

    def related_report_view(self, request):
        if not may_see_report(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Related links report"),
            **related_report(REPORT_LIMIT),
        }
        return TemplateResponse(request, "admin/articles/article/related_report.html", context)
