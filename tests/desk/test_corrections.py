"""Corrections and updates: editors add them to a live story; readers see "Updated" beside
the unchanged first-publication date and the notes at the end; JSON-LD follows the last
update."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, Correction
from desk.corrections import add_correction
from tests.admin_forms import change_url, form_data, form_errors, split_time
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SourceFactory
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

PREFIX = "corrections"


def jsonld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page_html(response), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def with_note(data, kind="correction", text="", at=None):
    """Fill the inline's first empty row (the change page draws one for editors).

    For a page that has no such inline, the rows are forged, as someone posting by hand would.
    """
    for name, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0}.items():
        data.setdefault(f"{PREFIX}-{name}", value)
    data.setdefault(f"{PREFIX}-MAX_NUM_FORMS", 1000)
    row = int(data[f"{PREFIX}-INITIAL_FORMS"])
    if int(data[f"{PREFIX}-TOTAL_FORMS"]) <= row:
        data[f"{PREFIX}-TOTAL_FORMS"] = row + 1
    data[f"{PREFIX}-{row}-kind"] = kind
    data[f"{PREFIX}-{row}-text"] = text
    data.update(split_time(f"{PREFIX}-{row}-at", at))
    return data


def seconds(when):
    return when.replace(microsecond=0)


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Ministry revises inflation figures",
        authors=[AuthorFactory(name="Esra Karataş Alpay")],
        hero_image=ImageFactory(),
    )


def test_an_editor_corrects_a_published_story_and_readers_see_it(editor_client, client, story):
    ArticleFactory(headline="Another story, for Explore")
    published_at = story.published_at
    at = seconds(timezone.now() - timedelta(minutes=10))
    data = with_note(
        form_data(editor_client.get(change_url(story))),
        text="An earlier version gave the rate as 64%; it is 46%.",
        at=at,
    )

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 302, form_errors(response)
    story.refresh_from_db()
    assert story.published_at == published_at  # the first publication never moves
    assert story.updated_at == at
    note = story.corrections.get()
    assert (note.kind, note.at, note.created_by.username) == ("correction", at, "editor")

    page = client.get(story.get_absolute_url())
    text = page_text(page)
    assert f"Updated {date_format(at, 'F j, Y, H:i T')}" in text
    assert date_format(published_at, "F j, Y") in text
    assert "Corrections and updates Correction" in text
    assert "An earlier version gave the rate as 64%; it is 46%." in text
    assert f'<time datetime="{at.isoformat()}">' in page_html(page)
    # After SOURCE and tags, before Explore.
    assert text.index("it is 46%") < text.index("Explore")

    data = jsonld(page)
    assert datetime.fromisoformat(data["dateModified"]) == at
    assert datetime.fromisoformat(data["datePublished"]) == seconds(published_at)


def test_a_later_update_moves_the_update_time_again(editor, story):
    first = seconds(timezone.now() - timedelta(minutes=30))
    second = seconds(timezone.now() - timedelta(minutes=5))
    add_correction(story, editor, "correction", "A name was misspelt.", at=first)
    add_correction(story, editor, "update", "The minister has since resigned.", at=second)

    story.refresh_from_db()
    assert story.updated_at == second
    assert [n.kind for n in story.corrections.all()] == ["correction", "update"]


def test_a_backdated_note_never_moves_the_update_time_back(editor, story):
    recent = seconds(timezone.now() - timedelta(minutes=5))
    add_correction(story, editor, "update", "Recent update.", at=recent)
    add_correction(story, editor, "correction", "Older fix.", at=recent - timedelta(minutes=20))

    story.refresh_from_db()
    assert story.updated_at == recent


def test_a_note_dated_before_publication_is_refused_with_a_form_error(editor_client, story):
    before = seconds(story.published_at - timedelta(minutes=5))
    data = with_note(form_data(editor_client.get(change_url(story))), text="Too early", at=before)

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 200
    assert "cannot be earlier" in page_text(response)
    assert not Correction.objects.exists()
    story.refresh_from_db()
    assert story.updated_at is None


def test_a_note_dated_in_the_future_is_refused(editor_client, story):
    later = seconds(timezone.now() + timedelta(hours=2))
    data = with_note(form_data(editor_client.get(change_url(story))), text="Not yet", at=later)

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 200
    assert "cannot be dated in the future" in page_text(response)
    assert not Correction.objects.exists()


def test_a_note_without_a_time_is_dated_now(editor_client, story):
    data = with_note(form_data(editor_client.get(change_url(story))), text="Photo replaced.")

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 302, form_errors(response)
    note = story.corrections.get()
    assert timezone.now() - note.at < timedelta(minutes=1)


def test_saving_a_story_without_a_note_adds_none(editor_client, story):
    data = form_data(editor_client.get(change_url(story)))
    data["headline"] = "Ministry revises inflation figures again"

    response = editor_client.post(change_url(story), data)

    assert response.status_code == 302, form_errors(response)
    assert not Correction.objects.exists()
    story.refresh_from_db()
    assert story.updated_at is None


def test_writers_cannot_add_corrections(writer, writer_client):
    own = ArticleFactory(created_by=writer)  # published: no longer the writer's to change
    response = writer_client.get(change_url(own))
    assert f'name="{PREFIX}-TOTAL_FORMS"' not in page_html(response)
    data = with_note(form_data(response), text="Mine")

    assert writer_client.post(change_url(own), data).status_code == 403
    assert not Correction.objects.exists()
    with pytest.raises(PermissionDenied):
        add_correction(own, writer, "correction", "Mine")


def test_producers_cannot_add_corrections(producer_client, story):
    response = producer_client.get(change_url(story))
    assert f'name="{PREFIX}-TOTAL_FORMS"' not in page_html(response)
    data = with_note(form_data(response), text="Not mine to say")

    assert producer_client.post(change_url(story), data).status_code == 302
    assert not Correction.objects.exists()


def test_producers_see_notes_but_cannot_add_to_them(editor, producer_client, story):
    add_correction(story, editor, "update", "The vote was postponed.")
    response = producer_client.get(change_url(story))
    assert "The vote was postponed." in page_html(response)
    data = with_note(form_data(response), text="Not mine to say")

    producer_client.post(change_url(story), data)

    assert list(Correction.objects.values_list("text", flat=True)) == ["The vote was postponed."]


def test_notes_are_a_record_shown_but_not_editable(editor, editor_client, story):
    add_correction(story, editor, "update", "The vote was postponed.")

    html = page_html(editor_client.get(change_url(story)))

    assert "The vote was postponed." in html
    assert f'name="{PREFIX}-0-text"' not in html  # drawn read-only
    assert f'name="{PREFIX}-0-DELETE"' not in html
    assert f'name="{PREFIX}-1-text"' in html  # room for a new one


def test_only_live_stories_take_notes(editor):
    for article in [ArticleFactory(draft=True), ArticleFactory(scheduled=True)]:
        with pytest.raises(ValidationError):
            add_correction(article, editor, "correction", "Too soon")
    assert not Correction.objects.exists()


def test_the_add_page_has_no_corrections(editor_client):
    html = page_html(editor_client.get(reverse("admin:articles_article_add")))
    assert f"{PREFIX}-TOTAL_FORMS" not in html


def test_the_database_refuses_an_update_before_publication(story):
    # The rule add_correction explains; the constraint holds even for code that skips it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=story.pk).update(
            updated_at=story.published_at - timedelta(seconds=1)
        )


# --- JSON-LD --------------------------------------------------------------------------------


def test_jsonld_dates_follow_the_notes(client, story):
    """The rest of the NewsArticle is checked field by field in test_metadata.py."""
    data = jsonld(client.get(story.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["dateModified"] == data["datePublished"]  # never updated


def test_jsonld_names_the_agency_when_there_is_no_byline(client):
    story = ArticleFactory(sources=[SourceFactory(name="Anadolu Agency", code="AA")])
    data = jsonld(client.get(story.get_absolute_url()))
    assert [(a["@type"], a["name"]) for a in data["author"]] == [("Organization", "Anadolu Agency")]


def test_jsonld_cannot_end_its_script_early(client):
    story = ArticleFactory(headline="Quote </script><script>alert(1)</script> & more")
    html = page_html(client.get(story.get_absolute_url()))
    assert "<script>alert(1)" not in html
    assert jsonld_headline(html) == "Quote </script><script>alert(1)</script> & more"


def jsonld_headline(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))["headline"]


def test_notes_cost_no_queries_of_their_own(settings, client, editor):
    # Pages made, not served from the page cache (which would serve the warmed-up one).
    settings.NEWSROOM_PAGE_CACHE = False
    plain, corrected = ArticleFactory(), ArticleFactory()
    for minutes in (40, 30, 20):
        at = timezone.now() - timedelta(minutes=minutes)
        add_correction(corrected, editor, "update", f"Update {minutes}", at=at)
    counts = []
    for article in (plain, corrected):
        # Warm up: first-request caches (the kept Explore list) are not the page's.
        client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
