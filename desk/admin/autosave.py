"""Autosave and restoring unsaved text, keeping a form submitted after the session
expired, and who else has the story open."""

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from desk import autosave, workflow

RESTORE_PARAM = "restore"


@dataclass
class Restoration:
    """Text to put back into the story form on this request (never saved for the editor)."""

    at: datetime
    # Autosaved field values, or the whole POST of an expired session (inlines included).
    values: dict | None = None
    posted: MultiValueDict | None = None


def _renderable(field, value):
    """Can the form draw this kept value? A stale or doctored id must not break the page."""
    if not isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return True
    try:
        field.clean(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class AutosaveMixin:
    """Mixed into ArticleAdmin: its addresses (listed by ArticleAdmin.get_urls) and views;
    cooperates through super() in render_change_form and changeform_view."""

    def autosave_urls(self, view):
        """Its addresses, which ArticleAdmin.get_urls lists with the others."""
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "autosave/",
                view(partial(autosave.autosave_view, model_admin=self)),
                name=f"{name}_autosave_new",
            ),
            path(
                "autosave/discard/",
                view(partial(autosave.discard_view, model_admin=self)),
                name=f"{name}_autosave_discard_new",
            ),
            path(
                "<path:object_id>/autosave/",
                view(partial(autosave.autosave_view, model_admin=self)),
                name=f"{name}_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                view(partial(autosave.discard_view, model_admin=self)),
                name=f"{name}_autosave_discard",
            ),
            path(
                "<path:object_id>/presence/",
                view(partial(autosave.presence_view, model_admin=self)),
                name=f"{name}_presence",
            ),
        ]

    # --- opening the form: put kept text back -----------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET":
            self._prepare_restoration(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _prepare_restoration(self, request, object_id):
        kept = autosave.take_kept_submission(request, request.path)
        wants_autosave = request.GET.get(RESTORE_PARAM) == "autosave"
        if kept is None and not wants_autosave:
            return
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return
        if kept is not None:
            # Only into the very page it was posted to, and only for someone who may edit
            # it now: whoever logs in in that browser gets the form, never a save.
            if self._may_restore(request, article):
                posted, at = kept
                request.newsroom_restoration = Restoration(at=at, posted=posted)
                messages.warning(
                    request,
                    _(
                        "Your session had expired; the text you submitted at %(time)s was "
                        "kept. Review and save."
                    )
                    % {"time": autosave.when(at)},
                )
            else:
                messages.error(
                    request,
                    _(
                        "Text submitted after a session expired was not restored: you may not "
                        "edit this story."
                    ),
                )
            return
        if self._may_restore(request, article):
            copy = autosave.autosave_for(request.user, article)
            if copy is None:
                messages.info(request, _("There is no unsaved text to restore."))
                return
            request.newsroom_restoration = Restoration(at=copy.saved_at, values=copy.data)
            messages.warning(
                request,
                _("Restored your unsaved text from %(time)s; review and save.")
                % {"time": autosave.when(copy.saved_at)},
            )

    def _may_restore(self, request, article):
        if article is None:
            allowed = self.has_add_permission(request)
        else:
            allowed = self.has_change_permission(request, article)
        return allowed and workflow.can_edit(request.user, article)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        restoration = getattr(request, "newsroom_restoration", None)
        if restoration is None:
            return form_class
        if restoration.values is not None:
            values = restoration.values
        else:
            values = autosave.form_values(form_class, restoration.posted)
        values = {
            name: value
            for name, value in values.items()
            if name in form_class.base_fields and _renderable(form_class.base_fields[name], value)
        }

        class RestoredForm(form_class):
            # Initial values, not bound data: the form shows the text without judging it,
            # and the instance stays as stored until the editor saves.
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update(values)

        RestoredForm.__name__ = form_class.__name__
        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        restoration = getattr(request, "newsroom_restoration", None)
        posted = restoration.posted if restoration else None
        # An expired session's inline rows (bylines, notes …) come back as they were posted.
        if request.method == "GET" and posted is not None and f"{prefix}-TOTAL_FORMS" in posted:
            kwargs.update(data=posted, files=MultiValueDict())
        return kwargs

    # --- what the page shows ----------------------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        form = adminform.form if adminform is not None else None
        context["autosave"] = self._autosave_context(request, obj, form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _autosave_context(self, request, article, form=None):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        info = {"others": []}
        if article is not None:
            autosave.note_presence(request.user, article)
            info["presence_url"] = reverse(f"{name}_presence", args=[article.pk])
            info["heartbeat"] = int(autosave.PRESENCE_HEARTBEAT.total_seconds())
            info["others"] = [
                f"{who} ({ago})" for who, ago in autosave.others_present(request.user, article)
            ]
        if not workflow.can_edit(request.user, article):
            return info
        if article is None:
            info["url"] = reverse(f"{name}_autosave_new")
            discard_url = reverse(f"{name}_autosave_discard_new")
            page_url = reverse(f"{name}_add")
        else:
            info["url"] = reverse(f"{name}_autosave", args=[article.pk])
            discard_url = reverse(f"{name}_autosave_discard", args=[article.pk])
            page_url = reverse(f"{name}_change", args=[article.pk])
        if request.method == "POST" and form is not None and form.is_bound:
            # A failed save: the form is back with the text just posted, under its error.
            # That text becomes the draft copy, so it outlives the page; and no "Restore
            # it" beside it, offering the very text on screen. One message at a time.
            autosave.store(request.user, article, autosave.form_values(type(form), request.POST))
        elif getattr(request, "newsroom_restoration", None) is None:
            pending = autosave.pending_autosave(request.user, article)
            if pending is not None:
                info["pending"] = {
                    "at": pending.saved_at,
                    "when": autosave.when(pending.saved_at),
                    # Saved by someone (or elsewhere) after this copy was kept.
                    "older": article is not None and pending.saved_at < article.modified_at,
                    "restore_url": f"{page_url}?{RESTORE_PARAM}=autosave",
                    "discard_url": discard_url,
                }
        return info

    # --- after a successful save, the copy has done its job -----------------------------
    # and the editor has left the form (the page drawn after "Save and continue" says it
    # is open again).
    def response_add(self, request, obj, post_url_continue=None):
        autosave.discard(request.user, None)
        autosave.end_presence(request.user, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        autosave.discard(request.user, obj)
        autosave.end_presence(request.user, obj)
        return super().response_change(request, obj)
