"""READ MORE links and Recommended stories placed in the body's editor as blocks: the
story form reads where each block sits and keeps the story's links to match; the body
readers get never holds a block; opening the form puts the links back where they are."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, RelatedItem, Section, Source
from articles.richtext import split_blocks
from desk import related_blocks
from tests.admin_forms import (
    article_form_data,
    change_url,
    form_data,
    form_errors,
    post_article,
    publish_through_workflow,
)
from tests.admin_forms import related_block as block
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
)
from tests.pages import page_html, page_text
from tests.wire_samples import make_channel, sample

pytestmark = pytest.mark.django_db

OPENING = "<p>The ministers met for two hours.</p>"
SECOND = "<p>They agreed on continued coordination.</p>"
SUBHEADING = "<h2>Grain corridor</h2>"
THIRD = "<p>Ships leave Odesa every day.</p>"


def links(story):
    return [
        (item.kind, item.target, item.url, item.title, item.after_block)
        for item in story.related_items.order_by("after_block", "pk")
    ]


def editor_value(response):
    """The body's textarea as the form drew it (what the editor opens with)."""
    return form_data(response)["body"]


@pytest.fixture
def earlier():
    return ArticleFactory(headline="Ankara and Washington resume talks on fighter jets")


@pytest.fixture
def story(earlier):
    """A draft with a READ MORE after its second paragraph (after_block 2)."""
    draft = ArticleFactory(draft=True, body=OPENING + SECOND + SUBHEADING + THIRD)
    RelatedItem.objects.create(article=draft, target=earlier, after_block=2)
    return draft


def test_a_body_posted_with_blocks_makes_the_links_where_the_blocks_sit(editor_client, earlier):
    other = ArticleFactory(headline="Grain ships wait off Istanbul")
    body = (
        OPENING + SECOND + block(target=earlier.pk) + SUBHEADING + THIRD
        + block("recommended", target=other.pk)
        + block(url="https://www.un.org/en/", title="The UN's statement")
    )  # fmt: skip
    data = article_form_data(
        section=SectionFactory(), headline="Ministers meet", slug="ministers-meet", body=body
    )
    response = post_article(editor_client, data)
    assert response.status_code == 302, form_errors(response)
    story = Article.objects.get(slug="ministers-meet")
    # After the second paragraph is after_block 2; the subheading counts as a block.
    assert links(story) == [
        ("read_more", earlier, "", "", 2),
        ("recommended", other, "", "", 4),
        ("read_more", None, "https://www.un.org/en/", "The UN's statement", 4),
    ]
    assert story.body == OPENING + SECOND + SUBHEADING + THIRD


def test_the_form_opens_with_the_links_where_they_are(editor_client, story, earlier):
    value = editor_value(editor_client.get(change_url(story)))
    item = story.related_items.get()
    # The block sits between the second paragraph and the subheading, naming its story.
    before, aside, after = re.split(r"(<aside[^>]*></aside>)", value)
    assert before == OPENING + SECOND and after == SUBHEADING + THIRD
    assert f'data-item="{item.pk}"' in aside and f'data-target="{earlier.pk}"' in aside
    assert f'data-label="{earlier.headline}"' in aside


def test_the_number_field_is_gone_for_who_writes_the_body(editor_client, story):
    html = page_html(editor_client.get(change_url(story)))
    assert "after_block" not in html and "related_items-TOTAL_FORMS" not in html
    assert "After paragraph" not in html


def test_saving_the_form_as_it_opened_keeps_every_link_as_it_was(editor_client, story):
    item = story.related_items.get()
    data = form_data(editor_client.get(change_url(story)))
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)
    assert list(story.related_items.values_list("pk", "after_block")) == [(item.pk, 2)]
    story.refresh_from_db()
    assert story.body == OPENING + SECOND + SUBHEADING + THIRD


def test_moving_a_block_moves_its_link_and_removing_it_deletes_it(editor_client, story):
    item = story.related_items.get()
    data = form_data(editor_client.get(change_url(story)))
    aside = re.search(r"<aside[^>]*></aside>", data["body"]).group(0)
    data["body"] = OPENING + aside + SECOND + SUBHEADING + THIRD  # dragged up one paragraph
    assert editor_client.post(change_url(story), data).status_code == 302
    assert list(story.related_items.values_list("pk", "after_block")) == [(item.pk, 1)]

    data = form_data(editor_client.get(change_url(story)))
    data["body"] = re.sub(r"<aside[^>]*></aside>", "", data["body"])
    assert editor_client.post(change_url(story), data).status_code == 302
    assert not story.related_items.exists()


def test_two_blocks_in_one_place_keep_their_order(editor_client, story, earlier):
    other = ArticleFactory(headline="Grain ships wait off Istanbul")
    data = form_data(editor_client.get(change_url(story)))
    kept = re.search(r"<aside[^>]*></aside>", data["body"]).group(0)
    # A new block put before the one the story had, in the same place.
    data["body"] = OPENING + SECOND + block(target=other.pk) + kept + SUBHEADING + THIRD
    assert editor_client.post(change_url(story), data).status_code == 302
    assert [(t, n) for _k, t, _u, _ti, n in links(story)] == [(other, 2), (earlier, 2)]
    value = editor_value(editor_client.get(change_url(story)))
    assert value.index(f'data-target="{other.pk}"') < value.index(f'data-target="{earlier.pk}"')


