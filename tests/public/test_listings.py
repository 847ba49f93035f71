"""Tag, author and source pages (and what they share with section pages): published
stories only, newest first, a page at a time, with canonical and prev/next links; and
the links that lead readers to them from stories (tags, bylines)."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

HIDDEN = ["Draft story", "Story in review", "Embargoed story", "Scheduled story", "Pulled story"]


class _Elements(HTMLParser):
    """Every element's attributes, by tag name, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(response, tag):
    parser = _Elements()
    parser.feed(page_html(response))
    return [attrs for name, attrs in parser.found if name == tag]


def head_links(response):
    """The <link> elements of a page (all of them live in its head)."""
    return elements(response, "link")


def link_rel(response, rel):
    return [link["href"] for link in head_links(response) if link.get("rel") == rel]


def hide_beside(**common):
    """Stories readers may not see, sharing the subject of the page under test."""
    tomorrow = timezone.now() + timedelta(days=1)
    ArticleFactory(headline=HIDDEN[0], draft=True, **common)
    ArticleFactory(headline=HIDDEN[1], status=Article.Status.IN_REVIEW, **common)
    ArticleFactory(
        headline=HIDDEN[2],
        status=Article.Status.APPROVED,
        published_at=None,
        embargo_until=tomorrow,
        **common,
    )
    ArticleFactory(headline=HIDDEN[3], scheduled=True, **common)
    ArticleFactory(headline=HIDDEN[4], status=Article.Status.UNPUBLISHED, **common)


def headlines(response):
    """The headlines of a listing's cards, in order."""
    return re.findall(r'<a class="card__link" href="[^"]*">([^<]*)</a>', page_html(response))


def test_listing_addresses():
    assert reverse("articles:tag", kwargs={"slug": "nato"}) == "/tag/nato/"
    assert reverse("articles:author", kwargs={"slug": "kazim-alam"}) == "/author/kazim-alam/"
    assert reverse("articles:source", kwargs={"code": "aa"}) == "/source/aa/"


# Tag pages ------------------------------------------------------------------


def test_tag_page_lists_its_published_stories_newest_first(client):
    tag = TagFactory(name="NATO")
    now = timezone.now()
    older = ArticleFactory(tags=[tag], published_at=now - timedelta(days=2))
    newer = ArticleFactory(tags=[tag], published_at=now - timedelta(hours=2))
    untagged = ArticleFactory(tags=["Oil"])
    hide_beside(tags=[tag])

    response = client.get("/tag/nato/")
    assert response.status_code == 200
    assert headlines(response) == [newer.headline, older.headline]
    text = page_text(response)
    assert "NATO" in text
    assert untagged.headline not in text
    for headline in HIDDEN:
        assert headline not in page_html(response)
    assert [h1 for h1 in elements(response, "h1")] == [{"class": "section-header__name"}]
    assert "<title>NATO | Newsroom</title>" in page_html(response)
    # Cards on a tag page name their section.
    assert newer.section.kicker_text in text


def test_tag_page_without_published_stories_is_not_found(client):
    # Until its first story is out: an embargoed story's new tag must not give it away.
    tag = TagFactory(name="Quiet topic")
    ArticleFactory(tags=[tag], draft=True)
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 404
    assert "Quiet topic" not in page_text(response)


def test_section_page_without_published_stories_says_so(client):
    # A section is part of the site's navigation: its page stands without a story.
    section = SectionFactory(name="Science")
    ArticleFactory(section=section, draft=True)
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert "No stories in Science yet." in page_text(response)


# Author pages ---------------------------------------------------------------


def test_author_page_shows_photo_role_bio_and_stories(client):
    photo = ImageFactory(alt_text="Kazim Alam, head and shoulders")
    author = AuthorFactory(
        name="Kazim Alam", role="Diplomatic editor", bio="Covers Ankara.\n\nBefore that, Kabul."
    )
    author.photo = photo
    author.save()
    mine = ArticleFactory(authors=[AuthorFactory(name="Ann Other"), author])
    theirs = ArticleFactory(authors=[AuthorFactory()])
    hide_beside(authors=[author])

    response = client.get("/author/kazim-alam/")
    assert response.status_code == 200
    text = page_text(response)
    assert re.search(r"Kazim Alam Diplomatic editor Covers Ankara\. Before that, Kabul\.", text)
    (img,) = [img for img in elements(response, "img") if img.get("class") == "author__photo"]
    assert img["src"] == photo.file.url
    assert img["alt"] == "Kazim Alam, head and shoulders"
    assert (img["width"], img["height"]) == ("48", "32")
    assert headlines(response) == [mine.headline]
    assert "By Ann Other and Kazim Alam" in text
    assert theirs.headline not in text
    for headline in HIDDEN:
        assert headline not in page_html(response)


def test_author_page_without_photo(client):
    author = AuthorFactory(name="New Hire")
    ArticleFactory(authors=[author])
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert not [img for img in elements(response, "img") if img.get("class") == "author__photo"]


