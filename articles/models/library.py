"""Sections, agencies, authors and tags: what stories are filed under and credited to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase

from articles import editions
from articles.search import fold
from articles.text import ascii_slugify, upper_for_language
from articles.weblinks import WebAddressField

ascii_slug = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case ASCII letters, digits and hyphens only (Türkiye → turkiye)."),
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


class NamedInEditions(models.Model):
    """A section or tag is shared by the editions, with its name in each edition's
    language ("Dünya", "العالم"): one page per edition at the same address, listing
    that edition's stories, and one set of keys, redirects and pictures. Per-edition
    copies would have split a tag's stories and made every tag merge, rename and
    Explore list per language. An edition with no name of its own shows ``name``.

    Authors keep one name: a person's byline is theirs in every edition.
    """

    names = models.JSONField(
        default=dict,
        blank=True,
        verbose_name=_("names in the other editions"),
        help_text=_("The name in each edition's language, by language code."),
    )

    class Meta:
        abstract = True

    def name_in(self, language):
        """The name in ``language``'s edition: its own, or the one name."""
        return (self.names or {}).get(language) or self.name

    @property
    def local_name(self):
        """The name in the edition whose page is being drawn."""
        return self.name_in(editions.current().code)

    @property
    def local_language(self):
        """The language ``local_name`` is written in, for its ``lang`` ("" when unknown)."""
        return self.language_of_name(editions.current().code)

    def language_of_name(self, language):
        """The language ``name_in(language)`` is written in ("" when unknown)."""
        if (self.names or {}).get(language):
            return language
        return getattr(self, "language", "")


class Section(SlugFromNameMixin, NamedInEditions):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = slug_field(
        unique=True, verbose_name=_("slug"), help_text=_("The section's address: /turkiye/")
    )
    kicker = models.CharField(
        _("kicker"),
        max_length=80,
        blank=True,
        help_text=_("Shown above headlines. Leave blank to use the name in capitals."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("Language of the name, for capitals (tr gives TÜRKİYE)."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Order in the navigation; lower comes first.")
    )
    in_navigation = models.BooleanField(_("in navigation"), default=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
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
            raise ValidationError(
                {"slug": gettext("“%(slug)s” is used by the site itself.") % {"slug": self.slug}}
            )

    @property
    def kicker_text(self):
        return self.kicker_for()

    def kicker_for(self, language=""):
        """The kicker above a headline: the section's own, else its name in capitals.
        The capitals are those of the name's language when the section gives it, else
        of the story's (``language``): a Turkish story's "İzmir" is "İZMİR". A story
        in an edition the section has a name for gets that name in capitals."""
        translated = (self.names or {}).get(language)
        if translated:  # the edition's own name: its own capitals, not the kicker's words
            return upper_for_language(translated, language)
        return self.kicker or upper_for_language(self.name, self.language or language)


class Source(models.Model):
    """A news agency or provider: copy and photos come from it (AA, Reuters …)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code shown to readers, such as AA."),
    )
    # Printed as a link on the source's page: web addresses only, at every write.
    website = WebAddressField(_("website"), blank=True)
    # Its photos' licensing, for search engines (an ImageObject's license and
    # acquireLicensePage in each story's JSON-LD): they label such photos "Licensable".
    photo_license = WebAddressField(
        _("photo licence"),
        blank=True,
        help_text=_("The address of the licence its photos are published under."),
    )
    licensing_page = WebAddressField(
        _("licensing page"),
        blank=True,
        help_text=_("Where a reader may license one of its photos."),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            # Its page is /source/aa/: "AA" and "aa" would be one address for two agencies.
            models.UniqueConstraint(Lower("code"), name="unique_source_code_any_case")
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("articles:source", kwargs={"code": self.code.lower()})


class Author(SlugFromNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = slug_field(unique=True, verbose_name=_("slug"))
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("Such as Diplomatic editor.")
    )
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        "Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        verbose_name=_("user"),
        help_text=_("The staff account of this author, if any."),
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
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


class FoldedNamesField(models.TextField):
    """A tag's names, its own first then those in the other editions, folded as the word
    search folds words (articles.search.fold) one a line between newlines:
    "\nworld\ndunya\n". The story form's picker finds a typed name in it whatever its
    case and accents, in the database. Written on every save and insert (bulk_create
    too) from the names; an ``update()`` of the names does not rewrite it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = folded_lines([model_instance.name, *(model_instance.names or {}).values()])
        setattr(model_instance, self.attname, value)
        return value


def folded_lines(names):
    return "\n" + "".join(f"{fold(' '.join(name.split()))}\n" for name in names if name)


class Tag(TagBase, NamedInEditions):
    """A taggit tag whose slug is ASCII like every other address on the site."""

    folded_names = FoldedNamesField(verbose_name=_("names without case or accents"))

    description = models.TextField(
        _("description"), blank=True, help_text=_("A line or two shown on the tag's page.")
    )
    featured_image = models.ForeignKey(
        "Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured image"),
        help_text=_("Shown at the top of the tag's page."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is not None and {"name", "names"} & set(fields):
            kwargs["update_fields"] = {*fields, "folded_names"}  # they follow the names
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        slug = ascii_slugify(tag, max_length=90) or "tag"
        return f"{slug}-{i}" if i is not None else slug
