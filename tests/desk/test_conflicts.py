"""Two people edit one story: the second save never overwrites the first.

Optimistic locking: the form carries the version it started from, and the save
claims the next version in the same UPDATE that checks it.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def open_story(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response)


@pytest.fixture
def second_editor(make_staff):
    return make_staff("second", "Editor")


def test_second_save_from_the_same_version_is_refused_and_the_first_kept(
    editor_client, second_editor, client
):
    story = ArticleFactory(headline="Original headline", body="<p>Original body.</p>", draft=True)
    client.force_login(second_editor)
    first, second = open_story(editor_client, story), open_story(client, story)

    first["headline"] = "First editor's headline"
    assert editor_client.post(change_url(story), first).status_code == 302

    second["headline"] = "Second editor's headline"
    second["body"] = "<p>Second editor's new paragraph.</p>"
    response = client.post(change_url(story), second)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this story while you were editing it" in page
    # What changed meanwhile is shown …
    assert "First editor&#x27;s headline" in page or "First editor's headline" in page
    # … and the second editor's own text is still in the form, to merge.
    kept = form_data(response)
    assert kept["headline"] == "Second editor's headline"
    assert "Second editor's new paragraph." in kept["body"]

    story.refresh_from_db()
    assert story.headline == "First editor's headline"
    assert story.body == "<p>Original body.</p>"


def test_after_the_conflict_a_merged_save_goes_through(editor_client, second_editor, client):
    story = ArticleFactory(headline="Original", draft=True)
    client.force_login(second_editor)
    first, second = open_story(editor_client, story), open_story(client, story)
    first["headline"] = "First"
    editor_client.post(change_url(story), first)
    second["headline"] = "Second"
    refused = client.post(change_url(story), second)

    merged = form_data(refused)
    merged["headline"] = "First and second, merged"
    assert client.post(change_url(story), merged).status_code == 302
    story.refresh_from_db()
    assert story.headline == "First and second, merged"


def test_each_save_moves_the_version_on(editor_client):
    story = ArticleFactory(draft=True)
    start = story.version
    for number in range(1, 3):
        data = open_story(editor_client, story)
        data["standfirst"] = f"Take {number}"
        assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.version == start + 2
    assert story.standfirst == "Take 2"


def test_a_form_without_its_version_cannot_overwrite(editor_client):
    """A crafted POST that leaves the version out is refused like a stale one."""
    story = ArticleFactory(headline="Kept", draft=True)
    data = open_story(editor_client, story)
    del data["version"]
    data["headline"] = "Overwritten"
    assert editor_client.post(change_url(story), data).status_code == 200
    story.refresh_from_db()
    assert story.headline == "Kept"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need a server database"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_on_postgresql_one_wins_nothing_lost(make_staff):
    story = ArticleFactory(headline="Original", draft=True)
    start = story.version
    clients = []
    for name in ("alpha", "beta"):
        client = Client()
        client.force_login(make_staff(name, "Editor"))
        clients.append(client)
    forms = [open_story(client, story) for client in clients]
    for name, data in zip(("alpha", "beta"), forms, strict=True):
        data["headline"] = f"Saved by {name}"

    barrier = threading.Barrier(2)
    results = {}

    def save(name, client, data):
        try:
            barrier.wait(timeout=10)
            results[name] = client.post(change_url(story), data).status_code
        finally:
            connection.close()  # each thread has its own connection

    threads = [
        threading.Thread(target=save, args=(name, client, data))
        for name, client, data in zip(("alpha", "beta"), clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == [200, 302], results
    winner = next(name for name, status in results.items() if status == 302)
    story = Article.objects.get(pk=story.pk)
    assert story.headline == f"Saved by {winner}"
    assert story.version == start + 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need a server database"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_that_loses_the_race_after_validating_is_shown_the_conflict(
    editor_client, monkeypatch
):
    """The other save commits between this form's validation and its UPDATE."""
    from desk.admin.stories import ArticleForm

    story = ArticleFactory(headline="Original", draft=True)
    data = open_story(editor_client, story)
    data["headline"] = "Late headline"
    check = ArticleForm.check_version
    calls = []

    def other_save():
        Article.objects.filter(pk=story.pk).update(headline="Winner", version=story.version + 1)
        connection.close()

    def validate_then_lose_the_race(form, cleaned):
        calls.append(1)
        if len(calls) == 1:  # validation passes, then someone else's save commits
            thread = threading.Thread(target=other_save)
            thread.start()
            thread.join(timeout=10)
            return None
        return check(form, cleaned)

    monkeypatch.setattr(ArticleForm, "check_version", validate_then_lose_the_race)
    response = editor_client.post(change_url(story), data)

    assert response.status_code == 200
    assert "Someone else saved this story" in response.content.decode()
    assert form_data(response)["headline"] == "Late headline"
    story.refresh_from_db()
    assert story.headline == "Winner"
