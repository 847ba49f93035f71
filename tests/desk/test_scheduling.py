"""Scheduling as the desk says it: one "Publish now / Publish at a time" control in the
newsroom's time zone, named on the page; a date and hours:minutes, shown back the same
way on every screen; "Cancel schedule" as its own step; bad times refused in words."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import change_url, changelist_url, form_data, split_time, transition_url
from tests.desk.test_workflow import story_in
from tests.desk_pages import messages_of, workflow_buttons
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

S = Article.Status
ISTANBUL = ZoneInfo("Europe/Istanbul")


@pytest.fixture
def istanbul(settings, time_machine):
    """A newsroom in Istanbul, its clock stopped at 10:00 local time today."""
    settings.TIME_ZONE = "Europe/Istanbul"
    now = timezone.now().astimezone(ISTANBUL).replace(hour=10, minute=0, second=0, microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


def schedule(client, story, date, time, when="at"):
    return client.post(
        transition_url(story, "publish"), {"when": when, "at_0": date, "at_1": time, "note": ""}
    )


def test_the_publish_page_names_the_time_zone_and_takes_a_date_and_a_clock(editor_client, istanbul):
    page = editor_client.get(transition_url(story_in("approved"), "publish"))
    text, html = page_text(page), page_html(page)
    assert "Europe/Istanbul (UTC+03:00)" in text
    assert "Publish now" in text and "Publish at a time" in text
    # The browser's own date input, and hours:minutes typed on a 24-hour clock: no
    # seconds, and no script-drawn calendar and clock whose icons the page did not style
    # (the empty bars: it loaded Django's calendar script but not widgets.css).
    assert re.search(r'<input type="date" name="at_0"', html)
    assert re.search(r'<input type="text" name="at_1"[^>]*placeholder="hh:mm"', html)
    assert "DateTimeShortcuts.js" not in html
    assert finders.find("admin/js/schedule.js")


def test_a_time_typed_2333_is_stored_and_shown_as_2333(editor_client, istanbul):
    story = story_in("approved", headline="Night ferry resumes")
    day = (istanbul + timedelta(days=1)).date()
    response = schedule(editor_client, story, day.isoformat(), "23:33")
    assert response.status_code == 302, page_text(response)

    story.refresh_from_db()
    assert story.published_at == datetime(day.year, day.month, day.day, 23, 33, tzinfo=ISTANBUL)
    assert story.is_scheduled

    shown = editor_client.get(response.url)  # the story form, with the message
    said = " ".join(messages_of(shown))
    assert "will be published at" in said and "23:33 (Europe/Istanbul (UTC+03:00))" in said
    assert re.search(r"Scheduled for \S+ \S+ \S+ 23:33", page_text(shown))
    for page in [editor_client.get(changelist_url()), editor_client.get(reverse("admin:index"))]:
        text = page_text(page)
        assert re.search(r"\S+ \S+ \S+ 23:33", text), text
        assert "p.m." not in text and "23:33:00" not in text


def test_an_embargo_is_typed_and_shown_the_same_way(editor_client, istanbul):
    story = story_in("approved")
    day = (istanbul + timedelta(days=2)).date()
    data = form_data(editor_client.get(change_url(story)))
    data.update({"embargo_until_0": day.isoformat(), "embargo_until_1": "06:15"})
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.embargo_until == datetime(day.year, day.month, day.day, 6, 15, tzinfo=ISTANBUL)

    form = page_html(editor_client.get(change_url(story)))
    assert re.search(r'<input type="text" name="embargo_until_1" value="06:15"', form)
    page = editor_client.get(transition_url(story, "publish"))
    assert re.search(r"Embargoed until\s*\S+ \S+ \S+ 06:15", page_text(page))
    assert "Europe/Istanbul (UTC+03:00)" in page_text(page)
    # Publish at a time: the embargo's time is offered.
    assert 'value="06:15"' in page_html(page)


def test_cancel_schedule_takes_the_story_back_to_approved_and_readers_never_see_it(
    editor, editor_client, client, istanbul, time_machine
):
    story = story_in("approved", headline="Budget leak")
    day = (istanbul + timedelta(days=1)).date()
    assert schedule(editor_client, story, day.isoformat(), "14:00").status_code == 302
    story.refresh_from_db()
    at = story.published_at

    page = editor_client.get(change_url(story))
    assert "cancel_schedule" in workflow_buttons(page)
    confirm = page_text(editor_client.get(transition_url(story, "cancel_schedule")))
    assert "The story goes back to Approved and will not be published at" in confirm
    assert "14:00" in confirm

    done = editor_client.post(transition_url(story, "cancel_schedule"), {"note": ""}, follow=True)
    assert "schedule cancelled" in " ".join(messages_of(done))
    story.refresh_from_db()
    assert (story.status, story.published_at) == (S.APPROVED, None)
    step = story.transitions.last()
    assert (step.action, step.from_status, step.to_status, step.user) == (
        "cancel_schedule",
        S.PUBLISHED,
        S.APPROVED,
        editor,
    )
    assert workflow_buttons(editor_client.get(change_url(story))) >= {"publish"}

    time_machine.move_to(at + timedelta(minutes=1), tick=False)
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Budget leak" not in page_text(client.get(reverse("articles:home")))


def test_a_live_story_has_no_schedule_to_cancel(editor_client, clock, time_machine):
    live = story_in("published")
    assert "cancel_schedule" not in workflow_buttons(editor_client.get(change_url(live)))
    response = editor_client.post(transition_url(live, "cancel_schedule"), follow=True)
    assert "is not possible: the story is published" in " ".join(messages_of(response))
    live.refresh_from_db()
    assert live.status == S.PUBLISHED

    # Its time comes while the editor looks at the cancel page: refused, and said why.
    scheduled = story_in("scheduled")
    assert editor_client.get(transition_url(scheduled, "cancel_schedule")).status_code == 200
    time_machine.move_to(scheduled.published_at + timedelta(seconds=1), tick=False)
    response = editor_client.post(transition_url(scheduled, "cancel_schedule"), follow=True)
    scheduled.refresh_from_db()
    assert scheduled.is_published
    assert not scheduled.transitions.exists()


@pytest.fixture
def clock(time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


@pytest.mark.parametrize(
    "when, date, time, says",
    [
        ("at", "yesterday", "09:00", "has passed"),
        ("at", "2026-13-45", "09:00", "Enter a date such as"),
        ("at", "tomorrow", "25:99", "Enter a time as hours:minutes"),
        ("at", "tomorrow", "11:33 p.m.", "Enter a time as hours:minutes"),
        ("at", "<script>", "noon", "Enter a date such as"),
        ("at", "tomorrow", "", "Give a time as well"),
        ("at", "", "09:00", "Give a date as well"),
        ("at", "", "", "Give the date and the time to publish at"),
        ("now", "tomorrow", "09:00", "You chose “Publish now” and gave a time"),
        ("sometime", "tomorrow", "09:00", "Select a valid choice"),
    ],
)
def test_a_bad_time_is_refused_in_words(editor_client, istanbul, when, date, time, says):
    story = story_in("approved")
    days = {"yesterday": -1, "tomorrow": 1}
    if date in days:
        date = (istanbul + timedelta(days=days[date])).date().isoformat()
    response = schedule(editor_client, story, date, time, when=when)
    assert response.status_code == 200
    assert says in page_text(response)
    story.refresh_from_db()
    assert (story.status, story.published_at) == (S.APPROVED, None)


def test_a_time_that_summer_time_skips_is_refused_in_words(editor_client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    story = story_in("approved")
    response = schedule(editor_client, story, f"{timezone.now().year + 1}-03-28", "02:30")
    # 28 March 2027 is the last Sunday of March: the clocks go from 02:00 to 03:00.
    assert response.status_code == 200
    assert "may not exist" in page_text(response)
    story.refresh_from_db()
    assert story.published_at is None


@pytest.mark.parametrize("typed", ["23:33", "23.33", "2333"])
def test_hours_and_minutes_as_a_phone_types_them(editor_client, istanbul, typed):
    story = story_in("approved")
    day = (istanbul + timedelta(days=1)).date()
    assert schedule(editor_client, story, day.isoformat(), typed).status_code == 302
    story.refresh_from_db()
    assert story.published_at == datetime(day.year, day.month, day.day, 23, 33, tzinfo=ISTANBUL)


def test_this_minute_counts_as_now(editor_client, istanbul, time_machine):
    story = story_in("approved")
    time_machine.move_to(istanbul + timedelta(seconds=40), tick=False)
    response = schedule(editor_client, story, istanbul.date().isoformat(), "10:00")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.is_published


def test_publish_now_publishes_now(editor_client, istanbul):
    story = story_in("approved")
    assert schedule(editor_client, story, "", "", when="now").status_code == 302
    story.refresh_from_db()
    assert story.published_at == istanbul


def test_the_reviewers_due_time_is_typed_the_same_way(editor, editor_client, istanbul):
    story = story_in("review")
    page = page_html(editor_client.get(reverse("admin:articles_article_assign", args=[story.pk])))
    assert re.search(r'<input type="text" name="due_1"[^>]*placeholder="hh:mm"', page)
    due = istanbul + timedelta(days=1)
    response = editor_client.post(
        reverse("admin:articles_article_assign", args=[story.pk]),
        {"reviewer": editor.pk, **split_time("due", due)},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.review_due == due


def test_a_time_on_the_desk_names_its_zone_on_hover(editor_client, istanbul):
    story = story_in("scheduled")
    html = page_html(editor_client.get(reverse("admin:index")))
    assert re.search(r'<time datetime="[^"]+" title="Europe/Istanbul \(UTC\+03:00\)">', html)
    assert story.headline in html
