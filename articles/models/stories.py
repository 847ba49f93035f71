"""Stories: the story with its states and times, its byline, agencies and tags."""

from functools import cached_property
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import (
    SearchVector,
    SearchVectorField,
)
from django.db import connections, models
from django.db.models import Prefetch, Q, Value, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import ItemBase

from articles import body, editions, search
from articles.models.library import Author, Section, Source, Tag, slug_field
from articles.models.media import Image
from articles.models.queries import ArticleQuerySet, StoryManager
from articles.richtext import SanitizedHTMLField, sanitize_body, split_blocks
from articles.text import ascii_slugify, reading_minutes


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name=_("tag")
    )
    content_object = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name=_("content object"),
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


class Article(models.Model):
    class Status(models.TextChoices):
        # Moves between states only through desk.workflow. "Scheduled" is
        # not a state: it is a published story whose time has not come yet.
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        INTERVIEW = "interview", _("Interview")
        EXPLAINER = "explainer", _("Explainer")

    headline = models.CharField(_("headline"), max_length=250)
    slug = slug_field(
        unique=True,
        verbose_name=_("slug"),
        help_text=_("Part of the story's address; ASCII only."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.NEWS)
    language = models.CharField(
        _("language"),
        max_length=12,
        choices=editions.choices,
        default=editions.default_code,
        db_index=True,
        help_text=_("The edition the story is written for."),
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("The summary under the headline; also the search and feed summary."),
    )
    body = SanitizedHTMLField(_("body"), blank=True)
    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", blank=True, verbose_name=_("authors")
    )
    sources = models.ManyToManyField(
        Source,
        through="ArticleSource",
        related_name="articles",
        blank=True,
        verbose_name=_("sources"),
    )
    hero_image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name=_("hero image"),
    )
    hero_caption = models.TextField(
        _("hero caption"),
        blank=True,
        help_text=_("Caption for this story only; leave blank to use the image's."),
    )
    # The library pictures the body shows (articles/body.py), kept in step with it on
    # save: a picture a story shows cannot be deleted, and the story page loads them
    # with the story.
    body_images = models.ManyToManyField(
        Image,
        through="BodyImage",
        related_name="in_bodies",
        blank=True,
        verbose_name=_("pictures in the body"),
    )
    # The origins of the frames the body's embeds may load once a reader asks, read with
    # the page's first row: its Content Security Policy names these, on this page alone.
    frame_origins = models.CharField(
        _("frames its embeds load"), max_length=1000, blank=True, editable=False
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("First publication. A future time keeps the story off the site until then."),
    )
    updated_at = models.DateTimeField(
        _("updated at"),
        null=True,
        blank=True,
        help_text=_("Last update readers should know about."),
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("Not to be published before this time (agency embargoes)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="assigned_articles",
        verbose_name=_("reviewer"),
    )
    review_due = models.DateTimeField(_("review due"), null=True, blank=True, editable=False)
    # Optimistic locking: a save must name the version it started from (see admin/stories.py).
    version = models.PositiveIntegerField(_("version"), default=1)
    # Translations (desk.translations): a story in another edition that tells the same
    # news points at the original, and at the original's revision it was made from;
    # once the original has changed since, the translation is out of date.
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,  # an original is not deleted from under its translations
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        verbose_name=_("original"),
        help_text=_("The story this one translates."),
    )
    translated_from = models.ForeignKey(
        "reversion.Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("translated from"),
        help_text=_("The original's revision this translation is up to date with."),
    )
    # Full-text search on PostgreSQL (weighted headline > standfirst > body), kept current
    # on save; its GIN index is made by a PostgreSQL-only migration. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # In the trash since then (desk.trash): off every public surface and the desk,
    # restorable until the trash is emptied.
    deleted_at = models.DateTimeField(
        _("moved to the trash"), null=True, blank=True, editable=False
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("moved to the trash by"),
    )

    objects = StoryManager()
    including_trash = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        default_manager_name = "including_trash"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            # Listings and Explore read published stories newest first, a page of ids at
            # a time from these alone (migrations 0012, 0014): all of them, and a section's.
            # The trash is in the condition so that published() still reads ids only.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published", deleted_at__isnull=True),
                name="article_latest_idx",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=Q(status="published", deleted_at__isnull=True),
                name="article_section_latest_idx",
            ),
        ]
        # The roles' rights; granted to the Writer, Editor and Producer groups.
        permissions = [
            ("edit_any_article", "Can edit any story, in any state"),
            ("submit_article", "Can submit a story for review"),
            ("review_article", "Can approve a story or send it back"),
            ("publish_article", "Can publish, schedule and unpublish a story"),
            ("assign_article", "Can assign a story to a reviewer"),
            ("curate_article", "Can change a story's tags, related links and Explore picks"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_time",
            ),
            # One story per edition in a group of translations.
            models.UniqueConstraint(
                fields=["original", "language"], name="one_translation_per_edition"
            ),
            models.CheckConstraint(
                condition=~Q(original=models.F("pk")), name="not_its_own_translation"
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(embargo_until__isnull=True)
                | Q(published_at__gte=models.F("embargo_until")),
                name="published_article_respects_embargo",
            ),
            models.CheckConstraint(
                condition=Q(updated_at__isnull=True)
                | Q(published_at__isnull=False, updated_at__gte=models.F("published_at")),
                name="article_updated_after_published",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        from articles.redirects import keeping_address  # it reads these models

        if not self.slug:
            self.slug = ascii_slugify(self.headline, max_length=120)
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        body_changed = update_fields is None or "body" in update_fields
        if body_changed:
            self.body = sanitize_body(self.body)
            self.frame_origins = " ".join(body.frame_origins(split_blocks(self.body)))
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "frame_origins"}
        # Once published, a new slug or section leaves the old address redirecting (301).
        with keeping_address(self, kwargs.get("update_fields")):
            super().save(*args, **kwargs)
        if body_changed:
            self.body_images.set(
                Image.objects.filter(pk__in=body.image_ids(split_blocks(self.body)))
            )
        if update_fields is None or {"headline", "standfirst", "body", "language"} & set(
            update_fields
        ):
            self.update_search_vector()

    def get_absolute_url(self):
        # In its own edition's address (/ar/… once there are several, or its own
        # host), whichever edition's page links to it.
        with translation.override(self.language):
            path = reverse(
                "articles:article", kwargs={"section": self.section.slug, "slug": self.slug}
            )
        return editions.link(self.edition, path)

    @classmethod
    def free_slug(cls, text, fallback="story"):
        """An unused slug made from ``text`` ("…-2", "…-3" once it is taken; the trash
        keeps its stories' slugs), for a story made by the newsroom rather than typed."""
        base = ascii_slugify(text, max_length=110) or fallback
        slug, number = base, 1
        while cls.including_trash.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def update_search_vector(self):
        """Store the weighted search vector: headline (A), standfirst (B), body text (C),
        read in the story's own edition's language, accents ignored (articles/search.py).

        PostgreSQL only; other databases search the text itself. The body's plain text
        is computed here, so that no SQL has to take HTML apart.
        """
        using = self._state.db or "default"
        if connections[using].vendor != "postgresql":
            return
        config = search.config(self.language)

        def words(text, weight):
            # PostgreSQL's parser skips whatever looks like an XML tag: a story that
            # quotes "<script>" must still be found by "script".
            text = text.replace("<", " ").replace(">", " ")
            return SearchVector(Value(text), weight=weight, config=config)

        vector = (
            words(self.headline, "A")
            + words(self.standfirst, "B")
            + words(self.body_plain_text, "C")
        )
        Article.including_trash.using(using).filter(pk=self.pk).update(search_vector=vector)

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state_label(self):
        """The state as the desk says it: Scheduled is a published story not yet due."""
        return _("Scheduled") if self.is_scheduled else self.get_status_display()

    def published_editions(self):
        """The published stories of this one's group of translations (the original and
        its translations), this one among them if it is, in the editions' order. One
        query, through the one published() gate."""
        original = self.original_id or self.pk
        found = Article.objects.published().filter(Q(pk=original) | Q(original_id=original))
        order = {edition.code: number for number, edition in enumerate(editions.editions())}
        rows = found.select_related("section").only(
            "pk", "slug", "headline", "language", "section__slug", "original_id"
        )
        return sorted(rows, key=lambda story: (order.get(story.language, len(order)), story.pk))

    @property
    def edition(self):
        """The edition the story is written for (its language's name and direction)."""
        return editions.get(self.language)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def body_plain_text(self):
        """The body as plain text, a line per paragraph or subheading (for search)."""
        blocks = (
            " ".join(unescape(strip_tags(block)).split()) for block in split_blocks(self.body)
        )
        return "\n".join(block for block in blocks if block)

    @property
    def reading_minutes(self):
        return reading_minutes(self.body)

    @property
    def caption(self):
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image_id else ""

    @property
    def was_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    @cached_property
    def byline_authors(self):
        """Authors in byline order (uses the prefetch from ``for_cards``)."""
        return [byline.author for byline in self.bylines.all()]

    def body_with_inserts(self):
        """The body split into blocks, with READ MORE and Recommended slots in place.

        Returns a list of (kind, part): ("html", block) for text, ("insert",
        RelatedItem), and ("picture" | "gallery" | "embed" | "table", block) for the
        blocks of articles/body.py, their pictures loaded (prefetched by
        ``for_story_page`` into ``body_images``, else in one query). Only links readers
        may follow are placed (``RelatedItem.objects.public()``); a view prefetches
        them into ``public_related_items``.
        """
        items = getattr(self, "public_related_items", None)
        if items is None:
            items = self.related_items.public()
        blocks = split_blocks(self.body)
        inserts = {}
        for item in items:
            inserts.setdefault(min(item.after_block, len(blocks)), []).append(item)
        parts = [("insert", item) for item in inserts.get(0, [])]
        for number, (block, found) in enumerate(self.read_blocks(blocks), start=1):
            if found is None:
                parts.append(("html", block))
            elif found:
                parts.append((found.kind, found))
            parts.extend(("insert", item) for item in inserts.get(number, []))
        return parts

    def read_blocks(self, blocks=None):
        """The body's blocks, each with what it shows (articles/body.py: a picture,
        gallery, embed or table, its pictures loaded), None for text, or False for a
        block with nothing left to show (its pictures gone from the library)."""
        blocks = split_blocks(self.body) if blocks is None else blocks
        images = self.shown_images(blocks)
        read = []
        for block in blocks:
            found = body.read_block(block)
            if found is not None:
                found = body.with_images(found, images) or False
            read.append((block, found))
        return read

    def shown_images(self, blocks):
        """The library pictures the body's blocks show, by id: loaded once (two queries,
        with their credits and renditions), or as ``load_body_images`` loaded them."""
        ids = body.image_ids(blocks)
        if not ids:
            return {}
        cache = self.__dict__.setdefault("_prefetched_objects_cache", {})
        loaded = cache.get("body_images")
        if loaded is None or not set(ids) <= {image.pk for image in loaded}:
            loaded = list(BODY_IMAGES.filter(pk__in=ids))
            cache["body_images"] = loaded
        return {image.pk: image for image in loaded}

    @staticmethod
    def load_body_images(stories):
        """Load the pictures of these stories' bodies at once (a feed, an API page): two
        queries if any body shows one, none otherwise."""
        showing = [story for story in stories if body.shows_pictures(story.body)]
        prefetch_related_objects(showing, Prefetch("body_images", queryset=BODY_IMAGES))
        return stories

    def portable_body(self, absolute):
        """The body for feeds and the content API: pictures as figures with an <img> of
        their largest copy, an embed as its text and a link, a table as readers get it.
        ``absolute(path)`` makes an address absolute."""
        out = []
        for block, found in self.read_blocks():
            if found is None:
                out.append(block)
            elif found:
                out.append(
                    body.portable_block(found, lambda image: absolute(body.largest_copy(image)))
                )
        return "".join(out)

    def body_pictures_and_embeds(self):
        """The pictures (in order, once each) and embeds the body shows, for JSON-LD."""
        pictures, embeds = [], []
        for _block, found in self.read_blocks():
            if isinstance(found, body.BodyPicture):
                pictures.append(found)
            elif isinstance(found, body.Gallery):
                pictures.extend(found.pictures)
            elif isinstance(found, body.Embed):
                embeds.append(found)
        return pictures, embeds


# A body's pictures as pages draw them: credited, with their renditions.
BODY_IMAGES = Image.objects.select_related("credit_source").prefetch_related("renditions")


class Byline(models.Model):
    """An author of a story, in the order the byline names them."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("article")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_byline")]

    def __str__(self):
        # Named in the admin's "cannot delete" list: say which story.
        return f"{self.author.name} on “{self.article}”"


class BodyImage(models.Model):
    """A library picture a story's body shows (kept in step with the body on save)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="body_uses", verbose_name=_("article")
    )
    image = models.ForeignKey(
        Image, on_delete=models.PROTECT, related_name="body_uses", verbose_name=_("image")
    )

    class Meta:
        verbose_name = _("picture in a body")
        verbose_name_plural = _("pictures in bodies")
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="unique_body_image")
        ]

    def __str__(self):
        # Named in the admin's "cannot delete" list: say which story.
        return f"“{self.article}”"


class ArticleSource(models.Model):
    """An agency whose copy the story carries (SOURCE: AA)."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="article_sources",
        verbose_name=_("article"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="article_sources", verbose_name=_("source")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("article source")
        verbose_name_plural = _("article sources")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "source"], name="unique_article_source")
        ]

    def __str__(self):
        return f"{self.source.code} on “{self.article}”"
