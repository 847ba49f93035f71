"""The story form's picture: its preview, drawn with the form and redrawn (image_preview.js)
from the image's preview view as soon as another picture is chosen, before saving."""

import lxml.html
import pytest
from django.urls import reverse

from articles.renditions import make_renditions
from tests.admin_forms import change_url
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def preview_url(image_id):
    return reverse("admin:articles_image_preview", args=[image_id])


def preview_on(response):
    page = lxml.html.fromstring(response.content.decode())
    (preview,) = page.find_class("newsroom-image-preview")
    return preview


def test_the_story_form_s_preview_follows_the_picture_select(writer, writer_client, media_root):
    story = ArticleFactory(draft=True, created_by=writer, hero_image=ImageFactory())
    preview = preview_on(writer_client.get(change_url(story)))
    assert preview.get("data-preview-for") == "id_hero_image"
    assert preview.get("data-preview-url") == preview_url("__fk__")
    (img,) = preview.iter("img")
    assert img.get("src") == story.hero_image.file.url
    assert img.get("alt") == story.hero_image.alt_text

    empty = preview_on(writer_client.get(reverse("admin:articles_article_add")))
    assert empty.text_content() == "—"


def test_a_new_picture_s_preview_is_its_original_until_its_renditions_are_made(
    writer_client, media_root
):
    image = ImageFactory(alt_text="Fishing boats in the harbour at dawn")
    response = writer_client.get(preview_url(image.pk))
    assert response.status_code == 200
    assert response.json() == {
        "src": image.file.url,
        "alt": "Fishing boats in the harbour at dawn",
        "width": 48,
        "height": 32,
    }
    # Asking made no copy: renditions are the task's work, never a request's.
    assert not image.renditions.exists()

    make_renditions(image)
    copy = image.renditions.get(crop="original", format="jpeg")
    assert writer_client.get(preview_url(image.pk)).json()["src"] == copy.file.url


def test_the_preview_view_refuses_odd_ids_and_people_who_may_not_see_images(
    client, writer_client, django_user_model, media_root
):
    image = ImageFactory()
    for odd in ["abc", "1.5", "999999", "%00"]:
        assert writer_client.get(preview_url(odd)).status_code == 404
    assert client.get(preview_url(image.pk)).status_code == 302  # to the login page
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(preview_url(image.pk)).status_code == 403
