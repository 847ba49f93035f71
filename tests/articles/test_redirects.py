"""Old addresses stay alive: moved stories, renamed sections and authors, manual redirects."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import redirects
from articles.models import Redirect
from tests.admin_forms import change_url, form_data
from tests.desk_pages import logged_in
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

REDIRECT_ADD_URL = "admin:articles_redirect_add"


def moved_to(response):
    """Where a 301 leads (None when the response is not a 301)."""
    return response["Location"] if response.status_code == 301 else None


def edit_story(client, story, **changes):
    data = form_data(client.get(change_url(story)))
    data.update(changes)
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    return story


@pytest.fixture
def redirect_keeper(producer):
    """A producer allowed to look after redirects (the role's rights come from the lead)."""
    rights = Permission.objects.filter(
        content_type__app_label="articles", content_type__model="redirect"
    )
    producer.user_permissions.add(*rights)
    return producer


# --- stories ------------------------------------------------------------------------


def test_a_new_slug_after_publication_leaves_the_old_address_redirecting(editor_client, client):
    story = ArticleFactory(slug="first-words")
    old = story.get_absolute_url()
    edit_story(editor_client, story, slug="better-words")
    assert story.get_absolute_url().endswith("/better-words/")
    assert moved_to(client.get(old)) == story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_new_section_leaves_the_old_address_redirecting(editor_client, client):
    story = ArticleFactory(slug="moving-story")
    old = story.get_absolute_url()
    elsewhere = SectionFactory()
    edit_story(editor_client, story, section=elsewhere.pk)
    assert story.get_absolute_url() == f"/{elsewhere.slug}/moving-story/"
    assert moved_to(client.get(old)) == story.get_absolute_url()


def test_a_new_slug_and_section_together(editor_client, client):
    story = ArticleFactory(slug="both-change")
    old = story.get_absolute_url()
    elsewhere = SectionFactory()
    edit_story(editor_client, story, section=elsewhere.pk, slug="both-changed")
    assert story.get_absolute_url() == f"/{elsewhere.slug}/both-changed/"
    assert moved_to(client.get(old)) == story.get_absolute_url()
    assert Redirect.objects.get(old_path=old).new_path == story.get_absolute_url()


def test_a_draft_changes_its_slug_without_a_redirect(editor_client):
    story = ArticleFactory(draft=True, slug="first-try")
    edit_story(editor_client, story, slug="second-try")
    assert story.slug == "second-try"
    assert not Redirect.objects.exists()


def test_moves_collapse_into_one_hop(editor_client, client):
    story = ArticleFactory(slug="take-one")
    first = story.get_absolute_url()
    edit_story(editor_client, story, slug="take-two")
    second = story.get_absolute_url()
    edit_story(editor_client, story, slug="take-three")
    assert moved_to(client.get(first)) == story.get_absolute_url()
    assert moved_to(client.get(second)) == story.get_absolute_url()


def test_a_slug_changed_back_is_live_again_and_not_a_loop(editor_client, client):
    story = ArticleFactory(slug="original")
    first = story.get_absolute_url()
    edit_story(editor_client, story, slug="detour")
    detour = story.get_absolute_url()
    edit_story(editor_client, story, slug="original")
    assert client.get(first).status_code == 200
    assert moved_to(client.get(detour)) == first
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [(detour, first)]


def test_a_live_page_wins_over_a_redirect_from_its_address(editor_client, client):
    story = ArticleFactory(slug="taken-slug")
    old = story.get_absolute_url()
    edit_story(editor_client, story, slug="moved-on")
    newcomer = ArticleFactory(slug="taken-slug", section=story.section)
    assert newcomer.get_absolute_url() == old
    assert client.get(old).status_code == 200
    assert Redirect.objects.filter(old_path=old).exists()  # kept, but shadows nothing


# --- serving ------------------------------------------------------------------------


def test_the_query_string_is_kept(client):
    redirects.add_redirect("/old-page/", "/new-page/")
    assert moved_to(client.get("/old-page/?utm_source=feed&page=2")) == (
        "/new-page/?utm_source=feed&page=2"
    )


def test_head_is_redirected_and_post_is_not(client):
    redirects.add_redirect("/old-page/", "/new-page/")
    assert moved_to(client.head("/old-page/")) == "/new-page/"
    assert client.post("/old-page/").status_code in {404, 405}


def test_an_address_without_its_slash_reaches_the_redirect(client):
    redirects.add_redirect("/gone/away/", "/here/")
    response = client.get("/gone/away", follow=True)
    assert response.redirect_chain[-1] == ("/here/", 301)


def test_a_404_looks_up_its_redirect_in_one_query(client):
    redirects.add_redirect("/a/b/c/", "/d/")
    for path, status in [("/a/b/c/", 301), ("/x/y/z/", 404)]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == status
        lookups = [q for q in queries.captured_queries if "articles_redirect" in q["sql"]]
        assert len(lookups) == 1


def test_pages_that_answer_never_look_for_a_redirect(client):
    story = ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert not [q for q in queries.captured_queries if "articles_redirect" in q["sql"]]


# --- sections and authors -----------------------------------------------------------


def test_a_renamed_section_redirects_its_page_feeds_and_stories(client):
    section = SectionFactory(slug="world-news")
    story = ArticleFactory(section=section, slug="in-the-section")
    section.slug = "world"
    section.save()
    assert moved_to(client.get("/world-news/")) == "/world/"
    assert moved_to(client.get("/feeds/section/world-news/rss/")) == "/feeds/section/world/rss/"
    assert moved_to(client.get("/world-news/in-the-section/")) == story.get_absolute_url()


def test_a_renamed_author_redirects_their_page(client):
    author = AuthorFactory(slug="jane-doe")
    author.slug = "jane-smith"
    author.save()
    assert moved_to(client.get("/author/jane-doe/")) == "/author/jane-smith/"
    assert moved_to(client.get("/feeds/author/jane-doe/atom/")) == "/feeds/author/jane-smith/atom/"


# --- the rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, path",
    [
        ("turkiye/old", "/turkiye/old/"),
        ("/turkiye/old?x=1#top", "/turkiye/old/"),
        ("http://127.0.0.1:8000/turkiye/old/", "/turkiye/old/"),
        ("/turkiye//old", "/turkiye/old/"),
        ("/sitemap.xml", "/sitemap.xml"),
        ("/", "/"),
    ],
)
def test_addresses_are_normalised(address, path):
    assert redirects.normalise(address) == path


