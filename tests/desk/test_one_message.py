"""One message at a time after a failed save: the form comes back with the posted text
under its error, and no autosave "Restore it / Discard" offers that very text beside it.
The posted text becomes the draft copy, so it is still offered if the editor leaves."""

from html import unescape

import pytest
from django.urls import reverse

from articles.models import Autosave
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

AUTOSAVE = "admin:articles_article_autosave"


@pytest.fixture
def story():
    return ArticleFactory(draft=True, headline="Ministers meet in Ankara", slug="ministers-meet")


def page(response):
    return unescape(response.content.decode())


def test_a_failed_save_shows_its_error_and_no_restore_offer_for_the_text_on_screen(
    story, editor, editor_client
):
    data = form_data(editor_client.get(change_url(story)))
    data.update(headline="Ministers agree in Ankara", slug="not a slug!")
    # The page's script kept a copy while the editor typed; then they pressed Save.
    editor_client.post(reverse(AUTOSAVE, args=[story.pk]), data)
    response = editor_client.post(change_url(story), data)

    assert response.status_code == 200
    html = page(response)
    assert "errornote" in html and 'value="Ministers agree in Ankara"' in html
    assert "Unsaved text from" not in html and "Restore it" not in html

    # Leaving now loses nothing: the posted text is the copy, offered on the next visit.
    copy = Autosave.objects.get(user=editor, article=story)
    assert (copy.data["headline"], copy.data["slug"]) == (
        "Ministers agree in Ankara",
        "not a slug!",
    )
    assert "Unsaved text from" in page(editor_client.get(change_url(story)))


def test_an_older_copy_is_not_offered_beside_a_failed_save_either(story, editor, editor_client):
    data = form_data(editor_client.get(change_url(story)))
    editor_client.post(reverse(AUTOSAVE, args=[story.pk]), {**data, "headline": "Yesterday's try"})
    data.update(headline="Today's try", slug="")
    html = page(editor_client.post(change_url(story), data))
    assert "This field is required" in html
    assert "Restore it" not in html
    assert Autosave.objects.get(user=editor, article=story).data["headline"] == "Today's try"


def test_a_failed_new_story_keeps_its_text_as_the_copy_and_offers_nothing(editor, editor_client):
    add = reverse("admin:articles_article_add")
    data = form_data(editor_client.get(add))
    data.update(headline="A first go", slug="", body="<p>Words.</p>")
    editor_client.post(reverse("admin:articles_article_autosave_new"), data)
    html = page(editor_client.post(add, data))
    assert "errornote" in html and "Restore it" not in html
    assert Autosave.objects.get(user=editor, article=None).data["headline"] == "A first go"
