"""Pictures: the uploaded original with its caption and credit, and its renditions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.library import Source
from articles.uploads import PictureField, PicturePath


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
