"""The admin's start page is the desk: what needs this user's attention now."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data, form_errors, post_article, take
from tests.desk_pages import desk_panels, panel_headlines
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def newsroom(writer):
    """One story in each place a desk panel looks."""
    now = timezone.now()
    return {
        "writer's draft": ArticleFactory(headline="Writer's draft", draft=True, created_by=writer),
        "in review": ArticleFactory(
            headline="Waiting in review", status=S.IN_REVIEW, published_at=None, created_by=writer
        ),
        "approved": ArticleFactory(headline="Approved story", status=S.APPROVED, published_at=None),
        "later": ArticleFactory(headline="Scheduled later", published_at=now + timedelta(days=2)),
        "sooner": ArticleFactory(
            headline="Scheduled sooner", published_at=now + timedelta(hours=3)
        ),
        "published": ArticleFactory(headline="Published an hour ago"),
        "older": ArticleFactory(
            headline="Published yesterday", published_at=now - timedelta(days=1)
        ),
        "unpublished": ArticleFactory(
            headline="Taken down", status=S.UNPUBLISHED, published_at=now - timedelta(days=2)
        ),
    }


def test_editors_desk(editor_client, newsroom):
    # A new draft has no transition (its last action is NULL): it is still "My drafts".
    response = post_article(
        editor_client,
        article_form_data(
            section=SectionFactory(), headline="Editor's own draft", slug="own", body="<p>x</p>"
        ),
    )
    assert response.status_code == 302, form_errors(response)
    panels = desk_panels(editor_client)

    assert panel_headlines(panels, "My drafts") == ["Editor's own draft"]
    assert panel_headlines(panels, "Waiting for review") == ["Waiting in review"]
    assert panel_headlines(panels, "Approved, ready to publish") == ["Approved story"]
    # Soonest first, each with its time.
    assert panel_headlines(panels, "Scheduled next") == ["Scheduled sooner", "Scheduled later"]
    for headline, row in panels["Scheduled next"]:
        story = Article.objects.get(headline=headline)
        assert f'<time datetime="{story.published_at.isoformat()}"' in row
    assert panel_headlines(panels, "Published recently") == [
        "Published an hour ago",
        "Published yesterday",
    ]
    assert "Taken down" not in str(panels)


def test_writers_desk_shows_their_own_work(writer_client, newsroom):
    panels = desk_panels(writer_client)
    assert panel_headlines(panels, "My drafts") == ["Writer's draft"]
    assert panel_headlines(panels, "Sent back to me") == []
    # Reviewing is not a writer's job: no queue of others' stories to review or publish.
    assert "Waiting for review" not in panels
    assert "Approved, ready to publish" not in panels


def test_producers_desk_has_no_review_queue(producer_client, newsroom):
    panels = desk_panels(producer_client)
    assert "Waiting for review" not in panels
    assert panel_headlines(panels, "My drafts") == []
    assert panel_headlines(panels, "Published recently")[0] == "Published an hour ago"


def test_desk_follows_the_clock(editor_client, newsroom, time_machine):
    # A scheduled story moves from "Scheduled next" to "Published recently" by itself.
    time_machine.move_to(newsroom["sooner"].published_at + timedelta(minutes=1), tick=False)
    panels = desk_panels(editor_client)
    assert panel_headlines(panels, "Scheduled next") == ["Scheduled later"]
    assert panel_headlines(panels, "Published recently")[0] == "Scheduled sooner"


def test_submitting_moves_a_story_from_my_drafts_to_the_review_queue(
    writer_client, editor_client, newsroom
):
    take(writer_client, newsroom["writer's draft"], "submit")
    assert panel_headlines(desk_panels(writer_client), "My drafts") == []
    assert "Writer's draft" in panel_headlines(desk_panels(editor_client), "Waiting for review")


def test_desk_is_only_for_the_desk(client, newsroom):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # readers are sent to the login page
