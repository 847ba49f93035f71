"""The newsroom's content: sections, authors, sources, images and stories.

Public code reads stories only through ``Article.objects.published()``.
"""

from functools import cached_property
from html import unescape
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Case, F, Func, Prefetch, Q, Value, When
from django.db.models.functions import Least, Left, Length, Lower, Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from articles.richtext import SanitizedHTMLField, split_blocks
from articles.text import ascii_slugify, reading_minutes, upper_for_language
from articles.uploads import PictureField, PicturePath
from articles.weblinks import WebAddressField, web_address

ascii_slug = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case ASCII letters, digits and hyphens only (Türkiye → turkiye).",
)

# Top-level paths the site itself uses; a section may not take them.
RESERVED_SECTION_SLUGS = {
    "admin",
    "static",
    "media",
    "tag",
    "tags",
    "author",
    "authors",
    "source",
    "sources",
    "search",
    "feeds",
    "feed",
    "rss",
    "sitemap.xml",
    "robots.txt",
    "api",
    "preview",
}


def slug_field(**kwargs):
    return models.SlugField(max_length=120, validators=[ascii_slug], **kwargs)


class SlugFromNameMixin:
    """Fills an empty slug from the name, ASCII only (fixtures and commands too)."""

    slug_source = "name"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = ascii_slugify(getattr(self, self.slug_source), max_length=120)
        super().save(*args, **kwargs)


