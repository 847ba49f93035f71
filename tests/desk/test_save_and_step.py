"""The panel's step buttons: "Submit for review" and "Approve" save the text and take the
step in one click (desk/admin/story_workflow.py, ``SAVE_AND_STEP``); the steps that need a
note or a time keep their own page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk import workflow
from tests.admin_forms import change_url, form_data
from tests.desk_pages import messages_of
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

S = Article.Status


def step_buttons(response):
    """The steps drawn as buttons of the story's form (the rest are links to a page)."""
    html = response.content.decode()
    return {
        name
        for name in ("submit", "approve", "send_back", "publish", "unpublish")
        if f'name="_step" value="{name}"' in html
    }


def the_form(client, story, **changes):
    data = form_data(client.get(change_url(story)))
    data.pop("_save")
    data.update(changes)
    return data


@pytest.fixture
def ready(writer):
    """A complete draft of the writer's own."""
    return ArticleFactory(
        headline="Ferries run again",
        authors=[AuthorFactory()],
        hero_image=ImageFactory(alt_text="A ferry leaves the port"),
        draft=True,
        created_by=writer,
    )


def test_a_writer_saves_and_submits_a_new_story_in_one_click(writer_client):
    section = SectionFactory(name="World")
    page = writer_client.get(reverse("admin:articles_article_add"))
    assert step_buttons(page) == {"submit"}
    data = form_data(page)
    data.pop("_save")
    data.update(
        section=section.pk, headline="Ferries run again", slug="ferries", body="<p>They run.</p>"
    )
    data["_step"] = "submit"
    response = writer_client.post(reverse("admin:articles_article_add"), data, follow=True)

    story = Article.objects.get(headline="Ferries run again")
    assert story.status == S.IN_REVIEW
    assert response.redirect_chain[-1][0] == change_url(story)  # back on the story
    said = " ".join(messages_of(response))
    assert "now in review" in said
    # What publishing will still need is said now, not at the end.
    assert "publishing will still need" in said and "standfirst" in said


def test_the_text_typed_before_the_click_is_saved_with_the_step(writer_client, ready):
    data = the_form(writer_client, ready, headline="Ferries run again at last", _step="submit")
    writer_client.post(change_url(ready), data)
    ready.refresh_from_db()
    assert (ready.headline, ready.status) == ("Ferries run again at last", S.IN_REVIEW)


def test_an_editor_approves_with_one_click_and_an_incomplete_story_is_refused(
    editor_client, writer, ready
):
    workflow.submit(ready, writer)
    page = editor_client.get(change_url(ready))
    assert "approve" in step_buttons(page)
    assert "send_back" not in step_buttons(page)  # a note: its own page

    # Without its standfirst: the text is saved, the approval refused with the reason.
    data = the_form(editor_client, ready, standfirst="", _step="approve")
    response = editor_client.post(change_url(ready), data, follow=True)
    ready.refresh_from_db()
    assert (ready.standfirst, ready.status) == ("", S.IN_REVIEW)
    assert any("Not ready to approve" in line for line in messages_of(response))

    data = the_form(editor_client, ready, standfirst="Ferries run again.", _step="approve")
    response = editor_client.post(change_url(ready), data, follow=True)
    ready.refresh_from_db()
    assert ready.status == S.APPROVED
    assert any("now approved" in line.lower() for line in messages_of(response))


def test_a_step_that_is_not_the_person_s_is_refused_and_nothing_saved(writer_client, writer, ready):
    workflow.submit(ready, writer)
    data = the_form(writer_client, ready, headline="Changed", _step="approve")
    assert writer_client.post(change_url(ready), data).status_code == 403
    ready.refresh_from_db()
    assert (ready.headline, ready.status) == ("Ferries run again", S.IN_REVIEW)


@pytest.mark.parametrize("step", ["unpublish", "send_back", "cancel_schedule", "nonsense"])
def test_steps_with_a_page_of_their_own_are_not_taken_from_the_form(editor_client, step):
    story = ArticleFactory(headline="Approved story", authors=[AuthorFactory()], draft=True)
    story.status = S.APPROVED
    story.save()
    data = the_form(editor_client, story, headline="Changed", _step=step)
    assert editor_client.post(change_url(story), data).status_code == 403
    story.refresh_from_db()
    assert (story.headline, story.status) == ("Approved story", S.APPROVED)


