"""Revisions through the admin: every save kept, any two compared, any one restored.

Stories are saved the way an editor saves them: the change form is opened, changed and
posted back whole (inline management forms and the hidden version included).
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline
from desk import revisions
from tests.admin_forms import (
    add_inline_row,
    article_form_data,
    change_url,
    form_data,
    form_errors,
    post_article,
)
from tests.desk_pages import logged_in, messages_of
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EVENING = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


# --- saving as an editor does ------------------------------------------------------------


def set_byline(data, authors):
    """Make the form's byline name ``authors`` in order: keep, delete or add rows."""
    wanted = [str(author.pk) for author in authors]
    total = int(data["bylines-TOTAL_FORMS"])
    kept = set()
    for number in range(total):
        author = str(data.get(f"bylines-{number}-author", ""))
        if not data.get(f"bylines-{number}-id"):
            data[f"bylines-{number}-author"] = ""  # an empty extra row is ignored
            continue
        if author in wanted:
            data[f"bylines-{number}-position"] = wanted.index(author)
            kept.add(author)
        else:
            data[f"bylines-{number}-DELETE"] = "on"
    for pk in wanted:
        if pk not in kept:
            add_inline_row(data, "bylines", author=pk, position=wanted.index(pk))
    return data


def save_story(client, article, authors=None, **fields):
    """Open the change form, change ``fields`` (and the byline), post it back."""
    data = form_data(client.get(change_url(article)))
    assert "version" in data  # optimistic locking: the form names the version it started from
    data.update(fields)
    if authors is not None:
        set_byline(data, authors)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    return response


def story_versions(article):
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def compare_url(article, a, b):
    url = reverse("admin:articles_article_revisions_compare", args=[article.pk])
    return f"{url}?a={a.pk}&b={b.pk}"


def restore_url(article, version):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])


def preview_url(article, version):
    return reverse("admin:articles_article_revision_preview", args=[article.pk, version.pk])


@pytest.fixture
def people():
    return {
        name: AuthorFactory(name=name) for name in ["Ayşe Yılmaz", "Mehmet Demir", "Zeynep Kaya"]
    }


@pytest.fixture
def story(editor, people):
    """A published story with two saved revisions: the morning's and the noon's."""
    with time_machine.travel(MORNING, tick=False):
        article = ArticleFactory(
            headline="Minister resigns over port deal",
            body="<p>The minister resigned today.</p><p>The port deal is under review.</p>",
            standfirst="A short standfirst.",
        )
    client = logged_in(editor)
    with time_machine.travel(MORNING, tick=False):
        save_story(
            client,
            article,
            authors=[people["Ayşe Yılmaz"], people["Mehmet Demir"]],
            tags="NATO, Ankara",
        )
    with time_machine.travel(NOON, tick=False):
        save_story(
            client,
            article,
            authors=[people["Mehmet Demir"], people["Zeynep Kaya"]],
            tags="NATO, Syria",
            headline="Minister stays despite port deal",
            body="<p>The minister stayed today.</p><p>The port deal is under review.</p>"
            "<p>A new paragraph on the opposition.</p>",
        )
    return article


def byline_names(article):
    return [b.author.name for b in Byline.objects.filter(article=article).order_by("position")]


def tag_names(article):
    return sorted(tag.name for tag in article.tags.all())


# --- every save keeps a revision ---------------------------------------------------------


def test_each_admin_save_keeps_a_revision_with_the_user_and_what_changed(editor, editor_client):
    article = ArticleFactory(headline="First headline", draft=True)
    save_story(editor_client, article, headline="Second headline")
    save_story(editor_client, article, body="<p>A new body.</p>", standfirst="New standfirst.")

    versions = story_versions(article)
    by_editor = [v for v in versions if v.revision.user == editor]
    assert len(by_editor) == 2
    newest, older = by_editor
    assert older.revision.comment == "Changed Headline."
    assert newest.revision.comment == "Changed Standfirst and Body."
    assert newest.field_dict["body"] == "<p>A new body.</p>"
    # A story made outside the admin keeps its text from before the first save too.
    assert versions[-1].revision.user is None
    assert versions[-1].field_dict["headline"] == "First headline"


