"""The story screen: the text in reading order with the panel beside it, and the panel's
two addresses, which build the story from the posted form and never save it: the
checklist (with the counts) and the live preview, drawn by the readers' template with
nothing written to the database or the cache."""

import json

import lxml.html
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Byline
from tests.admin_forms import add_inline_row, change_url, form_data
from tests.desk_pages import logged_in
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db


def checklist_url(story=None):
    if story is None:
        return reverse("admin:articles_article_checklist_new")
    return reverse("admin:articles_article_checklist", args=[story.pk])


def preview_url(story=None):
    if story is None:
        return reverse("admin:articles_article_live_preview_new")
    return reverse("admin:articles_article_live_preview", args=[story.pk])


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Talks resume in Ankara",
        standfirst="The delegations meet again.",
        body="<p>First paragraph.</p><h2>Grain</h2><p>Second paragraph.</p>",
        authors=[AuthorFactory(name="Kazim Alam")],
        sources=[SourceFactory(code="AA")],
        tags=["NATO"],
        draft=True,
    )


def the_form(client, story):
    """The change form as the browser has it, ready to post to the panel's addresses."""
    response = client.get(change_url(story))
    assert response.status_code == 200
    data = form_data(response)
    data.pop("_save")
    return data


# --- the page -----------------------------------------------------------------------


def test_the_text_runs_in_reading_order_and_the_panel_holds_the_desk(editor_client, story):
    response = editor_client.get(change_url(story))
    page = lxml.html.fromstring(page_html(response))
    text = page.get_element_by_id("story-screen").find_class("story-screen__text")[0]
    panel = page.get_element_by_id("story-panel")

    order = [
        "id_section", "id_kind", "id_headline", "id_standfirst", "bylines-group",
        "article_sources-group", "id_hero_image", "id_hero_caption", "id_body", "id_tags",
        "id_slug",
    ]  # fmt: skip
    in_text = [element.get("id") for element in text.iter() if element.get("id") in order]
    assert in_text == order
    # The slug and the timeline are folded under "More", after the text.
    more = text.find_class("story-more")[0]
    assert more.get_element_by_id("id_slug") is not None
    assert "Timeline" in more.text_content()
    assert [d.tag for d in more.iter("details")], "More is folded"

    # The panel: Save, the state and the next step, the checklist, the counts, the
    # schedule and the embargo, the notes, the revisions and previews.
    panel_text = " ".join(panel.text_content().split())
    assert panel.xpath(".//input[@name='_save']")
    assert panel.xpath(".//*[@aria-label='State']")[0].text_content() == "Draft"
    assert panel.xpath(".//button[contains(@class, 'newsroom-workflow--submit')]")
    assert "Before publishing" in panel_text and "Publishing still needs 1 thing." in panel_text
    assert "Hero picture" in panel_text
    assert "5 words · 1 min read" in panel_text
    assert "Not scheduled" in panel_text
    assert panel.get_element_by_id("id_embargo_until_0") is not None
    assert panel.get_element_by_id("notes-group") is not None
    for link in ["Preview", "Revisions", "History", "Move to the trash"]:
        assert panel.xpath(".//a[normalize-space()=$name]", name=link), link
    # No read-only "Published at" dash speaking of a future time, no second save bar.
    assert "A future time keeps the story off the site" not in page_text(response)
    assert len(page.xpath("//input[@name='_save']")) == 1


def test_a_scheduled_story_says_when(editor_client):
    scheduled = ArticleFactory(scheduled=True)
    panel = page_text(editor_client.get(change_url(scheduled)))
    assert "Scheduled for" in panel and "Not scheduled" not in panel


