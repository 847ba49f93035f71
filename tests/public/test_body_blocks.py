"""Pictures, galleries, embedded posts and tables in a story's body, as readers get them:
responsive pictures with caption, credit and alt text; a gallery as a list of figures; an
embed as text and a link with nothing loaded from its provider, whose frames only that
page's policy allows; a table with scopes, caption and its own scroll box."""

import pytest
from django.db.models import ProtectedError
from lxml import html

from articles.body import find_provider
from articles.models import Article
from articles.renditions import make_renditions
from tests.factories import ArticleFactory, ImageFactory, SourceFactory

pytestmark = pytest.mark.django_db

POST = "https://x.com/SecBlinken/status/1733165170000000000"


def picture_block(image, size="column", caption="", href=""):
    link = f' data-href="{href}"' if href else ""
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure data-picture="{image.pk}" data-size="{size}"{link}>{caption}</figure>'


def embed_block(
    url=POST, text="Met with Turkish Foreign Minister Fidan.", author="Secretary Blinken"
):
    return (
        f'<figure data-embed="{url}" data-author="{author}" data-date="2023-12-09">'
        f"<blockquote>{text}</blockquote></figure>"
    )


def page_of(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response, html.fromstring(response.content)


def test_a_picture_in_the_body_is_the_library_picture_with_its_caption_credit_and_alt(client):
    agency = SourceFactory(name="Anadolu", code="AA")
    image = ImageFactory(
        alt_text="Ministers shake hands", caption="Library caption", credit_source=agency
    )
    make_renditions(image)
    story = ArticleFactory(
        body="<p>First.</p>"
        + picture_block(image, size="wide", caption="In Ankara on Friday")
        + "<p>Second.</p>"
    )
    _response, page = page_of(client, story)
    (figure,) = page.xpath(
        "//*[contains(@class,'story__body')]/figure[contains(@class,'body-picture--wide')]"
    )
    img = figure.xpath(".//img")[0]
    assert img.get("alt") == "Ministers shake hands"
    assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
    assert figure.xpath(".//source[@type='image/webp']")
    caption = figure.xpath(".//figcaption")[0].text_content()
    assert "In Ankara on Friday" in caption and "Library caption" not in caption
    assert "AA" in caption or "Anadolu" in caption
    # In reading order, between the paragraphs.
    body = page.xpath("//*[@class='story__body']")[0]
    assert [child.tag for child in body] == ["p", "figure", "p"]


def test_a_picture_without_its_own_caption_has_the_librarys_and_its_link(client):
    image = ImageFactory(caption="Library caption")
    story = ArticleFactory(body=picture_block(image, href="https://example.org/photos"))
    _response, page = page_of(client, story)
    (figure,) = page.xpath("//figure[contains(@class,'body-picture')]")
    assert figure.xpath(".//a[@href='https://example.org/photos']//img")
    assert "Library caption" in figure.xpath(".//figcaption")[0].text_content()


def test_a_picture_in_a_body_cannot_be_deleted_and_is_listed_as_used():
    image = ImageFactory()
    story = ArticleFactory(body=picture_block(image))
    assert list(image.in_bodies.all()) == [story]
    with pytest.raises(ProtectedError):
        image.delete()
    story.body = "<p>No picture now.</p>"
    story.save()
    assert not image.in_bodies.exists()
    image.delete()


def test_a_gallery_is_a_list_of_figures_in_order(client):
    images = [ImageFactory(caption=f"Picture {n}", alt_text=f"Alt {n}") for n in (1, 2, 3)]
    ids = " ".join(str(image.pk) for image in reversed(images))
    story = ArticleFactory(body=f'<p>Text.</p><div data-gallery="{ids}"></div>')
    _response, page = page_of(client, story)
    (gallery,) = page.xpath("//section[@class='gallery'][@data-gallery]")
    assert gallery.get("aria-label") == "Gallery: 3 pictures"
    items = gallery.xpath("./ol/li[@class='gallery__item']/figure")
    assert [item.xpath(".//img")[0].get("alt") for item in items] == ["Alt 3", "Alt 2", "Alt 1"]
    assert [item.xpath(".//figcaption")[0].text_content().strip() for item in items] == [
        "Picture 3", "Picture 2", "Picture 1",
    ]  # fmt: skip
    assert page.xpath("//script[contains(@src,'js/story.js')]")


def test_a_picture_gone_from_the_library_leaves_no_hole(client):
    kept, gone = ImageFactory(), ImageFactory()
    story = ArticleFactory(body=f'<div data-gallery="{kept.pk} {gone.pk}"></div>')
    Article.body_images.through.objects.filter(image=gone).delete()
    gone.delete()
    _response, page = page_of(client, story)
    assert len(page.xpath("//*[@class='gallery__item']")) == 1


def test_an_embed_is_text_and_a_link_and_loads_nothing_from_its_provider(client):
    story = ArticleFactory(body="<p>He said on X:</p>" + embed_block())
    response, page = page_of(client, story)
    (figure,) = page.xpath("//figure[contains(@class,'embed')]")
    assert (
        "Met with Turkish Foreign Minister Fidan."
        in figure.xpath(".//blockquote")[0].text_content()
    )
    assert "Secretary Blinken" in figure.text_content()
    assert figure.xpath(f".//a[@href='{POST}']")
    assert figure.xpath(".//time[@datetime='2023-12-09']")
    # Nothing of the provider's on the page: no frame, script, image or style from it.
    for element in page.iter("iframe", "script", "img", "link", "source"):
        for attribute in ("src", "href", "srcset"):
            value = element.get(attribute) or ""
            assert "twitter" not in value and "x.com" not in value, (element.tag, value)
    # Its frame only once asked for, and only this page allows it.
    assert figure.get("data-embed-frame").startswith("https://platform.twitter.com/embed/")
    assert figure.xpath(".//*[@class='embed__consent'][@hidden]/button[@class='embed__load']")
    policy = response["Content-Security-Policy"]
    assert "frame-src https://platform.twitter.com" in policy
    assert "script-src 'self'" in policy


def test_only_the_page_with_an_embed_allows_its_providers_frames(client):
    with_embed = ArticleFactory(body=embed_block("https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
    without = ArticleFactory(body="<p>Text only.</p>")
    policy = page_of(client, with_embed)[0]["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com;" in policy + ";"
    for address in (without.get_absolute_url(), "/"):
        assert "frame-src" not in client.get(address)["Content-Security-Policy"]
    # A page served from the page cache keeps its own policy.
    again = client.get(with_embed.get_absolute_url())
    assert again["X-Cache"] == "hit"
    assert again["Content-Security-Policy"] == policy


def test_the_policy_follows_the_body_when_an_embed_is_removed(client):
    story = ArticleFactory(body=embed_block())
    assert "frame-src" in page_of(client, story)[0]["Content-Security-Policy"]
    story.body = "<p>The post was deleted.</p>"
    story.save()
    response, page = page_of(client, story)
    assert "frame-src" not in response["Content-Security-Policy"]
    assert not page.xpath("//figure[contains(@class,'embed')]")


@pytest.mark.parametrize(
    ("url", "provider", "frame"),
    [
        (POST, "X", "https://platform.twitter.com/embed/Tweet.html?id=1733165170000000000&dnt=true"),
        ("https://twitter.com/a_b/status/123", "X", "https://platform.twitter.com/embed/Tweet.html?id=123&dnt=true"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.instagram.com/p/C0abcDEF12/", "Instagram", "https://www.instagram.com/p/C0abcDEF12/embed/"),
        ("https://www.facebook.com/StateDept/posts/123", "Facebook",
         "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FStateDept%2Fposts%2F123"),
        ("https://www.tiktok.com/@news/video/7301234567890123456", "TikTok", "https://www.tiktok.com/embed/v2/7301234567890123456"),
        ("https://bsky.app/profile/did:plc:abcdefghijklmnop/post/3kabcde", "Bluesky",
         "https://embed.bsky.app/embed/did:plc:abcdefghijklmnop/app.bsky.feed.post/3kabcde"),
        ("https://bsky.app/profile/news.example/post/3kabcde", "Bluesky", ""),  # a handle: a link only  # noqa: E501
        ("https://mastodon.social/@Gargron/111111111111111111", "Mastodon",
         "https://mastodon.social/@Gargron/111111111111111111/embed"),
    ],
)  # fmt: skip
def test_each_provider_is_recognised_and_gets_its_frame(url, provider, frame):
    found = find_provider(url)
    assert found.provider.name == provider
    assert found.frame == frame


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://example.org/page",
        "ftp://x.com/a/status/1",
        "x.com/a/status/1",
        "",
    ],
)
def test_other_addresses_are_not_providers(url):
    assert find_provider(url) is None


def test_an_embed_from_elsewhere_is_a_link_with_no_frame(client):
    story = ArticleFactory(body=embed_block("https://example.org/statement", text="A statement."))
    response, page = page_of(client, story)
    (figure,) = page.xpath("//figure[contains(@class,'embed')]")
    assert figure.get("data-embed-frame") is None
    assert figure.xpath(".//a[@href='https://example.org/statement']")
    assert not figure.xpath(".//*[@class='embed__consent']")
    assert "frame-src" not in response["Content-Security-Policy"]


def test_a_table_has_scopes_a_caption_and_its_own_scroll_box(client):
    table = (
        '<table data-caption="Results, round 12"><tbody>'
        "<tr><th><p>Team</p></th><th><p>Points</p></th></tr>"
        "<tr><th><p>Galatasaray</p></th><td><p>31</p></td></tr>"
        "<tr><th><p>Fenerbahçe</p></th><td><p>29</p></td></tr>"
        "</tbody></table>"
    )
    story = ArticleFactory(body="<p>The table.</p>" + table)
    _response, page = page_of(client, story)
    (box,) = page.xpath("//*[@class='story__body']//*[@class='table-box']")
    assert box.get("role") == "region" and box.get("tabindex") == "0"
    assert box.get("aria-label") == "Results, round 12"
    assert box.xpath("./table/caption")[0].text_content() == "Results, round 12"
    assert [th.get("scope") for th in box.xpath(".//tr[1]/th")] == ["col", "col"]
    assert [th.get("scope") for th in box.xpath(".//tr[position()>1]/th")] == ["row", "row"]
    assert "data-caption" not in html.tostring(box).decode()


def body_with_everything(agency):
    image = ImageFactory(
        alt_text="Ministers", caption="In Ankara", credit_source=agency, creator="A. Photographer"
    )
    make_renditions(image)
    gallery = [ImageFactory(alt_text=f"Meeting {n}", caption=f"Meeting {n}") for n in (1, 2)]
    ids = " ".join(str(picture.pk) for picture in gallery)
    return image, (
        "<p>Opening.</p>"
        + picture_block(image)
        + f'<div data-gallery="{ids}"></div>'
        + embed_block()
        + '<table data-caption="Results"><tbody><tr><th><p>A</p></th></tr></tbody></table>'
    )


def test_feeds_carry_pictures_as_figures_and_the_embed_as_a_link(client):
    agency = SourceFactory(name="Anadolu", code="AA")
    image, text = body_with_everything(agency)
    ArticleFactory(body=text)
    content = client.get("/feeds/latest/rss/").content.decode()
    from xml.etree import ElementTree

    encoded = (
        ElementTree.fromstring(content)
        .find("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
        .text
    )
    fragment = html.fromstring(f"<div>{encoded}</div>")
    images = fragment.xpath("//figure//img")
    assert [img.get("alt") for img in images] == ["Ministers", "Meeting 1", "Meeting 2"]
    assert all(img.get("src").startswith("http") for img in images)
    assert images[0].get("src").endswith(".jpg")  # a copy without camera metadata
    assert fragment.xpath(f"//blockquote[@cite='{POST}']//a[@href='{POST}']")
    assert "Met with Turkish Foreign Minister Fidan." in encoded
    assert fragment.xpath("//table/caption")
    assert (
        "data-picture" not in encoded and "data-embed" not in encoded and "<iframe" not in encoded
    )


def test_the_content_api_carries_the_same_portable_body(client):
    agency = SourceFactory(name="Anadolu", code="AA")
    _image, text = body_with_everything(agency)
    story = ArticleFactory(body=text)
    item = client.get(f"/api/stories/{story.pk}/").json()
    value = item["bodies"][0]["value"]
    fragment = html.fromstring(f"<div>{value}</div>")
    assert len(fragment.xpath("//figure//img")) == 3
    assert fragment.xpath(f"//a[@href='{POST}']")
    assert "data-gallery" not in value


def test_json_ld_lists_every_picture_with_its_licensing_and_the_embed(client):
    agency = SourceFactory(name="Anadolu", code="AA", photo_license="https://aa.example/license")
    image, text = body_with_everything(agency)
    story = ArticleFactory(body=text)
    _response, page = page_of(client, story)
    import json

    (script,) = page.xpath("//script[@type='application/ld+json'][contains(., 'NewsArticle')]")
    data = json.loads(script.text)
    first = data["image"][0]
    assert first["creditText"] == "Anadolu" and first["license"] == "https://aa.example/license"
    assert first["creator"] == {"@type": "Person", "name": "A. Photographer"}
    assert first["caption"] == "In Ankara"
    assert [picture["caption"] for picture in data["image"][1:]] == ["Meeting 1", "Meeting 2"]
    (citation,) = data["citation"]
    assert citation["url"] == POST and citation["author"]["name"] == "Secretary Blinken"


def test_a_story_page_with_every_block_costs_the_same_queries_as_one_with_one(
    client, django_assert_max_num_queries
):
    agency = SourceFactory(name="Anadolu", code="AA")
    _image, text = body_with_everything(agency)
    story = ArticleFactory(body=text + text.replace("<p>Opening.</p>", "<p>Again.</p>"))
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(20) as queries:
        page_of(client, story)
    image_reads = [q for q in queries.captured_queries if '"articles_image"' in q["sql"]]
    assert len(image_reads) <= 3, [q["sql"] for q in image_reads]


def test_a_library_picture_changed_shows_at_once_on_the_cached_pages_that_show_it(client):
    image = ImageFactory(caption="Old caption")
    gallery = ImageFactory(caption="Old gallery caption")
    story = ArticleFactory(body=picture_block(image) + f'<div data-gallery="{gallery.pk}"></div>')
    assert b"Old caption" in client.get(story.get_absolute_url()).content
    assert b"Old caption" in client.get("/feeds/latest/rss/").content
    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"
    image.caption = "New caption"
    image.save()
    gallery.caption = "New gallery caption"
    gallery.save()
    page = client.get(story.get_absolute_url()).content
    assert b"New caption" in page and b"New gallery caption" in page
    assert b"New caption" in client.get("/feeds/latest/rss/").content
    api = client.get(f"/api/stories/{story.pk}/").json()["bodies"][0]["value"]
    assert "New gallery caption" in api
