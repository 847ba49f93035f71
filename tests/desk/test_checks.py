"""Checks at the right time: what publishing needs (desk.workflow.still_needed, one
list) is said when a story is submitted, refused when it is approved or published.

Submitting an early draft goes ahead, with a warning that lists what is missing;
approving means "ready to publish", so it waits until nothing is missing.
"""

import pytest

from articles.models import Article
from desk import workflow
from tests.admin_forms import changelist_url, take, transition_url
from tests.desk.test_workflow import story_in, unchanged
from tests.desk_pages import messages_of
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

S = Article.Status


def bare(state, **fields):
    """A story with no picture and no standfirst."""
    return story_in(state, hero_image=None, standfirst="", **fields)


def test_submitting_an_early_draft_goes_ahead_and_says_what_publishing_will_need(
    writer, writer_client
):
    story = bare("draft", created_by=writer, headline="Early draft")
    page = writer_client.get(transition_url(story, "submit"))
    assert "publishing will still need" in page_text(page)
    assert "a hero image" in page_text(page) and "a standfirst" in page_text(page)
    assert "errornote" not in page_html(page)  # a notice, not a refusal

    response = writer_client.post(transition_url(story, "submit"), {"note": ""}, follow=True)
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW
    said = " ".join(messages_of(response))
    assert "publishing will still need a standfirst and a hero image" in said


def test_submitting_a_complete_story_warns_of_nothing(writer, writer_client):
    story = story_in("draft", created_by=writer)
    response = writer_client.post(transition_url(story, "submit"), {"note": ""}, follow=True)
    assert not any("still need" in m for m in messages_of(response))


def test_approving_an_incomplete_story_is_refused_with_what_it_needs(editor_client):
    story = bare("review")
    assert "a hero image" in page_text(editor_client.get(transition_url(story, "approve")))
    response = take(editor_client, story, "approve")
    assert response.status_code == 200
    text = page_text(response)
    assert "Not ready to approve; publishing will still need a standfirst and a hero image" in text
    assert unchanged(story)


def test_bulk_submit_warns_and_bulk_approve_refuses_the_incomplete_story(editor_client):
    ready, early = story_in("draft"), bare("draft", headline="Early draft")
    response = editor_client.post(
        changelist_url(),
        {"action": "submit_selected", "_selected_action": [ready.pk, early.pk]},
        follow=True,
    )
    said = messages_of(response)
    assert any("Early draft" in m and "a hero image" in m for m in said), said
    ready.refresh_from_db(), early.refresh_from_db()
    assert ready.status == early.status == S.IN_REVIEW

    response = editor_client.post(
        changelist_url(),
        {"action": "approve_selected", "_selected_action": [ready.pk, early.pk]},
        follow=True,
    )
    ready.refresh_from_db(), early.refresh_from_db()
    assert (ready.status, early.status) == (S.APPROVED, S.IN_REVIEW)
    assert any("Early draft" in m and "Not ready to approve" in m for m in messages_of(response))


def test_one_list_for_every_step(editor_client):
    story = bare("review", authors=[])
    needed = workflow.still_needed(story)
    assert needed == ["a standfirst", "a hero image", "an author or a source"]
    text = page_text(take(editor_client, story, "approve"))
    assert all(item in text for item in needed)
