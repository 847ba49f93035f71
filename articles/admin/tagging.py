"""Tag tools of the admin: the tag list and its merge and clean-up, and bulk tagging of stories.

``TagToolsMixin`` is mixed into TagAdmin, ``StoryTaggingMixin`` into ArticleAdmin.
The work itself (one transaction each, redirects included) is in ``articles.tags``;
this module draws the screens and checks, on the server, who may use them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.utils import parse_tags

from articles import tags
from articles.models import Article, Tag, TaggedArticle, ascii_slug

# The story form's tag picker is Django's own admin Select2, which suggests tags as the
# writer types (from ``tag_suggestions_view``: by name, address and name in another
# edition) and takes a new name with a comma (or Enter once it is offered): no new
# script library, and the choice of words stays with the desk. A typed name that
# names an existing tag ("nato") becomes that tag ("NATO") at once; a really new one
# is marked as new.
SELECT2 = "admin/js/vendor/select2/select2.full.min.js"


def _ids(raw):
    """ "3,5,8" (or a list of such) → [3, 5, 8]; anything odd is left out."""
    values = raw if isinstance(raw, list) else [raw]
    return [int(part) for value in values for part in str(value).split(",") if part.isdigit()]


# --- the tag list ---------------------------------------------------------------------------


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug", "description", "featured_image"]
        help_texts = {
            "slug": gettext_lazy(
                "The tag's address: /tag/turkiye/. Change it and the old address redirects here."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # taggit's slug allows any letters; the site's addresses are ASCII (Türkiye → turkiye).
        # (Absent from the form of those who may only look.)
        if "slug" in self.fields:
            self.fields["slug"].validators.append(ascii_slug)

    def clean_name(self):
        name = tags.clean_name(self.cleaned_data["name"])
        twin = tags.find_tag(name)
        if twin is not None and twin.pk != self.instance.pk:
            raise forms.ValidationError(
                _("There is already a tag “%(name)s”: use it, or merge the two.")
                % {"name": twin.name}
            )
        return name


class TagUsageFilter(admin.SimpleListFilter):
    title = gettext_lazy("usage")
    parameter_name = "usage"

    def lookups(self, request, model_admin):
        return [("unused", _("Unused (no stories)")), ("used", _("On stories"))]

    def queryset(self, request, queryset):
        match self.value():
            case "unused":
                return queryset.filter(total_stories=0)
            case "used":
                return queryset.filter(total_stories__gt=0)
        return queryset


class MergeTargetForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=gettext_lazy("Merge into"),
        help_text=gettext_lazy(
            "The tag that stays; the others are removed and their addresses redirect to it."
        ),
    )

    def __init__(self, *args, selected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = selected


class TagToolsMixin:
    """Counts in the tag list, rename with a redirect, merge and delete-unused actions."""

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Deleting a used tag would drop it from its stories with no redirect: merge or
        # "delete unused" instead.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                # One query for the whole page: both counts come with the tags. "Published"
                # is Article.objects.published() itself, as a subquery, not a copy of its rule.
                published_stories=Count(
                    "tagged_articles",
                    filter=Q(tagged_articles__content_object__in=Article.objects.published()),
                ),
                total_stories=Count("tagged_articles"),
            )
        )

    @admin.display(description=gettext_lazy("published stories"), ordering="published_stories")
    def published_count(self, obj):
        return obj.published_stories

    @admin.display(description=gettext_lazy("all stories"), ordering="total_stories")
    def total_count(self, obj):
        return obj.total_stories

    def save_model(self, request, obj, form, change):
        if change and {"name", "slug"} & set(form.changed_data):
            # A new slug leaves a redirect from the old address (and its feeds).
            tags.rename_tag(obj, obj.name, obj.slug, user=request.user)
        else:
            super().save_model(request, obj, form, change)

    # --- actions -------------------------------------------------------------------------
    @admin.action(
        description=gettext_lazy("Merge selected tags into one…"), permissions=["change", "delete"]
    )
    def merge_selected(self, request, queryset):
        pks = sorted(queryset.values_list("pk", flat=True))
        if len(pks) < 2:
            messages.warning(request, _("Select two tags or more to merge."))
            return None
        url = reverse("admin:articles_tag_merge")
        return redirect(f"{url}?{urlencode({'ids': ','.join(map(str, pks))})}")

    @admin.action(
        description=gettext_lazy("Delete selected tags that no story carries"),
        permissions=["delete"],
    )
    def delete_unused_selected(self, request, queryset):
        deleted, skipped = tags.delete_unused_tags(list(queryset))
        if deleted:
            messages.success(
                request,
                ngettext(
                    "Deleted %(count)d unused tag: %(names)s.",
                    "Deleted %(count)d unused tags: %(names)s.",
                    len(deleted),
                )
                % {"count": len(deleted), "names": ", ".join(deleted)},
            )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "Kept %(count)d tag that stories still carry: %(names)s.",
                    "Kept %(count)d tags that stories still carry: %(names)s.",
                    len(skipped),
                )
                % {"count": len(skipped), "names": ", ".join(skipped)},
            )

    # --- the merge page ------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("merge/", view(self.merge_view), name="articles_tag_merge"),
            *super().get_urls(),
        ]

    def merge_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        selected = (
            self.get_queryset(request).filter(pk__in=_ids(data.getlist("ids"))).order_by("name")
        )
        changelist = reverse("admin:articles_tag_changelist")
        if selected.count() < 2:
            messages.warning(request, _("Select two tags or more to merge."))
            return redirect(changelist)
        ids = ",".join(str(pk) for pk in selected.values_list("pk", flat=True))
        # The default target: the tag on most stories (the one readers know best).
        default = max(selected, key=lambda t: (t.total_stories, -t.pk))
        form = MergeTargetForm(
            data if "target" in data else None, selected=selected, initial={"target": default}
        )
        target = form.cleaned_data["target"] if form.is_valid() else default
        if request.method == "POST" and form.is_valid():
            sources = [t for t in selected if t.pk != target.pk]
            gained = tags.merge_tags(target, sources, user=request.user)
            messages.success(
                request,
                ngettext(
                    "Merged %(names)s into “%(target)s”: %(count)d story gained it; "
                    "the old addresses redirect to its page.",
                    "Merged %(names)s into “%(target)s”: %(count)d stories gained it; "
                    "the old addresses redirect to its page.",
                    gained,
                )
                % {"names": _quoted(sources), "target": target.name, "count": gained},
            )
            return redirect(changelist)
        plan = tags.plan_merge(target, list(selected))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge tags"),
            "form": form,
            "ids": ids,
            "plan": plan,
            "target": target,
            "source_names": _quoted(plan.sources),
        }
        return TemplateResponse(request, "admin/articles/tag/merge.html", context)


# --- the story form's tags -------------------------------------------------------------------


class TagPicker(forms.SelectMultiple):
    """The story's tags as chosen options; tag_picker.js turns it into an autocomplete."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "newsroom-tag-picker", "style": "width: 40em", **(attrs or {})}
        )

    @property
    def media(self):
        return forms.Media(
            js=["admin/js/vendor/jquery/jquery.min.js", SELECT2, "admin/js/jquery.init.js",
                "admin/js/tag_picker.js"],
            css={"screen": ["admin/css/vendor/select2/select2.min.css",
                            "admin/css/autocomplete.css"]},
        )  # fmt: skip

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-url": reverse("admin:articles_article_tag_suggestions"),
                "data-placeholder": _("Type to find a tag; a comma after a new name adds it"),
            }
        )
        return context

    def format_value(self, value):
        items = [value] if isinstance(value, str) else list(value or [])
        if not any(isinstance(item, str) for item in items):
            self.new_names = set()  # the saved story's tags
            return tag_names(items)
        # Names typed in a form that came back (a failed save) are shown as the tags they
        # name; the others are marked as new.
        resolved = tags.resolve(tag_names(items))
        self.new_names = {name for name, tag in resolved if tag is None}
        return [name for name, _tag in resolved]

    def optgroups(self, name, value, attrs=None):
        # Only the chosen tags are drawn; the others come from the server as the writer types.
        self.choices = [(tag_name, tag_name) for tag_name in value]
        return super().optgroups(name, value, attrs)

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in getattr(self, "new_names", ()):
            option["attrs"]["data-tag-state"] = "new"  # tag_picker.js marks it
        return option