def test_a_revision_holds_the_byline_and_tags_as_saved(story, people):
    newest = story_versions(story)[0]
    snapshot = revisions.version_snapshot(newest)
    assert snapshot["Authors"] == ["Mehmet Demir", "Zeynep Kaya"]
    assert snapshot["Tags"] == ["NATO", "Syria"]
    # The workflow's fields are not part of a revision.
    assert "status" not in newest.field_dict and "published_at" not in newest.field_dict


def test_a_story_added_in_the_admin_starts_with_a_revision(editor, editor_client):
    data = article_form_data(
        section=SectionFactory(), headline="Brand new", slug="brand-new-story", body="<p>x</p>"
    )
    response = post_article(editor_client, data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="brand-new-story")
    (version,) = story_versions(article)
    assert version.revision.user == editor


# --- history and diff --------------------------------------------------------------------


def test_change_page_links_to_the_revisions(story, editor_client):
    page = editor_client.get(change_url(story)).content.decode()
    assert f'href="{revisions_url(story)}"' in page


def test_history_lists_revisions_newest_first_with_compare_preview_and_restore(
    story, editor_client
):
    versions = story_versions(story)
    response = editor_client.get(revisions_url(story))
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(f'name="b" value="{v.pk}"') for v in versions]
    assert positions == sorted(positions)  # newest first
    for version in versions:
        assert f'name="a" value="{version.pk}"' in page
        assert preview_url(story, version) in page
        assert restore_url(story, version) in page
    assert "editor" in page and "Headline" in page


def test_compare_shows_old_and_new_text_with_the_changed_word_marked(story, editor_client):
    newest, older = story_versions(story)[:2]
    response = editor_client.get(compare_url(story, older, newest))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>resigns over</del>" in page and "<ins>stays despite</ins>" in page
    assert "<del>resigned</del><ins>stayed</ins>" in page
    assert "<ins>A new paragraph on the opposition.</ins>" in page
    # The paragraph nobody touched is shown plain.
    assert "<p>The port deal is under review.</p>" in page


def test_compare_marks_authors_and_tags(story, editor_client):
    newest, older = story_versions(story)[:2]
    # Whichever way round the two are picked, the diff runs from the older to the newer.
    page = editor_client.get(compare_url(story, newest, older)).content.decode()
    assert "<del>Ayşe Yılmaz</del>" in page
    assert "Mehmet Demir" in page and "<del>Mehmet Demir</del>" not in page
    assert "<ins>Zeynep Kaya</ins>" in page
    assert "<del>Ankara</del>" in page and "<ins>Syria</ins>" in page
    assert "<del>NATO</del>" not in page and "<ins>NATO</ins>" not in page


def test_diff_escapes_what_it_shows():
    a = {"Headline": "Tom & <b>Jerry</b>", "Body": ["<script>x</script> one"], "Tags": []}
    b = {"Headline": "Tom & <i>Jerry</i>", "Body": ["<script>x</script> two"], "Tags": ["<b>"]}
    html = "".join(str(part) for _label, part in revisions.diff(a, b))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "<ins>&lt;b&gt;</ins>" in html


def test_body_paragraphs_strip_tags_per_block():
    body = "<h2>Sub &amp; head</h2><p>One <strong>bold</strong> word.</p><p></p>"
    assert revisions.body_paragraphs(body) == ["Sub & head", "One bold word."]


def test_compare_refuses_a_revision_of_another_story(story, editor_client):
    other = ArticleFactory()
    save_story(editor_client, other, headline="Other story")
    foreign = story_versions(other)[0]
    response = editor_client.get(compare_url(story, story_versions(story)[0], foreign))
    assert response.status_code == 404


# --- restore -----------------------------------------------------------------------------


