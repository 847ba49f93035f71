"""The editorial workflow through the admin, as each role meets it.

Writers write and submit; editors review, send back, approve, schedule, publish and
unpublish; producers curate and never touch a story's text or state. Every refusal is
checked on the server (403 or an admin error) and must change nothing.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, EditorialNote, Image, Section, Source, Transition
from tests.admin_forms import (
    add_inline_row,
    article_form_data,
    assign_url,
    change_url,
    changelist_url,
    form_data,
    form_errors,
    post_article,
    split_time,
    take,
    transition_url,
)
from tests.desk.test_admin import png_bytes
from tests.desk_pages import (
    action_choices,
    desk_panels,
    listed,
    logged_in,
    messages_of,
    panel_headlines,
    workflow_buttons,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    an_hour_ago,
    tomorrow,
)
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

S = Article.Status

STATES = ["draft", "review", "approved", "scheduled", "published", "unpublished"]
ACTIONS = ["submit", "approve", "send_back", "publish", "cancel_schedule", "unpublish", "redraft"]
TARGET = {
    "submit": S.IN_REVIEW,
    "approve": S.APPROVED,
    "send_back": S.DRAFT,
    "publish": S.PUBLISHED,
    "cancel_schedule": S.APPROVED,
    "unpublish": S.UNPUBLISHED,
    "redraft": S.DRAFT,
}
# Every (state, action) each role may take; every other pair must be refused.
ALLOWED = {
    "writer": {("draft", "submit")},  # on their own story
    "editor": {
        ("draft", "submit"),
        ("review", "approve"),
        ("review", "send_back"),
        ("approved", "send_back"),
        ("approved", "publish"),
        ("scheduled", "cancel_schedule"),
        ("scheduled", "unpublish"),
        ("published", "unpublish"),
        ("unpublished", "redraft"),
    },
    "producer": set(),
}
BULK_ACTIONS = {"submit_selected", "approve_selected", "publish_selected", "unpublish_selected"}


def story_in(state, **fields):
    """A complete story (ready to publish) in ``state``."""
    status, published_at = {
        "draft": (S.DRAFT, None),
        "review": (S.IN_REVIEW, None),
        "approved": (S.APPROVED, None),
        "scheduled": (S.PUBLISHED, tomorrow()),
        "published": (S.PUBLISHED, an_hour_ago()),
        "unpublished": (S.UNPUBLISHED, an_hour_ago()),
    }[state]
    complete = {"hero_image": ImageFactory(), "authors": [AuthorFactory()]}
    return ArticleFactory(status=status, published_at=published_at, **{**complete, **fields})


def unchanged(story):
    """Is the story as the test made it: same state, time, and no transition recorded?"""
    before = (story.status, story.published_at)
    story.refresh_from_db()
    return (story.status, story.published_at) == before and not story.transitions.exists()


@pytest.fixture
def clock(time_machine):
    """A stopped clock, on a whole second; tests move it on, never sleep.

    It stays near the real time: logins made before it stopped must not expire.
    """
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    return now


@pytest.fixture
def other_writer(make_staff):
    return make_staff("other-writer", "Writer")


# --- Every transition, for every role --------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ["writer", "editor", "producer"])
def test_every_transition_for_every_role(request, role, state, action, writer):
    client = request.getfixturevalue(f"{role}_client")
    user = request.getfixturevalue(role)
    story = story_in(state, created_by=writer)
    before = story.status

    shown = client.get(transition_url(story, action))
    done = take(client, story, action, note="Reason given.")

    if (state, action) in ALLOWED[role]:
        assert shown.status_code == 200
        assert done.status_code == 302, done.context and done.context["form"].errors
        story.refresh_from_db()
        assert story.status == TARGET[action]
        step = story.transitions.get()
        assert (step.action, step.user, step.from_status, step.to_status, step.note) == (
            action,
            user,
            before,
            TARGET[action],
            "Reason given.",
        )
    elif any(step == action for _state, step in ALLOWED[role]):
        # The right, but the story is not in a state for it (a button pressed twice):
        # back to the story with a message saying why.
        assert shown.status_code == done.status_code == 302
        assert "is not possible: the story is" in str(list(get_messages(done.wsgi_request)))
        assert unchanged(story)
    else:
        assert shown.status_code == 403
        assert done.status_code == 403
        assert unchanged(story)


def test_only_named_transitions_exist(editor_client):
    story = story_in("approved")
    for made_up in ["schedule", "delete", "status", "_transition"]:
        assert editor_client.post(transition_url(story, made_up)).status_code == 403
    assert unchanged(story)


def test_a_story_goes_from_draft_to_the_site_and_back(editor_client, writer_client, client):
    story = story_in("draft", created_by=None)
    assert take(writer_client, story, "submit").status_code == 403  # not the writer's story
    for action, state in [
        ("submit", S.IN_REVIEW),
        ("approve", S.APPROVED),
        ("publish", S.PUBLISHED),
    ]:
        assert take(editor_client, story, action).status_code == 302
        story.refresh_from_db()
        assert story.status == state
    assert client.get(story.get_absolute_url()).status_code == 200

    assert take(editor_client, story, "unpublish", note="Legal asked.").status_code == 302
    assert client.get(story.get_absolute_url()).status_code == 404
    assert take(editor_client, story, "redraft").status_code == 302
    story.refresh_from_db()
    assert story.status == S.DRAFT
    assert list(story.transitions.values_list("from_status", "to_status")) == [
        (S.DRAFT, S.IN_REVIEW),
        (S.IN_REVIEW, S.APPROVED),
        (S.APPROVED, S.PUBLISHED),
        (S.PUBLISHED, S.UNPUBLISHED),
        (S.UNPUBLISHED, S.DRAFT),
    ]


# --- Writers ---------------------------------------------------------------------------


def test_writer_adds_a_story_that_starts_as_a_draft(writer, writer_client, client):
    data = article_form_data(
        section=SectionFactory(),
        headline="Harbour reopens after the storm",
        slug="harbour-reopens",
        body="<p>The harbour reopened on Monday.</p>",
        # Crafted: the state and time are not on the form, and must not be taken from it.
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
    )
    response = post_article(writer_client, data)
    assert response.status_code == 302, form_errors(response)
    story = Article.objects.get(slug="harbour-reopens")
    assert story.status == S.DRAFT
    assert story.published_at is None
    assert story.created_by == writer
    assert client.get(story.get_absolute_url()).status_code == 404


def test_writer_edits_their_own_draft(writer, writer_client):
    story = story_in("draft", created_by=writer, headline="First go")
    data = form_data(writer_client.get(change_url(story)))
    data["headline"] = "Second go"
    response = writer_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert story.headline == "Second go"
    assert story.status == S.DRAFT


def test_writer_cannot_edit_another_writers_story(other_writer, writer_client):
    story = story_in("draft", created_by=other_writer, headline="Not yours")
    page = writer_client.get(change_url(story))
    assert page.status_code == 200  # may read it …
    assert 'name="headline"' not in page_html(page)
    data = article_form_data(
        section=story.section, headline="Taken over", slug=story.slug, body=story.body
    )
    assert writer_client.post(change_url(story), data).status_code == 403  # … not change it
    story.refresh_from_db()
    assert story.headline == "Not yours"


def test_writer_cannot_edit_their_story_once_in_review(writer, writer_client):
    story = story_in("draft", created_by=writer, headline="Sent in")
    data = form_data(writer_client.get(change_url(story)))
    assert take(writer_client, story, "submit").status_code == 302
    data["headline"] = "Changed after submitting"
    assert writer_client.post(change_url(story), data).status_code == 403
    story.refresh_from_db()
    assert (story.headline, story.status) == ("Sent in", S.IN_REVIEW)


def test_writer_sees_submit_but_not_publish(writer, writer_client):
    story = story_in("draft", created_by=writer)
    page = writer_client.get(change_url(story))
    assert "Submit for review" in page_text(page)
    assert "Publish or schedule" not in page_text(page)
    assert workflow_buttons(page) == {"submit"}
    assert "Assign reviewer" not in page_text(page)


def test_writer_is_offered_only_the_submit_bulk_action(writer, writer_client):
    story_in("draft", created_by=writer)  # an empty list offers no actions at all
    offered = action_choices(writer_client.get(changelist_url()))
    assert offered & BULK_ACTIONS == {"submit_selected"}


@pytest.mark.parametrize(
    "action", ["approve_selected", "publish_selected", "unpublish_selected", "delete_selected"]
)
def test_writer_crafted_bulk_action_changes_nothing(writer, writer_client, action):
    stories = [story_in(state, created_by=writer) for state in ["review", "approved", "published"]]
    response = writer_client.post(
        changelist_url(),
        {"action": action, "_selected_action": [s.pk for s in stories]},
        follow=True,
    )
    # Refused outright, or the admin's own refusal of an action it does not offer.
    assert response.status_code == 403 or messages_of(response) == ["No action selected."]
    for story in stories:
        assert Article.objects.filter(pk=story.pk).exists()
        assert unchanged(story)


def test_writer_bulk_submits_own_drafts_only(writer, other_writer, writer_client):
    mine = story_in("draft", created_by=writer)
    theirs = story_in("draft", created_by=other_writer, headline="Someone else's draft")
    response = writer_client.post(
        changelist_url(),
        {"action": "submit_selected", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    mine.refresh_from_db()
    assert mine.status == S.IN_REVIEW
    assert unchanged(theirs)
    messages = " ".join(messages_of(response))
    assert "1 story." in messages
    assert "Someone else's draft" in messages


# --- Editors: review, send back, approve -------------------------------------------------


def test_send_back_needs_a_note(editor_client):
    story = story_in("review")
    response = take(editor_client, story, "send_back", note="   ")
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert unchanged(story)


def test_sent_back_story_reaches_its_writer_with_the_note(
    writer, writer_client, editor, editor_client
):
    story = story_in("draft", created_by=writer, headline="Ferry strike ends")
    # A brand-new draft has no transition yet; it must still be on the writer's desk.
    assert panel_headlines(desk_panels(writer_client), "My drafts") == ["Ferry strike ends"]
    assert take(writer_client, story, "submit").status_code == 302
    panels = desk_panels(writer_client)
    assert "Ferry strike ends" not in panel_headlines(panels, "My drafts")

    note = "Second source needed for the union's figure."
    assert take(editor_client, story, "send_back", note=note).status_code == 302
    story.refresh_from_db()
    assert story.status == S.DRAFT
    panels = desk_panels(writer_client)
    assert panel_headlines(panels, "Sent back to me") == ["Ferry strike ends"]
    assert "Ferry strike ends" not in panel_headlines(panels, "My drafts")
    # The writer reads why on the story's page, and may edit it again.
    page = writer_client.get(change_url(story))
    assert note in page_text(page)
    assert workflow_buttons(page) == {"submit"}
    data = form_data(page)
    data["headline"] = "Ferry strike ends after talks"
    assert writer_client.post(change_url(story), data).status_code == 302


def test_approved_story_can_be_sent_back_too(editor_client):
    story = story_in("approved")
    assert take(editor_client, story, "send_back", note="Hold for now.").status_code == 302
    story.refresh_from_db()
    assert story.status == S.DRAFT


def test_editor_sees_the_buttons_the_state_allows(editor_client):
    page = editor_client.get(change_url(story_in("review")))
    # Approve, or approve and publish at once (the panel's publish control).
    assert workflow_buttons(page) == {"approve", "send_back", "publish"}
    assert "Approve and publish" in page_text(page)
    page = editor_client.get(change_url(story_in("approved")))
    assert workflow_buttons(page) == {"send_back", "publish"}
    assert "Publish or schedule" in page_text(page)
    assert workflow_buttons(editor_client.get(change_url(story_in("published")))) == {"unpublish"}


def test_editor_is_offered_every_bulk_action(editor_client):
    story_in("draft")
    assert action_choices(editor_client.get(changelist_url())) >= BULK_ACTIONS


def test_bulk_approve_approves_what_is_in_review_and_refuses_the_rest(editor_client):
    waiting = story_in("review")
    draft = story_in("draft", headline="Still a draft")
    response = editor_client.post(
        changelist_url(),
        {"action": "approve_selected", "_selected_action": [waiting.pk, draft.pk]},
        follow=True,
    )
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    assert unchanged(draft)
    assert any("Still a draft" in message for message in messages_of(response))


def test_bulk_unpublish(editor_client, client):
    stories = [story_in("published"), story_in("published")]
    editor_client.post(
        changelist_url(),
        {"action": "unpublish_selected", "_selected_action": [s.pk for s in stories]},
    )
    for story in stories:
        story.refresh_from_db()
        assert story.status == S.UNPUBLISHED
        assert client.get(story.get_absolute_url()).status_code == 404


# --- Completeness ------------------------------------------------------------------------


INCOMPLETE = {
    "a headline": lambda: story_in("approved", headline="", slug="no-headline"),
    "a standfirst": lambda: story_in("approved", standfirst=""),
    "a body": lambda: story_in("approved", body=""),
    "a hero image": lambda: story_in("approved", hero_image=None),
    "alt text on the hero image": lambda: story_in(
        "approved", hero_image=ImageFactory(alt_text="   ")
    ),
    "an author or a source": lambda: story_in("approved", authors=[]),
}


@pytest.mark.parametrize("missing", INCOMPLETE)
def test_publishing_an_incomplete_story_lists_what_is_missing(editor_client, client, missing):
    story = INCOMPLETE[missing]()
    assert missing in page_text(editor_client.get(transition_url(story, "publish")))
    response = take(editor_client, story, "publish")
    assert response.status_code == 200
    text = page_text(response)
    assert "Not ready to publish" in text
    assert missing in text
    assert unchanged(story)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_publishing_lists_everything_missing(editor_client):
    story = ArticleFactory(status=S.APPROVED, published_at=None, standfirst="", body="")
    text = page_text(take(editor_client, story, "publish"))
    for missing in ["a standfirst", "a body", "a hero image", "an author or a source"]:
        assert missing in text
    assert unchanged(story)


def test_a_source_instead_of_an_author_is_enough(editor_client):
    story = story_in("approved", authors=[], sources=[SourceFactory()])
    assert take(editor_client, story, "publish").status_code == 302
    story.refresh_from_db()
    assert story.is_published


def test_bulk_publish_refuses_an_incomplete_story(editor_client):
    ready = story_in("approved")
    bare = story_in("approved", hero_image=None, headline="No picture yet")
    response = editor_client.post(
        changelist_url(),
        {"action": "publish_selected", "_selected_action": [ready.pk, bare.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    assert ready.is_published
    assert unchanged(bare)
    assert any("No picture yet" in m and "a hero image" in m for m in messages_of(response)), (
        messages_of(response)
    )


# --- Scheduling -------------------------------------------------------------------------


@pytest.fixture
def around_a_scheduled_story(clock):
    """An approved story S, and live stories pointing at it every way the site can."""
    section = SectionFactory(name="Maritime")
    story = story_in("approved", headline="Bridge opens to traffic", section=section, tags=["Port"])
    linking = story_in("published", headline="Ferry timetable changes", tags=["Port"])
    linking.related_items.create(kind="read_more", after_block=1, target=story)
    linking.related_items.create(kind="recommended", after_block=2, target=story)
    linking.explore_picks.create(picked=story)
    # A story that only shares a tag: S can enter its Explore list by the automatic fill.
    sharing = story_in("published", headline="Harbour dues rise", tags=["Port"])
    return story, linking, sharing


def surfaces(client, story, linking, sharing):
    """Where the story shows on the public site, by surface."""
    home = page_text(client.get(reverse("articles:home")))
    listing = page_text(client.get(story.section.get_absolute_url()))
    linking_html = page_html(client.get(linking.get_absolute_url()))
    sharing_html = page_html(client.get(sharing.get_absolute_url()))

    def part(html, pattern):
        return " ".join(re.findall(pattern, html, re.S))

    explore = r'<section class="explore".*?</section>'
    recommended = r'<aside class="recommended".*?</aside>'
    return {
        "page": client.get(story.get_absolute_url()).status_code == 200,
        "home": story.headline in home,
        "section": story.headline in listing,
        "READ MORE": story.headline in part(linking_html, r'<p class="read-more">.*?</p>'),
        "Recommended": story.headline in part(linking_html, recommended),
        "Explore pick": story.headline in part(linking_html, explore),
        "Explore fill": story.headline in part(sharing_html, explore),
    }


def test_scheduled_story_goes_live_at_its_time_everywhere(
    editor_client, client, time_machine, clock, around_a_scheduled_story
):
    story, linking, sharing = around_a_scheduled_story
    at = clock + timedelta(hours=2, minutes=30)
    response = take(editor_client, story, "publish", at=at)
    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert (story.status, story.published_at) == (S.PUBLISHED, at)
    assert story.state_label == "Scheduled"

    # The desk sees it as scheduled; readers do not see it anywhere.
    assert listed(editor_client.get(changelist_url(), {"state": "scheduled"}), story)
    assert not listed(editor_client.get(changelist_url(), {"state": "live"}), story)
    assert "Scheduled" in page_text(editor_client.get(change_url(story)))
    assert not any(surfaces(client, story, linking, sharing).values())

    time_machine.move_to(at - timedelta(seconds=1), tick=False)
    assert not any(surfaces(client, story, linking, sharing).values())

    # No worker runs: at its time the one published queryset lets it through.
    time_machine.move_to(at, tick=False)
    seen = surfaces(client, story, linking, sharing)
    assert all(seen.values()), seen
    assert listed(editor_client.get(changelist_url(), {"state": "live"}), story)
    assert not listed(editor_client.get(changelist_url(), {"state": "scheduled"}), story)


def test_publishing_at_a_past_time_is_refused_in_words(editor_client, clock):
    story = story_in("approved")
    response = take(editor_client, story, "publish", at=clock - timedelta(days=3))
    assert response.status_code == 200
    assert "has passed" in page_text(response)
    assert unchanged(story)


def test_a_scheduled_story_can_be_unpublished_before_its_time(editor_client, client, clock):
    story = story_in("approved")
    take(editor_client, story, "publish", at=clock + timedelta(hours=1))
    assert take(editor_client, story, "unpublish").status_code == 302
    story.refresh_from_db()
    assert story.status == S.UNPUBLISHED
    assert client.get(story.get_absolute_url()).status_code == 404


# --- Embargo ----------------------------------------------------------------------------


def test_embargo_refuses_publishing_before_its_time(editor_client, superuser_client, client, clock):
    embargo = clock + timedelta(hours=6)
    story = story_in("approved", embargo_until=embargo)
    # Whoever asks: the embargo holds for a superuser too.
    for who in [editor_client, superuser_client]:
        for at in [None, embargo - timedelta(minutes=1)]:
            response = take(who, story, "publish", at=at)
            assert response.status_code == 200
            assert "Embargoed until" in page_text(response)
            assert unchanged(story)

    response = take(editor_client, story, "publish", at=embargo)
    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert (story.status, story.published_at) == (S.PUBLISHED, embargo)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_after_the_embargo_the_story_publishes_now(editor_client, time_machine, clock):
    embargo = clock + timedelta(hours=6)
    story = story_in("approved", embargo_until=embargo)
    time_machine.move_to(embargo + timedelta(minutes=5), tick=False)
    assert take(editor_client, story, "publish").status_code == 302
    story.refresh_from_db()
    assert story.is_published


def test_bulk_publish_refuses_the_embargoed_story_and_publishes_the_rest(editor_client, clock):
    free = story_in("approved")
    held = story_in(
        "approved", headline="Embargoed report", embargo_until=clock + timedelta(hours=6)
    )
    response = editor_client.post(
        changelist_url(),
        {"action": "publish_selected", "_selected_action": [free.pk, held.pk]},
        follow=True,
    )
    free.refresh_from_db()
    assert free.is_published
    assert unchanged(held)
    assert any("Embargoed report" in m and "Embargoed until" in m for m in messages_of(response))


def test_an_embargo_after_publication_is_refused_on_the_form(editor_client, clock):
    story = story_in("published")
    data = form_data(editor_client.get(change_url(story)))
    data.update(split_time("embargo_until", clock + timedelta(days=1)))
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "already published" in page_text(response)
    story.refresh_from_db()
    assert story.embargo_until is None


# --- Timeline and the state filter -------------------------------------------------------


def test_change_page_shows_the_timeline(writer, writer_client, editor_client):
    story = story_in("draft", created_by=writer)
    take(writer_client, story, "submit")
    take(editor_client, story, "send_back", note="Check the minister's title.")
    text = page_text(editor_client.get(change_url(story)))
    timeline = text[text.index("Timeline") :]
    submitted = re.search(r"writer\s*: Draft → In review", timeline)
    sent_back = re.search(r"editor\s*: In review → Draft — “Check the minister's title.”", timeline)
    assert submitted and sent_back
    assert submitted.start() < sent_back.start()  # oldest first


@pytest.mark.parametrize(
    "choice, state",
    [(state, state) for state in ["draft", "review", "approved", "scheduled", "unpublished"]]
    + [("live", "published")],
)
def test_changelist_filters_by_state(editor_client, choice, state):
    stories = {name: story_in(name) for name in STATES}
    response = editor_client.get(changelist_url(), {"state": choice})
    assert response.status_code == 200
    assert {name for name, story in stories.items() if listed(response, story)} == {state}


# --- Producers --------------------------------------------------------------------------


def test_producer_cannot_change_a_storys_text(producer_client):
    story = story_in("published", headline="Original headline")
    page = producer_client.get(change_url(story))
    assert page.status_code == 200
    html = page_html(page)
    assert 'name="headline"' not in html and 'name="body"' not in html
    assert workflow_buttons(page) == set()
    data = form_data(page)
    data.update(headline="Rewritten by a producer", body="<p>New words.</p>")
    response = producer_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert story.headline == "Original headline"
    assert "New words" not in story.body
    assert story.status == S.PUBLISHED


def test_producer_curates_tags_related_links_and_explore(producer_client):
    story = story_in("review", tags=["Ports"])
    earlier, pick = story_in("published"), story_in("published")
    data = form_data(producer_client.get(change_url(story)))
    data["tags"] = "Ports, Shipping"
    add_inline_row(
        data, "related_items", kind="read_more", after_block=1, target=earlier.pk, url="", title=""
    )
    add_inline_row(data, "explore_picks", picked=pick.pk, position=0)
    response = producer_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)
    assert {tag.name for tag in story.tags.all()} == {"Ports", "Shipping"}
    assert story.related_items.get().target == earlier
    assert story.explore_picks.get().picked == pick
    assert unchanged(story)


def test_producer_is_offered_no_bulk_action_and_a_crafted_one_does_nothing(producer_client):
    stories = [story_in("approved"), story_in("published")]
    assert action_choices(producer_client.get(changelist_url())) & BULK_ACTIONS == set()
    for action in ["publish_selected", "unpublish_selected", "delete_selected"]:
        producer_client.post(
            changelist_url(), {"action": action, "_selected_action": [s.pk for s in stories]}
        )
    for story in stories:
        assert unchanged(story)


def test_producer_cannot_add_or_delete_stories(producer_client):
    story = story_in("draft")
    assert producer_client.get(reverse("admin:articles_article_add")).status_code == 403
    data = article_form_data(
        section=story.section, headline="By a producer", slug="by-a-producer", body="<p>x</p>"
    )
    assert post_article(producer_client, data).status_code == 403
    delete = reverse("admin:articles_article_delete", args=[story.pk])
    assert producer_client.post(delete, {"post": "yes"}).status_code == 403
    assert not Article.objects.filter(slug="by-a-producer").exists()
    assert Article.objects.filter(pk=story.pk).exists()


def test_producer_adds_sections_sources_authors_and_images(producer_client):
    posts = {
        "section": {"name": "Maritime", "slug": "maritime", "position": 5, "in_navigation": "on"},
        "source": {"name": "Reuters", "code": "RTR", "website": ""},
        "author": {"name": "Deniz Kaya", "slug": "deniz-kaya", "role": "Ports reporter"},
        "image": {
            "file": SimpleUploadedFile("quay.png", png_bytes(), "image/png"),
            "alt_text": "Cranes on the quay at dusk",
        },
    }
    for model, data in posts.items():
        response = producer_client.post(
            reverse(f"admin:articles_{model}_add"), {**data, "_save": "Save"}
        )
        assert response.status_code == 302, (model, form_errors(response))
    assert Section.objects.filter(slug="maritime").exists()
    assert Source.objects.filter(code="RTR").exists()
    assert Author.objects.filter(slug="deniz-kaya").exists()
    assert Image.objects.filter(alt_text="Cranes on the quay at dusk").exists()


# --- Assignment ---------------------------------------------------------------------------


def test_editor_assigns_a_story_in_review_to_a_reviewer(editor_client, make_staff, clock):
    reviewer = make_staff("second-editor", "Editor")
    story = story_in("review", headline="Budget analysis")
    page = editor_client.get(change_url(story))
    assert "Assign reviewer" in page_text(page)
    due = clock + timedelta(hours=4)
    response = editor_client.post(
        assign_url(story), {"reviewer": reviewer.pk, **split_time("due", due)}
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    story.refresh_from_db()
    assert (story.assignee, story.review_due, story.status) == (reviewer, due, S.IN_REVIEW)

    panels = desk_panels(logged_in(reviewer))
    rows = dict(panels["Assigned to me for review"])
    assert list(rows) == ["Budget analysis"]
    assert "due" in rows["Budget analysis"]
    # The desk sees whom it waits for; the assignment is on the timeline.
    assert "second-editor" in page_text(editor_client.get(change_url(story)))
    assert story.transitions.get(action="assign").user.username == "editor"


def test_a_draft_cannot_be_assigned(editor_client, make_staff):
    reviewer = make_staff("second-editor", "Editor")
    story = story_in("draft")
    assert "Assign reviewer" not in page_text(editor_client.get(change_url(story)))
    response = editor_client.post(assign_url(story), {"reviewer": reviewer.pk})
    assert response.status_code == 200
    assert "Only a story in review" in page_text(response)
    story.refresh_from_db()
    assert story.assignee is None
    assert panel_headlines(desk_panels(logged_in(reviewer)), "Assigned to me for review") == []


def test_only_reviewers_can_be_assigned_and_only_editors_assign(
    editor_client, writer, writer_client, producer_client
):
    story = story_in("review")
    response = editor_client.post(assign_url(story), {"reviewer": writer.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    for client in [writer_client, producer_client]:
        assert client.get(assign_url(story)).status_code == 403
        assert client.post(assign_url(story), {"reviewer": writer.pk}).status_code == 403
    story.refresh_from_db()
    assert story.assignee is None


# --- Editorial notes ----------------------------------------------------------------------

NOTE = "Lawyer cleared paragraph four; do not name the second witness."


def test_notes_are_kept_on_the_desk_and_never_shown_to_readers(
    editor, editor_client, writer, writer_client, client
):
    story = story_in("draft", created_by=writer, headline="Court hears witnesses")
    data = form_data(writer_client.get(change_url(story)))
    data["notes-0-text"] = "Draft ready; quotes checked."
    assert writer_client.post(change_url(story), data).status_code == 302

    take(writer_client, story, "submit")
    data = form_data(editor_client.get(change_url(story)))
    data[f"notes-{data['notes-INITIAL_FORMS']}-text"] = NOTE
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)

    assert [(n.author, n.text) for n in EditorialNote.objects.filter(article=story)] == [
        (writer, "Draft ready; quotes checked."),
        (editor, NOTE),
    ]
    assert NOTE in page_text(editor_client.get(change_url(story)))

    take(editor_client, story, "approve")
    take(editor_client, story, "publish")
    story.refresh_from_db()
    assert story.is_published
    for url in [
        story.get_absolute_url(),
        reverse("articles:home"),
        story.section.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        html = page_html(response)
        assert story.headline in page_text(response)
        assert "second witness" not in html and "quotes checked" not in html


def test_notes_cannot_be_rewritten(editor_client, writer):
    story = story_in("draft", created_by=writer)
    note = EditorialNote.objects.create(article=story, author=writer, text="Original note.")
    data = form_data(editor_client.get(change_url(story)))
    data["notes-0-text"] = "Rewritten note."
    data["notes-0-id"] = note.pk
    editor_client.post(change_url(story), data)
    note.refresh_from_db()
    assert note.text == "Original note."


def test_a_transition_records_its_note_but_not_in_public(editor_client, client):
    story = story_in("approved")
    take(editor_client, story, "publish", note="Cleared by legal at 9.")
    assert Transition.objects.get(article=story).note == "Cleared by legal at 9."
    assert "Cleared by legal" not in page_html(client.get(story.get_absolute_url()))