def _quoted(tags):
    """“NATO”, “UN”: tags named in a sentence."""
    return ", ".join(f"“{tag.name}”" for tag in tags)


def tag_names(value):
    """Names from what a form holds: Tag objects, names, or "a, b" as typed in a text box."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    names = []
    for item in value:
        if isinstance(item, str):
            # One option is one name, spaces and all. Text with commas or quotes is a list
            # typed as in taggit's box ('nato, "New York"'), read as taggit reads it.
            parts = parse_tags(item) if "," in item or '"' in item else [item]
        else:
            parts = [getattr(item, "name", item)]
        for part in parts:
            part = tags.clean_name(part)
            if part and part.casefold() not in {n.casefold() for n in names}:
                names.append(part)
    return names


class TagNamesField(forms.Field):
    """The story's tags by name: existing tags in any case are reused, new names made on save."""

    widget = TagPicker

    def to_python(self, value):
        names = tag_names(value)
        longest = Tag._meta.get_field("name").max_length
        for name in names:
            if len(name) > longest:
                raise forms.ValidationError(
                    _("A tag’s name is at most %(length)d characters; “%(start)s…” is longer.")
                    % {"length": longest, "start": name[:30]}
                )
        return names

    def clean(self, value):
        # Saved under the tags they name: "turkiye" is Türkiye, not a second tag.
        return tags.resolve_names(super().clean(value))

    def has_changed(self, initial, data):
        return _folded(initial) != _folded(data)


def _folded(value):
    return sorted(name.casefold() for name in tag_names(value))


# --- bulk tagging on the story list -------------------------------------------------------


