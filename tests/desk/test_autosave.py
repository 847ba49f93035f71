"""Unsaved text is never lost: autosave and restore, expired sessions, who else is editing.

Everything goes through the test client, as the change page's script and a browser would
send it. Restoring only fills the form: every test checks that the story is unchanged.
"""

from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave, EditingPresence
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse"


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def discard_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_discard_new")
    return reverse("admin:articles_article_autosave_discard", args=[article.pk])


def page(response):
    return unescape(response.content.decode())


@pytest.fixture
def story():
    return ArticleFactory(
        draft=True,
        headline="Ministers meet in Ankara",
        standfirst="Talks on trade.",
        body="<p>The old first paragraph.</p>",
    )


@pytest.fixture
def other_editor(make_staff):
    return make_staff("alice", "Editor")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def edited(client, article, **changes):
    """The change form as the editor's browser holds it, with their new text."""
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    return data


def test_autosave_keeps_a_copy_per_user_and_story_without_touching_the_story(
    story, editor, editor_client, other_editor
):
    before = Article.objects.get(pk=story.pk)
    data = edited(editor_client, story, headline="Ministers agree in Ankara")
    response = editor_client.post(autosave_url(story), data)
    assert response.status_code == 200, response.content
    assert response.json()["saved_at"]

    copy = Autosave.objects.get(user=editor, article=story)
    assert copy.data["headline"] == "Ministers agree in Ankara"
    assert copy.data["body"].strip() == "<p>The old first paragraph.</p>"
    assert "csrfmiddlewaretoken" not in copy.data

    # A second ping replaces the copy; another editor's copy is their own.
    editor_client.post(autosave_url(story), {**data, "headline": "Third try"})
    logged_in(other_editor).post(autosave_url(story), {**data, "headline": "Alice's"})
    assert Autosave.objects.filter(article=story).count() == 2
    assert Autosave.objects.get(user=editor, article=story).data["headline"] == "Third try"

    after = Article.objects.get(pk=story.pk)
    assert (after.headline, after.body, after.modified_at) == (
        before.headline,
        before.body,
        before.modified_at,
    )


def test_new_story_autosave_is_one_per_user(editor, editor_client):
    section = SectionFactory()
    for headline in ["First words", "Second words"]:
        response = editor_client.post(
            autosave_url(), {"headline": headline, "section": section.pk, "body": "<p>x</p>"}
        )
        assert response.status_code == 200
    copy = Autosave.objects.get(user=editor, article=None)
    assert copy.data["headline"] == "Second words"
    assert not Article.objects.exists()


def test_autosave_refused_to_who_may_not_edit(story, producer_client, writer_client):
    for client in [producer_client, writer_client]:  # a writer only edits their own drafts
        response = client.post(autosave_url(story), {"headline": "Not mine"})
        assert response.status_code == 403
        response = client.post(discard_url(story))
        assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_is_post_only(story, editor_client):
    assert editor_client.get(autosave_url(story)).status_code == 405


def test_change_page_offers_a_newer_autosave_and_restores_it_into_the_form(
    story, editor, editor_client
):
    data = edited(
        editor_client,
        story,
        headline="Ministers agree in Ankara",
        body="<p>A new paragraph, never saved.</p>",
    )
    editor_client.post(autosave_url(story), data)

    offer = page(editor_client.get(change_url(story)))
    assert "Unsaved text from" in offer
    restore_link = f"{change_url(story)}?restore=autosave"
    assert f'href="{restore_link}"' in offer
    # The page shows the stored text until the editor asks for the copy.
    assert 'value="Ministers meet in Ankara"' in offer

    response = editor_client.get(restore_link)
    restored = page(response)
    assert 'value="Ministers agree in Ankara"' in restored
    assert "<p>A new paragraph, never saved.</p>" in restored
    assert any("Restored your unsaved text" in str(m) for m in response.context["messages"])
    assert "Unsaved text from" not in restored  # no second offer on the restored form

    story.refresh_from_db()
    assert story.headline == "Ministers meet in Ankara"
    assert story.body == "<p>The old first paragraph.</p>"
    assert Autosave.objects.filter(user=editor, article=story).exists()


def test_an_autosave_saying_nothing_new_is_not_offered(story, editor_client):
    editor_client.post(autosave_url(story), edited(editor_client, story))
    assert "Unsaved text from" not in page(editor_client.get(change_url(story)))


