"""The admin's start page is the desk: what needs this user's attention now, each list with
its count and next step, in a fixed number of queries."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk import revisions, translations
from desk.site import PANEL_SIZE
from desk.times import desk_time
from tests.admin_forms import article_form_data, form_errors, post_article, take
from tests.desk_pages import desk_panels, panel_headlines
from tests.factories import ArticleFactory, SectionFactory
from tests.pages import page_html

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


# --- counts and the next step ------------------------------------------------------------


def next_steps(client):
    """{list's title: (its count, the next step's words, where its link goes)}."""
    html = lxml.html.fromstring(page_html(client.get(reverse("admin:index"))))
    steps = {}
    for section in html.xpath('//div[@id="newsroom-desk"]/section'):
        title = section.xpath("string(h3/text())").strip()
        count = int(section.xpath("string(h3/span)").strip("()"))
        link = section.xpath('p[@class="newsroom-desk__next"]/a')
        steps[title] = (count, link[0].text_content(), link[0].get("href")) if link else (count,)
    return steps


def followed(client, href):
    """The headlines of the story list a link opens."""
    response = client.get(href)
    assert response.status_code == 200
    return sorted(story.headline for story in response.context["cl"].result_list)


def test_each_list_says_how_many_and_the_next_step(editor_client, newsroom):
    ArticleFactory(headline="Second in review", status=S.IN_REVIEW, published_at=None)
    steps = next_steps(editor_client)
    count, step, href = steps["Waiting for review"]
    assert (count, step) == (2, "2 stories in review — review them")
    assert followed(editor_client, href) == ["Second in review", "Waiting in review"]
    # One story: straight to its screen, where the step is taken.
    count, step, href = steps["Approved, ready to publish"]
    assert (count, step) == (1, "1 approved story — schedule or publish it")
    assert href == reverse("admin:articles_article_change", args=[newsroom["approved"].pk])
    count, step, href = steps["Scheduled next"]
    sooner = newsroom["sooner"].published_at
    assert step == f"2 stories scheduled, the next for {desk_time(sooner, short=True)}"
    assert followed(editor_client, href) == ["Scheduled later", "Scheduled sooner"]
    assert steps["Published recently"][:2] == (2, "2 stories live on the site")
    assert steps["My drafts"] == (0,)  # nothing to do: no step, no link


def test_a_writer_s_lists_lead_to_their_own_stories(writer, writer_client, editor_client, newsroom):
    ArticleFactory(headline="Another's draft", draft=True)
    ArticleFactory(headline="Second draft", draft=True, created_by=writer)
    count, step, href = next_steps(writer_client)["My drafts"]
    assert step == "2 drafts of yours — finish them and submit them for review"
    assert followed(writer_client, href) == ["Second draft", "Writer's draft"]

    take(writer_client, newsroom["writer's draft"], "submit")
    take(editor_client, newsroom["writer's draft"], "send_back", note="A second source, please.")
    count, step, href = next_steps(writer_client)["Sent back to me"]
    assert step == "1 story sent back to you — revise it and submit it again"
    assert href == reverse("admin:articles_article_change", args=[newsroom["writer's draft"].pk])
    assert followed(
        writer_client, f"{reverse('admin:articles_article_changelist')}?whose=sent_back"
    ) == ["Writer's draft"]


def test_a_full_list_counts_beyond_its_rows(editor_client):
    for number in range(PANEL_SIZE + 2):
        ArticleFactory(headline=f"Approved {number}", status=S.APPROVED, published_at=None)
    count, step, href = next_steps(editor_client)["Approved, ready to publish"]
    assert (count, step) == (12, "12 approved stories — schedule or publish them")
    assert len(panel_headlines(desk_panels(editor_client), "Approved, ready to publish")) == 10
    assert len(followed(editor_client, href)) == 12


def test_translations_behind_their_original_lead_to_what_changed(editor, editor_client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    original = ArticleFactory(headline="Talks resume")
    turkish = translations.translate(original, "tr", editor)
    assert "Translations to bring up to date" in next_steps(editor_client)
    assert next_steps(editor_client)["Translations to bring up to date"] == (0,)
    original.headline = "Talks resume in Ankara"
    original.save()
    revisions.record(original, editor, "Headline")
    count, step, href = next_steps(editor_client)["Translations to bring up to date"]
    assert step == "1 translation whose original has changed — bring it up to date"
    assert href == reverse("admin:articles_article_translation_changes", args=[turkish.pk])
    assert editor_client.get(href).status_code == 200


def test_the_start_page_reads_a_fixed_number_of_queries(
    editor, editor_client, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_EDITIONS = "en,tr"

    def newsroom_of(size):
        for number in range(size):
            ArticleFactory(draft=True, created_by=editor)
            ArticleFactory(status=S.IN_REVIEW, published_at=None, assignee=editor)
            ArticleFactory(status=S.APPROVED, published_at=None)
            ArticleFactory(published_at=timezone.now() + timedelta(hours=number + 1))
            translations.translate(ArticleFactory(), "tr", editor)

    # The session, the user and their rights, their admin language, then one query a list.
    lists = len(next_steps(editor_client))
    budget = 6 + lists
    newsroom_of(1)
    with django_assert_max_num_queries(budget):
        editor_client.get(reverse("admin:index"))
    # However many stories: one more query for each full list, to count it.
    newsroom_of(PANEL_SIZE + 5)
    with django_assert_max_num_queries(budget + lists):
        editor_client.get(reverse("admin:index"))
