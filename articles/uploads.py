"""Picture uploads: what the image library accepts, and what it stores.

Only real raster pictures (JPEG, PNG, WebP, GIF; HEIC and AVIF, stored converted)
that Pillow opens, verifies and decodes; never more than ``NEWSROOM_IMAGE_MAX_BYTES``
bytes or ``NEWSROOM_IMAGE_MAX_PIXELS`` pixels (a decompression bomb is refused before
it is decoded); never an SVG, a web page or script named .jpg, or a picture with web page
code hidden in it (a polyglot). The file's own name and extension are ignored: its
content says what it is.

What is stored is not the uploaded bytes but Pillow's copy of the picture: EXIF
orientation applied, and every bit of metadata (EXIF with GPS, XMP, comments, text
chunks) left out, since pages show the original until its renditions are made, and
author photos always; what the photographer wrote (caption, creator, credit, copyright)
is read first, for the picture's own fields (articles/photo_info.py). Anything appended
to or hidden in the upload goes with it. It is stored under a generated name,
images/<year>/<month>/<uuid>.<real extension>.

``PictureField`` puts the checks where every way in passes: its validator runs in
admin forms and ``full_clean``, and its ``pre_save`` in every ``save()``.
"""

import re
import uuid
from dataclasses import dataclass, field
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, UnidentifiedImageError
from pillow_heif import register_heif_opener

from articles import photo_info
from articles.photo_info import PhotoInfo

register_heif_opener()  # Pillow reads HEIC from here on (pillow-heif)

# Pillow's format name → the extension the stored file gets.
ACCEPTED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# A phone's HEIC (pillow-heif's opener) and AVIF (Pillow's own) are accepted and stored
# as what every browser and every picture tool shows: JPEG, or PNG where there is
# transparency. Renditions are made from that copy as from any other.
CONVERTED = ("HEIF", "AVIF")
READABLE = [*ACCEPTED, *CONVERTED]
ACCEPTED_NAMES = gettext_lazy("JPEG, PNG, WebP, GIF, HEIC or AVIF")
ORIENTATION = 0x0112  # the EXIF tag saying how the camera was held
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
# All frames of an animation together: re-encoding decodes each of them.
ANIMATION_PIXEL_FACTOR = 4

# Browsers sniff the start of a file for markup, and a polyglot hides a page in a
# picture: these anywhere mean the file is also a web page or script. Long enough
# never to occur by chance in compressed picture data.
_MARKUP_ANYWHERE = re.compile(
    rb"<script|<iframe|<object[\s>]|<!doctype|<\?php|javascript:|vbscript:|\bon[a-z]{3,12}\s*=\s*[\"'][^\"']{0,80}\(",
    re.IGNORECASE,
)
# Shorter tags only where a browser sniffing the type looks: the first 1,024 bytes.
_MARKUP_AT_START = re.compile(rb"<html|<body|<svg|<head", re.IGNORECASE)
SNIFF_BYTES = 1024
_SVG = re.compile(
    rb"(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg",
    re.IGNORECASE | re.DOTALL,
)

# Kept from the original's info when it is written again: how it is drawn, never who,
# where or with what it was made. The colour profile keeps colours right.
_DRAWING_INFO = {"icc_profile", "transparency", "duration", "loop", "background", "disposal"}


