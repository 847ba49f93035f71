"""The newsdesk: every admin screen opens for the role that looks after it (and only for it),
and stories are made through it."""

import io

import lxml.html
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles import redirects
from articles.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Image,
    Redirect,
    RelatedItem,
    Section,
    Source,
    Tag,
)
from tests.admin_forms import article_form_data, form_errors, post_article, publish_through_workflow
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


def full_story():
    """A story with one of everything, so its change page draws every inline with a row."""
    image = ImageFactory(credit_source=SourceFactory())
    story = ArticleFactory(
        hero_image=image,
        authors=[AuthorFactory()],
        sources=[SourceFactory()],
        tags=["Türkiye"],
    )
    RelatedItemFactory(article=story)
    ExplorePickFactory(article=story)
    return story


MAKERS = {
    Article: full_story,
    Author: AuthorFactory,
    Image: ImageFactory,
    Section: SectionFactory,
    Source: SourceFactory,
    Tag: TagFactory,
    Redirect: lambda: redirects.add_redirect("/old-address/", "/new-address/"),
}

NEWSROOM_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "articles"),
    key=lambda model: model._meta.model_name,
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_newsroom_model_has_a_maker():
    # A model registered in the admin without a maker here would go untested below.
    assert set(NEWSROOM_MODELS) == set(MAKERS)


ALL_VIEWS = {"changelist", "add", "change", "delete"}
LOOK_ONLY = {"changelist", "change"}  # the change page opens read-only

# The screens each role opens; every other one answers 403. A model not named is look-only.
SCREENS = {
    "superuser_client": dict.fromkeys(MAKERS, ALL_VIEWS),
    # Editors write and move stories; producers look after what stories are made of.
    # Writers and editors add an author or an agency a story needs (desk migration 0002).
    "editor_client": {
        **dict.fromkeys([Article, Image, Tag, Redirect], ALL_VIEWS),
        **dict.fromkeys([Author, Source], {"changelist", "add", "change"}),
    },
    "producer_client": {
        **dict.fromkeys([Author, Image, Section, Source, Tag, Redirect], ALL_VIEWS),
        Article: LOOK_ONLY,  # a producer curates a story's tags and links, never adds one
    },
    "writer_client": {
        **dict.fromkeys([Article, Image, Tag, Author, Source], {"changelist", "add", "change"}),
        Redirect: set(),  # the site's addresses are the producers' and editors' care
    },
}


@pytest.mark.parametrize("model", NEWSROOM_MODELS, ids=lambda model: model._meta.model_name)
@pytest.mark.parametrize("who", list(SCREENS))
def test_admin_screens_open(request, who, model):
    client = request.getfixturevalue(who)
    obj = MAKERS[model]()
    opens = SCREENS[who].get(model, LOOK_ONLY)
    for view, args in [
        ("changelist", ()),
        ("add", ()),
        ("change", (obj.pk,)),
        ("delete", (obj.pk,)),
    ]:
        url = admin_url(model, view, *args)
        response = client.get(url)
        assert response.status_code == (200 if view in opens else 403), url
    # The new object is listed, with a link to its change page.
    if "changelist" in opens:
        changelist = page_html(client.get(admin_url(model, "changelist")))
        assert f'href="{admin_url(model, "change", obj.pk)}"' in changelist


def test_newsdesk_index_lists_the_newsroom_for_an_editor(editor_client):
    text = page_text(editor_client.get(reverse("admin:index")))
    for name in ["Articles", "Sections", "Sources", "Authors", "Images", "Tags"]:
        assert name in text


def test_story_made_in_the_admin_appears_on_the_site(editor, editor_client, client):
    # A story made in the admin starts as a draft, whatever the form says; the
    # workflow (submit, approve, publish) takes it to the site.
    section = SectionFactory(name="Türkiye", language="tr")
    picture = ImageFactory(alt_text="Blinken and Cavusoglu in Washington")
    author = AuthorFactory(name="Esra Karataş Alpay")
    agency = SourceFactory(name="Anadolu Agency", code="AA")
    earlier = ArticleFactory(headline="US to host Turkish FM to discuss F-16 deal")
    picked = ArticleFactory(headline="Türkiye, Egypt hold first joint naval exercise")
    body = (
        "<p>US Secretary of State Antony Blinken has said he looks forward.</p>"
        "<h2>'Positive bilateral agenda'</h2>"
        "<p>Blinken and Cavusoglu met on Wednesday.</p>"
        # A READ MORE link placed in the editor, after the paragraph above.
        f'<aside data-newsroom-related="read_more" data-target="{earlier.pk}"></aside>'
    )
    data = article_form_data(
        section=section,
        headline="Blinken underlines ‘continued coordination’ after meeting with Cavusoglu",
        slug="blinken-underlines-continued-coordination",
        standfirst="‘I look forward to continued coordination,’ says US secretary of state.",
        body=body,
        tags="Türkiye, NATO",
        hero_image=picture.pk,
        status="published",  # not a field of the form: a crafted POST changes nothing
        inlines={
            "bylines": [{"author": author.pk, "position": 0}],
            "article_sources": [{"source": agency.pk, "position": 0}],
            "explore_picks": [{"picked": picked.pk, "position": 0}],
        },
    )
    response = post_article(editor_client, data)
    assert response.status_code == 302, form_errors(response)

    story = Article.objects.get(slug="blinken-underlines-continued-coordination")
    assert {tag.name for tag in story.tags.all()} == {"Türkiye", "NATO"}
    assert {tag.slug for tag in story.tags.all()} == {"turkiye", "nato"}
    assert [b.author for b in Byline.objects.filter(article=story)] == [author]
    assert [s.source for s in ArticleSource.objects.filter(article=story)] == [agency]
    read_more = RelatedItem.objects.get(article=story)
    assert (read_more.target, read_more.after_block) == (earlier, 3)
    assert "<aside" not in story.body
    assert story.explore_picks.get().picked == picked
    assert story.status == Article.Status.DRAFT and story.published_at is None
    assert story.created_by == editor
    assert client.get(story.get_absolute_url()).status_code == 404

    publish_through_workflow(editor_client, story)
    assert story.is_published
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    html, text = page_html(response), page_text(response)
    assert "<h1" in html and story.headline in text
    assert "Blinken and Cavusoglu met on Wednesday." in text
    assert "<h2>&#x27;Positive bilateral agenda&#x27;</h2>" in html or (
        "<h2>'Positive bilateral agenda'</h2>" in html
    )
    assert f'href="{earlier.get_absolute_url()}"' in html
    assert f"READ MORE: {earlier.headline}" in text
    assert "By Esra Karataş Alpay" in text
    assert "SOURCE: AA" in text
    assert "NATO" in text
    assert picked.headline in text


