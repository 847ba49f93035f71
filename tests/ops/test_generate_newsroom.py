"""The synthetic newsroom of the benchmark (manage.py generate_newsroom), at a small scale."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from articles.richtext import sanitize_body
from tests.factories import ArticleFactory


@pytest.fixture
def newsroom(db):
    call_command("generate_newsroom", stories=50, seed=3, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_makes_a_small_newsroom(newsroom):
    synthetic = Article.objects.filter(slug__startswith="syn-")
    assert synthetic.count() == 50
    assert Section.objects.filter(slug__startswith="syn-").count() == 30
    assert Author.objects.filter(slug__startswith="syn-").count() >= 1
    assert Tag.objects.filter(slug__startswith="syn-").count() >= 1
    for story in synthetic.prefetch_related("tags", "bylines"):
        assert story.section_id
        assert story.bylines.all()
        assert story.tags.all()
        # Stored exactly as the sanitiser leaves it, in paragraphs of 300+ words.
        assert story.body == sanitize_body(story.body)
        assert story.body.startswith("<p>")
        assert len(story.body_plain_text.split()) >= 300
    assert synthetic.filter(hero_image__isnull=False).exists()


def test_published_leaves_out_drafts_and_scheduled_stories(newsroom):
    published = Article.objects.published()
    expected = [s.pk for s in Article.objects.all() if s.is_published]
    assert sorted(published.values_list("pk", flat=True)) == sorted(expected)
    assert published.count() <= 50


def test_a_second_run_refuses_without_replace(newsroom):
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_newsroom", stories=10)
    call_command("generate_newsroom", stories=20, replace=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Article.objects.filter(slug__startswith="syn-").count() == 20


def test_the_home_page_shows_the_generated_stories_at_once(db, client):
    # Bulk inserts send no signals, so they bump no page: the command empties the cache
    # so that a home page cached before it does not hide what it made.
    ArticleFactory(published_at=timezone.now() - timedelta(days=3650))
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    call_command("generate_newsroom", stories=30, seed=9, stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = client.get("/")
    assert after["X-Cache"] == "miss"
    newest = Article.objects.published().newest_first().first()
    assert newest.slug.startswith("syn-")
    assert newest.headline in after.content.decode()


def test_sections_are_unevenly_busy(db):
    # Zipf's law: World takes about a quarter, so that at 100,000 stories its listing
    # reaches the benchmark's page 1,000.
    call_command("generate_newsroom", stories=400, seed=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    sizes = sorted(
        (Article.objects.filter(section=section).count(), section.name)
        for section in Section.objects.filter(slug__startswith="syn-")
    )
    biggest, name = sizes[-1]
    assert name == "World"
    assert 0.18 * 400 <= biggest <= 0.32 * 400
