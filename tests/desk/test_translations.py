"""Translations through the story admin (desk/translations.py): Translate into… makes a
linked draft in another edition; an edit to the original marks it out of date, with what
changed, until an editor marks it up to date; the Translations report lists the groups."""

import pytest
from django.urls import reverse

from articles.models import Article, RelatedItem
from desk import trash
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory, ImageFactory, SourceFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"


def translate_url(story):
    return reverse("admin:articles_article_translate", args=[story.pk])


def changes_url(story):
    return reverse("admin:articles_article_translation_changes", args=[story.pk])


@pytest.fixture
def original(editor_client):
    """An English story with a picture, tags, an agency and three related links, saved
    once through the admin (so that it has a revision)."""
    agency = SourceFactory(code="AA")
    story = ArticleFactory(
        headline="UN calls for a ceasefire",
        body="<p>Talks resume next week.</p><p>Aid is waiting.</p>",
        hero_image=ImageFactory(),
        hero_caption="The Security Council in session",
        tags=["United Nations"],
        sources=[agency],
    )
    with_arabic = ArticleFactory(headline="Aid convoy crosses")
    ArticleFactory(language="ar", original=with_arabic, headline="قافلة مساعدات تعبر")
    only_english = ArticleFactory(headline="Markets rally")
    for target in (with_arabic, only_english):
        RelatedItem.objects.create(article=story, target=target, after_block=1)
    RelatedItem.objects.create(article=story, url="https://un.org/", title="UN", after_block=2)
    response = editor_client.get(change_url(story))
    assert editor_client.post(change_url(story), form_data(response)).status_code == 302
    return story


def translate(client, story, language):
    return client.post(translate_url(story), {"language": language})


def test_translate_into_makes_a_linked_draft_with_what_needs_no_translating(
    editor_client, original
):
    page = page_text(editor_client.get(change_url(original)))
    assert "Translate into…" in page
    response = translate(editor_client, original, "ar")
    draft = Article.objects.get(original=original, language="ar")
    assert response["Location"] == change_url(draft)
    assert draft.status == Article.Status.DRAFT
    assert (draft.section, draft.hero_image, draft.hero_caption) == (
        original.section,
        original.hero_image,
        original.hero_caption,
    )
    assert [t.name for t in draft.tags.all()] == ["United Nations"]
    assert [s.code for s in draft.sources.all()] == ["AA"]
    # A link to a story with an Arabic edition points at that one; a link to a story
    # with none is left out; a link to another site is kept.
    links = list(draft.related_items.order_by("after_block"))
    assert [(link.target and link.target.headline, link.url) for link in links] == [
        ("قافلة مساعدات تعبر", ""),
        (None, "https://un.org/"),
    ]
    # Both pages show the group.
    for story in (original, draft):
        text = page_text(editor_client.get(change_url(story)))
        assert "Editions of this story" in text and "العربيّة" in text and "English" in text


def test_a_group_has_one_story_per_edition(editor_client, original):
    translate(editor_client, original, "ar")
    draft = Article.objects.get(original=original, language="ar")
    for story, language in [(original, "ar"), (draft, "en"), (original, "fr")]:
        response = translate(editor_client, story, language)
        assert response.status_code == 200
        assert "Select a valid choice" in page_text(response)
    # From the translation too: a translation of a translation joins the original's group.
    assert translate(editor_client, draft, "tr").status_code == 302
    assert Article.objects.get(language="tr").original == original
    assert Article.objects.filter(original=original).count() == 2
    page = page_text(editor_client.get(translate_url(original)))
    assert "This story has a story in every edition" in page
    assert "Translate into…" not in page_text(editor_client.get(change_url(original)))


def test_an_edit_to_the_original_marks_its_translation_out_of_date_with_the_difference(
    editor_client, original
):
    translate(editor_client, original, "ar")
    draft = Article.objects.get(original=original, language="ar")
    assert "Up to date with its original" in page_text(editor_client.get(change_url(draft)))

    data = form_data(editor_client.get(change_url(original)))
    data["headline"] = "UN calls for an immediate ceasefire"
    assert editor_client.post(change_url(original), data).status_code == 302

    assert "Out of date" in page_text(editor_client.get(change_url(draft)))
    report = editor_client.get(reverse("admin:articles_article_translations")).content.decode()
    assert "UN calls for an immediate ceasefire" in report
    assert "<strong>out of date</strong>" in report
    changes = editor_client.get(changes_url(draft))
    html = changes.content.decode()
    assert "<ins>an immediate</ins>" in html and "<del>a</del>" in html

    assert editor_client.post(changes_url(draft)).status_code == 302
    assert "Up to date with its original" in page_text(editor_client.get(change_url(draft)))
    report = editor_client.get(reverse("admin:articles_article_translations")).content.decode()
    assert "<strong>out of date</strong>" not in report


def test_who_may_translate_and_mark_up_to_date(client, writer, producer, editor_client, original):
    client.force_login(producer)  # producers look after the library, not stories' words
    assert translate(client, original, "ar").status_code == 403
    client.force_login(writer)
    assert translate(client, original, "ar").status_code == 302
    draft = Article.objects.get(original=original, language="ar")
    # The writer made it and may edit it; a producer may not mark it up to date.
    client.force_login(producer)
    assert client.post(changes_url(draft)).status_code == 403


def test_a_one_language_newsroom_shows_nothing_of_translations(editor_client, settings):
    settings.NEWSROOM_EDITIONS = ""
    story = ArticleFactory()
    assert "Translate into…" not in page_text(editor_client.get(change_url(story)))
    assert translate(editor_client, story, "en").status_code == 404
    assert editor_client.get(reverse("admin:articles_article_translations")).status_code == 404


def test_an_original_deleted_for_good_leaves_its_translations_standing(
    editor_client, superuser, original
):
    translate(editor_client, original, "ar")
    trash.trash(original, superuser)
    assert trash.empty(superuser) == 1
    (left,) = Article.including_trash.filter(language="ar", headline=original.headline)
    assert (left.original, left.translated_from) == (None, None)