def test_admin_refuses_more_explore_picks_than_the_list_holds(editor_client, settings):
    # max_num only hides "Add another"; the server must refuse picks past the Explore
    # size too, or they would be saved and silently never shown.
    section = SectionFactory()
    too_many = settings.NEWSROOM_EXPLORE_SIZE + 1
    picks = ArticleFactory.create_batch(too_many, section=section)
    data = article_form_data(
        section=section,
        headline="Too many picks",
        slug="too-many-picks",
        body="<p>Text.</p>",
        inlines={
            "explore_picks": [
                {"picked": pick.pk, "position": position} for position, pick in enumerate(picks)
            ]
        },
    )
    response = post_article(editor_client, data)
    assert response.status_code == 200
    assert f"Please submit at most {settings.NEWSROOM_EXPLORE_SIZE} form" in page_text(response)
    assert not Article.objects.filter(slug="too-many-picks").exists()


def png_bytes(width=64, height=40):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def uploaded_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


def test_image_upload_stores_its_size(editor_client, media_root):
    response = editor_client.post(
        admin_url(Image, "add"),
        {
            "file": SimpleUploadedFile("harbour.png", png_bytes(64, 40), "image/png"),
            "alt_text": "Fishing boats in the harbour at dawn",
            "caption": "",
            "credit_source": "",
            "credit_text": "Staff photographer",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, form_errors(response)
    image = Image.objects.get()
    assert (image.width, image.height) == (64, 40)
    assert len(uploaded_files(media_root)) == 1


def test_a_text_file_named_png_is_refused(editor_client, media_root):
    response = editor_client.post(
        admin_url(Image, "add"),
        {
            "file": SimpleUploadedFile("x.png", b"this is not a picture\n", "image/png"),
            "alt_text": "Nothing",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert "This file is not a picture." in page_text(response)
    assert not Image.objects.exists()
    assert uploaded_files(media_root) == []


def test_an_image_needs_alt_text(editor_client):
    response = editor_client.post(
        admin_url(Image, "add"),
        {
            "file": SimpleUploadedFile("harbour.png", png_bytes(), "image/png"),
            "alt_text": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["alt_text"] == ["This field is required."]
    assert not Image.objects.exists()


def story_using_everything():
    image = ImageFactory()
    author = AuthorFactory()
    source = SourceFactory()
    story = ArticleFactory(
        headline="The story that holds them", hero_image=image, authors=[author], sources=[source]
    )
    return story, {"section": story.section, "author": author, "source": source, "image": image}


@pytest.mark.parametrize("what", ["section", "author", "source", "image"])
def test_what_a_story_uses_cannot_be_deleted(producer_client, what):
    # The refusal must name the story that holds the object: through a byline or
    # source row for authors and agencies, and for a producer (who may not delete
    # stories) not as a missing permission but as the protecting story.
    story, used = story_using_everything()
    obj = used[what]
    response = producer_client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()
    text = page_text(response)
    assert "Cannot delete" in text or "protected" in text
    assert story.headline in text


def test_unused_section_can_be_deleted(producer_client):
    section = SectionFactory()
    response = producer_client.post(admin_url(Section, "delete", section.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Section.objects.filter(pk=section.pk).exists()


# --- Language editions -------------------------------------------------------------------


def test_with_editions_a_story_is_written_for_one_chosen_in_its_form(editor_client, settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"
    form = lxml.html.fromstring(
        editor_client.get(reverse("admin:articles_article_add")).content.decode()
    )
    options = form.xpath('//select[@name="language"]/option')
    assert [(o.get("value"), o.text) for o in options] == [
        ("en", "English"),
        ("tr", "Türkçe"),
        ("ar", "العربيّة"),
    ]
    data = article_form_data(
        section=SectionFactory(),
        headline="Ankara'da seçim",
        slug="ankarada-secim",
        body="<p>Metin.</p>",
    )
    response = post_article(editor_client, {**data, "language": "tr"})
    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get(headline="Ankara'da seçim").language == "tr"
    response = post_article(editor_client, {**data, "slug": "other", "language": "fr"})
    assert "Select a valid choice" in str(form_errors(response))


def test_a_one_language_newsroom_never_asks_for_a_story_s_language(editor_client, settings):
    settings.NEWSROOM_EDITIONS = ""
    form = lxml.html.fromstring(
        editor_client.get(reverse("admin:articles_article_add")).content.decode()
    )
    assert not form.xpath('//*[@name="language"]')
    data = article_form_data(
        section=SectionFactory(), headline="Vote", slug="vote", body="<p>x</p>"
    )
    response = post_article(editor_client, data)
    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get(headline="Vote").language == "en"