def test_the_add_page_has_the_panel_and_the_checklist_of_an_empty_story(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    page = lxml.html.fromstring(page_html(response))
    panel = " ".join(page.get_element_by_id("story-panel").text_content().split())
    assert "Publishing still needs 6 things." in panel
    assert "0 words" in panel and "Not scheduled" in panel
    screen = page.get_element_by_id("story-screen")
    assert screen.get("data-checklist-url") == checklist_url()
    assert screen.get("data-preview-url") == preview_url()


def test_the_byline_is_ordered_on_the_screen(editor_client, story):
    page = lxml.html.fromstring(page_html(editor_client.get(change_url(story))))
    for group in ["bylines-group", "article_sources-group"]:
        assert page.get_element_by_id(group).find_class("story-ordered"), group


def test_in_a_pop_up_the_admin_s_own_layout_stays(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add") + "?_popup=1")
    assert response.status_code == 200
    assert 'id="story-screen"' not in page_html(response)


def test_the_story_page_s_queries_stay_within_budget(editor_client, django_assert_max_num_queries):
    image = ImageFactory(credit_source=SourceFactory())
    full = ArticleFactory(
        hero_image=image, authors=[AuthorFactory(), AuthorFactory()], sources=[SourceFactory()],
        tags=["Türkiye", "NATO"],
    )  # fmt: skip
    RelatedItemFactory(article=full)
    ExplorePickFactory(article=full)
    editor_client.get(change_url(full))  # the session, content types and roles read once
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert editor_client.get(change_url(full)).status_code == 200


# What the change page of a story with one of everything reads (its inlines and their
# choices, the revisions, the presence, the autosave …): 30, as before the story
# screen, whose checklist reads what the page had read already.
QUERY_BUDGET = 30


# --- the checklist, as the editor types ------------------------------------------------


def test_the_checklist_follows_the_form_not_the_stored_story(editor_client, story):
    data = the_form(editor_client, story)
    data["standfirst"] = ""
    data["body"] = '<p>Read <a href="https://example.org/x">here</a>.</p>'
    response = editor_client.post(checklist_url(story), data)
    assert response.status_code == 200
    answer = response.json()
    page = lxml.html.fromstring(answer["checklist"])
    needed = [li.get("data-check") for li in page.find_class("story-check--needed")]
    advice = [li.get("data-check") for li in page.find_class("story-check--advice")]
    assert needed == ["standfirst", "picture"]
    assert advice == ["link_text"]
    assert "“here” does not say where the link goes." in page.text_content()
    assert (answer["ready"], answer["words"], answer["counts"]) == (
        False,
        2,
        "2 words · 1 min read",
    )
    story.refresh_from_db()
    assert story.standfirst == "The delegations meet again."


def test_the_checklist_counts_a_byline_only_as_posted(editor_client, story):
    data = the_form(editor_client, story)
    data["bylines-0-DELETE"] = "on"
    data["article_sources-0-DELETE"] = "on"
    needed = lxml.html.fromstring(
        editor_client.post(checklist_url(story), data).json()["checklist"]
    )
    assert "byline" in [li.get("data-check") for li in needed.find_class("story-check--needed")]
    assert Byline.objects.filter(article=story).count() == 1  # nothing deleted


def test_a_new_story_s_checklist_reads_the_add_form(editor_client):
    section = SectionFactory()
    author = AuthorFactory()
    data = form_data(editor_client.get(reverse("admin:articles_article_add")))
    data.update(section=section.pk, headline="A new one", standfirst="Short.", body="<p>Hi.</p>")
    add_inline_row(data, "bylines", author=author.pk, position=0)
    data.pop("_save")
    answer = editor_client.post(checklist_url(), data).json()
    needed = lxml.html.fromstring(answer["checklist"]).find_class("story-check--needed")
    assert [li.get("data-check") for li in needed] == ["picture"]
    assert not Article.objects.filter(headline="A new one").exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"section": "abc", "bylines-TOTAL_FORMS": "x", "version": "-1", "tags": "a" * 500},
        {"hero_image": "999999", "embargo_until_0": "yesterday", "body": "<script>1</script>"},
    ],
    ids=["nothing", "nonsense", "unknown picture"],
)
def test_odd_posts_get_a_checklist_not_an_error(editor_client, story, data):
    assert editor_client.post(checklist_url(story), data).status_code == 200
    assert editor_client.post(preview_url(story), data).status_code == 200
    assert editor_client.post(checklist_url(), data).status_code == 200
    assert editor_client.post(preview_url(), data).status_code == 200


# --- the live preview -----------------------------------------------------------------


class CacheCalls:
    """Every call to the cache, reading or writing, from now on."""

    CALLS = ["get", "get_many", "has_key", "set", "set_many", "add", "incr", "decr",
             "delete", "delete_many", "touch", "clear"]  # fmt: skip

    def __init__(self, monkeypatch):
        self.calls = []
        backend = caches["default"]
        for name in self.CALLS:
            method = getattr(backend, name)
            monkeypatch.setattr(backend, name, self._spy(name, method))

    def _spy(self, name, method):
        def spy(*args, **kwargs):
            self.calls.append((name, args[:1]))
            return method(*args, **kwargs)

        return spy