class Section(SlugFromNameMixin, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = slug_field(unique=True, help_text="The section's address: /turkiye/")
    kicker = models.CharField(
        max_length=80,
        blank=True,
        help_text="Shown above headlines. Leave blank to use the name in capitals.",
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        help_text="Language of the name, for capitals (tr gives TÜRKİYE).",
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Order in the navigation; lower comes first."
    )
    in_navigation = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from articles.redirects import keeping_address  # it reads these models

        # A renamed section's old page and feeds redirect (301) to the new ones.
        with keeping_address(self, kwargs.get("update_fields")):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SECTION_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the site itself."})

    @property
    def kicker_text(self):
        return self.kicker or upper_for_language(self.name, self.language)


class Source(models.Model):
    """A news agency or provider: copy and photos come from it (AA, Reuters …)."""

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(
        max_length=20, unique=True, help_text="Short code shown to readers, such as AA."
    )
    # Printed as a link on the source's page: web addresses only, at every write.
    website = WebAddressField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Its page is /source/aa/: "AA" and "aa" would be one address for two agencies.
            models.UniqueConstraint(Lower("code"), name="unique_source_code_any_case")
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("articles:source", kwargs={"code": self.code.lower()})


class Image(models.Model):
    # Clean raster pictures only, under generated names, without metadata (articles.uploads).
    file = PictureField(upload_to=PicturePath(), width_field="width", height_field="height")
    alt_text = models.CharField(
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it. Required.",
    )
    caption = models.TextField(blank=True)
    credit_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="images",
        help_text="The agency the photo comes from.",
    )
    credit_text = models.CharField(
        max_length=200, blank=True, help_text="Or a free-text credit (a photographer's name)."
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    # Where the picture's subject is, as fractions of width and height (0.5, 0.5 = centre):
    # crops for cards and thumbnails keep it in frame.
    focal_x = models.FloatField(
        default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    focal_y = models.FloatField(
        default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text[:80]

    @property
    def credit(self):
        if self.credit_source_id:
            return self.credit_source.code
        return self.credit_text


class Author(SlugFromNameMixin, models.Model):
    name = models.CharField(max_length=120)
    slug = slug_field(unique=True)
    role = models.CharField(max_length=120, blank=True, help_text="Such as Diplomatic editor.")
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="The staff account of this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from articles.redirects import keeping_address  # it reads these models

        # An author's old page and feeds redirect (301) to the new ones.
        with keeping_address(self, kwargs.get("update_fields")):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Tag(TagBase):
    """A taggit tag whose slug is ASCII like every other address on the site."""

    description = models.TextField(blank=True, help_text="A line or two shown on the tag's page.")
    featured_image = models.ForeignKey(
        "Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Shown at the top of the tag's page.",
    )

    def slugify(self, tag, i=None):
        slug = ascii_slugify(tag, max_length=90) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only way public code reads stories: published, its time has come, and
        not in the trash (desk.trash)."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            deleted_at__isnull=True,
        )

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def for_cards(self):
        """What a story card draws (kicker, image, byline) in a fixed number of queries.

        The search vector, the largest column and never shown, is left out.
        """
        return (
            self.defer("search_vector")
            .select_related("section", "hero_image")
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=Byline.objects.select_related("author").order_by("position", "pk"),
                ),
                # A card draws the 16:9 crop only (templatetags/pictures.py).
                Prefetch("hero_image__renditions", queryset=Rendition.objects.filter(crop="wide")),
            )
        )

    def cards_only(self):
        """``for_cards()`` without the body either: for lists that draw cards and nothing
        else (listings, Explore, the front page). A feed, which prints bodies, keeps it."""
        return self.for_cards().defer("search_vector", "body")

    def for_story_page(self):
        """Everything a story page draws, in a fixed number of queries."""
        return self.select_related("section", "hero_image__credit_source").prefetch_related(
            "tags",
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("article_sources", queryset=ArticleSource.objects.select_related("source")),
            Prefetch(
                "related_items",
                queryset=RelatedItem.objects.public(),
                to_attr="public_related_items",
            ),
            "corrections",
            Prefetch("hero_image__renditions"),
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def search_ids(self, query, words=(), excluded=(), limit=None):
        """The ids of the stories matching a reader's query, best first (see
        public.search).

        On PostgreSQL: the stored vector against ``websearch_to_tsquery`` (quotes, OR
        and -word from readers never error), ranked headline > standfirst > body and
        then newest. Elsewhere: every one of ``words`` appears in the headline,
        standfirst or body, scored headline > standfirst > each mention in the body,
        and no ``excluded`` word (a reader's -word) appears in any of them.

        With ``limit``, only the newest ``limit`` matches are ranked (and counted): a
        common word matches most of the archive, and ranking reads every match's text.
        """
        if connections[self.db].vendor == "postgresql":
            return self._search_postgresql(query, limit)
        stories = self._search_words(words, excluded, limit)
        return list(stories.values_list("pk", flat=True))

    def with_search_snippet(self, query):
        """On PostgreSQL, each story with a ``snippet``: its body text with the query's
        words (and their other forms) in <mark>, safe only once public.search has
        sanitised it. Elsewhere an empty ``snippet``: public.search finds the words.
        Meant for a page of results: ts_headline parses all the text it is given."""
        if connections[self.db].vendor != "postgresql":
            return self.annotate(snippet=Value(""))
        config = settings.NEWSROOM_SEARCH_CONFIG
        # The body's tags become spaces so that ts_headline reads its words; the text
        # stays HTML-escaped as nh3 stored it. Its first 3,000 characters (about 450
        # words) only: parsing a whole long body took half the search's database time,
        # and when the words come later public.search finds them itself.
        body_text = Left(
            Func(F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace"),
            3000,
        )
        return self.annotate(
            snippet=SearchHeadline(
                body_text,
                SearchQuery(query, search_type="websearch", config=config),
                config=config,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )

    def _newest(self, matches, limit):
        """``matches`` cut to the newest ``limit``: a subquery the database answers
        through an index (the publication-time index for a common word, the search
        index for a rare one), so that no more than ``limit`` rows are ranked."""
        if limit is None:
            return matches
        return self.filter(pk__in=matches.order_by("-published_at", "-pk").values("pk")[:limit])

    def _search_postgresql(self, query, limit):
        tsquery = SearchQuery(
            query, search_type="websearch", config=settings.NEWSROOM_SEARCH_CONFIG
        )
        # The newest matches and their rank in one pass over their vectors, ranked here:
        # ranking them in an outer query read each stored vector (4 KB, compressed) a
        # second time, 10 of 26 ms for a word in every story at 100,000 stories.
        matches = (
            self.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-published_at", "-pk")
            .values_list("pk", "rank")
        )
        if limit is not None:
            matches = matches[:limit]
        # Newest first already: a stable sort by rank keeps the newest first among equals.
        return [pk for pk, _ in sorted(matches, key=lambda m: -m[1])]

    def _search_words(self, words, excluded, limit):
        if not words:
            return self.none()

        def anywhere(word):
            return (
                Q(headline__icontains=word)
                | Q(standfirst__icontains=word)
                | Q(body__icontains=word)
            )

        stories = self
        for word in excluded:
            stories = stories.exclude(anywhere(word))
        for word in words:
            stories = stories.filter(anywhere(word))
        stories, score = self._newest(stories, limit), Value(0)
        for word in words:
            # Mentions in the body: the length the word's removal takes away, over its length.
            mentions = (
                Length(Lower("body")) - Length(Replace(Lower("body"), Value(word), Value("")))
            ) / len(word)
            score = (
                score
                + Case(When(headline__icontains=word, then=Value(10)), default=Value(0))
                + Case(When(standfirst__icontains=word, then=Value(3)), default=Value(0))
                + Least(mentions, Value(5))
            )
        return stories.annotate(score=score).order_by("-score", "-published_at", "-pk")


class StoryManager(models.Manager.from_queryset(ArticleQuerySet)):
    """``Article.objects``: the stories the desk works on, never those in the trash.

    Not the model's default manager: Django checks unique slugs through the default
    one, and a story in the trash still holds its address (it may come back).
    """

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Article(models.Model):
    class Status(models.TextChoices):
        # Moves between states only through desk.workflow. "Scheduled" is
        # not a state: it is a published story whose time has not come yet.
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        ANALYSIS = "analysis", "Analysis"
        OPINION = "opinion", "Opinion"
        INTERVIEW = "interview", "Interview"
        EXPLAINER = "explainer", "Explainer"

    headline = models.CharField(max_length=250)
    slug = slug_field(unique=True, help_text="Part of the story's address; ASCII only.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    standfirst = models.TextField(
        blank=True, help_text="The summary under the headline; also the search and feed summary."
    )
    body = SanitizedHTMLField(blank=True)
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    sources = models.ManyToManyField(
        Source, through="ArticleSource", related_name="articles", blank=True
    )
    hero_image = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, blank=True, related_name="hero_of"
    )
    hero_caption = models.TextField(
        blank=True, help_text="Caption for this story only; leave blank to use the image's."
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)

    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="First publication. A future time keeps the story off the site until then.",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Last update readers should know about."
    )
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Not to be published before this time (agency embargoes).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="assigned_articles",
        verbose_name="reviewer",
    )
    review_due = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic locking: a save must name the version it started from (see admin/stories.py).
    version = models.PositiveIntegerField(default=1)
    # Full-text search on PostgreSQL (weighted headline > standfirst > body), kept current
    # on save; its GIN index is made by a PostgreSQL-only migration. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # In the trash since then (desk.trash): off every public surface and the desk,
    # restorable until the trash is emptied.
    deleted_at = models.DateTimeField("moved to the trash", null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="moved to the trash by",
    )

    objects = StoryManager()
    including_trash = ArticleQuerySet.as_manager()

    class Meta:
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
        # Once published, a new slug or section leaves the old address redirecting (301).
        with keeping_address(self, kwargs.get("update_fields")):
            super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"headline", "standfirst", "body"} & set(update_fields):
            self.update_search_vector()

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"section": self.section.slug, "slug": self.slug})

    def update_search_vector(self):
        """Store the weighted search vector: headline (A), standfirst (B), body text (C).

        PostgreSQL only; other databases search the text itself. The body's plain text
        is computed here, so that no SQL has to take HTML apart.
        """
        using = self._state.db or "default"
        if connections[using].vendor != "postgresql":
            return
        config = settings.NEWSROOM_SEARCH_CONFIG

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
        return "Scheduled" if self.is_scheduled else self.get_status_display()

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

        Returns a list of ("html", block) and ("insert", RelatedItem) pairs. Only
        links readers may follow are placed (``RelatedItem.objects.public()``); a
        view prefetches them into ``public_related_items``.
        """
        items = getattr(self, "public_related_items", None)
        if items is None:
            items = RelatedItem.objects.public().filter(article=self)
        blocks = split_blocks(self.body)
        inserts = {}
        for item in items:
            inserts.setdefault(min(item.after_block, len(blocks)), []).append(item)
        parts = [("insert", item) for item in inserts.get(0, [])]
        for number, block in enumerate(blocks, start=1):
            parts.append(("html", block))
            parts.extend(("insert", item) for item in inserts.get(number, []))
        return parts


class Byline(models.Model):
    """An author of a story, in the order the byline names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_byline")]

    def __str__(self):
        # Named in the admin's "cannot delete" list: say which story.
        return f"{self.author.name} on “{self.article}”"


