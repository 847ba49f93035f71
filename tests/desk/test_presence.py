"""Presence notices only for people who really have the story open.

The change page pings while open (static/admin/js/autosave.js); a presence without a
ping fades within two minutes; leaving the page (a beacon), a successful save, a
workflow step and logging out end it at once. The clock is moved, never waited for.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import EditingPresence
from desk import autosave
from tests.admin_forms import change_url, form_data, transition_url
from tests.desk.test_workflow import story_in
from tests.desk_pages import logged_in
from tests.pages import page_text

pytestmark = pytest.mark.django_db

NOTICE = "Also has this story open"


def presence_url(story):
    return reverse("admin:articles_article_presence", args=[story.pk])


@pytest.fixture
def clock(time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


@pytest.fixture
def draft(writer):
    return story_in("draft", created_by=writer, headline="Ferry strike ends")


def notice(client, story):
    text = page_text(client.get(change_url(story)))
    return text[text.index(NOTICE) :].split(")")[0] + ")" if NOTICE in text else ""


def test_a_writer_who_submitted_and_logged_out_is_not_shown_as_present(
    writer, editor_client, draft, clock, time_machine
):
    desk = logged_in(writer)
    desk.get(change_url(draft))
    # Submit, and the browser follows back to the story's page, as a browser does.
    assert desk.post(transition_url(draft, "submit"), {"note": ""}, follow=True).status_code == 200
    time_machine.shift(timedelta(seconds=20))
    assert desk.post(reverse("admin:logout")).status_code == 200
    assert not EditingPresence.objects.filter(user=writer).exists()
    assert notice(editor_client, draft) == ""


def test_a_writer_who_still_has_it_open_is_shown(writer, editor_client, draft, clock, time_machine):
    desk = logged_in(writer)
    desk.get(change_url(draft))
    for _beat in range(6):  # three minutes open, pinging every 30 seconds
        time_machine.shift(autosave.PRESENCE_HEARTBEAT)
        assert desk.post(presence_url(draft)).json() == {"present": True}
    assert notice(editor_client, draft) == f"{NOTICE}: writer (just now)"


def test_without_a_ping_presence_fades_within_two_minutes(
    writer, editor_client, draft, clock, time_machine
):
    logged_in(writer).get(change_url(draft))  # then the laptop's lid is shut
    time_machine.shift(timedelta(seconds=90))
    assert notice(editor_client, draft) == f"{NOTICE}: writer (1 min ago)"
    time_machine.shift(autosave.PRESENCE_WINDOW - timedelta(seconds=89))
    assert notice(editor_client, draft) == ""


def test_leaving_the_page_ends_presence_at_once(writer, editor_client, draft, clock):
    desk = logged_in(writer)
    data = form_data(desk.get(change_url(draft)))
    # The beacon on pagehide (its FormData carries the form's CSRF token).
    answer = desk.post(presence_url(draft), {autosave.LEAVING: "1"})
    assert answer.json() == {"present": False}
    assert notice(editor_client, draft) == ""

    # The last autosave copy, sent as the page closes, does not bring the writer back.
    desk.get(change_url(draft))
    autosave_url = reverse("admin:articles_article_autosave", args=[draft.pk])
    desk.post(autosave_url, {**data, "headline": "Ferry strike over", autosave.LEAVING: "1"})
    assert notice(editor_client, draft) == ""


def test_the_goodbye_is_csrf_protected(writer, draft, clock):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(writer)
    strict.get(change_url(draft))
    assert strict.post(presence_url(draft), {autosave.LEAVING: "1"}).status_code == 403
    assert EditingPresence.objects.filter(user=writer, article=draft).exists()


def test_a_successful_save_ends_presence_and_save_and_continue_keeps_it(
    writer, editor_client, draft, clock
):
    desk = logged_in(writer)
    data = form_data(desk.get(change_url(draft)))
    assert desk.post(change_url(draft), {**data, "_continue": "1"}, follow=True).status_code == 200
    assert notice(editor_client, draft) == f"{NOTICE}: writer (just now)"

    data = form_data(desk.get(change_url(draft)))
    assert desk.post(change_url(draft), data).status_code == 302  # Save: back to the list
    assert notice(editor_client, draft) == ""


def test_presence_pings_need_the_right_to_see_the_story(writer_client, producer_client):
    story = story_in("draft")
    assert producer_client.post(presence_url(story)).status_code == 200  # may read it
    assert writer_client.get(presence_url(story)).status_code == 405
    assert Client().post(presence_url(story)).status_code == 302  # to the login page
