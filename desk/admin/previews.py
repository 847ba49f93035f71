"""Previews and shareable preview links, and corrections, from the story's admin page.

Who may do what:
  Preview (staff preview)       anyone who may view stories (articles.view_article).
  Share preview, revoke a link  editors: articles.publish_article. Showing a draft to
                                someone outside the newsroom is a decision about
                                publication, so it needs the right to publish.
  Add a correction or update    editors (articles.publish_article), on a live story;
                                notes are a public record: never changed or deleted here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.models import Correction, PreviewLink
from desk import corrections, previews
from desk.admin.story_inlines import LabelledInlineFormSet


class PreviewLinkForm(forms.Form):
    label = forms.CharField(
        max_length=PreviewLink._meta.get_field("label").max_length,
        required=False,
        label=gettext_lazy("Label"),
        help_text=gettext_lazy("Who it is for, such as “Legal: J. Smith”."),
    )
    lifetime = forms.ChoiceField(
        choices=[(key, label) for key, (label, _length) in previews.LIFETIMES.items()],
        initial=previews.DEFAULT_LIFETIME,
        label=gettext_lazy("Lifetime"),
        help_text=gettext_lazy(
            "The link stops working after this; you can also revoke it at any time."
        ),
    )


class CorrectionForm(forms.ModelForm):
    at = forms.SplitDateTimeField(
        label=gettext_lazy("time"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=gettext_lazy("Leave empty for now. Never before the first publication."),
    )

    class Meta:
        model = Correction
        fields = ["kind", "text", "at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # The model's default (now) would make every empty row look filled in.
            self.initial.pop("at", None)

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or self.instance.article
        cleaned["at"] = cleaned.get("at") or timezone.now()
        try:
            corrections.check_correction(article, cleaned["at"])
        except ValidationError as refusal:
            self.add_error(None, refusal)
        return cleaned


class CorrectionInline(admin.TabularInline):
    """Corrections and updates: added by editors on a live story; a record, never rewritten."""

    model = Correction
    form = CorrectionForm
    formset = LabelledInlineFormSet
    extra = 1
    fields = ["kind", "at", "text", "created_by"]
    readonly_fields = ["created_by"]
    verbose_name = gettext_lazy("correction or update")
    verbose_name_plural = gettext_lazy(
        "Corrections and updates (shown to readers at the end of the story)"
    )
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return corrections.may_correct(request.user) and corrections.may_take_corrections(obj)

    def has_change_permission(self, request, obj=None):
        return False  # what readers were told stays on the record

    def has_delete_permission(self, request, obj=None):
        return False


class PreviewLinksMixin:
    """Mixed into ArticleAdmin: its addresses (listed by ArticleAdmin.get_urls) and views;
    cooperates through super() in render_change_form and changeform_view."""

    def preview_link_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        return [
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_links_view),
                name="articles_article_preview_links",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                view(self.revoke_preview_link_view),
                name="articles_article_revoke_preview_link",
            ),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            if request.user.has_perm("articles.view_article"):
                with translation.override(obj.language):  # in its edition's address
                    context["preview_url"] = reverse("articles:preview", args=[obj.pk])
            if previews.may_share(request.user):
                context["share_preview_url"] = reverse(
                    "admin:articles_article_preview_links", args=[obj.pk]
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- corrections ----------------------------------------------------------------
    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        # On the add page there is nothing to correct. Editors get the inline on a live
        # story; everyone sees a story's earlier notes (read-only) when it has some.
        if obj is None:
            return inlines
        may_add = corrections.may_correct(request.user) and corrections.may_take_corrections(obj)
        if may_add or obj.corrections.exists():
            inlines.append(CorrectionInline)
        return inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        # Only new rows: existing notes are read-only. The form checked each time already;
        # add_correction checks again, and the user's right, and moves the update time.
        formset.new_objects = [
            corrections.add_correction(
                formset.instance, request.user, note.kind, note.text, note.at
            )
            for note in formset.save(commit=False)
            if note.pk is None
        ]

    # --- shareable preview links --------------------------------------------------
    def _story_for_sharing(self, request, object_id):
        article = self.object_or_404(request, object_id)
        if not self.has_view_permission(request, article) or not previews.may_share(request.user):
            raise PermissionDenied
        return article

    def preview_links_view(self, request, object_id):
        article = self._story_for_sharing(request, object_id)
        form = PreviewLinkForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            _label, lifetime = previews.LIFETIMES[form.cleaned_data["lifetime"]]
            link = previews.create_link(article, request.user, form.cleaned_data["label"], lifetime)
            self.log_change(request, article, f"Created a shareable preview link: {link}.")
            messages.success(
                request,
                _("Preview link “%(link)s” created. Copy it from the list.") % {"link": link},
            )
            return redirect("admin:articles_article_preview_links", article.pk)
        links = [
            {
                "link": link,
                "state": previews.link_state(link),
                "state_label": previews.LINK_STATES[previews.link_state(link)],
                "url": request.build_absolute_uri(previews.link_path(link))
                if link.is_active
                else "",
                "revoke_url": reverse(
                    "admin:articles_article_revoke_preview_link", args=[article.pk, link.pk]
                ),
            }
            for link in article.preview_links.select_related("created_by")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Share a preview: %(story)s") % {"story": article},
            "article": article,
            "form": form,
            "links": links,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/article/preview_links.html", context)

    @method_decorator(require_POST)
    def revoke_preview_link_view(self, request, object_id, link_id):
        article = self._story_for_sharing(request, object_id)
        link = get_object_or_404(PreviewLink, pk=link_id, article=article)
        previews.revoke_link(link, request.user)
        self.log_change(request, article, f"Revoked the shareable preview link: {link}.")
        messages.success(
            request,
            _("Preview link “%(link)s” revoked: it no longer opens the story.") % {"link": link},
        )
        return redirect("admin:articles_article_preview_links", article.pk)
