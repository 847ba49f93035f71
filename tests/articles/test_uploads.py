"""Picture uploads through the image library's add form: real raster pictures only,
within the size and pixel limits, stored under generated names without metadata;
everything else refused with a message saying what is wrong, and nothing stored."""

import random
import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from articles.models import Image
from articles.renditions import make_renditions
from tests.pages import page_text

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_image_add")
STORED_NAME = re.compile(r"^images/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp|gif)$")


def picture_bytes(pil_format, size=(120, 80), colour=(200, 30, 30), **options):
    out = BytesIO()
    PILImage.new("RGB", size, colour).save(out, pil_format, **options)
    return out.getvalue()


def animated_gif():
    frames = [PILImage.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0)
    return out.getvalue()


def noisy_png(size):
    out = BytesIO()
    noise = random.Random(9).randbytes(size[0] * size[1] * 3)
    PILImage.frombytes("RGB", size, noise).save(out, "PNG")
    return out.getvalue()


def png_of_pixels(width, height):
    """A black 1-bit PNG: a few kilobytes that decode to ``width`` × ``height`` pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def camera_jpeg():
    """A JPEG as a phone writes it: maker, photographer, GPS position, XMP and a comment."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "NewsCam"
    exif[ExifTags.Base.Artist] = "A photographer"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (41.0, 0.0, 52.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (28.0, 58.0, 0.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>SecretXmpNote</rdf:RDF></x:xmpmeta>'
    return picture_bytes(
        "JPEG", size=(900, 600), exif=exif.tobytes(), xmp=xmp, comment=b"SecretComment"
    )


def upload(client, name, data, content_type="image/jpeg", alt_text="A harbour at dawn"):
    return client.post(
        ADD_URL,
        {
            "file": SimpleUploadedFile(name, data, content_type),
            "alt_text": alt_text,
            "_save": "Save",
        },
    )


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


# --- Accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, extension",
    [
        ("harbour.jpg", picture_bytes("JPEG"), "jpg"),
        ("harbour.png", picture_bytes("PNG"), "png"),
        ("harbour.webp", picture_bytes("WEBP"), "webp"),
        ("harbour.gif", picture_bytes("GIF"), "gif"),
        # Named wrongly, but a real picture: stored as what it really is.
        ("harbour.jpg", picture_bytes("PNG"), "png"),
        ("harbour.png", picture_bytes("GIF"), "gif"),
        ("harbour", picture_bytes("WEBP"), "webp"),
    ],
)
def test_real_pictures_are_accepted_as_what_they_are(
    editor_client, media_root, name, data, extension
):
    response = upload(editor_client, name, data)
    assert response.status_code == 302, page_text(response)
    image = Image.objects.get()
    assert STORED_NAME.match(image.file.name), image.file.name
    assert image.file.name.endswith(f".{extension}")
    assert (image.width, image.height) == (120, 80)
    [stored] = stored_files(media_root)
    assert stored.name not in name
    with PILImage.open(stored) as picture:
        assert picture.format == PILImage.open(BytesIO(data)).format


def heic_bytes(size=(120, 80), mode="RGB"):
    out = BytesIO()
    PILImage.new(mode, size, (200, 30, 30, 255)[: len(mode)]).save(out, "HEIF")
    return out.getvalue()


def transparent_avif():
    out = BytesIO()
    PILImage.new("RGBA", (120, 80), (0, 0, 0, 0)).save(out, "AVIF")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, stored_format",
    [
        # A phone's photo, and the newer format: stored as what every browser shows.
        ("IMG_0042.HEIC", heic_bytes(), "JPEG"),
        ("harbour.avif", picture_bytes("AVIF"), "JPEG"),
        # With transparency, a PNG keeps it.
        ("logo.avif", transparent_avif(), "PNG"),
    ],
)
def test_heic_and_avif_are_accepted_and_stored_converted(
    editor_client, media_root, name, data, stored_format
):
    response = upload(editor_client, name, data, content_type="image/heic")
    assert response.status_code == 302, page_text(response)
    image = Image.objects.get()
    assert (image.width, image.height) == (120, 80)
    assert image.file.name.endswith(".jpg" if stored_format == "JPEG" else ".png")
    with PILImage.open(image.file.path) as stored:
        assert stored.format == stored_format
        assert not stored.info.get("exif") and not stored.info.get("xmp")
    make_renditions(image)
    assert image.renditions.exists()


def test_an_animation_keeps_its_frames(editor_client, media_root):
    response = upload(editor_client, "loop.gif", animated_gif(), "image/gif")
    assert response.status_code == 302, page_text(response)
    with PILImage.open(stored_files(media_root)[0]) as picture:
        assert picture.n_frames == 3