def test_add_page_offers_and_restores_the_new_story_copy(editor_client):
    section = SectionFactory()
    editor_client.post(
        autosave_url(), {"headline": "Breaking: storm", "section": section.pk, "body": ""}
    )
    add_url = reverse("admin:articles_article_add")
    assert "Unsaved text from" in page(editor_client.get(add_url))
    restored = page(editor_client.get(f"{add_url}?restore=autosave"))
    assert 'value="Breaking: storm"' in restored
    assert not Article.objects.exists()


def test_discard_deletes_the_copy(story, editor, editor_client):
    editor_client.post(autosave_url(story), edited(editor_client, story, headline="Gone"))
    response = editor_client.post(discard_url(story), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert not Autosave.objects.filter(user=editor).exists()
    assert "Unsaved text from" not in page(editor_client.get(change_url(story)))


def test_saving_the_story_deletes_the_copy(story, editor, editor_client, other_editor):
    data = edited(editor_client, story, headline="Ministers agree in Ankara")
    editor_client.post(autosave_url(story), data)
    logged_in(other_editor).post(autosave_url(story), {**data, "headline": "Alice's version"})

    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    story.refresh_from_db()
    assert story.headline == "Ministers agree in Ankara"
    assert not Autosave.objects.filter(user=editor).exists()
    # Only the saver's copy goes: Alice's unsaved text is hers to restore or discard.
    assert Autosave.objects.filter(user=other_editor, article=story).exists()


def test_adding_a_story_deletes_the_new_story_copy(editor, editor_client):
    editor_client.post(autosave_url(), {"headline": "Draft"})
    add_url = reverse("admin:articles_article_add")
    data = form_data(editor_client.get(add_url))
    data.update(headline="Storm hits the coast", slug="storm-hits-the-coast")
    data["section"] = SectionFactory().pk
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert not Autosave.objects.filter(user=editor).exists()


# --- an expired session ---------------------------------------------------------------------


def log_in_through_the_admin(client, username, next_url):
    """What the editor does on the login page the expired form led to."""
    login = reverse("admin:login")
    return client.post(
        f"{login}?next={next_url}",
        {"username": username, "password": PASSWORD, "next": next_url},
    )


def expire_session(client):
    """The session ends (expiry, server restart) but the browser keeps its other cookies."""
    client.session.delete()
    del client.cookies[settings.SESSION_COOKIE_NAME]


def desk_browser(user, story):
    """A browser in which ``user`` had the story form open before the session expired."""
    client = Client()
    client.force_login(user)
    assert client.get(change_url(story)).status_code == 200
    expire_session(client)
    return client


def test_form_submitted_after_the_session_expired_comes_back_after_login(story, editor):
    client = Client()
    client.force_login(editor)
    data = edited(client, story, headline="Written while the session expired")
    data["body"] = "<p>A paragraph that must not be lost.</p>"
    expire_session(client)

    response = client.post(change_url(story), data)
    assert response.status_code == 302
    login = reverse("admin:login")
    assert response["Location"].startswith(f"{login}?next=")
    story.refresh_from_db()
    assert story.headline == "Ministers meet in Ankara"

    response = log_in_through_the_admin(client, "editor", change_url(story))
    assert response.status_code == 302
    assert response["Location"] == change_url(story)

    response = client.get(change_url(story))
    html = page(response)
    assert 'value="Written while the session expired"' in html
    assert "<p>A paragraph that must not be lost.</p>" in html
    assert any("Your session had expired" in str(m) for m in response.context["messages"])

    story.refresh_from_db()
    assert story.headline == "Ministers meet in Ankara"
    assert story.body == "<p>The old first paragraph.</p>"
    # Given back once: reloading shows the story as stored.
    assert 'value="Ministers meet in Ankara"' in page(client.get(change_url(story)))


def test_kept_form_goes_only_into_the_page_it_was_posted_to(story, editor):
    other = ArticleFactory(draft=True, headline="Another story")
    client = desk_browser(editor, story)
    client.post(change_url(story), {"headline": "Kept text", "body": "<p>kept</p>"})
    log_in_through_the_admin(client, "editor", change_url(other))
    assert "Kept text" not in page(client.get(change_url(other)))
    assert "Kept text" in page(client.get(change_url(story)))


def test_kept_form_is_not_given_to_who_may_not_edit_the_story(story, producer):
    client = desk_browser(producer, story)
    client.post(change_url(story), {"headline": "Kept text"})
    log_in_through_the_admin(client, "producer", change_url(story))
    response = client.get(change_url(story))
    assert "Kept text" not in page(response)
    story.refresh_from_db()
    assert story.headline == "Ministers meet in Ankara"


def test_kept_form_keeps_inline_rows_and_leaves_out_secrets(story, editor):
    client = Client()
    client.force_login(editor)
    data = edited(client, story)
    number = int(data["notes-TOTAL_FORMS"])
    data["notes-TOTAL_FORMS"] = number + 1
    data[f"notes-{number}-text"] = "Check the minister's quote with the agency."
    data["password"] = "hunter2"
    expire_session(client)
    client.post(change_url(story), data)
    kept = client.session["newsroom_kept_forms"][change_url(story)]["data"]
    assert "password" not in kept and "csrfmiddlewaretoken" not in kept

    log_in_through_the_admin(client, "editor", change_url(story))
    html = page(client.get(change_url(story)))
    assert "Check the minister's quote with the agency." in html
    assert not story.notes.exists()


def test_autosave_ping_without_a_session_is_kept_for_after_login(story, editor):
    client = desk_browser(editor, story)
    response = client.post(autosave_url(story), {"headline": "Typed as it expired"})
    assert response.status_code == 401
    assert response.json()["expired"] is True
    assert not Autosave.objects.exists()
    log_in_through_the_admin(client, "editor", change_url(story))
    assert 'value="Typed as it expired"' in page(client.get(change_url(story)))


def test_a_stranger_cannot_leave_forms_in_the_session_table(story, editor):
    """Only a browser where staff opened a story form may leave one behind, and only a
    story-sized one, for a story that exists."""
    stranger = Client()
    assert stranger.post(change_url(story), {"headline": "x"}).status_code == 302
    assert "newsroom_kept_forms" not in stranger.session

    browser = desk_browser(editor, story)
    browser.post(change_url(story), {"headline": "x" * (600 * 1024)})
    browser.post(reverse("admin:articles_article_change", args=[story.pk + 999]), {"headline": "y"})
    assert "newsroom_kept_forms" not in browser.session


def test_a_forged_post_is_not_kept(story):
    client = Client(enforce_csrf_checks=True)
    response = client.post(change_url(story), {"headline": "Planted by another site"})
    assert response.status_code == 403
    assert "newsroom_kept_forms" not in client.session


# --- who else has the story open -----------------------------------------------------------


def test_change_page_names_who_else_opened_the_story(story, editor_client, other_editor):
    alice = logged_in(other_editor)
    html = page(alice.get(change_url(story)))
    assert "Also has this story open" not in html  # alone so far

    html = page(editor_client.get(change_url(story)))
    assert "Also has this story open: alice (just now)" in html
    assert "editor (" not in html

    html = page(alice.get(change_url(story)))
    assert "Also has this story open: editor (just now)" in html
    assert "alice (" not in html


def test_presence_fades_without_a_ping(story, editor, editor_client, other_editor, time_machine):
    time_machine.move_to(timezone.now())
    logged_in(other_editor).get(change_url(story))
    time_machine.shift(timedelta(seconds=90))
    assert "alice (1 min ago)" in page(editor_client.get(change_url(story)))
    time_machine.shift(timedelta(minutes=1))
    assert "alice (" not in page(editor_client.get(change_url(story)))
    assert EditingPresence.objects.filter(article=story).count() == 2


def test_autosave_ping_refreshes_presence(story, editor, editor_client):
    editor_client.post(autosave_url(story), edited(editor_client, story, headline="x"))
    assert EditingPresence.objects.filter(article=story, user=editor).exists()


def test_change_page_loads_the_autosave_script(story, editor_client, producer_client):
    html = page(editor_client.get(change_url(story)))
    assert f'data-autosave-url="{autosave_url(story)}"' in html
    assert "admin/js/autosave.js" in html
    # Who may not edit the text gets no autosave, only the presence pings (they still
    # appear to the others while they have it open).
    producer_page = page(producer_client.get(change_url(story)))
    assert "data-autosave-url" not in producer_page
    assert "data-presence-url" in producer_page
