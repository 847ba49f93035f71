"""A story from the writer's first word to the reader's screen, click by click.

A writer writes it in the rich-text editor, places a READ MORE link in the text,
uploads its picture, picks section, byline, source and tags and submits it; an editor finds it
waiting, previews, approves and publishes it; a reader with no account finds it
from the home page and sees every part of it.
"""

import re

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

from tests.browser.admin_ui import (
    Body,
    choose,
    expect,
    log_in,
    message,
    state_of,
    story_row,
    tag,
    workflow_step,
)
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TagFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Blinken underlines continued coordination after meeting Cavusoglu"
STANDFIRST = "The two ministers met in Washington to discuss the war in Ukraine."
OPENING = "The ministers met for two hours on Wednesday and agreed on "
BOLD = "continued coordination"
SUBHEADING = "Grain corridor"
LINK_TEXT = "the joint statement"
LINK_URL = "https://example.org/joint-statement"
ALT_TEXT = "Antony Blinken and Mevlut Cavusoglu shake hands at the State Department"
CAPTION = "Blinken and Cavusoglu before their talks in Washington."
EARLIER = "Ankara and Washington resume talks on fighter jets"


@pytest.fixture
def earlier_story():
    """What producers set up before the day (a section, a writer's byline, an agency) and
    an earlier story to link to, which this returns."""
    SectionFactory(name="World")
    AuthorFactory(name="Kazim Alam")
    SourceFactory(name="Anadolu Agency", code="AA")
    TagFactory(name="NATO")
    return ArticleFactory(headline=EARLIER, section=SectionFactory(name="Turkiye"))


@pytest.fixture
def photo(tmp_path):
    """A real PNG, as a photo desk would hand it over."""
    path = tmp_path / "blinken-cavusoglu.png"
    picture = PILImage.new("RGB", (1200, 675), "steelblue")
    ImageDraw.Draw(picture).ellipse((450, 190, 750, 490), fill="gold")
    picture.save(path, format="PNG")
    return path


def write_the_story(page, photo):
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name="Add article").click()

    choose(page, "id_section", "Wor", "World")
    page.get_by_label("Headline:").fill(HEADLINE)
    page.get_by_label("Standfirst:").fill(STANDFIRST)

    body = Body(page)
    body.start()
    body.type(OPENING)
    body.bold(BOLD)
    body.type(" in the region.")
    body.new_paragraph()
    body.subheading(SUBHEADING)
    body.new_paragraph()
    body.type("Both sides praised the grain deal; read ")
    body.link(LINK_TEXT, LINK_URL)
    body.type(" for the details.")
    # The READ MORE link goes in with the toolbar, after the first paragraph.
    body.related(OPENING, story=EARLIER, typed="fighter jets")

    # The picture is uploaded from the story form, in the admin's pop-up window.
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Add another image").click()
    upload = opened.value
    upload.get_by_role("group", name="File:").locator("input[type=file]").set_input_files(photo)
    upload.get_by_label("Alt text:").fill(ALT_TEXT)
    with upload.expect_event("close"):  # the pop-up closes itself once the image is saved
        upload.get_by_role("button", name="Save").first.click()
    expect(page.locator("#id_hero_image + .select2")).to_contain_text(ALT_TEXT)
    page.get_by_label("Hero caption:").fill(CAPTION)

    tag(page, "id_tags", "nat", "NATO")  # an existing tag, suggested as the writer types
    tag(page, "id_tags", "Ukraine")  # a new one
    choose(page, "id_bylines-0-author", "Kazim", "Kazim Alam")
    page.get_by_role("button", name="Add another Source").click()
    choose(page, "id_article_sources-0-source", "Anadolu", "Anadolu Agency")

    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(message(page, "was added successfully")).to_be_visible()


def test_a_story_goes_from_the_writer_through_the_editor_to_the_reader(
    browsers, writer, editor, earlier_story, photo
):
    earlier = earlier_story

    # --- the writer -------------------------------------------------------------------
    desk = browsers.open("writer")
    log_in(desk, "writer")
    write_the_story(desk, photo)
    story_row(desk.locator("#result_list"), HEADLINE).click()
    expect(state_of(desk)).to_have_text("Draft")
    workflow_step(desk, "Submit for review")
    expect(message(desk, "now in review")).to_be_visible()
    expect(state_of(desk)).to_have_text("In review")

    # --- the editor -------------------------------------------------------------------
    chief = browsers.open("editor")
    log_in(chief, "editor")
    waiting = chief.get_by_role("table", name="Waiting for review")
    story_row(waiting, HEADLINE).click()
    with chief.expect_popup() as opened:
        chief.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    expect(preview.get_by_text("PREVIEW")).to_be_visible()
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.locator(".story__body strong")).to_have_text(BOLD)
    preview.close()
    workflow_step(chief, "Approve")
    expect(state_of(chief)).to_have_text("Approved")
    workflow_step(chief, "Publish or schedule")
    expect(message(chief, "now published")).to_be_visible()
    expect(state_of(chief)).to_have_text("Published")

    # --- the reader: no account, no cookies ---------------------------------------------
    reader = browsers.open("reader")
    reader.goto("/")
    reader.get_by_role("navigation", name="Sections", exact=True).get_by_role(
        "link", name="World"
    ).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("World")
    reader.get_by_role("main").get_by_role("link", name=HEADLINE).first.click()

    story = reader.locator("article.story")
    expect(story.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(story.locator(".story__standfirst")).to_have_text(STANDFIRST)
    picture = story.locator("figure.story__hero img")
    expect(picture).to_have_attribute("alt", ALT_TEXT)
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") > 0, "the picture did not load"
    expect(story.locator("figure.story__hero figcaption")).to_have_text(CAPTION)
    expect(story.locator(".byline")).to_have_text("By Kazim Alam")
    expect(story.locator(".story__source")).to_have_text("SOURCE: AA")
    expect(story.get_by_role("list", name="Tags").get_by_role("link")).to_have_text(
        ["NATO", "Ukraine"]
    )

    body = story.locator(".story__body")
    expect(body.locator("p").first).to_have_text(f"{OPENING}{BOLD} in the region.")
    expect(body.locator("strong")).to_have_text(BOLD)
    expect(body.get_by_role("heading", level=2)).to_have_text(SUBHEADING)
    expect(body.get_by_role("link", name=LINK_TEXT)).to_have_attribute("href", LINK_URL)
    # The READ MORE link sits after the first paragraph, as placed.
    read_more = body.locator("p.read-more")
    expect(read_more).to_have_text(re.compile(rf"READ MORE:\s*{re.escape(EARLIER)}"))
    expect(body.locator("p").nth(1)).to_have_class(re.compile("read-more"))
    read_more.get_by_role("link").click()
    expect(reader).to_have_url(re.compile(re.escape(earlier.get_absolute_url()) + "$"))
