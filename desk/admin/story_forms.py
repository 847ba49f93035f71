"""The story's forms: the story itself (with its version, for desk/locking.py), a
workflow step with its note (and time, to publish), and the reviewer's assignment."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import editions
from articles.models import (
    Article,
    RelatedItem,
)
from desk import locking, related_blocks
from desk.times import DateTimeInput, DeskDateTimeField, desk_time, zone_label

# The story's own words and facts: only those who may edit the story change them.
TEXT_FIELDS = [
    "section", "kind", "language", "headline", "slug", "standfirst", "body",
    "hero_image", "hero_caption", "embargo_until",
]  # fmt: skip


# The story's words, written in its edition's direction (right to left for Arabic) whatever
# the language of the admin around them.
WORDS = ["headline", "standfirst", "body", "hero_caption"]

# The body editor's toolbar, left to right: block types as buttons of their own (text,
# Heading 2, Heading 3: subheadings one click away), lists, quotation, bold and italic,
# links, READ MORE and Recommended, pictures, galleries and embeds, tables (their
# row and column tools while the cursor is in one), undo, and the list of shortcuts.
TOOLBAR = [
    {"group": "blockType -lists"},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "related"},
    {"group": "media"},
    {"group": "table"},
    {"group": "history"},
    {"group": "utility"},
]
# The desk's own extensions of the editor (settings.DJANGO_PROSE_EDITOR_EXTENSIONS says
# which script holds each): words on the toolbar and the shortcuts list, and paste from
# Word and Google Docs cleaned to the body's structure. They add no markup: what a body
# may hold is articles.richtext.BODY_EXTENSIONS.
DESK_EXTENSIONS = {"Menu": {"groups": TOOLBAR}, "NewsroomToolbar": True, "CleanPaste": True}


def desk_editor(widget, **extensions):
    """The body's editor with the desk's extensions (a new config: the field's is shared)."""
    config = widget.config
    widget.config = {
        **config,
        "extensions": {**config["extensions"], **DESK_EXTENSIONS, **extensions},
    }


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [*TEXT_FIELDS, "tags", "version"]  # the admin's fieldsets decide what is shown
        widgets = {
            "version": forms.HiddenInput,
            "embargo_until": DateTimeInput,
            # A summary and a caption are a sentence or two: room for that, and the
            # story screen's first window keeps room for the byline and the body.
            "standfirst": admin.widgets.AdminTextareaWidget(attrs={"rows": 2}),
            "hero_caption": admin.widgets.AdminTextareaWidget(attrs={"rows": 2}),
        }
        # A date and hours:minutes in the newsroom's zone, as on the publish page.
        field_classes = {"embargo_until": DeskDateTimeField}

    class Media:
        css = {"all": ["admin/css/body_editor.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.related_blocks = None  # the body's READ MORE and Recommended blocks, once clean
        if "body" in self.fields:
            # The story's links are blocks in the body's editor (desk/related_blocks.py).
            desk_editor(
                self.fields["body"].widget,
                RelatedLinks={
                    "searchUrl": reverse("admin:autocomplete"),
                    "story": self.instance.pk,
                    "kinds": dict(RelatedItem.Kind.choices),
                },
                # Pictures found through the admin's autocomplete, previewed by the
                # image admin's preview (static/admin/js/body_blocks.js).
                **dict.fromkeys(
                    ("BodyPicture", "BodyGallery"),
                    {
                        "searchUrl": reverse("admin:autocomplete"),
                        "previewUrl": reverse("admin:articles_image_preview", args=["__fk__"]),
                    },
                ),
            )
            if "body" not in kwargs.get("initial", {}):
                self.initial["body"] = related_blocks.editor_body_of(self.instance)
        edition = editions.get(self.initial.get("language") or self.instance.language)
        for name in WORDS:
            if name in self.fields:
                # The body's editor takes its direction from its textarea (newsroom.css).
                self.fields[name].widget.attrs.update(lang=edition.code, dir=edition.direction)

    def clean_body(self):
        """The body without its link blocks; the blocks are kept for ``_save_m2m``."""
        body, blocks = related_blocks.take_blocks(self.cleaned_data.get("body"))
        related_blocks.check_blocks(self.instance, body, blocks)
        self.related_blocks = blocks
        return body

    def _save_m2m(self):
        super()._save_m2m()
        if self.related_blocks is not None:
            related_blocks.save_blocks(self.instance, self.related_blocks)

    def clean(self):
        cleaned = super().clean()
        self.check_version(cleaned)
        embargo = cleaned.get("embargo_until")
        instance = self.instance
        if (
            embargo
            and instance.status == Article.Status.PUBLISHED
            and instance.published_at
            and embargo > instance.published_at
        ):
            self.add_error(
                "embargo_until",
                _(
                    "This story is already published; an embargo after its publication time "
                    "cannot hold. Unpublish it first."
                ),
            )
        return cleaned

    def check_version(self, cleaned):
        """Refuse a save that started from an older version: nothing of the other save is lost.

        The form keeps this user's text; the message says who saved meanwhile and what
        the saved story now says, so they can merge and save again.
        """
        if not self.instance.pk or "version" not in self.fields:
            return
        labels = {name: field.label for name, field in self.fields.items()}
        found = locking.conflict(
            self.instance.pk, cleaned.get("version"), cleaned, labels, last_saved_by
        )
        if found is None:
            return
        current, message = found
        self.add_error(None, message)
        # Saving again after merging is a decision made with the other save in view.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current.version)


# Publish's two ways: now, or at a time to come (scheduled).
NOW, AT = "now", "at"


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
    )

    def __init__(self, *args, action, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = action.note_required
        if action.note_required:
            self.fields["note"].help_text = _("Required: tell the writer what to change.")
        if action.name == "publish":
            embargo = article.embargo_until
            held = embargo is not None and embargo > timezone.now()
            self.fields["when"] = forms.ChoiceField(
                label=_("When"),
                choices=[(NOW, _("Publish now")), (AT, _("Publish at a time"))],
                widget=forms.RadioSelect(attrs={"data-schedule-when": ""}),
                initial=AT if held else NOW,
                required=False,
            )
            self.fields["at"] = DeskDateTimeField(
                label=_("Publication time"),
                required=False,
                initial=embargo if held else None,
            )
            self.fields["at"].widget = DateTimeInput(
                attrs={"data-schedule-at": ""},
                date_label=_("Publication date"),
                time_label=_("Publication time (hours:minutes)"),
            )
            self.order_fields(["when", "at", "note"])

    def clean(self):
        cleaned = super().clean()
        if "when" not in self.fields:
            return cleaned
        when = cleaned.get("when")
        at_name = self.add_prefix("at")  # the panel's form has a prefix, the page's none
        given = any(self.data.get(f"{at_name}_{half}", "").strip() for half in (0, 1))
        if not when:
            # A post without the choice (a script, an older page): a time means "at".
            when = AT if given else NOW
        if when == NOW:
            if given:
                self.errors.pop("at", None)
                self.add_error(
                    "at",
                    _("You chose “Publish now” and gave a time: clear the time, or choose "
                      "“Publish at a time”."),
                )  # fmt: skip
            cleaned["at"] = None
            return cleaned
        at = cleaned.get("at")
        if at is None:
            if "at" not in self.errors:
                self.add_error(
                    "at", _("Give the date and the time to publish at, or choose “Publish now”.")
                )
            return cleaned
        now = timezone.now()
        # The minute that is now counts as now: the clock has no seconds.
        if at < now - timedelta(minutes=1):
            self.add_error(
                "at",
                _("%(time)s has passed (it is now %(now)s, %(zone)s): choose a later time, or "
                  "“Publish now”.")
                % {"time": desk_time(at), "now": desk_time(now), "zone": zone_label()},
            )  # fmt: skip
        return cleaned


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=gettext_lazy("Reviewer"), queryset=get_user_model().objects.none()
    )
    due = DeskDateTimeField(required=False, label=gettext_lazy("Due by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers()


def last_saved_by(article):
    """Who saved the story last and when, from its revisions ("" when unknown)."""
    import reversion
    from reversion.models import Version

    if not reversion.is_registered(Article):
        return ""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    if version is None:
        return ""
    revision = version.revision
    user = revision.user.get_username() if revision.user else _("someone")
    return f"{user}, {desk_time(revision.date_created)}"


def reviewers():
    """Active staff who hold the right to review (through a role or directly)."""
    right = Permission.objects.get(content_type__app_label="articles", codename="review_article")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=right) | Q(user_permissions=right))
        .distinct()
        .order_by("username")
    )