def test_a_block_inside_a_quotation_or_list_goes_after_it(editor_client, earlier):
    body = f"{OPENING}<blockquote><p>Quoted.</p>{block(target=earlier.pk)}</blockquote>{THIRD}"
    data = article_form_data(section=SectionFactory(), headline="Quoted", slug="quoted", body=body)
    assert post_article(editor_client, data).status_code == 302
    story = Article.objects.get(slug="quoted")
    assert links(story) == [("read_more", earlier, "", "", 2)]
    assert story.body == f"{OPENING}<blockquote><p>Quoted.</p></blockquote>{THIRD}"


@pytest.mark.parametrize(
    "bad, says",
    [
        (block("recommended"), "Choose either one of our stories or an external URL"),
        (block(url="https://www.un.org/"), "Give the external link a title."),
        (block(url="javascript:alert(1)", title="Click"), "http"),
        (block(target=999999), "That story no longer exists or is in the trash."),
        (block("sidebar", target="{earlier}"), "is not a valid choice"),
        (block(target="abc", url="https://www.un.org/", title="UN", item="x"), None),
        (block(target="{earlier}", url="https://www.un.org/", title="UN"), "not both"),
    ],
)
def test_a_block_the_story_may_not_keep_is_refused_with_a_reason(editor_client, earlier, bad, says):
    bad = bad.replace("{earlier}", str(earlier.pk))
    data = article_form_data(
        section=SectionFactory(), headline="Refused", slug="refused", body=OPENING + bad + SECOND
    )
    response = post_article(editor_client, data)
    if says is None:  # an odd id is no story: the external link alone is kept
        assert response.status_code == 302, form_errors(response)
        assert links(Article.objects.get(slug="refused")) == [
            ("read_more", None, "https://www.un.org/", "UN", 1)
        ]
        return
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert any(says in error for error in errors), errors
    # The error says which link and where: by the paragraph before it, not a number.
    assert any("after “The ministers met for two hours.”" in error for error in errors), errors
    assert not Article.objects.filter(slug="refused").exists()
    # The editor still has the block to mend.
    assert "data-newsroom-related" in editor_value(response)


def test_a_link_the_story_already_had_is_kept_even_if_it_would_be_refused_now(editor_client):
    story = ArticleFactory(draft=True, body=OPENING + SECOND)
    gone = ArticleFactory(headline="Moved to the trash since")
    RelatedItem.objects.create(article=story, target=gone, after_block=1)
    # An import stored an address that is no web address (the related links report lists it).
    RelatedItem.objects.bulk_create(
        [RelatedItem(article=story, url="ftp://example.org/", title="Old", after_block=2)]
    )
    Article.including_trash.filter(pk=gone.pk).update(deleted_at="2024-01-01T00:00:00Z")
    page = editor_client.get(change_url(story))
    assert "In the trash: readers do not see this link." in editor_value(page)
    data = form_data(page)
    data["headline"] = "Only the headline changed"
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302, form_errors(response)
    assert [(t and t.pk, u, n) for _k, t, u, _ti, n in links(story)] == [
        (gone.pk, "", 1),
        (None, "ftp://example.org/", 2),
    ]


def test_links_placed_past_the_end_show_at_the_end_and_stay_there(editor_client, earlier):
    # Wire copy and older stories may say "a large number = at the end".
    story = ArticleFactory(draft=True, body=OPENING + SECOND)
    RelatedItem.objects.create(article=story, target=earlier, after_block=99)
    value = editor_value(editor_client.get(change_url(story)))
    assert value.startswith(OPENING + SECOND + "<aside")
    data = form_data(editor_client.get(change_url(story)))
    assert editor_client.post(change_url(story), data).status_code == 302
    item = story.related_items.get()
    assert item.target == earlier and item.after_block == 2  # still after the last block


def test_the_readers_page_shows_the_read_more_after_the_paragraph_it_was_placed_after(
    editor_client, client, earlier
):
    body = OPENING + SECOND + block(target=earlier.pk) + SUBHEADING + THIRD
    data = article_form_data(
        section=SectionFactory(), headline="Placed", slug="placed", body=body,
        standfirst="Where the link goes.",
    )  # fmt: skip
    assert post_article(editor_client, data).status_code == 302
    story = Article.objects.get(slug="placed")
    Article.objects.filter(pk=story.pk).update(hero_image=ImageFactory())
    story.bylines.create(author=AuthorFactory())
    publish_through_workflow(editor_client, story)
    html = page_html(client.get(story.get_absolute_url()))
    body_html = re.search(r'<div class="story__body[^"]*"[^>]*>(.*?)</div>', html, re.S).group(1)
    blocks = re.findall(r"<(p|h2)\b[^>]*>(.*?)</\1>", body_html, re.S)
    texts = [re.sub(r"<[^>]+>", "", text).strip() for _tag, text in blocks]
    assert texts[:3] == [
        "The ministers met for two hours.",
        "They agreed on continued coordination.",
        f"READ MORE: {earlier.headline}",
    ]
    assert "data-newsroom-related" not in html