class BulkTagForm(forms.Form):
    ids = forms.CharField(widget=forms.HiddenInput)
    tag = forms.CharField(
        max_length=100,
        label=gettext_lazy("Tag"),
        help_text=gettext_lazy("An existing tag is reused whatever its case: “nato” finds “NATO”."),
    )

    def clean_tag(self):
        name = tags.clean_name(self.cleaned_data["tag"])
        if not name:
            raise forms.ValidationError(_("Type a tag."))
        return name


class StoryTaggingMixin:
    """The story form's tag picker, and "Add a tag" and "Remove a tag" on selected stories."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagNamesField(
                required=False,
                label=_("Tags"),
                help_text=_("Start typing to find a tag; a comma after a new name adds it."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_tag_stories_permission(self, request):
        user = request.user
        return user.has_perm("articles.curate_article") or user.has_perm(
            "articles.edit_any_article"
        )

    @admin.action(
        description=gettext_lazy("Add a tag to selected stories…"), permissions=["tag_stories"]
    )
    def add_tag_selected(self, request, queryset):
        return self._bulk_tag_page(request, "add", list(queryset.values_list("pk", flat=True)))

    @admin.action(
        description=gettext_lazy("Remove a tag from selected stories…"), permissions=["tag_stories"]
    )
    def remove_tag_selected(self, request, queryset):
        return self._bulk_tag_page(request, "remove", list(queryset.values_list("pk", flat=True)))

    def bulk_tag_urls(self, view):
        """Its addresses (bulk tagging, the picker's suggestions), which the story admin's
        get_urls lists with the others."""
        return [
            path(
                "bulk-tag/<str:mode>/", view(self.bulk_tag_view), name="articles_article_bulk_tag"
            ),
            path(
                "tag-suggestions/",
                view(self.tag_suggestions_view),
                name="articles_article_tag_suggestions",
            ),
        ]

    def tag_suggestions_view(self, request):
        """The picker's suggestions for what was typed (``term``), as Select2 reads them:
        each tag by its name, ``exact`` for the tag the text names, ``other_name`` when
        it matched by its name in another edition. Anyone who may see the tag list."""
        if not self.admin_site.get_model_admin(Tag).has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "")[: Tag._meta.get_field("name").max_length]
        page = request.GET.get("page", "")
        page = int(page) if page.isdigit() and 0 < int(page) < 1000 else 1
        found, more = tags.suggest_tags(term, page=page)
        return JsonResponse(
            {
                "results": [
                    {
                        "id": s.tag.name,
                        "text": s.tag.name,
                        "exact": s.exact,
                        "other_name": s.other_name,
                    }
                    for s in found
                ],
                "pagination": {"more": more},
            }
        )

    def bulk_tag_view(self, request, mode):
        if mode not in {"add", "remove"}:
            raise PermissionDenied
        if not self.has_tag_stories_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        pks = _ids(data.getlist("ids"))
        if request.method != "POST":
            return self._bulk_tag_page(request, mode, pks)
        form = BulkTagForm(request.POST)
        if not form.is_valid():
            return self._bulk_tag_page(request, mode, pks, form=form)
        stories = list(self.get_queryset(request).filter(pk__in=pks).only("pk"))
        name = form.cleaned_data["tag"]
        if mode == "add":
            tag, count = tags.add_tag_to_stories(stories, name)
            messages.success(
                request,
                ngettext(
                    "Tagged %(count)d story “%(tag)s”.",
                    "Tagged %(count)d stories “%(tag)s”.",
                    count,
                )
                % {"count": count, "tag": tag.name},
            )
        else:
            tag, count = tags.remove_tag_from_stories(stories, name)
            if tag is None:
                messages.warning(
                    request, _("There is no tag “%(tag)s”; nothing changed.") % {"tag": name}
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "Removed “%(tag)s” from %(count)d story.",
                        "Removed “%(tag)s” from %(count)d stories.",
                        count,
                    )
                    % {"count": count, "tag": tag.name},
                )
        return redirect("admin:articles_article_changelist")

    def _bulk_tag_page(self, request, mode, pks, form=None):
        stories = (
            self.get_queryset(request)
            .filter(pk__in=pks)
            .select_related("section")
            .order_by("headline", "pk")
        )
        ids = ",".join(str(pk) for pk in stories.values_list("pk", flat=True))
        if not ids:
            messages.warning(request, _("Select one story or more."))
            return redirect("admin:articles_article_changelist")
        if mode == "add":
            # Suggestions while typing; any other name makes a new tag.
            choices = Tag.objects.order_by("name").values_list("name", flat=True)
        else:
            # Only what the selected stories carry can be removed.
            choices = (
                Tag.objects.filter(
                    pk__in=TaggedArticle.objects.filter(content_object__in=pks).values("tag")
                )
                .order_by("name")
                .values_list("name", flat=True)
            )
        title = _("Add a tag to stories") if mode == "add" else _("Remove a tag from stories")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "mode": mode,
            "form": form or BulkTagForm(initial={"ids": ids}),
            "stories": stories,
            "choices": list(choices),
            "action_url": reverse("admin:articles_article_bulk_tag", args=[mode]),
        }
        return TemplateResponse(request, "admin/articles/tag/bulk_tag.html", context)
