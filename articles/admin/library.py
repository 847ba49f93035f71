"""Admin screens for what stories are made of: sections, sources, authors, images, tags."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag as TaggitTag

from articles import editions
from articles.admin.tagging import TagForm, TagToolsMixin, TagUsageFilter
from articles.models import Author, Image, Section, Source, Tag
from articles.renditions import queue_renditions, rendition_for
from articles.text import and_list
from articles.uploads import inspect_upload, upload_help


class EditionNamesAdmin:
    """A section's or tag's name in each of the other editions, as one text field per
    edition beside the name ("Name in Türkçe"), kept in ``names``: no JSON to type.
    Shown only when the newsroom has several editions."""

    def name_fields(self):
        return {
            f"name_{edition.code.replace('-', '_')}": edition for edition in editions.editions()[1:]
        }

    def get_form(self, request, obj=None, **kwargs):
        fields = self.name_fields()
        declared = {
            field: forms.CharField(
                label=_("Name in %(edition)s") % {"edition": edition.name},
                required=False,
                max_length=120,
                help_text=_("Blank: the %(edition)s edition shows the name above.")
                % {"edition": edition.name},
                widget=forms.TextInput(attrs={"lang": edition.code, "dir": edition.direction}),
            )
            for field, edition in fields.items()
        }

        def __init__(form, *args, **kw):
            super(form_class, form).__init__(*args, **kw)
            for field, edition in fields.items():
                form.initial.setdefault(field, (form.instance.names or {}).get(edition.code, ""))

        def clean(form):
            cleaned = super(form_class, form).clean()
            form.instance.names = {
                edition.code: cleaned[field].strip()
                for field, edition in fields.items()
                if cleaned.get(field, "").strip()
            }
            return cleaned

        base = kwargs.get("form", self.form)
        form_class = type(
            base.__name__, (base,), {**declared, "__init__": __init__, "clean": clean}
        )
        kwargs["form"] = form_class
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        names = list(self.name_fields())
        fields = [f for f in super().get_fields(request, obj) if f != "names" and f not in names]
        at = fields.index("name") + 1 if "name" in fields else len(fields)
        return [*fields[:at], *names, *fields[at:]]


# Stories use articles.Tag (ASCII slugs); taggit's own, unused model would only confuse.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


FOCAL_POINT_HELP = {
    "focal_x": gettext_lazy(
        "Where the subject is, across: 0 = left edge, 0.5 = centre, 1 = right edge. "
        "The 16:9 card picture and the square thumbnail are cut around this point."
    ),
    "focal_y": gettext_lazy("Where the subject is, down: 0 = top, 0.5 = centre, 1 = bottom."),
}


class ImageForm(forms.ModelForm):
    """An empty focal point box means the centre, not an error."""

    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "caption",
            "credit_source",
            "credit_text",
            "creator",
            "copyright_notice",
            "taken_on",
            "location",
            "focal_x",
            "focal_y",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # not on the read-only view of a writer
            self.fields["file"].help_text = upload_help()
            # photo_info.js asks here what the photographer wrote into a file just chosen.
            self.fields["file"].widget.attrs["data-photo-info-url"] = reverse(
                "admin:articles_image_photo_info"
            )

    def clean_focal_x(self):
        return _centre_if_empty(self.cleaned_data.get("focal_x"))

    def clean_focal_y(self):
        return _centre_if_empty(self.cleaned_data.get("focal_y"))


def _centre_if_empty(value):
    return 0.5 if value is None else value


def thumbnail(image, size=80):
    if not image or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        image.file.url,
        image.alt_text,
        size,
        size,
    )


# --- a picture's preview in a form, kept up to date as another is chosen --------------------

PREVIEW_WIDTH = 640  # the rendition a form's preview uses (drawn smaller by newsroom.css)


def preview_of(image):
    """What a form's preview of ``image`` draws: its smallest rendition at least
    PREVIEW_WIDTH wide or, until the task has made them, the original (scaled down by
    CSS). Never makes a rendition itself: see articles.renditions."""
    copy = rendition_for(image, min_width=PREVIEW_WIDTH)
    picture = copy or image
    return {
        "src": picture.file.url,
        "alt": image.alt_text,
        "width": picture.width,
        "height": picture.height,
    }


def live_preview(image, select_id):
    """A preview of ``image`` that image_preview.js redraws when the picture chosen in the
    select ``select_id`` changes (chosen in its autocomplete, or uploaded in the "+"
    pop-up), before the form is saved."""
    template = reverse("admin:articles_image_preview", args=["__fk__"])
    if image and image.file:
        picture = preview_of(image)
        size = (
            format_html(' width="{}" height="{}"', picture["width"], picture["height"])
            if picture["width"] and picture["height"]
            else ""
        )
        shown = format_html(
            '<img class="newsroom-image-preview__img" src="{}" alt="{}"{}>',
            picture["src"],
            picture["alt"],
            size,
        )
    else:
        shown = "—"
    return format_html(
        '<div class="newsroom-image-preview" data-preview-for="{}" data-preview-url="{}" '
        'aria-live="polite">{}</div>',
        select_id,
        template,
        shown,
    )


class NewsroomAdmin(admin.ModelAdmin):
    """What every newsroom screen shares: paging and a save bar at the top too."""

    list_per_page = 50
    save_on_top = True

    def object_or_404(self, request, object_id):
        """The object of a custom admin URL; odd ids ("abc", "1.5") are simply not found."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No %(thing)s with that id.") % {"thing": self.opts.verbose_name})
        return obj

    def get_deleted_objects(self, objs, request):
        # When a story protects the object, say which story, not "no permission to
        # delete stories": nothing will be deleted either way.
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return to_delete, counts, (set() if protected else perms_needed), protected


