"""A new story's byline starts with its writer, when the writer has an author page
(Author.user): one name fewer to look up on every story they start."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin_forms import change_url, form_data
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_a_new_story_s_byline_starts_with_its_writer(writer, writer_client):
    own = AuthorFactory(name="Kazim Alam", user=writer)
    page = writer_client.get(reverse("admin:articles_article_add"))
    data = form_data(page)
    assert data["bylines-0-author"] == str(own.pk)
    data.pop("_save")
    section = SectionFactory()
    data.update(section=section.pk, headline="Ferries run again", slug="ferries", _save="Save")
    writer_client.post(reverse("admin:articles_article_add"), data)
    story = Article.objects.get(headline="Ferries run again")
    assert [b.author for b in story.bylines.all()] == [own]

    # Taken out of the byline, the writer stays out; and a story of someone else's
    # keeps its own byline.
    data["bylines-0-author"] = ""
    data.update(headline="Ferries stop again", slug="ferries-stop")
    writer_client.post(reverse("admin:articles_article_add"), data)
    assert not Article.objects.get(headline="Ferries stop again").bylines.exists()
    other = ArticleFactory(authors=[AuthorFactory(name="Esra Alpay")])
    assert "bylines-1-author" not in form_data(writer_client.get(change_url(other)))


def test_a_writer_with_no_author_page_starts_with_an_empty_byline(writer_client):
    data = form_data(writer_client.get(reverse("admin:articles_article_add")))
    assert data.get("bylines-0-author", "") == ""
