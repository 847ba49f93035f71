"""An editor schedules a story in Chromium, in the newsroom's time zone, and cancels it.

The publish page's date and time are the browser's own inputs (desk/times.py): no
script-drawn calendar whose icons could go missing. Typing a time chooses "Publish at a
time" (static/admin/js/schedule.js); the time comes back as typed, 23:33.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.browser.admin_ui import expect, log_in, message
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_schedules_a_story_at_2333_and_cancels_the_schedule(browsers, editor, settings):
    settings.TIME_ZONE = "Europe/Istanbul"
    story = ArticleFactory(
        headline="Night ferry resumes",
        status=Article.Status.APPROVED,
        published_at=None,
        hero_image=ImageFactory(),
        authors=[AuthorFactory()],
    )
    tomorrow = timezone.localdate() + timedelta(days=1)

    desk = browsers.open("editor")
    log_in(desk, "editor")
    desk.goto(f"/admin/articles/article/{story.pk}/change/")  # the control is in the panel
    expect(desk.get_by_text("Europe/Istanbul (UTC+03:00)").first).to_be_visible()
    expect(desk.get_by_role("radio", name="Publish now")).to_be_checked()

    desk.get_by_label("Publication date").fill(tomorrow.isoformat())
    expect(desk.get_by_role("radio", name="Publish at a time")).to_be_checked()
    desk.get_by_label("Publication time (hours:minutes)").fill("23:33")
    desk.get_by_role("button", name="Publish or schedule").click()
    expect(message(desk, "will be published at")).to_contain_text("23:33 (Europe/Istanbul")

    story.refresh_from_db()
    assert timezone.localtime(story.published_at).strftime("%Y-%m-%d %H:%M") == (
        f"{tomorrow.isoformat()} 23:33"
    )

    desk.get_by_role("link", name="Cancel schedule").click()
    expect(desk.get_by_text("will not be published at")).to_contain_text("23:33")
    desk.get_by_role("button", name="Cancel schedule").click()
    expect(message(desk, "schedule cancelled")).to_be_visible()
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Article.Status.APPROVED, None)

    # Choosing "Publish now" after typing a time clears it: what is sent is what is seen.
    desk.get_by_label("Publication time (hours:minutes)").fill("09:00")
    desk.get_by_role("radio", name="Publish now").check()
    expect(desk.get_by_label("Publication time (hours:minutes)")).to_have_value("")
    log = browsers.pages[0][2]
    assert not log, log
