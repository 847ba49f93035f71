"""Two editors in two browsers save the same story: the second is told, and keeps its text.

The rules are those of tests/desk/test_conflicts.py (optimistic locking on the story's
version); here they are checked where an editor meets them, in the change form.
"""

import pytest

from tests.browser.admin_ui import Body, expect, log_in, message
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST = "Talks resume in Ankara"
SECOND = "Talks resume in Ankara after a year"
NEW_PARAGRAPH = "The delegations will meet again in March."


def test_the_second_save_shows_the_conflict_and_loses_nothing(browsers, editor, make_staff):
    make_staff("deputy", "Editor")
    story = ArticleFactory(headline="Talks resume", body="<p>Original body.</p>", draft=True)
    address = f"/admin/articles/article/{story.pk}/change/"

    first = browsers.open("editor")
    log_in(first, "editor")
    first.goto(address)
    second = browsers.open("deputy")
    log_in(second, "deputy")
    second.goto(address)
    expect(second.locator(".newsroom-presence")).to_contain_text("editor")

    first.get_by_label("Headline:").fill(FIRST)
    first.get_by_role("button", name="Save", exact=True).first.click()
    expect(message(first, "was changed successfully")).to_be_visible()

    second.get_by_label("Headline:").fill(SECOND)
    body = Body(second)
    body.start()
    second.keyboard.press("Control+End")
    body.new_paragraph()
    body.type(NEW_PARAGRAPH)
    second.get_by_role("button", name="Save", exact=True).first.click()

    conflict = second.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text("Someone else saved this story while you were editing it")
    expect(conflict).to_contain_text(FIRST)  # what the other save says now
    # Nothing typed is lost: the headline and the new paragraph are still in the form …
    expect(second.get_by_label("Headline:")).to_have_value(SECOND)
    expect(Body(second).box).to_contain_text(NEW_PARAGRAPH)
    # … and nothing of the first save was overwritten.
    story.refresh_from_db()
    assert (story.headline, story.body) == (FIRST, "<p>Original body.</p>")

    # Having seen the other save, the second editor saves again, deliberately.
    second.get_by_role("button", name="Save", exact=True).first.click()
    expect(message(second, "was changed successfully")).to_be_visible()
    story.refresh_from_db()
    assert story.headline == SECOND
    assert NEW_PARAGRAPH in story.body