def test_who_may_only_read_the_story_sees_its_links_in_place(writer_client, story, earlier):
    # A writer reads another's story: no editor, the text with its links in place.
    text = page_text(writer_client.get(change_url(story)))
    assert (
        "They agreed on continued coordination. READ MORE link "
        f"{earlier.headline} Grain corridor" in text
    )


def test_a_producer_places_a_link_by_the_paragraph_it_follows(producer_client, story):
    html = page_html(producer_client.get(change_url(story)))
    select = re.search(r'<select name="related_items-0-after_block".*?</select>', html, re.S)
    assert select, "the producer places links with a choice of places"
    options = re.findall(r"<option[^>]*>(.*?)</option>", select.group(0))
    assert options == [
        "Before the body",
        "After “The ministers met for two hours.”",
        "After “They agreed on continued coordination.”",
        "After “Grain corridor”",
        "After “Ships leave Odesa every day.”",
    ]
    assert re.search(r'<option value="2" selected>', select.group(0))


def test_an_autosave_of_the_form_as_it_opened_offers_nothing_to_restore(editor_client, story):
    data = form_data(editor_client.get(change_url(story)))
    autosave = reverse("admin:articles_article_autosave", args=[story.pk])
    assert editor_client.post(autosave, data).status_code == 200
    assert "Unsaved text from" not in page_text(editor_client.get(change_url(story)))
    # Moving the link is a change worth keeping.
    data["body"] = re.sub(r"<aside[^>]*></aside>", "", data["body"]) + block(item=1)
    editor_client.post(autosave, data)
    assert "Unsaved text from" in page_text(editor_client.get(change_url(story)))


def test_blocks_come_out_of_any_markup_the_editor_could_send():
    body, blocks = related_blocks.take_blocks(
        "<p>One</p>"
        '<aside data-newsroom-related="read_more" data-target="3">READ MORE: words</aside>'
        '<aside data-newsroom-related="recommended" data-target="4"/>'
        "<ul><li><p>Two</p></li></ul>"
        '<p>Three<aside data-newsroom-related="read_more" data-url="https://un.org/"'
        ' data-title="a &amp; b &gt; c"></aside></p>'
    )
    assert body == "<p>One</p><ul><li><p>Two</p></li></ul><p>Three</p>"
    assert [(b.kind, b.target, b.url, b.title, b.after_block) for b in blocks] == [
        ("read_more", 3, "", "", 1),
        ("recommended", 4, "", "", 1),
        ("read_more", None, "https://un.org/", "a & b > c", 3),
    ]


def test_a_link_made_elsewhere_shows_as_a_block_too():
    story = RelatedItemFactory(article__body=OPENING + SECOND).article
    assert related_blocks.editor_body_of(story).startswith(OPENING + "<aside")


def test_an_agency_story_keeps_its_links_through_the_agencys_update(
    editor_client, earlier, settings, tmp_path
):
    settings.NEWSROOM_WIRE_ROOT = tmp_path
    section = Section.objects.create(name="Türkiye", slug="turkiye", language="tr")
    channel = make_channel(Source.objects.create(name="Anadolu Agency", code="AA"), section)

    def ingest(name):
        out = StringIO()
        call_command("ingest", file=str(sample(name)), channel=channel.name, stdout=out)
        return out.getvalue()

    ingest("aa-blinken-ninjs2.json")
    story = Article.objects.get(headline__contains="Blinken underlines")
    RelatedItem.objects.create(article=story, target=earlier, after_block=2)
    second = split_blocks(story.body)[1]

    assert "1 updated" in ingest("aa-blinken-ninjs2-v2.json")
    story.refresh_from_db()
    assert links(story) == [("read_more", earlier, "", "", 2)]
    # The editor finds it after the same paragraph, and saving keeps it there.
    value = editor_value(editor_client.get(change_url(story)))
    assert value.index(second) < value.index("<aside") < value.index(split_blocks(story.body)[2])
    data = form_data(editor_client.get(change_url(story)))
    assert editor_client.post(change_url(story), data).status_code == 302
    assert links(story) == [("read_more", earlier, "", "", 2)]


def test_a_preview_of_the_forms_text_shows_the_links_readers_would_get(earlier):
    draft = ArticleFactory(draft=True, headline="Not yet published")
    body, blocks = related_blocks.take_blocks(
        OPENING
        + block(target=earlier.pk)
        + SECOND
        + block(target=draft.pk)
        + block(url="https://www.un.org/", title="UN")
    )
    story = ArticleFactory.build(body=body)
    story.public_related_items = related_blocks.preview_items(blocks)
    parts = [
        (kind, part if kind == "html" else part.link_text)
        for kind, part in story.body_with_inserts()
    ]
    assert parts == [
        ("html", OPENING),
        ("insert", earlier.headline),
        ("html", SECOND),
        ("insert", "UN"),  # the unpublished story is left out, as on the reader's page
    ]
