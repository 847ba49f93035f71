"""The content model's rules: slugs, reading time, what counts as published, Explore, inserts."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ExplorePick, Image, RelatedItem, Tag
from public.explore import explore
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ExplorePickFactory,
    ImageFactory,
    RelatedItemFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def words(count):
    return " ".join(f"word{n}" for n in range(count))


# --- Slugs: names keep their letters, addresses are ASCII ------------------------------


def test_section_slug_is_ascii_and_kicker_keeps_turkish_capitals():
    section = SectionFactory(name="Türkiye", language="tr")
    assert section.slug == "turkiye"
    assert section.name == "Türkiye"
    assert section.kicker_text == "TÜRKİYE"
    assert section.get_absolute_url() == "/turkiye/"


def test_author_slug_is_ascii():
    assert AuthorFactory(name="Esra Karataş Alpay").slug == "esra-karatas-alpay"
    assert AuthorFactory(name="Işık Karataş").slug == "isik-karatas"


def test_article_slug_is_ascii_and_drops_typographic_quotes():
    story = ArticleFactory(
        headline="Blinken underlines ‘continued coordination’ after meeting with Cavusoglu"
    )
    assert story.slug == "blinken-underlines-continued-coordination-after-meeting-with-cavusoglu"


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        (
            "US to host Turkish FM to discuss F-16 deal and Sweden's NATO bid",
            "us-to-host-turkish-fm-to-discuss-f-16-deal-and-swedens-nato-bid",
        ),
        (
            "US envoy says ‘Turkish Airlines–Boeing deal is done’",
            "us-envoy-says-turkish-airlines-boeing-deal-is-done",
        ),
    ],
)
def test_article_slug_keeps_words_whole(headline, slug):
    assert ArticleFactory(headline=headline).slug == slug


def test_tag_slug_is_ascii():
    story = ArticleFactory(tags=["Türkiye", "Karataş"])
    assert {tag.slug for tag in story.tags.all()} == {"turkiye", "karatas"}
    assert Tag.objects.get(slug="turkiye").name == "Türkiye"


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("الأمم المتحدة تدعو إلى وقف إطلاق النار", "lmm-lmthdh-tdw-la-wqf-tlq-lnr"),
        ("Москва принимает саммит по климату", "moskva-prinimaet-sammit-po-klimatu"),
        ("Εκλογές στην Ελλάδα", "ekloges-stin-ellada"),
        ("Çavuşoğlu Işık'la görüştü", "cavusoglu-isikla-gorustu"),
    ],
)
def test_a_headline_in_any_script_gives_a_readable_ascii_slug(headline, slug):
    # Arabic, Cyrillic, Greek and Turkish: transliterated, never a numbered placeholder.
    assert ArticleFactory(headline=headline).slug == slug


def test_sections_tags_and_authors_in_any_script_get_ascii_slugs():
    assert SectionFactory(name="Спорт").slug == "sport"
    assert AuthorFactory(name="Ελένη Κατσαρή").slug == "eleni-katsari"
    story = ArticleFactory(tags=["الاقتصاد", "Экономика"])
    assert {tag.slug for tag in story.tags.all()} == {"lqtsd", "ekonomika"}


def test_tags_are_case_insensitive():
    ArticleFactory(tags=["NATO"])
    ArticleFactory(tags=["nato"])
    assert Tag.objects.count() == 1


# --- Reading time: 200 words a minute, rounded up, at least one minute -------------------


@pytest.mark.parametrize(
    ("word_count", "minutes"),
    [(0, 1), (1, 1), (200, 1), (201, 2), (230, 2), (400, 2), (401, 3)],
)
def test_reading_time(word_count, minutes):
    story = ArticleFactory.build(body=f"<p>{words(word_count)}</p>")
    assert story.reading_minutes == minutes


def test_reading_time_counts_words_not_markup():
    # 200 words spread over many elements: the tags are not words.
    body = "".join(f"<p><strong>{words(10)}</strong></p>" for _ in range(20))
    assert ArticleFactory.build(body=body).reading_minutes == 1


def test_reading_time_counts_words_either_side_of_a_paragraph_break():
    # "…end</p><p>Start…" is two words, not "endStart": 201 words read in 2 minutes.
    body = f"<p>{words(150)}</p><p>{words(51)}</p>"
    assert ArticleFactory.build(body=body).reading_minutes == 2


# --- published(): status and time ------------------------------------------------------


def test_published_excludes_drafts_and_scheduled_stories():
    live = ArticleFactory(published=True)
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    published = set(Article.objects.published())
    assert live in published
    assert draft not in published
    assert scheduled not in published
    assert live.is_published and not draft.is_published and not scheduled.is_published


def test_scheduled_story_appears_once_its_time_comes(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    story = ArticleFactory(published_at=timezone.now() + timedelta(hours=2))
    assert story not in Article.objects.published()

    time_machine.shift(timedelta(hours=1, minutes=59))
    assert story not in Article.objects.published()

    time_machine.shift(timedelta(minutes=1))
    assert story in Article.objects.published()
    assert story.is_published


def test_publishing_without_a_time_publishes_now():
    story = ArticleFactory(draft=True)
    story.status = Article.Status.PUBLISHED
    story.save()
    assert story.published_at is not None
    assert story in Article.objects.published()


# --- What the database itself refuses ---------------------------------------------------


def refused_by_database(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_published_story_needs_a_publication_time():
    story = ArticleFactory(draft=True)
    # update() skips save(), so only the database constraint can stop this.
    refused_by_database(
        lambda: Article.objects.filter(pk=story.pk).update(status="published", published_at=None)
    )


def test_update_time_cannot_come_before_publication():
    story = ArticleFactory()
    refused_by_database(
        lambda: Article.objects.filter(pk=story.pk).update(
            updated_at=story.published_at - timedelta(minutes=1)
        )
    )


def test_image_needs_alt_text():
    image = ImageFactory()
    refused_by_database(lambda: Image.objects.filter(pk=image.pk).update(alt_text=""))


def test_story_cannot_pick_itself_for_explore():
    story = ArticleFactory()
    refused_by_database(lambda: ExplorePick.objects.create(article=story, picked=story))


def test_related_item_is_a_story_or_a_url_not_both():
    story, other = ArticleFactory(), ArticleFactory()
    refused_by_database(
        lambda: RelatedItem.objects.create(article=story, target=other, url="https://example.org/")
    )
    refused_by_database(lambda: RelatedItem.objects.create(article=story))


# --- Explore: editors' picks, then shared tags, then newest --------------------------------


def test_explore_fills_after_picks_with_shared_tags_then_newest():
    now = timezone.now()

    def story(hours_ago, **kwargs):
        return ArticleFactory(published_at=now - timedelta(hours=hours_ago), **kwargs)

    # The story itself is the newest of all, so "newest" alone would pick it.
    this = story(0.5, tags=["NATO", "Türkiye"])
    picked_second, picked_first = story(50), story(40)
    ExplorePick.objects.create(article=this, picked=picked_first, position=1)
    ExplorePick.objects.create(article=this, picked=picked_second, position=2)
    # A pick that was unpublished later is skipped, not shown.
    ExplorePickFactory(article=this, picked=ArticleFactory(draft=True), position=3)

    shares_two = story(30, tags=["NATO", "Türkiye"])
    shares_one = story(20, tags=["NATO"])
    newest = story(1)
    second_newest = story(2)
    story(3)  # older, no shared tag: does not make the list of six
    ArticleFactory(draft=True, tags=["NATO", "Türkiye"])
    ArticleFactory(scheduled=True, tags=["NATO", "Türkiye"])

    assert explore(this, size=6).cards == [
        picked_first,
        picked_second,
        shares_two,
        shares_one,
        newest,
        second_newest,
    ]


def test_explore_never_holds_drafts_scheduled_or_the_story_itself():
    this = ArticleFactory()
    others = ArticleFactory.create_batch(3)
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    listed = explore(this, size=10).cards
    assert set(listed) == set(others)


def test_explore_of_an_untagged_story_is_newest_first():
    now = timezone.now()
    this = ArticleFactory(published_at=now - timedelta(hours=5))
    older = ArticleFactory(published_at=now - timedelta(hours=3))
    newer = ArticleFactory(published_at=now - timedelta(hours=2))
    assert explore(this, size=5).cards == [newer, older]


def test_explore_stops_at_its_size():
    # Even when editors picked more stories than the list holds.
    this = ArticleFactory()
    picks = ArticleFactory.create_batch(3)
    for position, picked in enumerate(picks):
        ExplorePick.objects.create(article=this, picked=picked, position=position)
    ArticleFactory.create_batch(2)
    assert explore(this, size=2).cards == picks[:2]


# --- Body inserts: READ MORE and Recommended where the editor put them --------------------


def test_body_with_inserts_places_items_between_blocks():
    story = ArticleFactory(body="<p>One</p><h2>Sub</h2><p>Two</p><ul><li>a</li><li>b</li></ul>")
    before = RelatedItemFactory(article=story, after_block=0)
    after_heading = RelatedItemFactory(
        article=story, after_block=2, kind=RelatedItem.Kind.RECOMMENDED
    )
    at_end = RelatedItem.objects.create(
        article=story, after_block=99, url="https://example.org/elsewhere", title="Elsewhere"
    )
    RelatedItemFactory(article=story, after_block=1, target=ArticleFactory(draft=True))
    RelatedItemFactory(article=story, after_block=1, target=ArticleFactory(scheduled=True))

    assert story.body_with_inserts() == [
        ("insert", before),
        ("html", "<p>One</p>"),
        ("html", "<h2>Sub</h2>"),
        ("insert", after_heading),
        ("html", "<p>Two</p>"),
        ("html", "<ul><li>a</li><li>b</li></ul>"),
        ("insert", at_end),
    ]


def test_related_item_link_text_and_address():
    target = ArticleFactory(headline="US to host Turkish FM")
    item = RelatedItemFactory(target=target)
    assert item.link_text == "US to host Turkish FM"
    assert item.href == target.get_absolute_url()
    external = RelatedItem(url="https://example.org/x", title="Elsewhere")
    assert (external.link_text, external.href) == ("Elsewhere", "https://example.org/x")
