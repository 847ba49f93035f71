"""A story's picture in its form: uploaded in the "+" pop-up or chosen in the autocomplete,
its preview shows at once, before the story is saved."""

import re

import pytest
from PIL import Image as PILImage

from tests.browser.admin_ui import choose, expect, log_in
from tests.factories import ImageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALT_TEXT = "Fishing boats in the harbour at dawn"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "harbour.png"
    PILImage.new("RGB", (1200, 675), "teal").save(path, format="PNG")
    return path


def test_a_picture_s_preview_shows_as_soon_as_it_is_uploaded_or_chosen(
    browsers, writer, photo, media_root
):
    ImageFactory(alt_text="Ministers at the podium")

    desk = browsers.open("writer")
    log_in(desk, "writer")
    desk.goto("/admin/articles/article/add/")
    preview = desk.locator(".field-hero_preview .newsroom-image-preview")
    expect(preview).to_have_text("—")

    with desk.expect_popup() as opened:
        desk.get_by_role("link", name="Add another image").click()
    upload = opened.value
    upload.get_by_role("group", name="File:").locator("input[type=file]").set_input_files(photo)
    upload.get_by_label("Alt text:").fill(ALT_TEXT)
    with upload.expect_event("close"):
        upload.get_by_role("button", name="Save").first.click()

    # Not saved yet, and the new picture is there.
    expect(desk).to_have_url(re.compile(r"/article/add/$"))
    picture = preview.get_by_role("img", name=ALT_TEXT)
    expect(picture).to_be_visible()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") > 0, "the picture did not load"
    assert picture.bounding_box()["width"] <= 300  # drawn small, whatever its size

    # Another picture chosen in the autocomplete: its preview instead.
    choose(desk, "id_hero_image", "Ministers", "Ministers at the podium")
    expect(preview.get_by_role("img", name="Ministers at the podium")).to_be_visible()
    expect(preview.get_by_role("img", name=ALT_TEXT)).to_have_count(0)
