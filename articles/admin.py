"""The newsdesk: admin screens for stories and what they are made of."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html

from .models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    ExplorePick,
    Image,
    RelatedItem,
    Section,
    Source,
    Tag,
)


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


class NewsroomAdmin(admin.ModelAdmin):
    """What every newsroom screen shares: paging and a save bar at the top too."""

    list_per_page = 50
    save_on_top = True


@admin.register(Section)
class SectionAdmin(NewsroomAdmin):
    list_display = ["name", "kicker_text", "slug", "position", "in_navigation", "story_count"]
    list_editable = ["position", "in_navigation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="stories")
    def story_count(self, obj):
        return obj.articles.count()


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


@admin.register(Image)
class ImageAdmin(NewsroomAdmin):
    list_display = ["preview", "alt_text", "credit_display", "dimensions", "created_at"]
    list_display_links = ["preview", "alt_text"]
    list_filter = ["credit_source"]
    search_fields = ["alt_text", "caption", "credit_text"]
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
        "dimensions",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("credit_source")

    @admin.display(description="image")
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description="preview")
    def large_preview(self, obj):
        return thumbnail(obj, size=400)

    @admin.display(description="credit")
    def credit_display(self, obj):
        return obj.credit or "—"

    @admin.display(description="size")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"


@admin.register(Tag)
class TagAdmin(NewsroomAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "byline (in order)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "article")


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "source"
    verbose_name_plural = "sources (agencies whose copy this carries)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "article")


class RelatedItemInline(admin.StackedInline):
    model = RelatedItem
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = [("kind", "after_block"), "target", ("url", "title")]
    verbose_name = "READ MORE link or Recommended story"
    verbose_name_plural = "in the body: READ MORE links and Recommended stories"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target", "article")


class ExplorePickInline(admin.TabularInline):
    model = ExplorePick
    fk_name = "article"
    extra = 0
    max_num = settings.NEWSROOM_EXPLORE_SIZE
    autocomplete_fields = ["picked"]
    verbose_name = "story"
    verbose_name_plural = "Explore: editors' picks (filled up automatically)"

    def get_formset(self, request, obj=None, **kwargs):
        # max_num only hides "Add another"; validate_max makes the server refuse extra rows.
        return super().get_formset(request, obj, validate_max=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("picked", "article")


@admin.register(Article)
class ArticleAdmin(NewsroomAdmin):
    list_display = [
        "headline",
        "section",
        "byline",
        "kind",
        "status",
        "published_at",
        "hero_thumbnail",
    ]
    list_filter = ["status", "kind", "section", "published_at"]
    list_select_related = ["section", "hero_image"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "hero_image"]
    readonly_fields = ["hero_preview", "reading_time"]
    inlines = [BylineInline, ArticleSourceInline, RelatedItemInline, ExplorePickInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "section",
                    "kind",
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    "reading_time",
                ]
            },
        ),
        ("Picture", {"fields": ["hero_image", "hero_preview", "hero_caption"]}),
        ("Tags", {"fields": ["tags"]}),
        ("Publication", {"fields": ["status", "published_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    @admin.display(description="byline")
    def byline(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all()) or "—"

    @admin.display(description="image")
    def hero_thumbnail(self, obj):
        return thumbnail(obj.hero_image, size=60)

    @admin.display(description="preview")
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image, size=300)

    @admin.display(description="reading time")
    def reading_time(self, obj):
        return f"{obj.reading_minutes} min read" if obj.pk else "worked out from the body"
