"""The story page's inlines: its byline, agencies, READ MORE and Recommended inserts,
Explore picks and editorial notes, each editable only by who may change that part.

READ MORE and Recommended are blocks in the body's editor for who may edit the body
(desk/related_blocks.py); the inline is for producers, who curate a story's links but
not its words, and places a link by the paragraph it follows, named by its first words.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.models import (
    ArticleSource,
    Byline,
    EditorialNote,
    ExplorePick,
    RelatedItem,
)
from articles.weblinks import web_address
from desk import related_blocks, workflow


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    """A table's rows (tabular inlines) whose every box says what it is to a screen
    reader: the column headers name the columns for the eye only, and a box with no
    name is one a blind editor cannot fill in (axe's "label" and "select-name" rules)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            # The box itself, inside the admin's add / change / view links around it.
            widget = getattr(field.widget, "widget", field.widget)
            if widget.is_hidden or isinstance(widget, forms.MultiWidget):
                continue  # nothing to name, or parts with labels of their own
            widget.attrs.setdefault("aria-label", capfirst(str(field.label or name)))


def may_curate(user, article):
    return workflow.can_edit(user, article) or user.has_perm("articles.curate_article")


class StoryPartInline:
    """An inline that follows the story's rules: editable only by who may edit the story."""

    def may_change(self, request, obj):
        return workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_change(request, obj)


class CuratedInline(StoryPartInline):
    """Related links and Explore picks: producers look after them too."""

    def may_change(self, request, obj):
        return may_curate(request.user, obj)


class BylineInline(StoryPartInline, admin.TabularInline):
    model = Byline
    formset = LabelledInlineFormSet
    extra = 1
    autocomplete_fields = ["author"]
    # Dragged into order on the story screen (static/admin/js/story_screen.js writes the
    # positions); the position fields stay for a browser without scripts.
    classes = ["story-ordered"]
    verbose_name = _("author")
    verbose_name_plural = _("byline (in order)")

    def get_extra(self, request, obj=None, **kwargs):
        # A new story starts with a row to fill in; one with a byline offers "Add another".
        if obj is not None and obj.pk and obj.bylines.all():
            return 0
        return self.extra

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.pk:
            return formset
        own = getattr(request.user, "author", None)  # the writer's own author page, if any
        if own is None:
            return formset

        class StartsWithTheWriter(formset):
            """A new story's byline starts with its writer, as on paper; a posted form
            (``data``) says for itself who is in it."""

            def __init__(self, data=None, *args, **kwargs):
                if data is None:
                    kwargs.setdefault("initial", [{"author": own.pk}])
                super().__init__(data, *args, **kwargs)

        return StartsWithTheWriter

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "article")


class ArticleSourceInline(StoryPartInline, admin.TabularInline):
    model = ArticleSource
    formset = LabelledInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    classes = ["story-ordered"]
    verbose_name = _("source")
    verbose_name_plural = _("sources (agencies whose copy this carries)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "article")


class RelatedItemForm(forms.ModelForm):
    """A link placed by the paragraph it follows, chosen from the body's own (``places``,
    set for each story), never by a number to work out."""

    places = [(0, _("Before the body"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "after_block" in self.fields:
            self.fields["after_block"] = forms.TypedChoiceField(
                label=_("Place"), choices=self.places, coerce=int, initial=0
            )
            # A link placed past the end (an import's) shows, and stays, at the end.
            last = self.places[-1][0]
            if (self.initial.get("after_block") or 0) > last:
                self.initial["after_block"] = last


class RelatedItemInline(CuratedInline, admin.StackedInline):
    model = RelatedItem
    form = RelatedItemForm
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = [("kind", "after_block"), "target", ("url", "title")]
    # The model's own http(s)-only rule, with its message, in the form too.
    formfield_overrides = {models.URLField: {"validators": [web_address]}}
    verbose_name = _("READ MORE link or Recommended story")
    verbose_name_plural = _("in the body: READ MORE links and Recommended stories")

    def may_change(self, request, obj):
        # Who may edit the body places its links in the editor, as blocks.
        return super().may_change(request, obj) and not workflow.can_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        # Who may only read the story sees its links in place in the body.
        return super().has_view_permission(request, obj) and self.may_change(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        places = related_blocks.places(obj.body if obj else "")
        kwargs["form"] = type("RelatedItemForm", (self.form,), {"places": places})
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target", "article")


class ExplorePickInline(CuratedInline, admin.TabularInline):
    model = ExplorePick
    formset = LabelledInlineFormSet
    fk_name = "article"
    extra = 0
    max_num = settings.NEWSROOM_EXPLORE_SIZE
    autocomplete_fields = ["picked"]
    verbose_name = _("story")
    verbose_name_plural = _("Explore: editors' picks, in the order they show (the rest fills up)")
    # Put in order by dragging the rows or with their Up and Down buttons, which write
    # the position (static/admin/js/inline_order.js); without scripts, by the numbers.
    classes = ["newsroom-ordered"]

    class Media:
        js = ["admin/js/inline_order.js"]
        css = {"all": ["admin/css/inline_order.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["help_text"] = _(
                "1 shows first, then 2 …; after the picks come stories sharing tags, then "
                "from the same section, then the latest."
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # max_num only hides "Add another"; validate_max makes the server refuse extra rows.
        return super().get_formset(request, obj, validate_max=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("picked", "article")


class EditorialNoteInline(admin.TabularInline):
    """Internal notes: a thread added to with the story form; never shown to readers."""

    model = EditorialNote
    formset = LabelledInlineFormSet
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    verbose_name = _("editorial note")
    verbose_name_plural = _("editorial notes (internal, never public)")
    formfield_overrides = {
        # A note is a line or two, not a page.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: added, not rewritten

    def has_delete_permission(self, request, obj=None):
        return False