@pytest.mark.parametrize(
    "address", ["", "https://elsewhere.example/x/", "//elsewhere.example/x/", "javascript:alert(1)"]
)
def test_other_sites_and_empty_addresses_are_refused(address):
    with pytest.raises(ValueError):
        redirects.normalise(address)


def test_chains_collapse_both_ways():
    redirects.add_redirect("/a/", "/b/")
    redirects.add_redirect("/b/", "/c/")  # a → b now goes to c
    redirects.add_redirect("/z/", "/a/")  # z → a is followed to its end
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/a/": "/c/",
        "/b/": "/c/",
        "/z/": "/c/",
    }


def test_loops_and_self_redirects_are_refused():
    redirects.add_redirect("/a/", "/b/")
    redirects.add_redirect("/b/", "/c/")
    with pytest.raises(ValueError, match="loop"):
        redirects.add_redirect("/c/", "/a/")
    with pytest.raises(ValueError, match="itself"):
        redirects.add_redirect("/d", "/d/")
    assert Redirect.objects.count() == 2


# --- the admin ----------------------------------------------------------------------


def test_staff_add_a_redirect_in_the_admin(redirect_keeper, client):
    desk = logged_in(redirect_keeper)
    response = desk.post(
        reverse(REDIRECT_ADD_URL),
        {"old_path": "https://127.0.0.1:8000/old-campaign?x=1", "new_path": "/world/",
         "note": "Campaign ended"},
    )  # fmt: skip
    assert response.status_code == 302
    saved = Redirect.objects.get()
    assert (saved.old_path, saved.new_path, saved.created_by) == (
        "/old-campaign/",
        "/world/",
        redirect_keeper,
    )
    assert moved_to(client.get("/old-campaign/")) == "/world/"
    listing = desk.get(reverse("admin:articles_redirect_changelist") + "?q=campaign")
    assert "/old-campaign/" in listing.content.decode()


def test_the_admin_refuses_a_loop_with_a_message(redirect_keeper):
    redirects.add_redirect("/a/", "/b/")
    desk = logged_in(redirect_keeper)
    response = desk.post(reverse(REDIRECT_ADD_URL), {"old_path": "/b/", "new_path": "/a/"})
    assert response.status_code == 200
    assert "would make a loop" in response.content.decode()
    assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/a/"]


def test_editing_a_redirect_in_the_admin_keeps_the_rules(redirect_keeper, client):
    row = redirects.add_redirect("/a/", "/b/")
    redirects.add_redirect("/c/", "/d/")
    desk = logged_in(redirect_keeper)
    url = reverse("admin:articles_redirect_change", args=[row.pk])
    data = form_data(desk.get(url), form_id="redirect_form")
    data["new_path"] = "/c/"  # through c → d: stored as a → d
    assert desk.post(url, data).status_code == 302
    assert moved_to(client.get("/a/")) == "/d/"


def test_writers_do_not_manage_redirects(writer_client):
    assert writer_client.get(reverse("admin:articles_redirect_changelist")).status_code == 403
