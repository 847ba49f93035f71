"""Tag tools through the admin: the tag list, rename, merge, delete unused, bulk tagging.

Everything is done as the desk does it (the test client on the admin's pages) and
checked where readers see it: the public tag addresses.
"""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import redirects, tags
from articles.models import Article, Redirect, Tag, TaggedArticle
from tests.admin_forms import change_url, changelist_url, form_data
from tests.desk_pages import action_choices, messages_of
from tests.factories import ArticleFactory, ImageFactory, TagFactory
from tests.pages import page_html

pytestmark = pytest.mark.django_db

TAGS_URL = "admin:articles_tag_changelist"


def tag_list(client, **params):
    return client.get(reverse(TAGS_URL), params)


def tag_change_url(tag):
    return reverse("admin:articles_tag_change", args=[tag.pk])


def names_of(article):
    return sorted(Article.objects.get(pk=article.pk).tags.names())


def assert_redirects_to(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new


# --- the tag list -------------------------------------------------------------------------


def test_tag_list_counts_published_and_all_stories(producer_client):
    nato = TagFactory(name="NATO")
    ArticleFactory.create_batch(2, tags=[nato])
    ArticleFactory(tags=[nato], draft=True)
    ArticleFactory(tags=[nato], scheduled=True)  # published, but its time has not come
    ArticleFactory(tags=[nato], status=Article.Status.UNPUBLISHED)
    TagFactory(name="Quiet")

    response = tag_list(producer_client)
    rows = {tag.name: tag for tag in response.context["cl"].result_list}
    assert (rows["NATO"].published_stories, rows["NATO"].total_stories) == (2, 5)
    assert (rows["Quiet"].published_stories, rows["Quiet"].total_stories) == (0, 0)
    html = page_html(response).lower()
    assert "published stories" in html and "all stories" in html


@pytest.mark.parametrize("order", ["3", "-3", "4", "-4"])
def test_tag_list_sorts_by_story_counts(producer_client, order):
    few, many = TagFactory(name="Few"), TagFactory(name="Many")
    ArticleFactory(tags=[few])
    ArticleFactory.create_batch(3, tags=[many])
    response = tag_list(producer_client, o=order)
    names = [tag.name for tag in response.context["cl"].result_list]
    assert names == (["Many", "Few"] if order.startswith("-") else ["Few", "Many"])


def test_tag_list_search_and_unused_filter(producer_client):
    used, unused = TagFactory(name="NATO summit"), TagFactory(name="Nato drills")
    TagFactory(name="Oil")
    ArticleFactory(tags=[used], draft=True)  # any story counts as a use, published or not

    found = [t.name for t in tag_list(producer_client, q="nato").context["cl"].result_list]
    assert sorted(found) == ["NATO summit", "Nato drills"]
    listed = tag_list(producer_client, usage="unused").context["cl"].result_list
    assert sorted(t.name for t in listed) == ["Nato drills", "Oil"]
    assert unused in listed
    listed = tag_list(producer_client, usage="used").context["cl"].result_list
    assert [t.name for t in listed] == ["NATO summit"]


def count_list_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = tag_list(client, **params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"o": "-3"}, {"usage": "unused"}, {"q": "topic"}])
def test_tag_list_costs_the_same_with_1000_tags(producer_client, params):
    story, draft = ArticleFactory(), ArticleFactory(draft=True)
    Tag.objects.bulk_create([Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(10)])
    for tag in Tag.objects.all()[:5]:
        TaggedArticle.objects.create(tag=tag, content_object=story)
    few = count_list_queries(producer_client, **params)

    Tag.objects.bulk_create([Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(10, 1000)])
    TaggedArticle.objects.bulk_create(
        [TaggedArticle(tag=tag, content_object=draft) for tag in Tag.objects.all()[:600]]
    )
    many = count_list_queries(producer_client, **params)
    # A page of 50 rows with their counts: no query per row. Eight: the session, the
    # user, their admin language, their own and their groups' permissions, the filtered
    # and the full counts, and the page of tags with both story counts.
    assert many == few
    assert many <= 8


# --- rename -------------------------------------------------------------------------------


def post_tag_form(client, tag, **changes):
    data = form_data(client.get(tag_change_url(tag)), form_id="tag_form")
    data.update(changes)
    return client.post(tag_change_url(tag), data)