def test_restore_brings_back_an_older_revision_as_a_new_one(story, editor, editor_client):
    status, published_at, slug = story.status, story.published_at, story.slug
    version_number = story.version
    before = story_versions(story)
    morning = before[1]  # the morning's save
    with time_machine.travel(EVENING, tick=False):
        response = editor_client.post(restore_url(story, morning), follow=True)
    assert response.status_code == 200
    assert any("Restored the revision of" in m for m in messages_of(response))

    story.refresh_from_db()
    assert story.headline == "Minister resigns over port deal"
    assert story.body == "<p>The minister resigned today.</p><p>The port deal is under review.</p>"
    assert byline_names(story) == ["Ayşe Yılmaz", "Mehmet Demir"]
    assert tag_names(story) == ["Ankara", "NATO"]
    # Workflow fields and the address are untouched; the version moves on.
    assert (story.status, story.published_at, story.slug) == (status, published_at, slug)
    assert story.version == version_number + 1

    after = story_versions(story)
    assert len(after) == len(before) + 1
    assert [v.pk for v in after[1:]] == [v.pk for v in before]  # newer ones are kept
    newest = after[0]
    assert newest.revision.user == editor
    assert newest.revision.comment.startswith("Restored the revision of")
    assert revisions.version_snapshot(newest)["Authors"] == ["Ayşe Yılmaz", "Mehmet Demir"]


def test_restore_then_restore_the_newer_one_again(story, editor_client):
    noon = story_versions(story)[0]
    editor_client.post(restore_url(story, story_versions(story)[1]))
    editor_client.post(restore_url(story, noon))
    story.refresh_from_db()
    assert story.headline == "Minister stays despite port deal"
    assert byline_names(story) == ["Mehmet Demir", "Zeynep Kaya"]
    assert tag_names(story) == ["NATO", "Syria"]


def test_a_form_opened_before_a_restore_gets_a_conflict(story, editor_client, make_staff):
    other = logged_in(make_staff("other", "Editor"))
    stale = form_data(other.get(change_url(story)))
    editor_client.post(restore_url(story, story_versions(story)[1]))

    stale["headline"] = "Saved over the restore"
    response = other.post(change_url(story), stale)
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Minister resigns over port deal"


@pytest.mark.parametrize("role", ["producer", "writer"])
def test_restore_without_the_right_to_edit_is_refused(request, story, role):
    client = request.getfixturevalue(f"{role}_client")
    count = len(story_versions(story))
    headline = story.headline
    response = client.post(restore_url(story, story_versions(story)[1]))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == headline
    assert byline_names(story) == ["Mehmet Demir", "Zeynep Kaya"]
    assert len(story_versions(story)) == count


def test_producer_sees_the_history_without_restore_buttons(story, producer_client):
    response = producer_client.get(revisions_url(story))
    assert response.status_code == 200
    assert restore_url(story, story_versions(story)[0]) not in response.content.decode()


def test_restore_needs_a_post(story, editor_client):
    response = editor_client.get(restore_url(story, story_versions(story)[1]))
    assert response.status_code == 405


def test_history_is_staff_only(story, client):
    response = client.get(revisions_url(story))
    assert response.status_code == 302 and "login" in response["Location"]


# --- preview -----------------------------------------------------------------------------


def test_revision_preview_shows_the_old_text_under_a_banner_and_saves_nothing(story, editor_client):
    morning = story_versions(story)[1]
    modified_at = story.modified_at
    response = editor_client.get(preview_url(story, morning))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Minister resigns over port deal" in page
    assert "The minister resigned today." in page
    assert "Ayşe Yılmaz" in page and "Ankara" in page
    assert "Minister stays despite port deal" not in page
    assert "Preview of the revision of" in page
    assert '<meta name="robots" content="noindex' in page
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]

    story.refresh_from_db()
    assert story.headline == "Minister stays despite port deal"
    assert story.modified_at == modified_at
    assert byline_names(story) == ["Mehmet Demir", "Zeynep Kaya"]
    assert tag_names(story) == ["NATO", "Syria"]