def test_the_live_preview_draws_the_unsaved_text_with_the_readers_template(
    editor_client, story, monkeypatch
):
    TagFactory(name="Ukraine")
    data = the_form(editor_client, story)
    data["headline"] = 'Talks <script>alert("x")</script> resume'
    data["tags"] = ["NATO", "ukraine", "Grain deal"]  # as the tag picker posts them
    add_inline_row(data, "bylines", author=AuthorFactory(name="Esra Alpay").pk, position=1)
    # No key has a version yet: a part kept now would first give its keys one (add).
    caches["default"].clear()
    calls = CacheCalls(monkeypatch)

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(preview_url(story), data)

    assert response.status_code == 200
    html = page_html(response)
    # The readers' story page, under the preview banner …
    assert 'class="story__headline"' in html and "PREVIEW" in html
    assert '<meta name="robots" content="noindex' in html
    # … with the posted headline, escaped …
    assert "Talks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; resume" in html
    assert '<script>alert("x")' not in html
    # … the byline and tags as posted (the existing tag "Ukraine", whatever the case) …
    text = page_text(response)
    assert "By Kazim Alam and Esra Alpay" in text
    assert ["NATO", "Ukraine", "Grain deal"] == [
        a.text_content() for a in lxml.html.fromstring(html).xpath("//ul[@class='tags']//a")
    ]
    assert "Second paragraph." in text
    # … private, and nothing written: no row; the cache not even read (no entry kept, no
    # key given a version or bumped).
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    written = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert written == [], written
    assert calls.calls == [], calls.calls
    story.refresh_from_db()
    assert story.headline == "Talks resume in Ankara"
    assert list(story.tags.names()) == ["NATO"]
    assert story.bylines.count() == 1


def test_a_new_story_is_previewed_before_it_is_saved(editor_client):
    section = SectionFactory(name="World")
    data = form_data(editor_client.get(reverse("admin:articles_article_add")))
    data.pop("_save")
    data.update(section=section.pk, headline="Before the first save", body="<p>Words.</p>")
    response = editor_client.post(preview_url(), data)
    assert response.status_code == 200
    assert "Before the first save" in page_text(response)
    assert not Article.objects.exists()


def test_a_preview_without_a_section_yet_still_draws(editor_client):
    response = editor_client.post(preview_url(), {"headline": "Only a headline"})
    assert response.status_code == 200
    assert "Only a headline" in page_text(response)


def test_the_preview_is_in_the_story_s_edition_language(editor_client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    turkish = ArticleFactory(language="tr", body="<p>Bir.</p>", draft=True)
    data = the_form(editor_client, turkish)
    html = page_html(editor_client.post(preview_url(turkish), data))
    assert '<html lang="tr"' in html


# --- who may ----------------------------------------------------------------------------


def test_only_staff_who_may_see_the_story_get_its_checklist_or_preview(
    client, story, django_user_model, make_staff
):
    nobody = django_user_model.objects.create_user("staff-without-a-role", is_staff=True)
    reader = django_user_model.objects.create_user("reader")
    for url in [checklist_url(story), preview_url(story), checklist_url(), preview_url()]:
        assert client.post(url, {"headline": "x"}).status_code == 302  # to the login
        assert logged_in(reader).post(url, {"headline": "x"}).status_code == 302
        assert logged_in(nobody).post(url, {"headline": "x"}).status_code == 403
    # A producer looks at a story without editing it: the preview shows it as stored.
    producer = logged_in(make_staff("producer", "Producer"))
    response = producer.post(preview_url(story), {"headline": "Not theirs to change"})
    assert response.status_code == 200
    assert "Talks resume in Ankara" in page_text(response)
    assert producer.post(preview_url(), {"headline": "x"}).status_code == 403  # no adding


def test_only_a_post_with_the_csrf_token(editor, story):
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(editor)
    assert careful.post(preview_url(story), {"headline": "x"}).status_code == 403
    assert careful.post(checklist_url(story), {"headline": "x"}).status_code == 403
    assert careful.get(preview_url(story)).status_code == 405


def test_a_story_that_is_not_there(editor_client):
    assert (
        editor_client.post(reverse("admin:articles_article_checklist", args=[987654])).status_code
        == 404
    )
    assert editor_client.post("/admin/articles/article/abc/live-preview/").status_code == 404


def test_the_checklist_answer_is_json(editor_client, story):
    response = editor_client.post(checklist_url(story), the_form(editor_client, story))
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"checklist", "ready", "counts", "words", "minutes"}
