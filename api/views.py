"""The content API's endpoints, on django-ninja: read-only, public, published stories only.

Every story comes from ``Article.objects.published()`` (``api_stories``), and every count
of stories too: a draft, a scheduled or embargoed story, an unpublished one is in no
list, no filter, no count, and its address answers 404 like an address that never was.
So do tags and authors: one that no published story names is in no list and its
address is a 404, as its page and feeds are on the site.

Answers are cached like the site's pages (pagecache/headers.py): ``Cache-Control`` with the
NEWSROOM_CACHE_* lifetimes, cut short before the next scheduled publication so that a
scheduled story appears on time; ``Surrogate-Key`` naming the stories shown, for a CDN
to purge; ETags and 304s from ConditionalGetMiddleware. Errors are never kept.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import field_validator

from api import cursors, schemas
from api.ninjs import story_to_ninjs
from api.throttling import PerClientThrottle
from articles.models import Article, ArticleSource, Author, Byline, Section, Tag
from pagecache import page
from pagecache.headers import keys_of, listing_key, public_cache_control
from pagecache.keys import API, LATEST, SECTIONS
from pagecache.schedule import page_due
from public.seo import absolute_url


class ContentAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Public content, no credentials: any web page may read it.
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 200:
            patch_cache_control(response, **public_cache_control(page_due(request)))
            keys = page.of(request).keys
            if keys:
                response["Surrogate-Key"] = response["Cache-Tag"] = " ".join(sorted(keys))
        else:
            # A 404 must not outlive a story's publication, nor a 429 its window.
            patch_cache_control(response, no_store=True)
        return response


api = ContentAPI(
    title=f"{settings.NEWSROOM_SITE_NAME} content API",
    version="1",
    description=(
        "Published stories in IPTC ninjs 2.0, and the sections, tags and authors they are "
        "filed under. Read-only; no authentication; rate-limited per client address."
    ),
    urls_namespace="api",
    docs_url=None,  # the document is at openapi.json; the docs page would load scripts
    throttle=PerClientThrottle(),
)


@api.exception_handler(ValidationError)
def bad_request(request, error):
    """Malformed parameters: 400 and what is wrong, in words (django-ninja says 422)."""
    problems = "; ".join(
        f"{problem['loc'][-1]}: {problem['msg']}" if problem.get("loc") else problem["msg"]
        for problem in error.errors
    )
    return api.create_response(request, {"detail": problems}, status=400)


def api_stories():
    """Published stories with everything their ninjs needs, in a fixed number of queries."""
    return (
        Article.objects.published()
        .defer("search_vector")
        .select_related("section", "hero_image__credit_source")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("article_sources", queryset=ArticleSource.objects.select_related("source")),
            "tags",
            "hero_image__renditions",
        )
    )


def live_count(**link):
    """The number of published stories linked to the outer row (``section=OuterRef("pk")``),
    as a subquery: counted through ``published()`` like every public count."""
    stories = (
        Article.objects.published()
        .filter(**link)
        .order_by()
        .values(*link)
        .annotate(count=Count("pk", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(stories, output_field=IntegerField()), Value(0))


def shown(request, *things, counted=()):
    """Note what an answer shows, for its Surrogate-Key header (no query). ``counted``:
    the subjects whose stories it counts ("tag-3-stories"), so that the answer is purged
    when one of them gains or loses its last published story, and with it its place."""
    page.of(request).keys = {API, *keys_of(*things), *map(listing_key, counted)}


class StoryFilters(Schema):
    section: str | None = Field(None, description="A section's slug: turkiye.")
    tag: str | None = Field(None, description="A tag's slug: nato.")
    author: str | None = Field(None, description="An author's slug.")
    source: str | None = Field(None, description="An agency's code, any case: AA.")
    language: str | None = Field(
        None, max_length=20, description="An edition's language: ar (its stories alone)."
    )
    updated_since: datetime | None = Field(
        None,
        description="Only stories published or changed at or after this time (ISO 8601; "
        "without a zone, the newsroom's).",
    )
    cursor: str | None = Field(None, max_length=200, description="From a page's `next`.")
    page_size: int = Field(20, ge=1, le=100)

    @field_validator("section", "tag", "author", "source", "language", "cursor")
    @classmethod
    def printable(cls, value):
        # A NUL would reach PostgreSQL, which refuses it in text.
        if value is not None and ("\x00" in value or len(value) > 200):
            raise ValueError("not a name the newsroom uses")
        return value


@api.get(
    "/stories/",
    response=schemas.StoryPage,
    by_alias=True,
    exclude_unset=True,
    summary="Published stories, newest first",
)
def stories(request, filters: Query[StoryFilters]):
    """Unknown section, tag, author, source or language: an empty list."""
    found = api_stories()
    if filters.section:
        found = found.filter(section__slug=filters.section)
    if filters.tag:
        found = found.filter(tags__slug=filters.tag)
    if filters.author:
        found = found.filter(bylines__author__slug=filters.author)
    if filters.source:
        found = found.filter(article_sources__source__code__iexact=filters.source)
    if filters.language:
        found = found.filter(language=filters.language.strip().lower().replace("_", "-"))
    if filters.updated_since:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        since = cursors.in_utc(since)
        if since is None:
            raise HttpError(400, "updated_since: not a time the newsroom can compare")
        found = found.alias(
            changed_at=Greatest(
                "published_at", Coalesce("updated_at", "published_at"), "modified_at"
            )
        ).filter(changed_at__gte=since)
    try:
        found = cursors.stories_after(found, filters.cursor)
    except cursors.BadCursor as error:
        raise HttpError(400, f"cursor: {error}") from error
    items, next_page = cursors.page(request, found, filters.page_size, cursors.story_cursor)
    Article.load_body_images(items)  # before the keys are read: a picture's change shows
    shown(request, LATEST, items)
    return {"items": [story_to_ninjs(story, request) for story in items], "next": next_page}


@api.get(
    "/stories/{int:story_id}/",
    response=schemas.Story,
    by_alias=True,
    exclude_unset=True,
    summary="One published story",
)
def story(request, story_id: int):
    found = get_object_or_404(api_stories(), pk=story_id)
    Article.load_body_images([found])
    shown(request, found)
    return story_to_ninjs(found, request)


@api.get("/sections/", response=list[schemas.Section], summary="Every section")
def sections(request):
    rows = list(Section.objects.annotate(stories=live_count(section=OuterRef("pk"))))
    shown(request, SECTIONS, rows, counted=rows)
    return [
        {
            "name": section.name,
            "slug": section.slug,
            "kicker": section.kicker_text,
            "description": section.description,
            "url": absolute_url(section.get_absolute_url()),
            "stories": section.stories,
        }
        for section in rows
    ]


class ListPage(Schema):
    cursor: str | None = Field(None, max_length=200, description="From a page's `next`.")
    page_size: int = Field(50, ge=1, le=200)


def _page_of(request, rows, paging, describe):
    try:
        rows = cursors.by_slug_after(rows, paging.cursor)
    except cursors.BadCursor as error:
        raise HttpError(400, f"cursor: {error}") from error
    items, next_page = cursors.page(request, rows, paging.page_size, cursors.slug_cursor)
    shown(request, items, counted=items)
    return {"items": [describe(row) for row in items], "next": next_page}


def _tags():
    # Only tags on a published story: a tag on a draft alone could give the draft away.
    return Tag.objects.annotate(stories=live_count(tagged_items__tag=OuterRef("pk"))).filter(
        stories__gt=0
    )


def _tag(tag):
    return {
        "name": tag.name,
        "slug": tag.slug,
        "description": tag.description,
        "url": absolute_url(tag.get_absolute_url()),
        "stories": tag.stories,
    }


@api.get("/tags/", response=schemas.TagPage, summary="Tags of published stories, A to Z")
def tags(request, paging: Query[ListPage]):
    return _page_of(request, _tags(), paging, _tag)


@api.get("/tags/{slug:slug}/", response=schemas.Tag, summary="One tag")
def tag(request, slug: str):
    found = get_object_or_404(_tags(), slug=slug)
    shown(request, found, counted=[found])
    return _tag(found)


def _authors():
    # Only authors in the byline of a published story: one with drafts alone has no
    # story readers could have seen.
    return Author.objects.annotate(stories=live_count(bylines__author=OuterRef("pk"))).filter(
        stories__gt=0
    )


def _author(author):
    return {
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": author.bio,
        "url": absolute_url(author.get_absolute_url()),
        "stories": author.stories,
    }


@api.get("/authors/", response=schemas.AuthorPage, summary="Bylined authors, A to Z")
def authors(request, paging: Query[ListPage]):
    return _page_of(request, _authors(), paging, _author)


@api.get("/authors/{slug:slug}/", response=schemas.Author, summary="One author")
def author(request, slug: str):
    found = get_object_or_404(_authors(), slug=slug)
    shown(request, found, counted=[found])
    return _author(found)
