"""Who else has the story open, in Chromium: the page pings while open, and says goodbye
when it is left (a beacon on pagehide), so the editor's notice names only who is there."""

from datetime import timedelta

import pytest

from articles.models import Article, EditingPresence
from desk import autosave
from tests.browser.admin_ui import expect, log_in
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def present(user):
    return EditingPresence.objects.filter(user=user).exists()


def test_the_writers_page_pings_while_open_and_says_goodbye_when_left(
    browsers, writer, editor, monkeypatch
):
    monkeypatch.setattr(autosave, "PRESENCE_HEARTBEAT", timedelta(seconds=1))
    story = ArticleFactory(headline="Ferry strike ends", status=Article.Status.DRAFT,
                           published_at=None, created_by=writer)  # fmt: skip
    address = f"/admin/articles/article/{story.pk}/change/"

    desk = browsers.open("writer")
    log_in(desk, "writer")
    desk.goto(address)
    with desk.expect_request(lambda r: r.url.endswith("/presence/") and r.method == "POST"):
        pass  # the heartbeat, every second here (thirty on the desk)

    chief = browsers.open("editor")
    log_in(chief, "editor")
    chief.goto(address)
    expect(chief.get_by_text("Also has this story open: writer")).to_be_visible()

    desk.goto("/admin/")  # leaves the story: the goodbye goes as a beacon
    for _try in range(50):
        if not present(writer):
            break
        desk.wait_for_timeout(100)
    assert not present(writer)
    chief.reload()
    expect(chief.locator(".newsroom-presence")).to_have_count(0)
    # No console error and no refused request. A ping or a checklist request in flight when
    # a page navigates is cut off by the browser (it reports it as failed): the next page
    # asks anew.
    logged = [line for _who, _page, log in browsers.pages for line in log]
    assert not [line for line in logged if not line.startswith("failed: POST")], logged
    assert all(line.endswith(("/presence/", "/checklist/")) for line in logged), logged
