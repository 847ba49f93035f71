"""Image renditions: resized WebP and JPEG copies, made once and stored.

Pages never serve an editor's upload as it is: a camera's original can be 8 MB and
carries EXIF metadata (GPS above all: where a photographer stood). Each image gets
copies in a set of widths, in three shapes (the original, a 16:9 card crop and a
square thumbnail, both cut around the image's focal point), as WebP with a JPEG
fallback, with EXIF orientation applied and every bit of metadata left out.

They are made by a task (``make_renditions_task``, Django's tasks framework), queued
when an image is saved, so an editor's save never waits for Pillow; the
``make_renditions`` command makes any that are missing. A page whose renditions are
missing falls back to the original file (see templatetags/pictures.py) and never
makes them itself: a reader must never wait for Pillow either.
"""

import hashlib
import logging
import os
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.tasks import task
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

from articles.models import Image, Rendition

logger = logging.getLogger(__name__)

urlpatterns = []  # the public addresses this module answers (included by public/urls.py)

# Widths a browser chooses from through srcset: a phone's column up to a wide screen.
WIDTHS = (320, 640, 960, 1280, 1920)
# Width ÷ height of each crop; None keeps the picture's own shape.
CROPS = {
    Rendition.Crop.ORIGINAL: None,
    Rendition.Crop.WIDE: 16 / 9,
    Rendition.Crop.SQUARE: 1.0,
}
# Pillow's format name and save options for each rendition format. No exif= or
# icc_profile= is passed: nothing of the original's metadata is written.
FORMATS = {
    Rendition.Format.WEBP: ("WEBP", {"quality": 80, "method": 4}),
    Rendition.Format.JPEG: ("JPEG", {"quality": 80, "optimize": True, "progressive": True}),
}
EXTENSIONS = {Rendition.Format.WEBP: "webp", Rendition.Format.JPEG: "jpg"}


def widths_for(crop_width):
    """The widths to make of a crop ``crop_width`` pixels wide: never wider than the crop.

    A crop narrower than the widest step gets its own width as the last step, so
    the sharpest copy there can be is on offer; a tiny picture gets just that one.
    """
    widths = {width for width in WIDTHS if width < crop_width}
    widths.add(min(crop_width, WIDTHS[-1]))
    return sorted(widths)


def crop_box(size, ratio, focal_x=0.5, focal_y=0.5):
    """The (left, top, right, bottom) box of shape ``ratio`` that keeps the focal point in.

    The box is as large as the picture allows and centred on the focal point, moved
    back inside the picture where the point is near an edge.
    """
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    if width / height > ratio:  # too wide: trim the sides
        crop_width = max(1, min(width, round(height * ratio)))
        left = round(focal_x * width - crop_width / 2)
        left = max(0, min(left, width - crop_width))
        return (left, 0, left + crop_width, height)
    crop_height = max(1, min(height, round(width / ratio)))  # too tall: trim top and bottom
    top = round(focal_y * height - crop_height / 2)
    top = max(0, min(top, height - crop_height))
    return (0, top, width, top + crop_height)


def source_key(image, crop):
    """A short fingerprint of what a crop's renditions were made from.

    Written into each rendition's file name: a new upload (a new file name, as
    storage never reuses one) or a moved focal point (for the cut crops) changes it,
    and renditions with an old fingerprint are made again.
    """
    parts = [image.file.name]
    if CROPS[crop] is not None:
        parts += [f"{image.focal_x:.4f}", f"{image.focal_y:.4f}"]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:10]


def is_current(rendition, image):
    name = os.path.basename(rendition.file.name)
    return f"-{source_key(image, rendition.crop)}-" in name