def test_renaming_a_tag_keeps_its_stories_and_redirects_its_old_addresses(producer_client, client):
    turkey = TagFactory(name="Turkey")
    story = ArticleFactory(tags=[turkey])

    response = post_tag_form(producer_client, turkey, name="Türkiye", slug="turkiye")
    assert response.status_code == 302, response.context and response.context["errors"]

    turkey.refresh_from_db()
    assert (turkey.name, turkey.slug) == ("Türkiye", "turkiye")
    assert names_of(story) == ["Türkiye"]
    assert_redirects_to(client, "/tag/turkey/", "/tag/turkiye/")
    assert_redirects_to(client, "/tag/turkey/?page=2", "/tag/turkiye/?page=2")
    rss = reverse("articles:tag_feed_rss", kwargs={"slug": "turkey"})
    assert_redirects_to(client, rss, reverse("articles:tag_feed_rss", kwargs={"slug": "turkiye"}))
    assert client.get("/tag/turkiye/").status_code == 200
    assert Redirect.objects.get(old_path="/tag/turkey/").created_by.username == "producer"


def test_renaming_only_the_name_keeps_the_address(producer_client):
    tag = TagFactory(name="Nato", slug="nato")
    post_tag_form(producer_client, tag, name="NATO")
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("NATO", "nato")
    assert not Redirect.objects.exists()


def test_renaming_back_brings_the_old_address_to_life(producer_client, client):
    tag = TagFactory(name="Turkey")
    ArticleFactory(tags=[tag])  # a tag's page is public while a published story has it
    post_tag_form(producer_client, tag, name="Türkiye", slug="turkiye")
    post_tag_form(producer_client, tag, name="Turkey", slug="turkey")
    assert client.get("/tag/turkey/").status_code == 200
    assert_redirects_to(client, "/tag/turkiye/", "/tag/turkey/")
    assert not Redirect.objects.filter(old_path="/tag/turkey/").exists()


def test_tag_form_refuses_a_twin_in_another_case_and_non_ascii_slugs(producer_client):
    TagFactory(name="NATO")
    tag = TagFactory(name="Turkey")
    response = post_tag_form(producer_client, tag, name="  nato ", slug="nato-2")
    assert response.status_code == 200
    assert "There is already a tag “NATO”" in page_html(response)
    response = post_tag_form(producer_client, tag, name="Türkiye", slug="türkiye")
    assert response.status_code == 200
    assert "ASCII" in page_html(response)
    tag.refresh_from_db()
    assert tag.name == "Turkey"


def test_new_tag_gets_an_ascii_slug():
    assert Tag.objects.create(name="Türkiye").slug == "turkiye"


# --- merge --------------------------------------------------------------------------------


def start_merge(client, selected):
    response = client.post(
        reverse(TAGS_URL),
        {"action": "merge_selected", "_selected_action": [t.pk for t in selected]},
    )
    assert response.status_code == 302, response.status_code
    return response["Location"]


def test_producer_merges_nato_twins_into_one_and_old_addresses_redirect(producer_client, client):
    """The issue's "done when": Nato, "nato " and NATO become NATO in one action."""
    nato = TagFactory(name="NATO")
    twin = TagFactory(name="Nato")
    spaced = TagFactory(name="nato ")
    assert (nato.slug, twin.slug, spaced.slug) == ("nato", "nato-1", "nato-2")
    only_twin = ArticleFactory(tags=[twin], headline="Summit opens")
    only_spaced = ArticleFactory(tags=[spaced], headline="Drills in the Baltic")
    both = ArticleFactory(tags=[nato, twin, "Oil"], headline="Both tags")
    untouched = ArticleFactory(tags=[nato], headline="Already NATO")

    merge_url = start_merge(producer_client, [nato, twin, spaced])
    page = producer_client.get(merge_url)
    assert page.status_code == 200
    assert page.context["target"] == nato  # the one on most stories, by default
    html = page_html(page)
    for story in [only_twin, only_spaced, both]:
        assert story.headline in html
    assert untouched.headline not in html
    assert "/tag/nato-1/" in html and "/tag/nato-2/" in html
    changes = {c.article.pk: c.gains_target for c in page.context["plan"].stories}
    assert changes == {only_twin.pk: True, only_spaced.pk: True, both.pk: False}

    data = {"ids": page.context["ids"], "target": nato.pk}
    response = producer_client.post(merge_url.split("?")[0], data, follow=True)
    assert "Merged “Nato”, “nato ” into “NATO”: 2 stories gained it" in " ".join(
        messages_of(response)
    )

    assert list(Tag.objects.filter(name__iexact="nato").values_list("name", flat=True)) == ["NATO"]
    for story in [only_twin, only_spaced, untouched]:
        assert names_of(story) == ["NATO"]
    assert names_of(both) == ["NATO", "Oil"]
    for old in ["/tag/nato-1/", "/tag/nato-2/"]:
        assert_redirects_to(client, old, "/tag/nato/")
    atom = reverse("articles:tag_feed_atom", kwargs={"slug": "nato-1"})
    assert_redirects_to(client, atom, reverse("articles:tag_feed_atom", kwargs={"slug": "nato"}))
    assert only_twin.headline in page_html(client.get("/tag/nato/"))


