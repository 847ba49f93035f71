"""Deleting a story moves it to the trash; the trash screen restores or empties it.

The rules (who may, what a restore gives back) are ``desk.trash``'s; this mixin
asks them on every request, GET or POST, and hides what a user may not use.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as confirm_deletion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from articles.models import Article, ExplorePick, RelatedItem
from desk import trash
from desk.words import in_sentence


def _story_id(value):
    """An id from a form or an address; None for anything a database integer cannot be."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _selected(request):
    """The trashed stories a form names (odd ids are simply not found)."""
    ids = [_story_id(value) for value in request.POST.getlist("stories")]
    return Article.including_trash.in_trash().filter(pk__in=[pk for pk in ids if pk])


class TrashMixin:
    """Mixed into ArticleAdmin: delete means "move to the trash"; the trash screen."""

    delete_confirmation_template = "admin/articles/article/trash_confirmation.html"
    delete_selected_confirmation_template = (
        "admin/articles/article/trash_selected_confirmation.html"
    )

    def get_queryset(self, request):
        # The default manager includes the trash (unique slugs are checked through it);
        # the story list, its actions, forms and autocompletes do not.
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    # --- delete = move to the trash ----------------------------------------------------
    def delete_model(self, request, obj):
        trash.trash(obj, request.user)
        self._log_moved(request, obj)

    def delete_queryset(self, request, queryset):
        moved = 0
        for story in queryset:
            try:
                trash.trash(story, request.user)
            except PermissionDenied as refusal:
                messages.error(
                    request, _("“%(story)s”: %(refusal)s") % {"story": story, "refusal": refusal}
                )
            else:
                self._log_moved(request, story)
                moved += 1
        return moved

    def log_deletions(self, request, queryset):
        pass  # nothing is deleted: each story moved is logged as a change (_log_moved)

    def _log_moved(self, request, story):
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[story],
            action_flag=CHANGE,
            change_message="Moved to the trash.",
            single_object=True,
        )

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted, so nothing is protected and no other right is needed:
        # a story other stories link to goes to the trash too, and their links to it
        # hide themselves as when it is unpublished (the confirmation names them).
        return [], {}, set(), []

    def _trash_context(self, stories):
        linked = RelatedItem.objects.filter(target__in=stories).select_related("article")
        picked = ExplorePick.objects.filter(picked__in=stories).select_related("article")
        return {
            "trash_days": trash.TRASH_DAYS,
            "linked_from": sorted({row.article.headline for row in [*linked, *picked]}),
        }

    def delete_view(self, request, object_id, extra_context=None):
        stories = Article.objects.filter(pk=_story_id(object_id))
        extra_context = {**(extra_context or {}), **self._trash_context(stories)}
        return super().delete_view(request, object_id, extra_context)

    def response_delete(self, request, obj_display, obj_id):
        message = ngettext(
            '“%(story)s” was moved to the <a href="%(url)s">trash</a>; editors can restore it '
            "there for %(days)d day.",
            '“%(story)s” was moved to the <a href="%(url)s">trash</a>; editors can restore it '
            "there for %(days)d days.",
            trash.TRASH_DAYS,
        )
        messages.success(request, self._moved_message(message, story=obj_display))
        return redirect("admin:articles_article_changelist")

    @staticmethod
    def _moved_message(message, **values):
        """``message`` (one of ours, translated, with a link to %(url)s) as HTML, the
        values put in it escaped."""
        values = {
            name: value if isinstance(value, int) else conditional_escape(value)
            for name, value in values.items()
        }
        url = escape(reverse("admin:articles_article_trash"))
        return mark_safe(message % {**values, "url": url, "days": trash.TRASH_DAYS})

    @admin.action(
        description=gettext_lazy("Move selected stories to the trash"), permissions=["delete"]
    )
    def delete_selected(self, request, queryset):
        """Django's confirmation page; the stories then go to the trash."""
        if not request.POST.get("post"):
            page = confirm_deletion(self, request, queryset)  # the question
            page.context_data.update(self._trash_context(queryset))
            return page
        moved = self.delete_queryset(request, queryset)
        if moved:
            message = ngettext(
                '%(count)d story was moved to the <a href="%(url)s">trash</a>; editors can '
                "restore it there for %(days)d days.",
                '%(count)d stories were moved to the <a href="%(url)s">trash</a>; editors can '
                "restore them there for %(days)d days.",
                moved,
            )
            messages.success(request, self._moved_message(message, count=moved))
        return None

    # --- the trash screen ---------------------------------------------------------------
    def trash_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        return [
            path("trash/", view(self.trash_view), name="articles_article_trash"),
            path(
                "trash/restore/",
                view(require_POST(self.trash_restore_view)),
                name="articles_article_trash_restore",
            ),
            path(
                "trash/empty/",
                view(require_POST(self.trash_empty_view)),
                name="articles_article_trash_empty",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        if trash.may_see_trash(request.user):
            extra_context = {
                **(extra_context or {}),
                "trash_url": reverse("admin:articles_article_trash"),
            }
        return super().changelist_view(request, extra_context)

    def trash_view(self, request):
        if not trash.may_see_trash(request.user):
            raise PermissionDenied
        stories = (
            Article.including_trash.in_trash()
            .select_related("section", "deleted_by")
            .order_by("-deleted_at", "-pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Trash"),
            "rows": [(story, trash.purge_date(story)) for story in stories],
            "trash_days": trash.TRASH_DAYS,
            "may_empty": trash.may_empty(request.user),
        }
        return TemplateResponse(request, "admin/articles/article/trash.html", context)

    def trash_restore_view(self, request):
        if not trash.may_see_trash(request.user):
            raise PermissionDenied
        stories = list(_selected(request))
        # All or nothing: a refusal for one story says why and restores none.
        refused = [s for s in stories if not trash.may_restore(request.user, s)]
        if refused:
            raise PermissionDenied(_("Restoring a published story puts it back on the site."))
        for story in stories:
            trash.restore(story, request.user)
            values = {"story": story, "state": in_sentence(story.state_label)}
            if story.is_published:
                message = _("“%(story)s” was restored as %(state)s. It is back on the site.")
            else:
                message = _("“%(story)s” was restored as %(state)s.")
            messages.success(request, message % values)
        if not stories:
            messages.warning(request, _("Choose the stories to restore."))
        return redirect("admin:articles_article_trash")

    def trash_empty_view(self, request):
        if not trash.may_empty(request.user):
            raise PermissionDenied
        # The confirmation names the stories: one trashed meanwhile is not deleted with them.
        everything = "everything" in request.POST and "confirm" not in request.POST
        stories = Article.including_trash.in_trash() if everything else _selected(request)
        if "confirm" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Delete for good"),
                "stories": stories.order_by("-deleted_at", "-pk"),
            }
            return TemplateResponse(request, "admin/articles/article/trash_empty.html", context)
        deleted = trash.empty(request.user, stories)
        messages.success(
            request,
            ngettext(
                "%(count)d story deleted for good.", "%(count)d stories deleted for good.", deleted
            )
            % {"count": deleted},
        )
        return redirect("admin:articles_article_trash")