def open_upright(image):
    """The picture as readers see it: EXIF orientation applied, in sRGB, on white.

    Flattening transparency on white keeps the WebP and the JPEG copy alike (JPEG has
    no transparency); pictures in another colour space (Adobe RGB, CMYK) are converted
    to sRGB, which browsers assume for a picture without a profile.
    """
    with image.file.open("rb") as handle:
        picture = PILImage.open(handle)
        picture.load()
    picture = ImageOps.exif_transpose(picture)
    icc = picture.info.get("icc_profile")
    if icc:
        alpha = _has_alpha(picture)
        if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
            picture = picture.convert("RGBA" if alpha else "RGB")
        try:
            picture = ImageCms.profileToProfile(
                picture,
                ImageCms.ImageCmsProfile(BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if alpha else "RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            # An odd profile: the colours may be a little off, the picture still shows.
            logger.warning("Image %s: its colour profile could not be applied", image.pk)
    if _has_alpha(picture):
        rgba = picture.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture.convert("RGB")


def _has_alpha(picture):
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def encode(picture, rendition_format):
    """The picture's bytes in one format, with no metadata at all."""
    # A resized copy carries the original's info (EXIF, ICC, XMP); drop it, so no
    # Pillow version can write it out by default.
    picture.info = {}
    pil_format, options = FORMATS[rendition_format]
    out = BytesIO()
    picture.save(out, pil_format, exif=b"", **options)
    return out.getvalue()


def rendition_for(image, crop="original", rendition_format="jpeg", min_width=1200):
    """The smallest rendition at least ``min_width`` wide (else the widest), or None.

    For a single copy rather than a srcset: og:image, feed enclosures, JSON-LD. Reads
    ``image.renditions.all()``, so a prefetch serves it; None means "use the original".
    """
    copies = sorted(
        (r for r in image.renditions.all() if r.crop == crop and r.format == rendition_format),
        key=lambda r: r.width,
    )
    if not copies:
        return None
    return next((r for r in copies if r.width >= min_width), copies[-1])


def delete_renditions(renditions):
    """Remove renditions, files first: a stored file without a row is never found again."""
    for rendition in renditions:
        rendition.file.delete(save=False)
        rendition.delete()


def make_renditions(image):
    """Make every missing rendition of ``image``; returns how many were made.

    Idempotent: renditions already made from the current file (and focal point) are
    kept; those made from an earlier one are deleted and made again.
    """
    image = Image.objects.get(pk=image.pk)  # the stored values, not a form's half-saved ones
    if not image.file:
        return 0
    existing = list(image.renditions.all())
    stale = [r for r in existing if not is_current(r, image)]
    if stale:
        delete_renditions(stale)
    have = {(r.crop, r.format, r.width) for r in existing if r not in stale}

    try:
        picture = open_upright(image)
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as error:
        logger.warning("Image %s: no renditions, the file cannot be read: %s", image.pk, error)
        return 0

    made = 0
    for crop, ratio in CROPS.items():
        box = crop_box(picture.size, ratio, image.focal_x, image.focal_y)
        cut = picture.crop(box) if box != (0, 0, *picture.size) else picture
        key = source_key(image, crop)
        for width in widths_for(cut.width):
            wanted = [f for f in FORMATS if (crop, f, width) not in have]
            if not wanted:
                continue
            height = max(1, round(cut.height * width / cut.width))
            resized = (
                cut.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
                if (width, height) != cut.size
                else cut.copy()
            )
            for rendition_format in wanted:
                made += save_rendition(
                    image, crop, rendition_format, resized, f"{image.pk}-{key}-{crop}-{width}"
                )
    return made


def save_rendition(image, crop, rendition_format, picture, stem):
    """Store one rendition; 0 if another worker stored the same one meanwhile."""
    rendition = Rendition(
        image=image, crop=crop, format=rendition_format, width=picture.width, height=picture.height
    )
    content = ContentFile(encode(picture, rendition_format))
    rendition.file.save(f"{stem}.{EXTENSIONS[rendition_format]}", content, save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        rendition.file.delete(save=False)
        return 0
    return 1


@task
def make_renditions_task(image_id):
    """The task form of ``make_renditions``, for queuing after an image is saved."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:  # deleted before the task ran
        return 0
    try:
        return make_renditions(image)
    except Exception:
        # A backend records the failure in the task's result; the log says which image.
        logger.exception("Image %s: making renditions failed", image_id)
        raise


def queue_renditions(image):
    """Queue the image's renditions once the saving transaction commits (never inside it)."""
    image_id = image.pk
    transaction.on_commit(lambda: make_renditions_task.enqueue(image_id))