class ArticleSource(models.Model):
    """An agency whose copy the story carries (SOURCE: AA)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="article_sources")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "source"], name="unique_article_source")
        ]

    def __str__(self):
        return f"{self.source.code} on “{self.article}”"


class RelatedItemQuerySet(models.QuerySet):
    def public(self):
        """Links readers may follow: external ones, and our stories once published."""
        return self.filter(
            Q(target__isnull=True) | Q(target__in=Article.objects.published())
        ).select_related("target__section")


# Links readers follow from a story go to web pages only (articles.weblinks). An
# external READ MORE link is stored whatever an import gives, never drawn unless it
# is a web address, and listed in the related links report for editors to mend.


class RelatedItem(models.Model):
    """A READ MORE link or a Recommended story placed between paragraphs of a body."""

    class Kind(models.TextChoices):
        READ_MORE = "read_more", "READ MORE link"
        RECOMMENDED = "recommended", "Recommended story"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_items")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.READ_MORE)
    after_block = models.PositiveSmallIntegerField(
        "after paragraph",
        default=0,
        help_text="Place it after this paragraph or subheading (1 = after the first; "
        "0 = before the body; a large number = at the end).",
    )
    # PROTECT: nothing deletes a story others link to by the way. The admin's delete moves
    # it to the trash, which hides the links as unpublishing does; emptying the trash
    # removes them with it (desk.trash).
    target = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linked_from",
        help_text="A story of ours (shown only while it is published)…",
    )
    url = models.URLField(
        "external URL",
        blank=True,
        validators=[web_address],
        help_text="…or a page elsewhere: a web address starting with http:// or https://.",
    )
    title = models.CharField(
        max_length=250, blank=True, help_text="Link text; defaults to the story's headline."
    )

    objects = RelatedItemQuerySet.as_manager()

    class Meta:
        ordering = ["after_block", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url=""))
                | (Q(target__isnull=True) & ~Q(url="")),
                name="related_item_story_or_url",
            ),
        ]

    def __str__(self):
        # Named in the admin's "cannot delete" list: say which story holds the link.
        return f"{self.get_kind_display()} in “{self.article}”: {self.link_text}"

    def clean(self):
        if bool(self.target_id) == bool(self.url):
            raise ValidationError("Choose either one of our stories or an external URL, not both.")
        if self.kind == self.Kind.RECOMMENDED and not self.target_id:
            raise ValidationError({"target": "A Recommended slot needs one of our stories."})
        if self.target_id and self.target_id == self.article_id:
            raise ValidationError({"target": "A story cannot recommend itself."})
        if self.url and not self.title:
            raise ValidationError({"title": "Give the external link a title."})

    @property
    def link_text(self):
        return self.title or (self.target.headline if self.target_id else self.url)

    @property
    def href(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    @property
    def is_external(self):
        return not self.target_id

    @property
    def url_problem(self):
        """Why the external URL may not be linked ("" when it may, or for our stories).

        Rows stored before the http/https rule, or by an import that skipped
        validation, can hold anything; pages and the related links report ask this.
        """
        return self.problem_with_url(self.url) if self.is_external else ""

    @staticmethod
    def problem_with_url(url):
        try:
            web_address(url)
        except ValidationError as error:
            return error.messages[0]
        return ""

    @property
    def site(self):
        """The external page's site as readers know it: www.reuters.com → reuters.com."""
        if not self.is_external:
            return ""
        try:
            host = urlsplit(self.url).hostname or ""
        except ValueError:  # a malformed address stored before validation
            return ""
        return host.removeprefix("www.")


