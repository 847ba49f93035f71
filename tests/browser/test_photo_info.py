"""The image form fills its empty boxes with what the photographer wrote (IPTC, XMP) as
soon as the file is chosen, before the save, and says which; what the editor typed stays."""

import pytest

from articles.models import Image
from tests.browser.admin_ui import expect, log_in, message
from tests.factories import SourceFactory
from tests.photo_files import AGENCY_PHOTO, exiftool_path, written

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_choosing_an_agency_photo_fills_the_form_before_it_is_saved(
    browsers,
    editor,
    media_root,
    tmp_path,  # noqa: F811
):
    exiftool = exiftool_path()
    SourceFactory(name="Anadolu Agency", code="AA")
    photo = tmp_path / "agency.jpg"
    photo.write_bytes(written(exiftool, tmp_path, AGENCY_PHOTO))

    desk = browsers.open("editor")
    log_in(desk, "editor")
    desk.goto("/admin/articles/image/add/")
    desk.get_by_label("Copyright notice:").fill("© Our own")  # typed first: it stays
    desk.locator("#id_file").set_input_files(photo)

    expect(desk.get_by_label("Caption:")).to_have_value(
        "Grain ships wait to pass the Bosphorus at dawn."
    )
    expect(desk.get_by_label("Creator:")).to_have_value("Ayşe Yıldız")
    expect(desk.get_by_label("Location:")).to_have_value("Sarayburnu, İstanbul, Türkiye")
    expect(desk.locator("#id_credit_source + .select2")).to_contain_text("Anadolu Agency")
    expect(desk.get_by_label("Copyright notice:")).to_have_value("© Our own")
    status = desk.get_by_role("status").filter(has_text="Filled from the photo's own information")
    expect(status).to_contain_text("creator")
    expect(status).not_to_contain_text("copyright")
    assert not Image.objects.exists()  # nothing saved yet

    desk.get_by_label("Alt text:").fill("Ships queue at the entrance of the Bosphorus")
    desk.get_by_role("button", name="Save", exact=True).first.click()
    expect(message(desk, "was added successfully")).to_be_visible()
    image = Image.objects.get()
    assert (image.creator, image.copyright_notice, image.credit_source.code) == (
        "Ayşe Yıldız",
        "© Our own",
        "AA",
    )
