"""A writer adds the author and the agency a story needs from the story form itself:
the "+" beside the byline's author and beside the picture's credit source open the
admin's pop-up, which saves and chooses what it made."""

import pytest

from tests.browser.admin_ui import expect, log_in
from tests.factories import SectionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_writer_adds_an_author_and_an_agency_from_the_story_form(browsers, writer):
    SectionFactory(name="World")
    page = browsers.open("writer")
    log_in(page, "writer")
    page.goto("/admin/articles/article/add/")

    with page.expect_popup() as opened:
        page.locator("#add_id_bylines-0-author").click()
    author = opened.value
    author.get_by_label("Name:").fill("Ayşe Kaya")
    with author.expect_event("close"):  # the pop-up closes itself once the author is saved
        author.get_by_role("button", name="Save").first.click()
    expect(page.locator("#id_bylines-0-author + .select2")).to_contain_text("Ayşe Kaya")

    # The picture's credit: an agency the newsroom has not used before.
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Add another image").click()
    picture = opened.value
    with picture.expect_popup() as opened:
        picture.locator("#add_id_credit_source").click()
    agency = opened.value
    agency.get_by_label("Name:").fill("Reuters")
    agency.get_by_label("Code:").fill("RTRS")
    with agency.expect_event("close"):
        agency.get_by_role("button", name="Save").first.click()
    expect(picture.locator("#id_credit_source + .select2")).to_contain_text("Reuters (RTRS)")
