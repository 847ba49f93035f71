"""READ MORE links and Recommended stories, put in the text where they go and moved there
as blocks: no "after paragraph N" to work out (issue 19, stumble 4)."""

import re
from pathlib import Path

import pytest

from articles.models import Article, RelatedItem
from tests.browser.admin_ui import Body, expect, log_in, message
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST = "The ministers met for two hours on Wednesday."
SECOND = "They agreed on continued coordination in the region."
SUBHEADING = "Grain corridor"
THIRD = "Ships leave Odesa every day."
EARLIER = "Ankara and Washington resume talks on fighter jets"
OTHER = "Grain ships wait off Istanbul"


@pytest.fixture
def story():
    ArticleFactory(headline=EARLIER)
    ArticleFactory(headline=OTHER)
    return ArticleFactory(
        headline="Ministers agree on continued coordination",
        body=f"<p>{FIRST}</p><p>{SECOND}</p><h2>{SUBHEADING}</h2><p>{THIRD}</p>",
    )


def open_story(browsers, story):
    desk = browsers.open("editor")
    log_in(desk, "editor")
    desk.goto(f"/admin/articles/article/{story.pk}/change/")
    body = Body(desk)
    body.start()
    return desk, body


def save(desk):
    desk.get_by_role("button", name="Save and continue editing").first.click()
    expect(message(desk, "was changed successfully")).to_be_visible()


def reader_blocks(browsers, story):
    """The story's body as a reader's browser gets it: each block's class and text."""
    reader = browsers.open("reader")
    reader.goto(story.get_absolute_url())
    blocks = reader.locator(".story__body > *")
    expect(blocks.first).to_be_visible()
    return blocks.evaluate_all(
        "blocks => blocks.map(b => [b.className, b.textContent.replace(/\\s+/g, ' ').trim()])"
    )


def test_a_read_more_put_in_after_the_second_paragraph_is_there_for_readers(
    browsers, editor, story
):
    desk, body = open_story(browsers, story)
    body.related(SECOND, story=EARLIER, typed="fighter")
    save(desk)

    link = RelatedItem.objects.get(article=story)
    assert (link.target.headline, link.after_block) == (EARLIER, 2)
    # Back in the form, the block is where it was put.
    expect(body.box.locator("> *").nth(2)).to_have_accessible_name(f"READ MORE link: {EARLIER}")

    assert reader_blocks(browsers, story)[:4] == [
        ["", FIRST],
        ["", SECOND],
        ["read-more", f"READ MORE: {EARLIER}"],
        ["", SUBHEADING],
    ]


def test_blocks_are_moved_by_dragging_or_their_buttons_and_removed(browsers, editor, story):
    desk, body = open_story(browsers, story)
    external = body.related(
        FIRST, url="https://www.un.org/en/", title="The UN's statement on the corridor"
    )
    recommended = body.related(THIRD, story=OTHER, typed="Istanbul", kind="Recommended story")

    # Dragged from after the first paragraph to the top of the third, after the subheading.
    external.drag_to(body.box.get_by_text(THIRD), target_position={"x": 10, "y": 2})
    expect(body.box.locator("> *").nth(3)).to_have_accessible_name(
        "READ MORE link: The UN's statement on the corridor"
    )
    # The keyboard moves a block too: its Move up button, one paragraph at a time.
    move_up = recommended.get_by_role("button", name="Move up")
    move_up.focus()
    desk.keyboard.press("Enter")
    expect(body.box.locator("> *").nth(4)).to_have_accessible_name(f"Recommended story: {OTHER}")
    expect(recommended.get_by_role("button", name="Move up")).to_be_focused()
    save(desk)
    assert [
        (item.kind, item.title or item.target.headline, item.after_block)
        for item in story.related_items.order_by("after_block", "pk")
    ] == [
        ("read_more", "The UN's statement on the corridor", 3),
        ("recommended", OTHER, 3),
    ]

    body.block(f"Recommended story: {OTHER}").get_by_role("button", name="Remove").click()
    expect(body.block(f"Recommended story: {OTHER}")).to_have_count(0)
    save(desk)
    assert list(story.related_items.values_list("kind", flat=True)) == ["read_more"]
    blocks = reader_blocks(browsers, story)
    assert blocks[3][0] == "read-more read-more--external"
    assert re.match(r"READ MORE: The UN's statement on the corridor", blocks[3][1])


def serious_violations(page, within):
    """axe-core's serious and critical findings inside ``within`` (a CSS selector)."""
    from audit import tools

    page.evaluate(Path(tools.axe_script()).read_text(encoding="utf-8"))
    found = page.evaluate(
        """async (within) => (await document.fonts.ready
            && await axe.run(within, {resultTypes: ["violations"]})).violations
            .filter(v => ["serious", "critical"].includes(v.impact))
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)""",
        within,
    )
    return found


def test_the_editor_its_blocks_and_its_dialogs_pass_axe(browsers, editor, story):
    try:
        from audit import tools

        tools.axe_script()
    except tools.Missing as missing:
        pytest.skip(str(missing))
    other = Article.objects.get(headline=OTHER)
    RelatedItem.objects.create(article=story, target=other, after_block=1)
    desk, body = open_story(browsers, story)
    expect(body.block(f"READ MORE link: {OTHER}")).to_be_visible()
    assert serious_violations(desk, ".field-body") == []
    body.toolbar.get_by_role("button", name="Shortcuts").click()
    assert serious_violations(desk, "dialog.newsroom-shortcuts") == []
    desk.get_by_role("dialog").get_by_role("button", name="Close").click()
    body.box.get_by_text(SECOND).click()
    body.toolbar.get_by_role("button", name="READ MORE / Recommended").click()
    chooser = desk.get_by_role("dialog", name="Insert a READ MORE link or a Recommended story")
    chooser.get_by_label("One of our stories: search by headline").press_sequentially("fighter")
    expect(chooser.get_by_role("button", name=EARLIER)).to_be_visible()
    assert serious_violations(desk, "dialog.newsroom-related-chooser") == []