def test_merge_target_can_be_chosen_and_old_redirects_follow_it(producer_client, client):
    old, keep = TagFactory(name="Turkey"), TagFactory(name="Türkiye")
    ArticleFactory.create_batch(2, tags=[old])
    story = ArticleFactory(tags=[keep])
    # An address that already redirected to the merged tag now goes straight to the target.
    redirects.add_redirect("/tag/turkiye-old/", "/tag/turkey/")

    merge_url = start_merge(producer_client, [old, keep])
    page = producer_client.get(f"{merge_url}&target={keep.pk}")
    assert page.context["target"] == keep
    producer_client.post(merge_url.split("?")[0], {"ids": page.context["ids"], "target": keep.pk})

    assert not Tag.objects.filter(pk=old.pk).exists()
    assert Article.objects.filter(tagged_items__tag=keep).count() == 3
    assert names_of(story) == ["Türkiye"]
    assert_redirects_to(client, "/tag/turkey/", "/tag/turkiye/")
    assert_redirects_to(client, "/tag/turkiye-old/", "/tag/turkiye/")


def test_merge_is_all_or_nothing(producer_client, monkeypatch):
    nato, twin, other = TagFactory(name="NATO"), TagFactory(name="Nato"), TagFactory(name="nato ")
    first = ArticleFactory(tags=[twin])
    second = ArticleFactory(tags=[other])
    real = redirects.add_redirect
    calls = []

    def fail_midway(*args, **kwargs):
        # The first source is re-tagged, deleted and redirected; then the database fails.
        calls.append(args)
        if len(calls) > 3:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(redirects, "add_redirect", fail_midway)
    merge_url = start_merge(producer_client, [nato, twin, other])
    with pytest.raises(RuntimeError):
        producer_client.post(
            merge_url.split("?")[0], {"ids": f"{nato.pk},{twin.pk},{other.pk}", "target": nato.pk}
        )

    assert len(calls) == 4
    assert Tag.objects.filter(pk__in=[nato.pk, twin.pk, other.pk]).count() == 3
    assert names_of(first) == ["Nato"]
    assert names_of(second) == ["nato "]
    assert not Redirect.objects.exists()


def test_merge_needs_two_tags(producer_client):
    tag = TagFactory()
    response = producer_client.post(
        reverse(TAGS_URL), {"action": "merge_selected", "_selected_action": [tag.pk]}, follow=True
    )
    assert "Select two tags or more to merge." in messages_of(response)
    response = producer_client.get(reverse("admin:articles_tag_merge"), {"ids": str(tag.pk)})
    assert response.status_code == 302


def test_merge_refuses_a_target_outside_the_selection(producer_client):
    a, b, outsider = TagFactory(), TagFactory(), TagFactory()
    ArticleFactory(tags=[a])
    url = reverse("admin:articles_tag_merge")
    response = producer_client.post(url, {"ids": f"{a.pk},{b.pk}", "target": outsider.pk})
    assert response.status_code == 200  # the page again, with the choice refused
    assert response.context["form"].errors
    assert Tag.objects.count() == 3


# --- delete unused ------------------------------------------------------------------------


def test_delete_unused_deletes_only_tags_without_stories(producer_client):
    used = TagFactory(name="Used")
    ArticleFactory(tags=[used], draft=True)
    spare, stray = TagFactory(name="Spare"), TagFactory(name="Stray")

    response = producer_client.post(
        reverse(TAGS_URL),
        {"action": "delete_unused_selected", "_selected_action": [used.pk, spare.pk, stray.pk]},
        follow=True,
    )
    shown = messages_of(response)
    assert "Deleted 2 unused tags: Spare, Stray." in shown
    assert "Kept 1 tag that stories still carry: Used." in shown
    assert list(Tag.objects.values_list("name", flat=True)) == ["Used"]


