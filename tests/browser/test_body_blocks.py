"""Pictures, a gallery, an embedded post and a table put in a story's text from the
toolbar, kept through editing, and on the reader's page with nothing loaded from the
post's provider until the reader asks (issue 20)."""

from urllib.parse import urlsplit

import pytest

from articles.models import Article
from articles.renditions import make_renditions
from tests.browser.admin_ui import expect
from tests.browser.test_related_links import open_story, save
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POST = "https://x.com/SecBlinken/status/1733165170000000000"
QUOTE = "Productive meeting with Turkish Foreign Minister Fidan in Washington."
FIRST = "The ministers met for two hours on Wednesday."
SECOND = "They agreed on continued coordination in the region."


@pytest.fixture
def pictures():
    found = []
    for number, alt in enumerate(["Ministers shake hands", "Press conference", "Delegations"]):
        image = ImageFactory(alt_text=alt, caption=f"Meeting photo {number + 1}", credit_text="AA")
        make_renditions(image)
        found.append(image)
    return found


def pick_picture(dialog, typed, alt):
    dialog.get_by_label("Find a picture in the library").press_sequentially(typed)
    dialog.get_by_role("button", name=alt, exact=True).click()


def test_every_block_is_kept_when_a_story_is_edited(browsers, editor, pictures):
    ids = " ".join(str(image.pk) for image in pictures)
    text = (
        f"<p>{FIRST}</p>"
        f'<figure data-picture="{pictures[0].pk}" data-size="wide"><figcaption>In Ankara</figcaption></figure>'  # noqa: E501
        f'<div data-gallery="{ids}"></div>'
        f'<figure data-embed="{POST}" data-author="Secretary Blinken" data-date="2023-12-09">'
        f"<blockquote>{QUOTE}</blockquote></figure>"
        '<table data-caption="Results"><tbody><tr><th><p>Team</p></th>'
        "<th><p>Points</p></th></tr></tbody></table>"
        f"<p>{SECOND}</p>"
    )
    story = ArticleFactory(body=text)
    desk, body = open_story(browsers, story)
    expect(body.box.get_by_role("group", name="Picture: In Ankara")).to_be_visible()
    expect(body.box.get_by_role("group", name="Gallery: 3")).to_be_visible()
    expect(body.box.get_by_role("group", name="Embedded post: X")).to_be_visible()
    expect(body.box.locator("table th", has_text="Points")).to_be_visible()
    body.box.get_by_text(SECOND).click()
    body.page.keyboard.press("End")
    body.type(" More.")
    expect(body.box.get_by_text(f"{SECOND} More.")).to_be_visible()
    save(desk)
    story.refresh_from_db()
    assert story.body == text.replace(f"{SECOND}</p>", f"{SECOND} More.</p>")


def test_pictures_a_gallery_and_a_post_put_in_from_the_toolbar_reach_the_reader(
    browsers, editor, pictures
):
    story = ArticleFactory(headline="Ministers meet", body=f"<p>{FIRST}</p><p>{SECOND}</p>")
    desk, body = open_story(browsers, story)

    body.box.get_by_text(FIRST).click()
    body.toolbar.get_by_role("button", name="Picture", exact=True).click()
    dialog = desk.get_by_role("dialog", name="Insert a picture")
    pick_picture(dialog, "shake", "Ministers shake hands")
    dialog.get_by_label("Caption in this story").fill("The two ministers in Washington")
    dialog.get_by_label("Size").select_option("wide")
    dialog.get_by_role("button", name="Insert", exact=True).click()
    expect(
        body.box.get_by_role("group", name="Picture: The two ministers in Washington")
    ).to_be_visible()

    body.box.get_by_text(SECOND).click()
    body.toolbar.get_by_role("button", name="Gallery", exact=True).click()
    dialog = desk.get_by_role("dialog", name="Insert a gallery")
    for typed, alt in [
        ("Press", "Press conference"),
        ("Deleg", "Delegations"),
        ("shake", "Ministers shake hands"),
    ]:  # noqa: E501
        dialog.get_by_label("Find a picture in the library").fill("")
        pick_picture(dialog, typed, alt)
    dialog.get_by_role("button", name="Insert", exact=True).click()
    expect(body.box.get_by_role("group", name="Gallery: 3")).to_be_visible()

    body.box.get_by_text(SECOND).click()
    body.toolbar.get_by_role("button", name="Embed", exact=True).click()
    dialog = desk.get_by_role("dialog", name="Embed a post or video")
    dialog.get_by_label("Address of the post or video").fill(POST)
    expect(dialog).to_contain_text("From: X")
    dialog.get_by_label("What it says").fill(QUOTE)
    dialog.get_by_label("Who posted it").fill("Secretary Blinken")
    dialog.get_by_role("button", name="Insert", exact=True).click()
    expect(body.box.get_by_role("group", name="Embedded post: X")).to_be_visible()
    save(desk)

    story.refresh_from_db()
    assert story.body.count("data-picture=") == 1 and "data-gallery=" in story.body
    assert set(story.body_images.all()) == set(pictures)

    # The reader: every picture with its caption, credit and alt text, the post as text,
    # and not one request to another host until the reader asks for the post.
    reader = browsers.open("reader")
    hosts = []
    reader.on("request", lambda request: hosts.append(urlsplit(request.url).hostname))
    reader.route("https://platform.twitter.com/**", lambda route: route.abort())
    reader.goto(story.get_absolute_url())
    reader.wait_for_load_state("networkidle")
    figure = reader.locator("figure.body-picture--wide")
    expect(figure.get_by_role("img", name="Ministers shake hands")).to_be_visible()
    expect(figure.locator("figcaption")).to_have_text("The two ministers in Washington / AA")
    gallery = reader.get_by_role("region", name="Gallery: 3 pictures")
    expect(gallery.locator(".gallery__status")).to_have_text("1 of 3")
    gallery.get_by_role("button", name="Next picture").click()
    expect(gallery.locator(".gallery__status")).to_have_text("2 of 3")
    expect(reader.locator("figure.embed blockquote")).to_have_text(QUOTE)
    local = urlsplit(reader.url).hostname
    assert set(hosts) == {local}, hosts

    reader.get_by_role("button", name="Show it from X").click()
    expect(reader.locator("iframe.embed__frame")).to_have_attribute(
        "src", "https://platform.twitter.com/embed/Tweet.html?id=1733165170000000000&dnt=true"
    )
    reader.wait_for_timeout(300)
    assert "platform.twitter.com" in hosts
    assert Article.objects.get(pk=story.pk).frame_origins == "https://platform.twitter.com"