def test_a_step_someone_took_first_saves_the_text_and_says_why(
    editor_client, make_staff, writer, ready
):
    workflow.submit(ready, writer)
    data = the_form(
        editor_client, ready, headline="Ferries run again, says the port", _step="approve"
    )
    # Another editor approves while this one is still typing.
    workflow.approve(ready, make_staff("chief", "Editor"))
    response = editor_client.post(change_url(ready), data, follow=True)
    ready.refresh_from_db()
    assert (ready.headline, ready.status) == ("Ferries run again, says the port", S.APPROVED)
    assert response.redirect_chain[-1][0] == change_url(ready)
    said = messages_of(response)
    assert "“Approve” is not possible: the story is approved." in said, said


# --- publish now or at a time, from the panel ---------------------------------------


def at_a_time(data, moment):
    local = timezone.localtime(moment)
    data.update(
        {
            "_step": "publish",
            "publish-when": "at",
            "publish-at_0": local.strftime("%Y-%m-%d"),
            "publish-at_1": local.strftime("%H:%M"),
        }
    )
    return data


def test_an_editor_approves_and_schedules_from_the_panel_in_one_click(editor_client, writer, ready):
    workflow.submit(ready, writer)
    page = editor_client.get(change_url(ready))
    html = page.content.decode()
    assert 'name="publish-at_0"' in html and "Approve and publish" in html
    publish_page = reverse("admin:articles_article_transition", args=[ready.pk, "publish"])
    assert publish_page not in html  # no second way to the same step

    tomorrow = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    data = at_a_time(the_form(editor_client, ready, headline="Ferries run on time"), tomorrow)
    response = editor_client.post(change_url(ready), data, follow=True)
    ready.refresh_from_db()
    assert ready.headline == "Ferries run on time"
    assert ready.is_scheduled and ready.published_at == tomorrow
    assert [t.action for t in ready.transitions.order_by("pk")] == ["submit", "approve", "publish"]
    assert any("is scheduled: it will be published at" in m for m in messages_of(response))


def test_publish_now_from_the_panel(editor_client, ready):
    ready.status = S.APPROVED
    ready.save()
    data = the_form(editor_client, ready, _step="publish")
    data["publish-when"] = "now"
    editor_client.post(change_url(ready), data)
    ready.refresh_from_db()
    assert ready.status == S.PUBLISHED and ready.published_at <= timezone.now()


def test_a_time_that_has_passed_saves_the_text_and_publishes_nothing(editor_client, ready):
    ready.status = S.APPROVED
    ready.save()
    yesterday = timezone.now() - timedelta(days=1)
    data = at_a_time(the_form(editor_client, ready, headline="Ferries late"), yesterday)
    response = editor_client.post(change_url(ready), data, follow=True)
    ready.refresh_from_db()
    assert (ready.headline, ready.status, ready.published_at) == ("Ferries late", S.APPROVED, None)
    assert any(m.startswith("Saved, not published:") and "has passed" in m
               for m in messages_of(response))  # fmt: skip


def test_an_incomplete_story_is_neither_approved_nor_scheduled(editor_client, writer, ready):
    workflow.submit(ready, writer)
    tomorrow = timezone.now() + timedelta(days=1)
    data = at_a_time(the_form(editor_client, ready, standfirst=""), tomorrow)
    response = editor_client.post(change_url(ready), data, follow=True)
    ready.refresh_from_db()
    assert (ready.standfirst, ready.status, ready.published_at) == ("", S.IN_REVIEW, None)
    assert any("Not ready to approve" in m for m in messages_of(response))


def test_a_writer_has_no_publish_control_and_may_not_post_one(writer_client, ready):
    assert 'name="publish-at_0"' not in writer_client.get(change_url(ready)).content.decode()
    tomorrow = timezone.now() + timedelta(days=1)
    data = at_a_time(the_form(writer_client, ready, headline="Changed"), tomorrow)
    assert writer_client.post(change_url(ready), data).status_code == 403
    ready.refresh_from_db()
    assert (ready.headline, ready.status) == ("Ferries run again", S.DRAFT)
