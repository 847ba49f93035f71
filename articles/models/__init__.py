"""The newsroom's content, one module per domain, all importable from here.

library (sections, agencies, authors, tags), media (pictures and renditions), queries
(the published queryset and how stories are loaded), stories (the story, its byline,
agencies and tags), related (inserts and Explore picks), desk (the desk's records about a
story), redirects (old addresses).

Public code reads stories only through ``Article.objects.published()``.
"""

from articles.models.desk import (
    Autosave,
    Correction,
    EditingPresence,
    EditorialNote,
    PreviewLink,
    Transition,
)
from articles.models.library import (
    RESERVED_SECTION_SLUGS,
    Author,
    Section,
    SlugFromNameMixin,
    Source,
    Tag,
    ascii_slug,
    slug_field,
)
from articles.models.media import Image, Rendition
from articles.models.queries import ArticleQuerySet, StoryManager
from articles.models.redirects import Redirect
from articles.models.related import ExplorePick, RelatedItem, RelatedItemQuerySet
from articles.models.stories import Article, ArticleSource, BodyImage, Byline, TaggedArticle

__all__ = [
    "RESERVED_SECTION_SLUGS",
    "Article",
    "ArticleQuerySet",
    "ArticleSource",
    "BodyImage",
    "Author",
    "Autosave",
    "Byline",
    "Correction",
    "EditingPresence",
    "EditorialNote",
    "ExplorePick",
    "Image",
    "PreviewLink",
    "Redirect",
    "RelatedItem",
    "RelatedItemQuerySet",
    "Rendition",
    "Section",
    "SlugFromNameMixin",
    "Source",
    "StoryManager",
    "Tag",
    "TaggedArticle",
    "Transition",
    "ascii_slug",
    "slug_field",
]
