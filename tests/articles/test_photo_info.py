"""What the photographer wrote into a picture (IPTC, XMP) fills the picture's empty
fields on upload, while the stored file and its renditions carry none of it.

The fixtures are written by ExifTool (tests/photo_files.py), as a picture desk writes
them, not by hand; hostile XMP by Pillow, which writes any bytes it is given."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles import photo_info
from articles.models import Image
from articles.renditions import make_renditions
from tests.desk_pages import logged_in
from tests.factories import SourceFactory
from tests.pages import page_text
from tests.photo_files import AGENCY_PHOTO, exiftool_path, metadata_in, written

pytestmark = pytest.mark.django_db


@pytest.fixture
def exiftool():
    return exiftool_path()


ADD_URL = reverse("admin:articles_image_add")


def upload(client, data, name="photo.jpg", **fields):
    return client.post(
        ADD_URL,
        {
            "file": SimpleUploadedFile(name, data, "image/jpeg"),
            "alt_text": "Ships queue at the entrance of the Bosphorus",
            "_save": "Save",
            **fields,
        },
        follow=True,
    )


def test_an_agency_photo_fills_caption_credit_and_copyright_and_keeps_none_of_it(
    editor_client, media_root, exiftool, tmp_path
):
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    response = upload(editor_client, written(exiftool, tmp_path, AGENCY_PHOTO))
    assert response.status_code == 200, page_text(response)
    image = Image.objects.get()
    # XMP first, as the picture desk's tools write it today; the IIM block is older.
    assert image.caption == "Grain ships wait to pass the Bosphorus at dawn."
    assert image.creator == "Ayşe Yıldız"
    assert image.credit_source == agency  # the credit names one of our agencies
    assert image.copyright_notice == "© 2026 Anadolu Agency"
    assert image.taken_on == date(2026, 12, 1)
    assert image.location == "Sarayburnu, İstanbul, Türkiye"
    # The desk is told what was filled in, to check it.
    said = " ".join(str(m) for m in response.context["messages"])
    assert "from the photo's own information" in said and "caption" in said

    # The stored original and every rendition carry none of it.
    make_renditions(image)
    files = [image.file.path, *(r.file.path for r in image.renditions.all())]
    assert len(files) > 1
    for path in files:
        assert metadata_in(exiftool, path) == {}, path


def test_iptc_alone_fills_the_fields_and_a_credit_we_do_not_know_stays_as_written(
    editor_client, media_root, exiftool, tmp_path
):
    iptc_only = [tag for tag in AGENCY_PHOTO if not tag.startswith("-XMP")]
    iptc_only = [tag.replace("Anadolu Agency", "Reuters") for tag in iptc_only]
    upload(editor_client, written(exiftool, tmp_path, iptc_only))
    image = Image.objects.get()
    assert image.caption == "Ships wait at the Bosphorus (IPTC)"
    assert (image.credit_source, image.credit_text) == (None, "Reuters")
    assert image.copyright_notice == "© 2026 Reuters"
    assert image.location == "İstanbul, Türkiye"


def test_what_the_editor_typed_is_kept(editor_client, media_root, exiftool, tmp_path):
    upload(
        editor_client,
        written(exiftool, tmp_path, AGENCY_PHOTO),
        caption="Our own caption.",
        credit_text="Staff photographer",
    )
    image = Image.objects.get()
    assert (image.caption, image.credit_text, image.credit_source) == (
        "Our own caption.",
        "Staff photographer",
        None,
    )
    assert image.creator == "Ayşe Yıldız"  # left empty: filled


@pytest.mark.parametrize("pil_format, name", [("PNG", "photo.png"), ("WEBP", "photo.webp")])
def test_xmp_in_png_and_webp(editor_client, media_root, exiftool, tmp_path, pil_format, name):
    xmp = [tag for tag in AGENCY_PHOTO if tag.startswith("-XMP")]
    upload(editor_client, written(exiftool, tmp_path, xmp, pil_format, name), name=name)
    image = Image.objects.get()
    assert (image.caption, image.creator) == (
        "Grain ships wait to pass the Bosphorus at dawn.",
        "Ayşe Yıldız",
    )
    assert metadata_in(exiftool, image.file.path) == {}


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>&lol3;'
    b"</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def jpeg_with_xmp(xmp):
    out = BytesIO()
    PILImage.new("RGB", (120, 80), "gold").save(out, "JPEG", xmp=xmp)
    return out.getvalue()


@pytest.mark.parametrize("xmp", [b"<x:xmpmeta><not closed", b"\xff\xfe\x00garbage"])
def test_broken_xmp_is_read_as_nothing_and_the_picture_accepted(editor_client, media_root, xmp):
    response = upload(editor_client, jpeg_with_xmp(xmp))
    assert response.status_code == 200, page_text(response)
    image = Image.objects.get()
    assert (image.caption, image.creator) == ("", "")


def test_xmp_with_entities_is_never_expanded(editor_client, media_root):
    # Through the library: a DOCTYPE in a picture is web page code, refused as such.
    response = upload(editor_client, jpeg_with_xmp(LAUGHS))
    assert "holds web page code" in page_text(response)
    assert not Image.objects.exists()
    # And read directly, the entities are refused by the parser, not expanded.
    picture = PILImage.open(BytesIO(jpeg_with_xmp(LAUGHS)))
    assert photo_info.read(picture) == photo_info.PhotoInfo()


# --- before the save: the form's empty boxes filled as soon as the file is chosen -----

INFO_URL = reverse("admin:articles_image_photo_info")


def test_the_form_asks_what_the_photo_says_and_stores_nothing(
    editor_client, media_root, exiftool, tmp_path
):
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    data = written(exiftool, tmp_path, AGENCY_PHOTO)
    answer = editor_client.post(
        INFO_URL, {"file": SimpleUploadedFile("photo.jpg", data, "image/jpeg"), "typed": "caption"}
    ).json()
    assert answer["values"] == {
        "creator": "Ayşe Yıldız",
        "copyright_notice": "© 2026 Anadolu Agency",
        "taken_on": "2026-12-01",
        "location": "Sarayburnu, İstanbul, Türkiye",
        "credit_source": {"id": agency.pk, "text": str(agency)},
    }  # the caption the editor typed stays theirs
    assert "caption" not in answer["filled"] and "creator" in answer["filled"]
    assert not Image.objects.exists() and not [p for p in media_root.rglob("*") if p.is_file()]


def test_a_file_that_is_no_picture_gets_the_library_s_refusal(editor_client, media_root):
    response = editor_client.post(
        INFO_URL, {"file": SimpleUploadedFile("page.jpg", b"<html><script>", "image/jpeg")}
    )
    assert response.status_code == 400
    assert "web page code" in response.json()["error"]
    assert editor_client.get(INFO_URL).status_code == 405


def test_only_who_may_add_a_picture_may_ask(client, make_staff, media_root):
    data = jpeg_with_xmp(b"<x:xmpmeta/>")
    assert client.post(INFO_URL, {"file": SimpleUploadedFile("a.jpg", data)}).status_code == 302
    # Staff with no right to add or change pictures.
    nobody = make_staff("nobody", "Writer")
    nobody.groups.clear()
    response = logged_in(nobody).post(INFO_URL, {"file": SimpleUploadedFile("a.jpg", data)})
    assert response.status_code == 403