def test_the_uploaded_name_never_reaches_storage(editor_client, media_root):
    response = upload(editor_client, "../../../etc/evil name;.jpg", picture_bytes("JPEG"))
    assert response.status_code == 302, page_text(response)
    name = Image.objects.get().file.name
    assert STORED_NAME.match(name) and ".." not in name and "evil" not in name
    [stored] = stored_files(media_root)
    assert stored.resolve().is_relative_to(media_root.resolve())


# --- Refused ----------------------------------------------------------------------------

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("drawing.svg", SVG, "SVG drawings are not accepted"),
        ("drawing.png", b"\xef\xbb\xbf  " + SVG, "SVG drawings are not accepted"),
        ("photo.jpg", HTML, "This file holds web page code"),
        # Polyglots: real pictures that are web pages too.
        ("photo.gif", picture_bytes("GIF") + b"<script>alert(1)</script>", "web page code"),
        ("photo.jpg", picture_bytes("JPEG", comment=b"<script>alert(1)</script>"), "web page code"),
        ("photo.png", picture_bytes("PNG")[:150], "damaged or cut short"),
        ("photo.jpg", picture_bytes("JPEG", size=(600, 400))[:900], "damaged or cut short"),
        ("notes.jpg", b"Meeting notes, not a picture.\n", "This file is not a picture"),
        ("scan.jpg", picture_bytes("TIFF"), "TIFF pictures are not accepted"),
        ("empty.jpg", b"", "The submitted file is empty"),
        # Small files that decode to more pixels than allowed: 64 and 400 megapixels.
        ("wide.png", png_of_pixels(8000, 8000), "8000 × 8000 pixels (64 megapixels)"),
        ("bomb.png", png_of_pixels(20000, 20000), "at most 50 megapixels"),
    ],
    ids=[
        "svg",
        "svg-with-bom",
        "html-named-jpg",
        "gif-polyglot",
        "jpeg-comment-polyglot",
        "truncated-png",
        "truncated-jpeg",
        "text",
        "tiff",
        "empty",
        "too-many-pixels",
        "decompression-bomb",
    ],
)
def test_what_is_not_a_plain_picture_is_refused(editor_client, media_root, name, data, message):
    response = upload(editor_client, name, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_too_many_bytes_are_refused(editor_client, media_root, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 100 * 1024
    data = noisy_png((200, 200))
    assert len(data) > 100 * 1024
    response = upload(editor_client, "big.png", data, "image/png")
    assert response.status_code == 200
    assert "a picture may be at most 100 KB" in page_text(response)
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_the_form_says_what_is_accepted(editor_client):
    text = page_text(editor_client.get(ADD_URL))
    assert (
        "A JPEG, PNG, WebP, GIF, HEIC or AVIF picture, at most 20.0 MB and 50 megapixels." in text
    )


def test_a_save_outside_the_admin_is_checked_too(media_root):
    image = Image(alt_text="Script", file=ContentFile(HTML, name="page.jpg"))
    with pytest.raises(ValidationError, match="web page code"):
        image.full_clean()
    with pytest.raises(ValidationError, match="web page code"), transaction.atomic():
        image.save()
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


# --- Metadata ---------------------------------------------------------------------------


def assert_no_metadata(data):
    picture = PILImage.open(BytesIO(data))
    assert not picture.getexif(), "EXIF was kept"
    assert "xmp" not in picture.info and "comment" not in picture.info
    for trace in (b"NewsCam", b"A photographer", b"SecretXmpNote", b"SecretComment", b"Exif\0"):
        assert trace not in data, trace


def test_served_files_carry_no_camera_metadata(editor_client, media_root):
    original = camera_jpeg()
    assert PILImage.open(BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    response = upload(editor_client, "dawn.jpg", original)
    assert response.status_code == 302, page_text(response)
    image = Image.objects.get()
    # The original is what pages show until renditions are made (and author photos always).
    with image.file.open("rb") as handle:
        assert_no_metadata(handle.read())
    assert make_renditions(image) > 0
    for rendition in image.renditions.all():
        with rendition.file.open("rb") as handle:
            assert_no_metadata(handle.read())


def test_a_turned_photo_is_stored_upright(editor_client):
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6  # held on its side: turn 90° clockwise to view
    data = picture_bytes("JPEG", size=(400, 200), exif=exif.tobytes())
    assert upload(editor_client, "side.jpg", data).status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (200, 400)
    with image.file.open("rb") as handle:
        assert not PILImage.open(BytesIO(handle.read())).getexif()