def max_bytes():
    return getattr(settings, "NEWSROOM_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels():
    return getattr(settings, "NEWSROOM_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _megabytes(count):
    """A file's size as an editor reads it, in the admin's language and its numbers."""
    if count < 1024 * 1024:
        return _("%(size)s KB") % {"size": formats.number_format(count / 1024, 0)}
    return _("%(size)s MB") % {"size": formats.number_format(count / (1024 * 1024), 1)}


def upload_help():
    """What an editor is told beside the upload box."""
    return _(
        "A %(formats)s picture, at most %(bytes)s and %(pixels)s. "
        "Camera details and location (EXIF, GPS) are removed."
    ) % {
        "formats": ACCEPTED_NAMES,
        "bytes": _megabytes(max_bytes()),
        "pixels": _megapixels(max_pixels()),
    }


def _megapixels(count):
    if count >= 1_000_000:
        millions = round(count / 1_000_000)
        return ngettext("%(count)s megapixel", "%(count)s megapixels", millions) % {
            "count": formats.number_format(millions)
        }
    return ngettext("%(count)s pixel", "%(count)s pixels", count) % {
        "count": formats.number_format(count)
    }


@dataclass
class Picture:
    """An accepted upload: what it really is, the clean bytes to store, and what the
    photographer wrote into it (articles/photo_info.py), read before it is left out."""

    format: str
    width: int
    height: int
    data: bytes
    info: PhotoInfo = field(default_factory=PhotoInfo)

    @property
    def extension(self):
        return ACCEPTED[self.format]


def _underlying(file):
    # A model's FieldFile wraps the upload; the result is kept on the upload itself so
    # that the form, the model validator and the save check the picture only once.
    return file.file if isinstance(file, FieldFile) else file


def inspect_upload(file):
    """The upload as a clean ``Picture``, or ValidationError saying what is wrong."""
    upload = _underlying(file)
    checked = getattr(upload, "_newsroom_picture", None)
    if checked is not None:
        return checked
    picture = _inspect(upload)
    upload._newsroom_picture = picture
    return picture


def _read(upload):
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise _too_many_bytes(size, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise _too_many_bytes(size or len(data), limit)
    return data


def _too_many_bytes(size, limit):
    return ValidationError(
        _("This file is %(size)s; a picture may be at most %(limit)s. Upload a smaller copy.")
        % {"size": _megabytes(size), "limit": _megabytes(limit)},
        code="too_many_bytes",
    )


def _too_many_pixels(width, height, limit):
    if width:
        size = _("%(width)s × %(height)s pixels (%(megapixels)s)") % {
            "width": width,
            "height": height,
            "megapixels": _megapixels(width * height),
        }
    else:
        size = _("too large")
    return ValidationError(
        _("This picture is %(size)s; a picture may have at most %(limit)s. Upload a smaller copy.")
        % {"size": size, "limit": _megapixels(limit)},
        code="too_many_pixels",
    )


def _inspect(upload):
    data = _read(upload)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if _SVG.match(data[:SNIFF_BYTES]):
        raise ValidationError(
            _(
                "SVG drawings are not accepted: they can carry scripts. "
                "Upload a %(formats)s copy of it instead."
            )
            % {"formats": ACCEPTED_NAMES},
            code="svg",
        )
    if _MARKUP_AT_START.search(data[:SNIFF_BYTES]) or _MARKUP_ANYWHERE.search(data):
        raise ValidationError(
            _(
                "This file holds web page code (HTML or script), alone or hidden in a picture. "
                "Upload a plain %(formats)s picture, saved again from a picture editor."
            )
            % {"formats": ACCEPTED_NAMES},
            code="markup",
        )
    try:
        return _decode(data)
    except PILImage.DecompressionBombError:
        # Over twice Pillow's own limit, refused before any size is read out.
        raise _too_many_pixels(0, 0, max_pixels()) from None


def _decode(data):
    try:
        picture = PILImage.open(BytesIO(data), formats=READABLE)
    except UnidentifiedImageError:
        raise _not_accepted(data) from None
    width, height = picture.size
    if width * height > max_pixels():
        raise _too_many_pixels(width, height, max_pixels())
    frames = getattr(picture, "n_frames", 1)
    if frames * width * height > ANIMATION_PIXEL_FACTOR * max_pixels():
        raise ValidationError(
            ngettext(
                "This animation has %(frames)d frame of %(size)s: too many pixels in all.",
                "This animation has %(frames)d frames of %(size)s: too many pixels in all.",
                frames,
            )
            % {"frames": frames, "size": f"{width} × {height}"},
            code="too_many_pixels",
        )
    damaged = ValidationError(
        _("This picture is damaged or cut short and cannot be read. Upload it again."),
        code="damaged",
    )
    try:
        picture.verify()  # checksums and structure, without decoding
        picture = PILImage.open(BytesIO(data), formats=READABLE)
        info = photo_info.read(picture)
        if picture.format in CONVERTED:
            stored, *clean = _converted_copy(picture)
        else:
            stored, clean = picture.format, _clean_copy(picture)  # decodes every pixel
    except (OSError, ValueError, SyntaxError, EOFError, IndexError):
        raise damaged from None
    return Picture(stored, *clean, info=info)


def _not_accepted(data):
    try:
        other = PILImage.open(BytesIO(data)).format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        other = None
    except PILImage.DecompressionBombError:
        return ValidationError(
            _("Pictures of this kind are not accepted. Upload a %(formats)s picture.")
            % {"formats": ACCEPTED_NAMES},
            code="format",
        )
    if other:
        return ValidationError(
            _("%(format)s pictures are not accepted. Upload a %(formats)s picture.")
            % {"format": other, "formats": ACCEPTED_NAMES},
            code="format",
        )
    return ValidationError(
        _("This file is not a picture. Upload a %(formats)s picture.")
        % {"formats": ACCEPTED_NAMES},
        code="not_a_picture",
    )


def _clean_copy(picture):
    """(width, height, bytes) of the picture written again without its metadata."""
    pil_format = picture.format
    out = BytesIO()
    kept = {key: value for key, value in picture.info.items() if key in _DRAWING_INFO}
    frames = getattr(picture, "n_frames", 1)
    if frames > 1:
        copies = []
        for frame in ImageSequence.Iterator(picture):
            copy = frame.copy()
            copy.info = {k: v for k, v in frame.info.items() if k in _DRAWING_INFO}
            copies.append(copy)
        first, rest = copies[0], copies[1:]
        durations = [frame.info.get("duration", 100) for frame in copies]
        options = {"save_all": True, "append_images": rest, "duration": durations}
        if "loop" in kept:
            options["loop"] = kept["loop"]
        if pil_format == "WEBP":
            options["quality"] = 90
        first.save(out, pil_format, **options)
        return first.width, first.height, out.getvalue()

    picture.load()
    turned = picture.getexif().get(ORIENTATION, 1) in range(2, 9)
    upright = ImageOps.exif_transpose(picture) if turned else picture
    upright.info = dict(kept)
    options = {}
    if "icc_profile" in kept:
        options["icc_profile"] = kept["icc_profile"]
    if pil_format == "JPEG":
        # Untouched pixels keep the camera's own quality; a turned picture is new pixels.
        options["quality"] = 92 if turned else "keep"
    elif pil_format == "WEBP":
        options["quality"] = 90
    upright.save(out, pil_format, **options)
    return upright.width, upright.height, out.getvalue()


def _converted_copy(picture):
    """(format, width, height, bytes): a HEIC or AVIF picture as a JPEG (a PNG where it
    has transparency), upright, with its colour profile and no other metadata."""
    picture.load()
    upright = ImageOps.exif_transpose(picture)
    profile = picture.info.get("icc_profile")
    options = {"icc_profile": profile} if profile else {}
    out = BytesIO()
    if "A" in upright.getbands():
        upright.convert("RGBA").save(out, "PNG", **options)
        return "PNG", upright.width, upright.height, out.getvalue()
    upright.convert("RGB").save(out, "JPEG", quality=90, **options)
    return "JPEG", upright.width, upright.height, out.getvalue()


def validate_picture(file):
    """The model field's validator: runs in admin forms and ``full_clean``."""
    if file and not getattr(file, "_committed", False):
        inspect_upload(file)


@deconstructible
class PicturePath:
    """images/2026/11/<uuid>.jpg: nothing of the uploaded name reaches storage.

    The extension is the one ``PictureField.pre_save`` names from the content; a file
    saved some other way gets its own extension only if it is one of ours.
    """

    def __init__(self, folder="images"):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if extension not in ACCEPTED.values():
            extension = "img"
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, PicturePath) and other.folder == self.folder


class PictureFormField(forms.ImageField):
    """The upload box: says what is wrong with a file, not just "not a valid image"."""

    # Django's check of the name's extension is left out: the content says what it is.
    default_validators = []

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = (
            "image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/avif"
        )
        return attrs

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        picture = inspect_upload(upload)
        upload.content_type = PILImage.MIME[picture.format]
        return upload


class PictureField(models.ImageField):
    """An ImageField that takes only clean raster pictures (see the module docstring)."""

    default_validators = [validate_picture]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            picture = inspect_upload(file)
            # Assigning re-reads width and height: a turned picture swaps them.
            setattr(
                model_instance,
                self.attname,
                ContentFile(picture.data, name=f"picture.{picture.extension}"),
            )
        return super().pre_save(model_instance, add)