def test_author_page_without_published_stories_is_not_found(client):
    author = AuthorFactory(name="New Hire")
    ArticleFactory(authors=[author], scheduled=True)
    response = client.get(author.get_absolute_url())
    assert response.status_code == 404
    assert "New Hire" not in page_text(response)


# Source pages ---------------------------------------------------------------


def test_source_page_lists_the_agency_s_stories(client):
    agency = SourceFactory(name="Anadolu Agency", code="AA", website="https://www.aa.com.tr/en")
    mine = ArticleFactory(sources=[SourceFactory(), agency])
    theirs = ArticleFactory(sources=[SourceFactory()])
    hide_beside(sources=[agency])

    response = client.get("/source/aa/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Anadolu Agency" in text
    assert headlines(response) == [mine.headline]
    assert theirs.headline not in text
    for headline in HIDDEN:
        assert headline not in page_html(response)


@pytest.mark.parametrize("typed", ["AA", "Aa"])
def test_source_codes_are_matched_in_any_case(client, typed):
    ArticleFactory(sources=[SourceFactory(code="AA")])
    response = client.get(f"/source/{typed}/", {"page": "1"})
    assert response.status_code == 301
    assert response["Location"] == "/source/aa/?page=1"


def test_source_codes_may_hold_any_character(client):
    agency = SourceFactory(name="Agence France-Presse / Getty", code="AFP/Getty")
    story = ArticleFactory(sources=[agency])
    url = agency.get_absolute_url()
    assert url == "/source/afp/getty/"
    assert headlines(client.get(url)) == [story.headline]


# Every listing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/tag/no-such-tag/",
        "/author/no-such-author/",
        "/source/no-such-agency/",
        "/tag/",
        "/author/",
        "/source/",
    ],
)
def test_unknown_subjects_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.fixture
def crowded():
    """Twenty-five stories sharing a section, tag, author and source: two pages each."""
    section, tag = SectionFactory(name="Economy"), TagFactory(name="Trade")
    author, agency = AuthorFactory(name="Busy Writer"), SourceFactory(code="BW")
    start = timezone.now() - timedelta(days=3)
    stories = [
        ArticleFactory(
            section=section,
            tags=[tag],
            authors=[author],
            sources=[agency],
            published_at=start + timedelta(minutes=n),
        )
        for n in range(25)
    ]
    return {
        "urls": [s.get_absolute_url() for s in (section, tag, author, agency)],
        "newest_first": [story.headline for story in reversed(stories)],
    }


def test_listings_paginate_newest_first(client, crowded):
    size = 20
    for url in crowded["urls"]:
        first = client.get(url)
        second = client.get(url, {"page": 2})
        assert headlines(first) == crowded["newest_first"][:size], url
        assert headlines(second) == crowded["newest_first"][size:], url
        assert "Page 1 of 2" in page_text(first)
        assert re.search(r'<a [^>]*rel="next"[^>]*href="\?page=2"', page_html(first))
        assert re.search(rf'<a [^>]*rel="prev"[^>]*href="{url}"', page_html(second))


def test_listings_give_canonical_and_neighbour_links(client, crowded):
    for url in crowded["urls"]:
        absolute = f"{settings.NEWSROOM_SITE_URL}{url}"
        first = client.get(url)
        assert link_rel(first, "canonical") == [absolute], url
        assert link_rel(first, "prev") == []
        assert link_rel(first, "next") == [f"{absolute}?page=2"]
        second = client.get(url, {"page": 2})
        assert link_rel(second, "canonical") == [f"{absolute}?page=2"], url
        assert link_rel(second, "prev") == [absolute]
        assert link_rel(second, "next") == []


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999"])
def test_odd_page_numbers_are_not_found(client, crowded, page):
    for url in crowded["urls"]:
        assert client.get(url, {"page": page}).status_code == 404, (url, page)


