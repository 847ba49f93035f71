"""Writers and editors add an author or an agency from the story form (the admin's "+"
beside the byline's author and the picture's credit source); changing and deleting
them, and sections, stay the producers' housekeeping."""

import json

import lxml.html
import pytest
from django.urls import reverse

from articles.models import Author, Source
from tests.factories import AuthorFactory, SourceFactory
from tests.pages import page_html

pytestmark = pytest.mark.django_db

STORY_ADD = reverse("admin:articles_article_add")
IMAGE_ADD = reverse("admin:articles_image_add")
AUTHOR_ADD = reverse("admin:articles_author_add")
SOURCE_ADD = reverse("admin:articles_source_add")


def add_link(response, field_id):
    """The "+" beside a field: the link to its add popup, or None."""
    html = lxml.html.fromstring(page_html(response))
    links = html.xpath(f'//a[@id="add_{field_id}"]/@href')
    return links[0] if links else None


def popup_answer(response):
    """What the popup hands back to the form that opened it (Django's popup_response)."""
    html = lxml.html.fromstring(page_html(response))
    script = html.xpath('//script[@id="django-admin-popup-response-constants"]')
    return json.loads(script[0].get("data-popup-response"))


@pytest.mark.parametrize("who", ["writer_client", "editor_client"])
def test_a_plus_beside_the_byline_s_author_and_the_picture_s_source(request, who):
    client = request.getfixturevalue(who)
    story_form = client.get(STORY_ADD)
    assert story_form.status_code == 200
    assert add_link(story_form, "id_bylines-0-author").startswith(AUTHOR_ADD)
    picture_form = client.get(IMAGE_ADD, {"_popup": 1, "_to_field": "id"})
    assert picture_form.status_code == 200
    assert add_link(picture_form, "id_credit_source").startswith(SOURCE_ADD)


@pytest.mark.parametrize("who", ["writer_client", "editor_client"])
def test_the_author_popup_saves_and_selects_the_new_author(request, who):
    client = request.getfixturevalue(who)
    query = {"_popup": 1, "_to_field": "id"}
    form = client.get(AUTHOR_ADD, query)
    assert form.status_code == 200
    response = client.post(
        f"{AUTHOR_ADD}?_popup=1&_to_field=id",
        {"name": "Ayşe Kaya", "slug": "ayse-kaya", "role": "Columnist", "bio": "", "photo": "",
         "_popup": 1, "_to_field": "id"},
    )  # fmt: skip
    assert response.status_code == 200
    author = Author.objects.get(slug="ayse-kaya")
    answer = popup_answer(response)
    assert (answer["value"], answer["obj"]) == (str(author.pk), "Ayşe Kaya")


@pytest.mark.parametrize("who", ["writer_client", "editor_client"])
def test_the_source_popup_saves_and_selects_the_new_agency(request, who):
    client = request.getfixturevalue(who)
    response = client.post(
        f"{SOURCE_ADD}?_popup=1&_to_field=id",
        {"name": "Reuters", "code": "RTRS", "website": "", "_popup": 1, "_to_field": "id"},
    )
    assert response.status_code == 200
    source = Source.objects.get(code="RTRS")
    answer = popup_answer(response)
    assert (answer["value"], answer["obj"]) == (str(source.pk), "Reuters (RTRS)")


@pytest.mark.parametrize("who", ["writer_client", "editor_client"])
def test_changing_or_deleting_an_author_or_agency_stays_the_producers(request, who):
    client = request.getfixturevalue(who)
    author, source = AuthorFactory(name="Kept Name"), SourceFactory(name="Kept Agency")
    for model, obj, data in [
        ("author", author, {"name": "Renamed", "slug": author.slug}),
        ("source", source, {"name": "Renamed", "code": source.code}),
    ]:
        change = reverse(f"admin:articles_{model}_change", args=[obj.pk])
        delete = reverse(f"admin:articles_{model}_delete", args=[obj.pk])
        assert client.post(change, data).status_code == 403
        assert client.get(delete).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
    author.refresh_from_db(), source.refresh_from_db()
    assert (author.name, source.name) == ("Kept Name", "Kept Agency")
    # Sections are the producers' too: no adding one from the story form.
    assert client.get(reverse("admin:articles_section_add")).status_code == 403
    assert add_link(client.get(STORY_ADD), "id_section") is None


def test_the_author_form_of_a_writer_has_no_staff_account_chooser(writer_client, producer_client):
    # Which staff account an author is needs the list of users, which only who
    # manages people may read: the chooser would answer 403 to anyone else.
    assert 'name="user"' not in page_html(writer_client.get(AUTHOR_ADD))
    assert 'name="user"' not in page_html(producer_client.get(AUTHOR_ADD))
