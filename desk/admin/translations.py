"""Translations in the story admin (desk/translations.py says what a group is):

- on a story's page, its group (every edition, its state, a link) and, on a
  translation, whether it is up to date with its original;
- **Translate into…**: a draft in an edition the group lacks (anyone who may add
  stories);
- what changed in the original since, with **Mark up to date** (whoever may edit the
  translation);
- the **Translations report**: every group, its editions and states, the out-of-date
  ones first.

Shown only when the newsroom has more than one edition.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import editions
from articles.models import Article
from desk import translations, workflow

# The report lists at most this many groups (and says how many there are).
REPORT_LIMIT = 200


class TranslateForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Edition"))

    def __init__(self, *args, story, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (edition.code, edition.name) for edition in translations.missing_editions(story)
        ]


def _change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def group_rows(story, current=None):
    """The story's group for the desk: edition, story, state, link, out of date, and
    whether it is ``current`` (the page's own story)."""
    return [
        {
            "story": member,
            "current": member == current,
            "edition": member.edition,
            "state": member.state_label,
            "url": _change_url(member),
            "out_of_date": member.original_id is not None and translations.is_out_of_date(member),
        }
        for member in translations.group(story)
    ]


class TranslationsMixin:
    """Mixed into ArticleAdmin: the translation screens and their addresses."""

    def translation_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        return [
            path(
                "translations/",
                view(self.translations_report_view),
                name="articles_article_translations",
            ),
            path(
                "<path:object_id>/translate/",
                view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<path:object_id>/translation-changes/",
                view(self.translation_changes_view),
                name="articles_article_translation_changes",
            ),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if editions.several() and obj is not None and obj.pk:
            # The group read once: its rows say which editions it lacks and whether this
            # story is out of date.
            rows = group_rows(obj, current=obj)
            present = {row["story"].language for row in rows}
            lacking = any(e.code not in present for e in editions.editions())
            context["translations"] = {
                "rows": rows,
                "translate_url": reverse("admin:articles_article_translate", args=[obj.pk])
                if lacking and self.has_add_permission(request)
                else None,
                "changes_url": reverse("admin:articles_article_translation_changes", args=[obj.pk])
                if obj.original_id
                else None,
                "out_of_date": any(row["current"] and row["out_of_date"] for row in rows),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        if editions.several():
            extra_context = {
                **(extra_context or {}),
                "translations_report_url": reverse("admin:articles_article_translations"),
            }
        return super().changelist_view(request, extra_context)

    def _translation_page(self, request, story, template, title, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": story,
            **extra,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def _story_for(self, request, object_id):
        if not editions.several():
            raise Http404(_("The newsroom publishes in one language."))
        story = self.object_or_404(request, object_id)
        if not self.has_view_permission(request, story):
            raise PermissionDenied
        return story

    def translate_view(self, request, object_id):
        story = self._story_for(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TranslateForm(request.POST or None, story=story)
        if request.method == "POST" and form.is_valid():
            try:
                draft = translations.translate(story, form.cleaned_data["language"], request.user)
            except ValidationError as problem:
                form.add_error("language", problem)
            else:
                messages.success(
                    request,
                    _("A %(edition)s draft of “%(headline)s” is ready to translate.")
                    % {"edition": draft.edition.name, "headline": story.headline},
                )
                return redirect(_change_url(draft))
        original = translations.original_of(story)
        return self._translation_page(
            request, story, "translate.html", _("Translate into…"), form=form, original=original
        )

    def translation_changes_view(self, request, object_id):
        story = self._story_for(request, object_id)
        if story.original_id is None:
            raise Http404(_("This story translates nothing."))
        may_mark = workflow.can_edit(request.user, story)
        if request.method == "POST":
            if not may_mark:
                raise PermissionDenied
            translations.mark_up_to_date(story, request.user)
            messages.success(request, _("The translation is up to date with its original."))
            return redirect(_change_url(story))
        return self._translation_page(
            request,
            story,
            "translation_changes.html",
            _("What changed in the original"),
            changes=translations.changes_since(story),
            original=story.original,
            may_mark=may_mark,
        )

    def translations_report_view(self, request):
        if not editions.several():
            raise Http404(_("The newsroom publishes in one language."))
        if not self.has_view_permission(request):
            raise PermissionDenied
        originals = (
            Article.objects.filter(translations__isnull=False)
            .distinct()
            .select_related("section")
            .prefetch_related("translations")
            .order_by("-modified_at")
        )
        total = originals.count()
        groups = [group_rows(original) for original in originals[:REPORT_LIMIT]]
        groups.sort(key=lambda rows: not any(row["out_of_date"] for row in rows))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Translations report"),
            "groups": groups,
            "total": total,
            "limit": REPORT_LIMIT,
        }
        return TemplateResponse(request, "admin/articles/article/translations_report.html", context)