@admin.register(Section)
class SectionAdmin(EditionNamesAdmin, NewsroomAdmin):
    list_display = ["name", "kicker_text", "slug", "position", "in_navigation", "story_count"]
    list_editable = ["position", "in_navigation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # The story count's GROUP BY drops the model's ordering: without this the story
    # form's section autocomplete pages through an unordered list.
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("articles"))

    @admin.display(description=gettext_lazy("stories"), ordering="stories")
    def story_count(self, obj):
        return obj.stories


@admin.register(Source)
class SourceAdmin(NewsroomAdmin):
    list_display = ["name", "code", "website"]
    search_fields = ["name", "code"]


@admin.register(Author)
class AuthorAdmin(NewsroomAdmin):
    list_display = ["name", "role", "user"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]

    def get_exclude(self, request, obj=None):
        # Choosing the author's staff account reads the list of staff, which only who
        # manages people may (the chooser would answer 403 to anyone else): writers and
        # editors adding an author from a story's byline, producers.
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.has_perm("auth.view_user"):
            exclude.append("user")
        return exclude


@admin.register(Image)
class ImageAdmin(NewsroomAdmin):
    list_display = ["preview", "alt_text", "credit_display", "dimensions", "created_at"]
    list_display_links = ["preview", "alt_text"]
    list_filter = ["credit_source"]
    search_fields = ["alt_text", "caption", "credit_text", "creator"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["credit_source"]
    readonly_fields = ["large_preview", "dimensions"]
    fields = [
        "file",
        "large_preview",
        "alt_text",
        "caption",
        "credit_source",
        "credit_text",
        ("creator", "copyright_notice"),
        ("taken_on", "location"),
        "dimensions",
        ("focal_x", "focal_y"),
    ]

    form = ImageForm

    class Media:
        # The photographer's caption, credit and the rest in the empty boxes as soon as a
        # file is chosen, before the save (photo_info_view).
        js = ["admin/js/vendor/jquery/jquery.min.js", "admin/js/jquery.init.js",
              "admin/js/photo_info.js"]  # fmt: skip

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The model's help text is for developers; editors need to know what the numbers do.
        # Left empty, the focal point is the centre.
        if db_field.name in FOCAL_POINT_HELP:
            kwargs["help_text"] = FOCAL_POINT_HELP[db_field.name]
            kwargs["required"] = False
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_image_preview",
            ),
            path("photo-info/", view(self.photo_info_view), name="articles_image_photo_info"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The picture a story form's preview draws (preview_of), as JSON, for whoever may
        see the image: image_preview.js asks for it when another picture is chosen."""
        image = self.object_or_404(request, object_id)
        if not self.has_view_permission(request, image):
            raise PermissionDenied
        if not image.file:
            raise Http404(_("No picture to preview."))
        return JsonResponse(preview_of(image))

    def photo_info_view(self, request):
        """What the photographer wrote into a file just chosen, for photo_info.js to put in
        the form's empty boxes before the editor saves: the file is read, never stored."""
        if request.method != "POST":
            return JsonResponse({"error": _("Send the picture.")}, status=405)
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse({"error": _("Send the picture.")}, status=400)
        try:
            info = inspect_upload(upload).info
        except ValidationError as refused:
            return JsonResponse({"error": " ".join(refused.messages)}, status=400)
        found = Image()
        # The boxes the editor has filled already stay theirs.
        filled = found.fill_from(info, keep=request.POST.getlist("typed"))
        values = {name: str(getattr(found, name)) for name in filled if name != "credit_source"}
        if "taken_on" in values:
            values["taken_on"] = found.taken_on.isoformat()
        if "credit_source" in filled:
            values["credit_source"] = {
                "id": found.credit_source_id,
                "text": str(found.credit_source),
            }
        return JsonResponse({"values": values, "filled": filled_message(filled)})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        filled = filled_message(getattr(obj, "filled_from_photo", []))
        if filled:
            messages.info(request, filled)
        # Resized copies are made by a task once the save commits, so the editor never
        # waits for them; until they exist, pages show the original file.
        queue_renditions(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("credit_source")

    @admin.display(description=gettext_lazy("image"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=gettext_lazy("preview"))
    def large_preview(self, obj):
        return thumbnail(obj, size=400)

    @admin.display(description=gettext_lazy("credit"))
    def credit_display(self, obj):
        return obj.credit or "—"

    @admin.display(description=gettext_lazy("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"


@admin.register(Tag)
class TagAdmin(EditionNamesAdmin, TagToolsMixin, NewsroomAdmin):
    """Tags with their story counts; rename, merge and clean-up (see admin/tagging.py)."""

    form = TagForm
    list_display = ["name", "slug", "published_count", "total_count"]
    list_filter = [TagUsageFilter]
    search_fields = ["name", "slug"]
    ordering = ["name"]  # the tag list, and the story form's suggestions page by page
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["featured_image"]
    fields = ["name", "slug", "description", "featured_image"]
    actions = ["merge_selected", "delete_unused_selected"]


def filled_message(filled):
    """What was taken from the photo's own information, for the editor to check."""
    if not filled:
        return ""
    names = and_list([str(Image._meta.get_field(name).verbose_name) for name in filled])
    return _("Filled from the photo's own information (IPTC, XMP): %(fields)s. Check them.") % {
        "fields": names
    }
