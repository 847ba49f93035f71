"""Pictures: the uploaded original with its caption and credit, and its renditions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.library import Source
from articles.uploads import PictureField, PicturePath, inspect_upload


class Image(models.Model):
    # Clean raster pictures only, under generated names, without metadata (articles.uploads).
    file = PictureField(
        _("file"), upload_to=PicturePath(), width_field="width", height_field="height"
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it. Required."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("credit source"),
        help_text=_("The agency the photo comes from."),
    )
    credit_text = models.CharField(
        _("credit text"),
        max_length=200,
        blank=True,
        help_text=_("Or a free-text credit (a photographer's name)."),
    )
    # What the photographer wrote into the file (IPTC, XMP), kept when the upload's
    # metadata is stripped: read into any of these the editor left empty.
    creator = models.CharField(
        _("creator"), max_length=200, blank=True, help_text=_("The photographer.")
    )
    copyright_notice = models.CharField(
        _("copyright notice"), max_length=300, blank=True, help_text=_("Such as “© 2026 AA”.")
    )
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("Where it was taken.")
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)
    # Where the picture's subject is, as fractions of width and height (0.5, 0.5 = centre):
    # crops for cards and thumbnails keep it in frame.
    focal_x = models.FloatField(
        _("focal x"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    focal_y = models.FloatField(
        _("focal y"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text[:80]

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            self.filled_from_photo = self.fill_from(inspect_upload(self.file).info)
        super().save(*args, **kwargs)

    def fill_from(self, info, keep=()):
        """The fields left empty, filled from what the photographer wrote (PhotoInfo);
        returns their names. ``keep`` names fields to count as given (what an editor has
        typed in a form not yet saved). A credit naming one of our agencies (by name or
        code) is that agency; another is the free-text credit."""
        keep = set(keep)
        filled = []
        wanted = {
            "caption": info.caption,
            "creator": info.creator,
            "copyright_notice": info.copyright,
            "taken_on": info.taken,
            "location": info.location,
        }
        for name, value in wanted.items():
            limit = getattr(self._meta.get_field(name), "max_length", None)
            if value and name not in keep and not getattr(self, name):
                setattr(self, name, value[:limit] if limit else value)
                filled.append(name)
        credited = (
            self.credit_source_id or self.credit_text or keep & {"credit_source", "credit_text"}
        )
        if info.credit and not credited:
            source = Source.objects.filter(
                Q(name__iexact=info.credit) | Q(code__iexact=info.credit)
            ).first()
            if source is not None:
                self.credit_source = source
                filled.append("credit_source")
            else:
                self.credit_text = info.credit[:200]
                filled.append("credit_text")
        return filled

    @property
    def credit(self):
        if self.credit_source_id:
            return self.credit_source.code
        return self.credit_text


class Rendition(models.Model):
    """A resized copy of an image, made once and stored: one width in one format.

    Made outside the editor's save (see articles.renditions); a page whose rendition
    is missing falls back to the original file.
    """

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    class Crop(models.TextChoices):
        ORIGINAL = "original", _("Original shape")
        WIDE = "wide", _("16:9 card")
        SQUARE = "square", _("Square thumbnail")

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("image")
    )
    crop = models.CharField(_("crop"), max_length=10, choices=Crop, default=Crop.ORIGINAL)
    format = models.CharField(_("format"), max_length=10, choices=Format)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    file = models.ImageField(_("file"), upload_to="renditions/%Y/%m/")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["image", "crop", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "crop", "format", "width"], name="unique_rendition"
            )
        ]

    def __str__(self):
        return f"{self.image_id} {self.crop} {self.width}w {self.format}"