# --- who may use the tag tools ------------------------------------------------------------


def test_writers_cannot_use_the_tag_tools(writer_client):
    a, b = TagFactory(), TagFactory()
    assert action_choices(tag_list(writer_client)) <= {""}  # they may only look
    merge = reverse("admin:articles_tag_merge")
    assert writer_client.get(merge, {"ids": f"{a.pk},{b.pk}"}).status_code == 403
    assert writer_client.post(merge, {"ids": f"{a.pk},{b.pk}", "target": a.pk}).status_code == 403
    assert writer_client.post(tag_change_url(a), {"name": "X", "slug": "x"}).status_code == 403
    response = writer_client.post(
        reverse(TAGS_URL), {"action": "delete_unused_selected", "_selected_action": [a.pk]}
    )
    assert Tag.objects.count() == 2
    assert response.status_code in {200, 302}


@pytest.mark.parametrize("role", ["producer_client", "editor_client"])
def test_producers_and_editors_have_the_tag_tools(role, request):
    client = request.getfixturevalue(role)
    a, b = TagFactory(), TagFactory()
    assert {"merge_selected", "delete_unused_selected"} <= action_choices(tag_list(client))
    page = client.get(reverse("admin:articles_tag_merge"), {"ids": f"{a.pk},{b.pk}"})
    assert page.status_code == 200


# --- typing tags in the story form --------------------------------------------------------


def test_typed_tags_reuse_existing_ones_whatever_their_case_and_spaces(editor_client):
    nato = TagFactory(name="NATO")
    story = ArticleFactory(draft=True)
    data = form_data(editor_client.get(change_url(story)))
    data["tags"] = 'nato , "  Türkiye  "'
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, response.context and response.context["errors"]

    assert names_of(story) == ["NATO", "Türkiye"]
    assert Tag.objects.filter(name__iexact="nato").get() == nato
    assert Tag.objects.get(name="Türkiye").slug == "turkiye"