def test_deep_pages_list_every_story_once_newest_first(client, monkeypatch):
    # Pages are read ids first (listings.IdsFirstPaginator): small pages make many of
    # them, with ties in time (broken by the newest id) and hidden stories around.
    from public.listings import ListingMixin

    monkeypatch.setattr(ListingMixin, "paginate_by", 3)
    section, tag = SectionFactory(), TagFactory()
    start = timezone.now() - timedelta(days=1)
    stories = [
        ArticleFactory(section=section, tags=[tag], published_at=start + timedelta(hours=n // 2))
        for n in range(10)
    ]
    hide_beside(section=section, tags=[tag])
    ArticleFactory(tags=[tag])  # another section's story: on the tag's pages only
    newest_first = [s.headline for s in sorted(stories, key=lambda s: (s.published_at, s.pk))]
    newest_first.reverse()
    url = section.get_absolute_url()
    pages = [headlines(client.get(url, {"page": n})) for n in range(1, 5)]
    assert pages == [newest_first[n : n + 3] for n in range(0, 10, 3)]
    assert "Page 4 of 4" in page_text(client.get(url, {"page": 4}))
    assert client.get(url, {"page": 5}).status_code == 404
    tag_pages = [headlines(client.get(tag.get_absolute_url(), {"page": n})) for n in (1, 2, 3, 4)]
    assert sum(len(page) for page in tag_pages) == 11


def test_a_scheduled_story_joins_the_listings_when_its_time_comes(client, time_machine):
    section, tag = SectionFactory(), TagFactory()
    author, agency = AuthorFactory(), SourceFactory()
    story = ArticleFactory(
        section=section, tags=[tag], authors=[author], sources=[agency], scheduled=True
    )
    urls = [s.get_absolute_url() for s in (section, tag, author, agency)]
    assert headlines(client.get(urls[0])) == []
    # A tag, an author or an agency is not public before its first story is.
    assert [client.get(url).status_code for url in urls[1:]] == [404, 404, 404]
    time_machine.move_to(story.published_at + timedelta(minutes=1))
    assert all(headlines(client.get(url)) == [story.headline] for url in urls)


# Links from stories --------------------------------------------------------------


def test_story_tags_link_to_tag_pages(client):
    story = ArticleFactory(tags=["NATO", "Foreign policy"])
    html = page_html(client.get(story.get_absolute_url()))
    tags = re.findall(r'<li class="tag"><a href="([^"]+)" rel="tag">([^<]+)</a></li>', html)
    assert sorted(tags) == [("/tag/foreign-policy/", "Foreign policy"), ("/tag/nato/", "NATO")]
    for href, _name in tags:
        assert client.get(href).status_code == 200


def test_bylines_link_to_author_pages(client):
    first, second, third = (AuthorFactory(name=n) for n in ("Ann One", "Bo Two", "Cy Three"))
    story = ArticleFactory(authors=[first, second, third])
    for url in [story.get_absolute_url(), "/", story.section.get_absolute_url()]:
        response = client.get(url)
        # page_text spaces every tag's edges; a browser shows "Ann One, Bo Two".
        text = re.sub(r" ,", ",", page_text(response))
        assert "By Ann One, Bo Two and Cy Three" in text, url
        links = re.findall(
            r'<a href="(/author/[^"]+)" rel="author">([^<]+)</a>', page_html(response)
        )
        assert links == [(a.get_absolute_url(), a.name) for a in (first, second, third)], url


# Query budgets ---------------------------------------------------------------

# The budget for a listing (docs/performance.md). Measured: 6 — the subject, the
# paginator's count, the page's ids, those stories (with section and picture), their
# bylines and the pictures' renditions; the section navigation is kept in the cache
# (context_processors.py).
LISTING_PAGE_BUDGET = 8


def test_listing_queries_are_fixed(client, django_assert_max_num_queries, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the page's own cost, not a cache hit's
    section, tag = SectionFactory(), TagFactory()
    author, agency = AuthorFactory(photo=ImageFactory()), SourceFactory()
    urls = [s.get_absolute_url() for s in (section, tag, author, agency)]

    def add(count):
        for _ in range(count):
            ArticleFactory(
                section=section,
                tags=[tag, TagFactory()],
                authors=[author, AuthorFactory()],
                sources=[agency, SourceFactory()],
                hero_image=ImageFactory(credit_source=SourceFactory()),
            )

    def measure():
        counts = []
        for url in urls:
            client.get(url)  # warm up: first-request caches are not the page's cost
            with django_assert_max_num_queries(LISTING_PAGE_BUDGET) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    add(1)
    few = measure()
    add(24)  # past a page: the second page is not drawn, the count stays
    assert measure() == few


def test_the_number_of_pages_follows_publication_at_once(
    client, settings, monkeypatch, time_machine
):
    # The listing's count is kept until its list changes (public/listings.py): a story
    # published, scheduled coming due or unpublished changes it at once. The page cache is
    # off here, so that only the kept count could be stale.
    from public.listings import TagView

    settings.NEWSROOM_PAGE_CACHE = False
    monkeypatch.setattr(TagView, "paginate_by", 1)
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    tag = TagFactory(name="Floods")
    url = reverse("articles:tag", kwargs={"slug": tag.slug})

    def pages():
        return re.search(r"Page 1 of (\d+)", page_text(client.get(url))).group(1)

    ArticleFactory(published_at=now - timedelta(hours=2)).tags.add(tag)
    ArticleFactory(published_at=now - timedelta(hours=1)).tags.add(tag)
    assert pages() == "2"
    assert pages() == "2"
    newest = ArticleFactory(published_at=now - timedelta(minutes=1))
    newest.tags.add(tag)
    assert pages() == "3"
    ArticleFactory(published_at=now + timedelta(minutes=2)).tags.add(tag)  # scheduled
    assert pages() == "3"
    time_machine.move_to(now + timedelta(minutes=3), tick=False)
    assert pages() == "4"
    newest.status = Article.Status.UNPUBLISHED
    newest.save()
    assert pages() == "3"
    assert client.get(url, {"page": 4}).status_code == 404