class ExplorePick(models.Model):
    """A story an editor chose for another story's Explore list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="explore_picks")
    picked = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="explore_picked_by")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "picked"], name="unique_explore_pick"),
            models.CheckConstraint(
                condition=~Q(article=models.F("picked")), name="explore_pick_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.picked} (Explore of “{self.article}”)"


class Transition(models.Model):
    """One step of a story through the workflow: who, when, from, to, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Article.Status)
    to_status = models.CharField(max_length=20, choices=Article.Status)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_idx")]

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class EditorialNote(models.Model):
    """An internal note on a story: for the desk only, never on any public surface."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on “{self.article}”"


class Correction(models.Model):
    """A correction or update note published with a story; its time is the story's update time."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField()
    at = models.DateTimeField("time", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"


class PreviewLink(models.Model):
    """A signed, expiring, revocable read-only link to a story's current draft."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        max_length=120, blank=True, help_text="Who it is for, such as “Legal: J. Smith”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.label or f"Preview of “{self.article}”"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class Autosave(models.Model):
    """The unsaved text of a story form, kept per user and story (never in the live story)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Null for a story that has not been saved yet (the add form).
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        # One autosave per user and story, and one per user for the add form.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="one_autosave_per_user_and_story",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="one_new_story_autosave"
            ),
        ]

    def __str__(self):
        return f"Autosave by {self.user} of {self.article or 'a new story'}"


