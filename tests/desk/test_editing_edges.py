"""Odd requests to the story desk, and saves that cross a workflow step: never a 500, never
a step undone."""

import pytest
from django.urls import reverse

from articles.models import Article
from desk import workflow
from desk.templatetags.desk import desk_time as desk_time_html
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/articles/article/{id}/workflow/submit/",
        "/admin/articles/article/{id}/assign/",
        "/admin/articles/article/{id}/revisions/",
        "/admin/articles/article/{id}/revisions/compare/?a=1&b=2",
        "/admin/articles/article/{id}/preview-links/",
        "/admin/articles/article/{id}/autosave/",
    ],
)
@pytest.mark.parametrize("odd_id", ["abc", "1.5", "999999", "%00"])
def test_odd_story_ids_in_desk_addresses_are_not_found(editor_client, path, odd_id):
    url = path.format(id=odd_id)
    assert editor_client.get(url).status_code in {404, 405}
    assert editor_client.post(url, {"note": "x"}).status_code == 404


def test_a_save_does_not_undo_a_workflow_step_taken_meanwhile(editor_client, editor, make_staff):
    """The form holds the text; state, times and reviewer belong to the workflow."""
    story = ArticleFactory(headline="Live story", standfirst="Old standfirst")
    data = form_data(editor_client.get(change_url(story)))

    other = make_staff("night-editor", "Editor")
    workflow.unpublish(Article.objects.get(pk=story.pk), other, note="Legal asked")

    data["standfirst"] = "New standfirst"
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.standfirst == "New standfirst"
    assert story.status == Article.Status.UNPUBLISHED
    assert [t.to_status for t in story.transitions.all()] == [Article.Status.UNPUBLISHED]


def test_a_published_story_keeps_its_old_address_alive(editor_client, client):
    story = ArticleFactory(headline="Keeps its address")
    old_address = story.get_absolute_url()
    data = form_data(editor_client.get(change_url(story)))
    data["slug"] = "brand-new-address"
    data["headline"] = "Keeps its address, new headline"
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Keeps its address, new headline"
    assert story.slug == "brand-new-address"
    assert client.get(story.get_absolute_url()).status_code == 200
    moved = client.get(old_address)
    assert (moved.status_code, moved["Location"]) == (301, story.get_absolute_url())


def test_a_draft_may_still_change_its_address(editor_client):
    story = ArticleFactory(draft=True, published_at=None, slug="first-try")
    data = form_data(editor_client.get(change_url(story)))
    data["slug"] = "second-try"
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.slug == "second-try"


def test_a_doctored_autosave_cannot_break_the_restore_page(editor_client):
    saved = editor_client.post(
        reverse("admin:articles_article_autosave_new"),
        {"headline": "Kept headline", "section": "abc", "hero_image": "99999"},
    )
    assert saved.status_code == 200
    response = editor_client.get(reverse("admin:articles_article_add") + "?restore=autosave")
    assert response.status_code == 200
    assert "Kept headline" in response.content.decode()


def test_a_producer_reads_the_body_as_text_not_html_source(producer_client):
    story = ArticleFactory(body="<p>First <strong>bold</strong> paragraph.</p>")
    html = producer_client.get(change_url(story)).content.decode()
    assert "<p>First <strong>bold</strong> paragraph.</p>" in html
    assert "&lt;p&gt;First" not in html


def test_the_writer_sees_why_the_story_was_sent_back(writer, writer_client, editor):
    story = ArticleFactory(draft=True, published_at=None, created_by=writer)
    workflow.submit(story, writer)
    workflow.send_back(story, editor, note="Source the second quote, please.")
    html = writer_client.get(change_url(story)).content.decode()
    assert "Sent back by editor" in html
    assert "Source the second quote, please." in html
    # On the desk's clock, written as the desk writes a time everywhere.
    sent = story.transitions.get(action="send_back").at
    assert f"on {desk_time_html(sent)}: “Source the second quote" in html


def test_a_scheduled_story_says_when_on_its_page(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    story = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert "Scheduled for " in editor_client.get(change_url(story)).content.decode()


def test_a_refusal_is_a_styled_page(writer_client):
    story = ArticleFactory(headline="Not the writer's")
    response = writer_client.post(change_url(story), {"headline": "x"})
    assert response.status_code == 403
    assert "You may not do that" in response.content.decode()
