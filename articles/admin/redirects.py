"""Redirects in the admin: the old addresses the site keeps alive, and manual ones.

A manual redirect follows the rules of ``articles.redirects.add_redirect``: addresses
are normalised, chains collapse, and a loop is refused with a message on the form.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles import redirects
from articles.admin.library import NewsroomAdmin
from articles.models import Redirect


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path", "note"]
        help_texts = {
            "old_path": _("The address that no longer answers, such as /turkiye/old-slug/."),
            "new_path": _(
                "Where readers go now, such as /turkiye/new-slug/ (a path on this site)."
            ),
        }

    def clean_old_path(self):
        return self._normalised("old_path")

    def clean_new_path(self):
        return self._normalised("new_path")

    def _normalised(self, name):
        try:
            return redirects.normalise(self.cleaned_data[name])
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_path"), cleaned.get("new_path")
        if old and new:
            try:
                redirects.final_address(old, new, ignore=self.instance.pk)
            except ValueError as problem:
                self.add_error(None, str(problem))
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(NewsroomAdmin):
    form = RedirectForm
    list_display = ["old_path", "new_path", "note", "created_at", "created_by"]
    list_select_related = ["created_by"]
    search_fields = ["old_path", "new_path", "note"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "created_by"]
    fields = ["old_path", "new_path", "note", "created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        # Saved through add_redirect, so that chains collapse here too.
        with transaction.atomic():
            if change:
                Redirect.objects.filter(pk=obj.pk).delete()  # replaced by the row below
            saved = redirects.add_redirect(
                obj.old_path, obj.new_path, user=request.user, note=obj.note
            )
        obj.pk, obj.new_path = saved.pk, saved.new_path
        obj.created_at, obj.created_by = saved.created_at, saved.created_by