class EditingPresence(models.Model):
    """Who has a story open in the admin, for "also editing" warnings."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_user")
        ]

    def __str__(self):
        return f"{self.user} on {self.article}"


class Rendition(models.Model):
    """A resized copy of an image, made once and stored: one width in one format.

    Made outside the editor's save (see articles.renditions); a page whose rendition
    is missing falls back to the original file.
    """

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    class Crop(models.TextChoices):
        ORIGINAL = "original", "Original shape"
        WIDE = "wide", "16:9 card"
        SQUARE = "square", "Square thumbnail"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    crop = models.CharField(max_length=10, choices=Crop, default=Crop.ORIGINAL)
    format = models.CharField(max_length=10, choices=Format)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.ImageField(upload_to="renditions/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["image", "crop", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "crop", "format", "width"], name="unique_rendition"
            )
        ]

    def __str__(self):
        return f"{self.image_id} {self.crop} {self.width}w {self.format}"


class Redirect(models.Model):
    """An old public address that answers 301 with a new one, so no old link dies.

    Made by the site when a published story, a section, a tag or an author changes
    address, or by staff by hand. Chains collapse and loops are refused (see
    articles.redirects).
    """

    old_path = models.CharField(
        max_length=500, unique=True, help_text="The old address, such as /turkiye/old-slug/."
    )
    new_path = models.CharField(max_length=500, help_text="Where it goes now.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_path=models.F("new_path")), name="redirect_not_to_itself"
            )
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
