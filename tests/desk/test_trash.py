"""The trash: deleting a story keeps it for editors to restore; only a superuser, or the
nightly command after 30 days, deletes it for good."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Image, RelatedItem, Transition
from desk import revisions, trash, workflow
from tests.admin_forms import article_form_data, change_url, changelist_url, post_article
from tests.desk_pages import desk_panels, listed, messages_of, panel_headlines
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
    TagFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

HEADLINE = "Floods close the coast road"
TRASH = reverse("admin:articles_article_trash")
RESTORE = reverse("admin:articles_article_trash_restore")
EMPTY = reverse("admin:articles_article_trash_empty")


def delete_url(story):
    return reverse("admin:articles_article_delete", args=[story.pk])


@pytest.fixture
def story(editor):
    story = ArticleFactory(
        headline=HEADLINE,
        section=SectionFactory(name="Weather"),
        tags=[TagFactory(name="Floods")],
        authors=[AuthorFactory(name="Ayla Demir")],
        hero_image=ImageFactory(),
    )
    revisions.record(story, editor, "First version")
    return story


def public_pages(story):
    tag, author = story.tags.get(), story.bylines.get().author
    return [
        reverse("articles:home"),
        story.section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        reverse("articles:latest_feed_rss"),
        reverse("articles:tag_feed_rss", args=[tag.slug]),
        reverse("articles:search") + "?q=coast",
        reverse("articles:sitemap", kwargs={"section": "stories"}),
        reverse("articles:news_sitemap"),
    ]


def shows(client, url, story):
    response = client.get(url)
    if response.status_code == 404 and url.startswith(("/tag/", "/author/", "/feeds/tag/")):
        return False  # its tag or author has no other story: not public (listings.py)
    assert response.status_code == 200, url
    text = response.content.decode()
    return story.headline in text or story.get_absolute_url() in text


def in_trash(story):
    return Article.including_trash.filter(pk=story.pk, deleted_at__isnull=False).exists()


# --- deleting moves to the trash ------------------------------------------------------------


def test_deleting_takes_the_story_off_every_surface_at_once(
    client, editor, editor_client, story, settings
):
    settings.NEWSROOM_PAGE_CACHE = True
    linking = ArticleFactory(headline="Coast towns count the cost")
    RelatedItemFactory(article=linking, target=story)
    ExplorePickFactory(article=ArticleFactory(headline="Rain returns"), picked=story)
    pages = [story.get_absolute_url(), linking.get_absolute_url(), *public_pages(story)]
    for url in pages:  # read twice: cached copies that must not outlive the deletion
        client.get(url)
        assert shows(client, url, story), url

    # Other stories link to it: it goes all the same, and the question names them.
    question = page_text(editor_client.get(delete_url(story)))
    assert "Move the story" in question and "Coast towns count the cost" in question
    response = editor_client.post(delete_url(story), {"post": "yes"}, follow=True)

    assert "was moved to the trash" in page_text(response)
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in pages[1:]:
        assert not shows(client, url, story), url
    # The desk no longer sees it either; the trash does.
    assert not listed(editor_client.get(changelist_url()), story)
    assert not listed(editor_client.get(changelist_url() + "?q=coast"), story)
    assert HEADLINE not in panel_headlines(desk_panels(editor_client), "Published recently")
    assert editor_client.get(change_url(story)).status_code == 302  # "does not exist"
    assert HEADLINE in page_text(editor_client.get(TRASH))


def test_a_scheduled_story_in_the_trash_never_comes_out(client, editor_client, time_machine):
    story = ArticleFactory(scheduled=True, headline="Tomorrow's budget")
    editor_client.post(delete_url(story), {"post": "yes"})
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert client.get(story.get_absolute_url()).status_code == 404
    assert not shows(client, reverse("articles:home"), story)


def test_the_trash_keeps_everything_of_the_story(editor_client, story):
    versions = Version.objects.get_for_object(story).count()
    editor_client.post(delete_url(story), {"post": "yes"})

    kept = Article.including_trash.get(pk=story.pk)
    assert kept.deleted_at is not None and kept.deleted_by.username == "editor"
    assert kept.status == Article.Status.PUBLISHED
    assert [b.author.name for b in kept.bylines.all()] == ["Ayla Demir"]
    assert list(kept.tags.names()) == ["Floods"]
    assert Version.objects.get_for_object(kept).count() == versions
    assert kept.transitions.filter(action="trash", user__username="editor").exists()


def test_delete_selected_moves_the_stories_to_the_trash(editor_client, story):
    other = ArticleFactory(draft=True, headline="A draft to bin")
    data = {"action": "delete_selected", "_selected_action": [story.pk, other.pk]}
    assert "Move these stories to the trash" in page_text(
        editor_client.post(changelist_url(), data)
    )

    response = editor_client.post(changelist_url(), {**data, "post": "yes"}, follow=True)

    assert "2 stories were moved to the trash" in page_text(response)
    assert in_trash(story) and in_trash(other)
    text = page_text(editor_client.get(TRASH))
    assert HEADLINE in text and "A draft to bin" in text


def test_a_story_in_the_trash_keeps_its_address(editor_client, story):
    editor_client.post(delete_url(story), {"post": "yes"})
    data = article_form_data(
        section=story.section, headline="Same address", slug=story.slug, body="<p>x</p>"
    )
    response = post_article(editor_client, data)
    assert response.status_code == 200  # the form says the address is taken: no 500
    assert not Article.objects.filter(headline="Same address").exists()


def test_what_a_story_in_the_trash_uses_stays_protected(editor_client, producer_client, story):
    # It may come back: its picture, section and authors must still be there.
    editor_client.post(delete_url(story), {"post": "yes"})
    image = story.hero_image
    producer_client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()


# --- restoring ------------------------------------------------------------------------------


def test_restoring_brings_the_story_back_as_it_was(client, editor_client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    published_at, versions = story.published_at, Version.objects.get_for_object(story).count()
    editor_client.post(delete_url(story), {"post": "yes"})
    for url in [story.get_absolute_url(), *public_pages(story)]:
        client.get(url)  # cached while it was in the trash

    response = editor_client.post(RESTORE, {"stories": [story.pk]}, follow=True)

    assert "back on the site" in " ".join(messages_of(response))
    story.refresh_from_db()
    assert story.deleted_at is None and story.status == Article.Status.PUBLISHED
    assert story.published_at == published_at  # not a new story: the same first publication
    assert client.get(story.get_absolute_url()).status_code == 200
    for url in public_pages(story):
        assert shows(client, url, story), url
    assert listed(editor_client.get(changelist_url()), story)
    assert Version.objects.get_for_object(story).count() == versions
    assert HEADLINE not in page_text(editor_client.get(TRASH))


def test_a_draft_comes_back_a_draft(editor_client):
    draft = ArticleFactory(draft=True, headline="Half-written")
    editor_client.post(delete_url(draft), {"post": "yes"})
    editor_client.post(RESTORE, {"stories": [draft.pk]})
    draft.refresh_from_db()
    assert draft.deleted_at is None and draft.status == Article.Status.DRAFT


# --- who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["writer_client", "producer_client"])
def test_only_editors_see_the_trash_or_restore(request, editor, story, who):

    trash.trash(story, editor)
    client = request.getfixturevalue(who)
    assert client.get(TRASH).status_code == 403
    assert client.post(RESTORE, {"stories": [story.pk]}).status_code == 403
    assert client.post(EMPTY, {"stories": [story.pk], "confirm": "yes"}).status_code == 403
    assert client.post(delete_url(ArticleFactory()), {"post": "yes"}).status_code == 403
    assert in_trash(story)
    assert "Trash" not in page_text(client.get(changelist_url()))


def test_an_editor_cannot_empty_the_trash(editor_client, story):
    editor_client.post(delete_url(story), {"post": "yes"})
    assert "Empty the trash" not in editor_client.get(TRASH).content.decode()
    for data in [{"stories": [story.pk], "confirm": "yes"}, {"everything": "1", "confirm": "yes"}]:
        assert editor_client.post(EMPTY, data).status_code == 403
    assert in_trash(story)


def test_the_trash_urls_take_posts_only(editor_client, story):
    editor_client.post(delete_url(story), {"post": "yes"})
    assert editor_client.get(RESTORE + f"?stories={story.pk}").status_code == 405
    assert in_trash(story)


def test_odd_ids_restore_nothing(editor_client, story):
    editor_client.post(delete_url(story), {"post": "yes"})
    for ids in [["abc"], ["-1"], ["1.5"], ["9" * 30], [""]]:
        response = editor_client.post(RESTORE, {"stories": ids})
        assert response.status_code == 302
    assert in_trash(story)


# --- deleting for good ----------------------------------------------------------------------


def test_a_superuser_empties_the_trash(client, editor_client, superuser_client, story):
    linking = ArticleFactory(headline="Coast towns count the cost")
    RelatedItemFactory(article=linking, target=story)
    editor_client.post(delete_url(story), {"post": "yes"})
    kept = ArticleFactory(headline="Another deleted story")
    editor_client.post(delete_url(kept), {"post": "yes"})

    assert "Empty the trash" in superuser_client.get(TRASH).content.decode()
    question = superuser_client.post(EMPTY, {"stories": [story.pk]})
    assert "cannot be undone" in page_text(question) and in_trash(story)

    superuser_client.post(EMPTY, {"stories": [story.pk], "confirm": "yes"})

    assert not Article.including_trash.filter(pk=story.pk).exists()
    assert not Version.objects.get_for_object_reference(Article, story.pk).exists()
    assert not RelatedItem.objects.filter(target_id=story.pk).exists()
    assert client.get(linking.get_absolute_url()).status_code == 200
    assert in_trash(kept)  # only the story chosen

    superuser_client.post(EMPTY, {"stories": [kept.pk], "confirm": "yes"})
    assert "The trash is empty" in page_text(superuser_client.get(TRASH))


def test_empty_trash_command_deletes_what_is_older_than_the_limit(editor, time_machine):

    now = timezone.now()
    older, newer = ArticleFactory(headline="31 days ago"), ArticleFactory(headline="29 days ago")
    time_machine.move_to(now - timedelta(days=31))
    trash.trash(older, editor)
    time_machine.move_to(now - timedelta(days=29))
    trash.trash(newer, editor)
    time_machine.move_to(now)

    call_command("empty_trash", "--older-than-days", "30", verbosity=0)

    assert not Article.including_trash.filter(pk=older.pk).exists()
    assert in_trash(newer)
    assert not Transition.objects.filter(article_id=older.pk).exists()


def test_the_trash_says_when_each_story_goes(editor, editor_client):

    story = ArticleFactory(headline="Binned today")
    trash.trash(story, editor)
    text = page_text(editor_client.get(TRASH))
    purge_day = timezone.localtime(trash.purge_date(story)).date()
    assert str(purge_day.year) in text and "Binned today" in text


def test_a_workflow_step_cannot_reach_a_story_in_the_trash(editor, editor_client, story):
    editor_client.post(delete_url(story), {"post": "yes"})
    response = editor_client.post(
        reverse("admin:articles_article_transition", args=[story.pk, "unpublish"]), {"note": ""}
    )
    assert response.status_code in (302, 404)
    assert in_trash(story) and Article.including_trash.get(pk=story.pk).status == "published"
    with pytest.raises(Article.DoesNotExist):
        workflow.unpublish(story, editor)


def test_taking_agency_copy_whose_draft_is_in_the_trash_makes_a_new_draft(editor, editor_client):
    from io import StringIO

    from articles.models import Section, Source
    from tests.wire_samples import make_channel, sample
    from wire.models import WireItem

    channel = make_channel(
        Source.objects.create(name="Anadolu Agency", code="AA"),
        Section.objects.create(name="Türkiye", slug="turkiye"),
        name="AA ninjs",
        format="ninjs",
    )
    call_command(
        "ingest",
        file=str(sample("aa-blinken-ninjs2.json")),
        channel=channel.name,
        stdout=StringIO(),
    )
    item = WireItem.objects.get(headline__startswith="Blinken")
    binned = item.article
    trash.trash(binned, editor)

    response = editor_client.post(reverse("admin:wire_wireitem_take", args=[item.pk]))

    item.refresh_from_db()
    assert item.article != binned and item.article.slug != binned.slug  # its address is kept
    assert response["Location"] == change_url(item.article)
    assert editor_client.get(change_url(item.article)).status_code == 200
    assert in_trash(binned)
