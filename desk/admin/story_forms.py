"""The story's forms: the story itself (with its version, for desk/locking.py), a
workflow step with its note (and time, to publish), and the reviewer's assignment."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import editions
from articles.models import (
    Article,
)
from desk import locking
from desk.times import desk_time

# The story's own words and facts: only those who may edit the story change them.
TEXT_FIELDS = [
    "section", "kind", "language", "headline", "slug", "standfirst", "body",
    "hero_image", "hero_caption", "embargo_until",
]  # fmt: skip


# The story's words, written in its edition's direction (right to left for Arabic) whatever
# the language of the admin around them.
WORDS = ["headline", "standfirst", "body", "hero_caption"]


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [*TEXT_FIELDS, "tags", "version"]  # the admin's fieldsets decide what is shown
        widgets = {"version": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        edition = editions.get(self.initial.get("language") or self.instance.language)
        for name in WORDS:
            if name in self.fields:
                # The body's editor takes its direction from its textarea (newsroom.css).
                self.fields[name].widget.attrs.update(lang=edition.code, dir=edition.direction)

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
            self.fields["at"] = forms.SplitDateTimeField(
                label=_("Publication time"),
                required=False,
                widget=admin.widgets.AdminSplitDateTime,
                help_text=_("Leave empty to publish now; a future time schedules the story."),
                initial=article.embargo_until,
            )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=gettext_lazy("Reviewer"), queryset=get_user_model().objects.none()
    )
    due = forms.SplitDateTimeField(
        required=False, widget=admin.widgets.AdminSplitDateTime, label=gettext_lazy("Due by")
    )

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
