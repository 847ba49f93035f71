"""Revisions: history, diff of any two revisions, restore (django-reversion).

Every save through the story's change form keeps a revision with who saved it and
what they changed. The history screen (``<pk>/revisions/``) lists them; any two can
be compared, any one previewed, and any one restored as a new revision. Django's own
``<pk>/history/`` (the admin log) stays as it is.
"""

import json

import reversion
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from desk import revisions, workflow
from desk.previews import render_story
from desk.words import in_sentence


class RevisionsMixin:
    """Mixed into ArticleAdmin: its addresses (listed by ArticleAdmin.get_urls) and views;
    cooperates through super() in render_change_form and changeform_view."""

    # --- keeping a revision on every save --------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id:
            self._keep_state_on_record(request, object_id)
        # Manual: the story is added once its inlines and tags are saved (save_related),
        # so the revision holds the byline and tags as saved, not as they were.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _keep_state_on_record(self, request, object_id):
        """A story made outside the admin (import, seed) has no revision yet: keep its
        current text as the first one, so the first save does not lose it."""
        article = Article.objects.filter(pk=object_id).first()
        if article is None or revisions.revisions_of(article).exists():
            return
        if not self.has_view_permission(request, article):
            return
        revisions.record(
            article, None, "As it was before its first saved revision", article.modified_at
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if reversion.is_active():
            reversion.add_to_revision(Article.objects.get(pk=form.instance.pk))

    def log_addition(self, request, obj, message):
        if reversion.is_active():
            reversion.set_comment(_readable(message) or "Added.")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if reversion.is_active():
            reversion.set_comment(_readable(message) or "No fields changed.")
        return super().log_change(request, obj, message)

    # --- screens ---------------------------------------------------------------
    def revision_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        return [
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.revisions_compare_view),
                name="articles_article_revisions_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(require_POST(self.revision_restore_view)),
                name="articles_article_revision_restore",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/preview/",
                view(self.revision_preview_view),
                name="articles_article_revision_preview",
            ),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["revisions_url"] = reverse("admin:articles_article_revisions", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _story(self, request, object_id):
        article = self.object_or_404(request, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _version(self, article, version_id):
        version = (
            revisions.revisions_of(article).filter(pk=version_id).select_related("revision").first()
        )
        if version is None:
            raise Http404("No such revision of this story.")
        return version

    def _page(self, request, article, template, title, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": article,
            "revisions_url": reverse("admin:articles_article_revisions", args=[article.pk]),
            **extra,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def revisions_view(self, request, object_id):
        article = self._story(request, object_id)
        versions = list(revisions.revisions_of(article))
        rows = [
            {
                "version": version,
                "when": version.revision.date_created,
                "user": version.revision.user,
                "comment": version.revision.comment,
                "preview_url": reverse(
                    "admin:articles_article_revision_preview", args=[article.pk, version.pk]
                ),
                "restore_url": reverse(
                    "admin:articles_article_revision_restore", args=[article.pk, version.pk]
                ),
            }
            for version in versions
        ]
        return self._page(
            request,
            article,
            "revisions.html",
            _("Revisions: %(story)s") % {"story": article},
            rows=rows,
            may_restore=workflow.can_edit(request.user, article),
            compare_url=reverse("admin:articles_article_revisions_compare", args=[article.pk]),
        )

    def revisions_compare_view(self, request, object_id):
        article = self._story(request, object_id)
        try:
            ids = [int(request.GET["a"]), int(request.GET["b"])]
        except (KeyError, ValueError):
            messages.error(request, _("Pick two revisions to compare."))
            return redirect("admin:articles_article_revisions", article.pk)
        # Always from the older to the newer, whichever radio button was which.
        older, newer = sorted((self._version(article, pk) for pk in ids), key=lambda v: v.pk)
        before, after = revisions.version_snapshot(older), revisions.version_snapshot(newer)
        return self._page(
            request,
            article,
            "revision_compare.html",
            _("Compare revisions: %(story)s") % {"story": article},
            older=older,
            newer=newer,
            changes=revisions.diff(before, after),
            unchanged=[_(label) for label, value in before.items() if after.get(label) == value],
        )

    def revision_restore_view(self, request, object_id, version_id):
        article = self._story(request, object_id)
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        version = self._version(article, version_id)
        notes = revisions.restore(article, version, request.user)
        messages.success(
            request,
            _("Restored the revision of %(time)s as a new revision; the newer revisions are kept.")
            % {"time": revisions.when(version)},
        )
        for note in notes:
            messages.warning(request, note)
        return redirect("admin:articles_article_revisions", article.pk)

    def revision_preview_view(self, request, object_id, version_id):
        article = self._story(request, object_id)
        version = self._version(article, version_id)
        story = revisions.article_as_of(version)
        who = version.revision.user.get_username() if version.revision.user else _("someone")
        return render_story(
            request,
            story,
            banner=_(
                "Preview of the revision of %(time)s by %(user)s — the story is now %(state)s."
            )
            % {
                "time": revisions.when(version),
                "user": who,
                "state": in_sentence(article.state_label),
            },
        )


def _readable(message):
    """The admin's change message as a sentence: "Changed Headline and Body." A
    revision's comment is a record every colleague reads: it is written in the
    newsroom's language (LANGUAGE_CODE), not in the admin language of whoever saved."""
    if not message:
        return ""
    if not isinstance(message, str):  # the admin passes the structure; the log stores JSON
        message = json.dumps(message)
    with translation.override(settings.LANGUAGE_CODE):
        return LogEntry(change_message=message).get_change_message()