def test_the_story_form_picks_tags_by_name_with_suggestions_from_the_tag_list(
    writer, writer_client
):
    TagFactory(name="NATO")
    TagFactory(name="Natural gas")
    TagFactory(name="Ukraine")
    story = ArticleFactory(draft=True, tags=["Ukraine"], created_by=writer)
    page = writer_client.get(change_url(story))
    picker = lxml.html.fromstring(page.content).get_element_by_id("id_tags")
    assert picker.tag == "select" and picker.multiple
    assert list(picker.value) == ["Ukraine"]

    # What the picker asks for as the writer types "nat": the tags that match, by name.
    suggestions = writer_client.get(
        picker.get("data-url"),
        {"term": "nat", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert suggestions.status_code == 200
    assert sorted(r["text"] for r in suggestions.json()["results"]) == ["NATO", "Natural gas"]

    # A picked tag and a new one with a space in its name; "ukraine" is the Ukraine kept.
    data = form_data(page)
    data["tags"] = ["nato", "Black Sea", "ukraine"]
    response = writer_client.post(change_url(story), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert names_of(story) == ["Black Sea", "NATO", "Ukraine"]
    assert Tag.objects.count() == 4


def test_a_tag_name_longer_than_the_tag_list_allows_is_refused_with_a_reason(editor_client):
    story = ArticleFactory(draft=True, tags=["Ukraine"])
    data = form_data(editor_client.get(change_url(story)))
    data["tags"] = ["Ukraine", "x" * 101]
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    assert names_of(story) == ["Ukraine"]


def test_find_or_create_tag_matches_case_and_spaces():
    nato = TagFactory(name="NATO")
    assert tags.find_or_create_tag("  nato ") == nato
    assert tags.find_or_create_tag("Black  Sea").name == "Black Sea"
    with pytest.raises(ValueError):
        tags.find_or_create_tag("   ")


def suggestions(client, term, **params):
    return client.get(reverse("admin:articles_article_tag_suggestions"), {"term": term, **params})


def test_a_typed_name_finds_its_tag_whatever_its_case_accents_or_edition(settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    nato, turkiye = TagFactory(name="NATO"), TagFactory(name="Türkiye")
    istanbul = TagFactory(name="İstanbul")
    world = TagFactory(name="World", names={"tr": "Dünya"})
    assert tags.find_tag("nato") == nato
    assert tags.find_tag("  turkiye ") == turkiye
    assert tags.find_tag("TURKIYE") == turkiye
    assert tags.find_tag("istanbul") == istanbul
    assert tags.find_tag("Dünya") == world
    assert tags.find_tag("dunya") == world
    assert tags.find_tag("Ukraine") is None
    assert tags.find_tag("nat") is None  # a start is a suggestion, not the tag

    # The names are looked up as they are now: renamed, named anew, or made in bulk.
    tags.rename_tag(world, "The world")
    assert tags.find_tag("the world") == world and tags.find_tag("world") is None
    world.names = {"tr": "Dünya ülkeleri"}
    world.save(update_fields=["names"])
    assert tags.find_tag("dunya ulkeleri") == world and tags.find_tag("dünya") is None
    (gas,) = Tag.objects.bulk_create([Tag(name="Doğalgaz", slug="dogalgaz")])
    assert tags.find_tag("dogalgaz") == gas


def test_a_name_as_typed_beats_one_that_only_folds_alike():
    TagFactory(name="Türkiye")
    plain = TagFactory(name="Turkiye")
    assert tags.find_tag("turkiye") == plain


def test_the_picker_is_told_at_once_which_tag_a_typed_name_is(writer_client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    TagFactory(name="NATO")
    TagFactory(name="Natural gas")
    TagFactory(name="Türkiye")
    TagFactory(name="World", names={"tr": "Dünya"})

    results = suggestions(writer_client, "nato").json()["results"]
    assert results[0] == {"id": "NATO", "text": "NATO", "exact": True, "other_name": ""}
    assert [r["text"] for r in results] == ["NATO"]
    results = suggestions(writer_client, "nat").json()["results"]
    assert [(r["text"], r["exact"]) for r in results] == [("NATO", False), ("Natural gas", False)]
    # By address (ASCII) and by the name in another edition.
    assert suggestions(writer_client, "turkiye").json()["results"][0]["text"] == "Türkiye"
    assert suggestions(writer_client, "türk").json()["results"][0]["text"] == "Türkiye"
    world = suggestions(writer_client, "Dün").json()["results"]
    assert world == [{"id": "World", "text": "World", "exact": False, "other_name": "Dünya"}]
    assert suggestions(writer_client, "dun").json()["results"] == world
    assert suggestions(writer_client, "TURK").json()["results"][0]["text"] == "Türkiye"
    assert suggestions(writer_client, "dunya").json()["results"][0]["exact"] is True
    # A name no tag has: nothing is exact, so the picker marks it new.
    assert suggestions(writer_client, "Ukraine").json()["results"] == []


def test_the_picker_s_suggestions_page_and_survive_odd_input(writer_client):
    for number in range(25):
        TagFactory(name=f"Election {number:02d}")
    first = suggestions(writer_client, "election").json()
    assert len(first["results"]) == 20 and first["pagination"]["more"] is True
    second = suggestions(writer_client, "election", page="2").json()
    assert len(second["results"]) == 5 and second["pagination"]["more"] is False
    for odd in [{"page": "abc"}, {"page": "-1"}, {"page": "99999999999"}]:
        assert suggestions(writer_client, "election", **odd).status_code == 200
    assert suggestions(writer_client, "x" * 5000).status_code == 200
    assert suggestions(writer_client, "%_\\'\"").status_code == 200


def test_only_staff_who_see_tags_get_the_picker_s_suggestions(client, django_user_model):
    url = reverse("admin:articles_article_tag_suggestions")
    assert client.get(url, {"term": "nato"}).status_code == 302  # to the login page
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(url, {"term": "nato"}).status_code == 403


def test_a_typed_name_is_saved_as_the_tag_it_names_with_no_twin(writer, writer_client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr"
    nato, turkiye = TagFactory(name="NATO"), TagFactory(name="Türkiye")
    world = TagFactory(name="World", names={"tr": "Dünya"})
    story = ArticleFactory(draft=True, created_by=writer)
    data = form_data(writer_client.get(change_url(story)))
    data["tags"] = ["nato", "turkiye", "Dünya", "NATO", "Black Sea"]
    response = writer_client.post(change_url(story), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert names_of(story) == ["Black Sea", "NATO", "Türkiye", "World"]
    assert set(Tag.objects.exclude(name="Black Sea")) == {nato, turkiye, world}


def test_a_form_that_comes_back_shows_typed_names_as_their_tags_and_marks_new_ones(
    writer, writer_client
):
    TagFactory(name="NATO")
    story = ArticleFactory(draft=True, created_by=writer)
    data = form_data(writer_client.get(change_url(story)))
    data["tags"] = ["nato", "Black Sea"]
    data["headline"] = ""  # refused: the form comes back
    response = writer_client.post(change_url(story), data)
    assert response.status_code == 200
    picker = lxml.html.fromstring(response.content).get_element_by_id("id_tags")
    options = {o.get("value"): o.get("data-tag-state") for o in picker.iter("option")}
    assert options == {"NATO": None, "Black Sea": "new"}


# --- bulk tagging on the story list -------------------------------------------------------


def bulk_url(mode):
    return reverse("admin:articles_article_bulk_tag", args=[mode])


def test_producer_adds_a_tag_to_selected_stories(producer_client):
    nato = TagFactory(name="NATO")
    stories = [ArticleFactory(tags=[nato]), ArticleFactory(), ArticleFactory(draft=True)]
    other = ArticleFactory()

    page = producer_client.post(
        changelist_url(),
        {"action": "add_tag_selected", "_selected_action": [s.pk for s in stories]},
    )
    assert page.status_code == 200
    html = page_html(page)
    assert all(s.headline in html for s in stories) and other.headline not in html

    ids = page.context["form"]["ids"].value()
    response = producer_client.post(bulk_url("add"), {"ids": ids, "tag": " nato "}, follow=True)
    assert "Tagged 2 stories “NATO”." in messages_of(response)
    assert Tag.objects.count() == 1
    for story in stories:
        assert names_of(story) == ["NATO"]
    assert names_of(other) == []


def test_adding_a_new_tag_in_bulk_creates_it_once(editor_client):
    stories = ArticleFactory.create_batch(3)
    ids = ",".join(str(s.pk) for s in stories)
    editor_client.post(bulk_url("add"), {"ids": ids, "tag": "Black Sea"})
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Black Sea", "black-sea")
    assert TaggedArticle.objects.filter(tag=tag).count() == 3


def test_producer_removes_a_tag_from_selected_stories(producer_client):
    nato, oil = TagFactory(name="NATO"), TagFactory(name="Oil")
    stories = [ArticleFactory(tags=[nato, oil]), ArticleFactory(tags=[nato])]
    kept = ArticleFactory(tags=[nato])

    page = producer_client.post(
        changelist_url(),
        {"action": "remove_tag_selected", "_selected_action": [s.pk for s in stories]},
    )
    assert page.context["choices"] == ["NATO", "Oil"]
    ids = page.context["form"]["ids"].value()
    response = producer_client.post(bulk_url("remove"), {"ids": ids, "tag": "nato"}, follow=True)
    assert "Removed “NATO” from 2 stories." in messages_of(response)
    assert names_of(stories[0]) == ["Oil"]
    assert names_of(stories[1]) == []
    assert names_of(kept) == ["NATO"]
    assert Tag.objects.filter(pk=nato.pk).exists()  # the tag stays until deleted on purpose

    response = producer_client.post(bulk_url("remove"), {"ids": ids, "tag": "Gas"}, follow=True)
    assert "There is no tag “Gas”; nothing changed." in messages_of(response)


def test_writers_cannot_tag_stories_in_bulk(writer, writer_client):
    story = ArticleFactory(draft=True, created_by=writer)
    assert not {"add_tag_selected", "remove_tag_selected"} & action_choices(
        writer_client.get(changelist_url())
    )
    response = writer_client.post(bulk_url("add"), {"ids": str(story.pk), "tag": "NATO"})
    assert response.status_code == 403
    assert writer_client.get(bulk_url("remove"), {"ids": str(story.pk)}).status_code == 403
    assert not Tag.objects.exists()


# --- the tag page -------------------------------------------------------------------------


def test_tag_page_shows_description_and_featured_image(client):
    picture = ImageFactory(alt_text="Flags outside the summit")
    tag = TagFactory(
        name="NATO", description="The North Atlantic alliance.", featured_image=picture
    )
    ArticleFactory(tags=[tag], published_at=timezone.now() - timedelta(hours=1))
    html = page_html(client.get(tag.get_absolute_url()))
    assert "The North Atlantic alliance." in html
    assert 'alt="Flags outside the summit"' in html
    assert '<meta name="description" content="The North Atlantic alliance."' in html
