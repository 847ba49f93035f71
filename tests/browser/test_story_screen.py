"""The story screen in Chromium: made for writing in a laptop's window, with its panel in
view, a live preview and a checklist that follow the typing, and a byline put in order
by dragging or from the keyboard; axe-core finds nothing serious on it.

"In view" is measured: at 1366×768 the headline, the byline, the first lines of the
body and the whole checklist lie inside the first window, with no field above the body
but the story's own (section, kind, headline, standfirst, byline, picture and caption);
at a phone's 390×844 the panel comes after the body.
"""

import os
import re
import time

import pytest

from articles.models import Article, Byline
from audit import tools
from tests.browser.admin_ui import Body, expect, log_in, message
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}
# What waits for the server's answer after a pause in typing (ACTION_TIMEOUT_MS, as for a
# click): a busy machine answers in seconds, not in the assertions' default five.
ANSWER = {"timeout": 10_000}
PHONE = {"width": 390, "height": 844}

# Fields that belong above the body: the story's top, its byline and its picture.
STORY_TOP = re.compile(
    r"(section|kind|language|headline|standfirst|hero_image|hero_caption"
    r"|(bylines|article_sources)-\d+-(author|source|position|DELETE|id|article))"
)

LAYOUT = """() => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  const text = document.querySelector('.story-screen__text');
  const body = document.querySelector('.field-body [contenteditable]');
  const bodyTop = body.getBoundingClientRect().top;
  const above = [...text.querySelectorAll('input, select, textarea')]
    .filter((field) => field.type !== 'hidden' && !field.closest('.empty-form'))
    .filter((field) => {
      const r = field.getBoundingClientRect();
      const shown = r.width > 0 && r.height > 0 && getComputedStyle(field).visibility !== 'hidden';
      return shown && r.top < bodyTop;
    })
    .map((field) => field.name);
  return {
    scrolled: window.scrollY,
    headline: box(document.getElementById('id_headline')),
    byline: box(document.getElementById('bylines-group')),
    body: box(body),
    bodyField: box(document.querySelector('.field-body')),
    checklist: box(document.getElementById('story-checklist')),
    panel: box(document.getElementById('story-panel')),
    above,
  };
}"""


@pytest.fixture
def story():
    return ArticleFactory(
        headline="Talks resume in Ankara after a year",
        standfirst="The delegations meet again next week.",
        body="<p>The ministers met for two hours.</p><h2>Grain</h2><p>The corridor stays.</p>",
        authors=[AuthorFactory(name="Kazim Alam"), AuthorFactory(name="Esra Alpay")],
        sources=[SourceFactory(name="Anadolu Agency", code="AA")],
        hero_image=ImageFactory(alt_text="The two delegations at the table"),
        draft=True,
    )


class Desk:
    """The editor's browser, which knows the panel's requests still on their way."""

    def __init__(self, browsers):
        self.browsers, self.pages = browsers, []

    def open(self, size=LAPTOP):
        page = self.browsers.open("editor")
        page.set_viewport_size(size)
        pending = set()
        page.on("request", lambda r: r.method == "POST" and pending.add(r))
        page.on("requestfinished", lambda r: pending.discard(r))
        page.on("requestfailed", lambda r: pending.discard(r))
        self.pages.append((page, pending))
        log_in(page, "editor")
        return page

    def settle(self):
        """Wait for the panel's last answers: a request still being answered when the
        test ends would hold the database the live server shares while it is emptied."""
        for page, pending in self.pages:
            if page.is_closed():
                continue
            page.wait_for_timeout(PAUSE_MS)  # a change typed last is posted after a pause
            for _ in range(100):
                if not pending:
                    break
                page.wait_for_timeout(100)


PAUSE_MS = 800  # story_screen.js waits 600 ms after the last change


@pytest.fixture
def desk(browsers, editor):
    people = Desk(browsers)
    yield people
    people.settle()


def drawn(page):
    """Wait until the page is drawn as a person sees it: the editor's script has drawn
    the body, and the icon font is in (until then each icon is a word, and the toolbar
    takes two lines)."""
    expect(Body(page).toolbar).to_be_visible()
    page.evaluate("async () => { await document.fonts.ready; }")


def open_story(desk, story, size=LAPTOP):
    page = desk.open(size)
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    drawn(page)
    return page


def in_first_window(box, height, room=0):
    return 0 <= box["top"] and box["bottom"] + room <= height


def test_a_laptop_s_window_holds_the_text_s_top_and_the_checklist(desk, story):
    page = desk.open(LAPTOP)
    page.route("**/*.woff2", slow_font)  # measured once the late icon font is in
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    drawn(page)
    layout = page.evaluate(LAYOUT)
    height = LAPTOP["height"]

    assert layout["scrolled"] == 0, layout
    assert in_first_window(layout["headline"], height), layout
    assert in_first_window(layout["byline"], height), layout
    # The body's first lines: its box starts at least three lines above the window's end.
    assert layout["body"]["top"] + 3 * 24 <= height, layout
    assert in_first_window(layout["checklist"], height), layout
    # Beside the text, not under it.
    assert layout["panel"]["left"] >= layout["headline"]["right"], layout
    # Nothing but the story's own fields above the body: the slug, the timeline and the
    # rest are after it or folded away.
    assert layout["above"], layout
    unrelated = [name for name in layout["above"] if not STORY_TOP.fullmatch(name)]
    assert unrelated == [], layout


def test_a_new_story_fits_the_same_window(desk):
    page = desk.open(LAPTOP)
    page.goto("/admin/articles/article/add/")
    drawn(page)
    layout = page.evaluate(LAYOUT)
    assert layout["body"]["top"] + 3 * 24 <= LAPTOP["height"], layout
    assert in_first_window(layout["checklist"], LAPTOP["height"]), layout
    assert [name for name in layout["above"] if not STORY_TOP.fullmatch(name)] == [], layout


def test_on_a_phone_the_panel_follows_the_body(desk, story):
    page = open_story(desk, story, PHONE)
    layout = page.evaluate(LAYOUT)
    assert layout["panel"]["top"] >= layout["bodyField"]["bottom"], layout
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_the_live_preview_follows_the_headline_as_it_is_typed(desk, story):
    page = open_story(desk, story)
    page.get_by_role("button", name="Show the live preview").click()
    preview = page.frame_locator("iframe[data-preview]")
    expect(preview.get_by_role("heading", level=1)).to_have_text(story.headline, **ANSWER)
    expect(preview.get_by_text("PREVIEW")).to_be_visible()

    headline = page.get_by_label("Headline:")
    headline.fill("")
    headline.press_sequentially("Talks resume <at last>")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Talks resume <at last>", **ANSWER)

    # A phone's width: the reader's page laid out for 390 pixels.
    page.get_by_role("button", name="Phone").click()
    expect(page.get_by_role("button", name="Phone")).to_have_attribute("aria-pressed", "true")
    width = preview.locator("html").evaluate("html => html.ownerDocument.defaultView.innerWidth")
    assert width == 390
    page.get_by_role("button", name="Desktop").click()
    width = preview.locator("html").evaluate("html => html.ownerDocument.defaultView.innerWidth")
    assert width == 1280

    # Open it stays, page after page, until it is hidden.
    page.reload()
    expect(preview.get_by_role("heading", level=1)).to_have_text(story.headline, **ANSWER)
    page.get_by_role("button", name="Hide the live preview").click()
    expect(page.locator("iframe[data-preview]")).to_be_hidden()
    page.reload()
    expect(page.get_by_role("button", name="Show the live preview")).to_be_visible()
    story.refresh_from_db()
    assert story.headline == "Talks resume in Ankara after a year"  # nothing saved


def test_the_checklist_follows_the_typing(desk, story):
    page = open_story(desk, story)
    item = page.locator("#story-checklist [data-check='standfirst']")
    expect(item).to_have_class(re.compile("story-check--done"))
    page.get_by_label("Standfirst:").fill("")
    expect(item).to_have_class(re.compile("story-check--needed"), **ANSWER)
    expect(page.locator("#story-checklist")).to_contain_text(
        "Publishing still needs 1 thing.", **ANSWER
    )

    body = Body(page)
    body.start()
    page.keyboard.press("Control+End")
    body.new_paragraph()
    body.type("More on this ")
    body.link("here", "https://example.org/more")
    links = page.locator("#story-checklist [data-check='link_text']")
    expect(links).to_have_class(re.compile("story-check--advice"), **ANSWER)
    expect(links).to_contain_text("“here” does not say where the link goes.", **ANSWER)
    expect(page.locator("[data-counts]")).to_contain_text("14 words", **ANSWER)


def byline_names(page):
    rows = page.locator("#bylines-group tbody tr.form-row:not(.empty-form)")
    return [name.strip() for name in rows.locator(".select2-selection__rendered").all_inner_texts()]


def saved_byline(story):
    return [b.author.name for b in Byline.objects.filter(article=story).select_related("author")]


def test_the_byline_is_put_in_order_from_the_keyboard_or_by_dragging(desk, story):
    page = open_story(desk, story)
    group = page.locator("#bylines-group")
    assert byline_names(page)[:2] == ["Kazim Alam", "Esra Alpay"]
    # The positions are the screen's to write: their boxes are out of the way.
    expect(group.locator("input[name='bylines-0-position']")).to_be_hidden()

    # From the keyboard: the second author's Move up.
    second = group.locator("tbody tr.form-row").nth(1)
    second.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    assert byline_names(page)[:2] == ["Esra Alpay", "Kazim Alam"]
    expect(group.get_by_text("Esra Alpay is now number 1 of")).to_be_attached()
    # First now, with nothing above: the focus stays in the row, on Move down.
    first = group.locator("tbody tr.form-row").first
    expect(first.get_by_role("button", name="Move down")).to_be_focused()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(message(page, "was changed successfully")).to_be_visible()
    assert saved_byline(story) == ["Esra Alpay", "Kazim Alam"]

    # With the mouse: Kazim Alam's grip dragged above Esra Alpay.
    rows = page.locator("#bylines-group tbody tr.form-row")
    rows.nth(1).locator(".story-order__grip").drag_to(
        rows.nth(0), target_position={"x": 20, "y": 4}
    )
    assert byline_names(page)[:2] == ["Kazim Alam", "Esra Alpay"]
    page.get_by_role("button", name="Save and continue editing").click()
    expect(message(page, "was changed successfully")).to_be_visible()
    assert saved_byline(story) == ["Kazim Alam", "Esra Alpay"]


# --- axe-core ---------------------------------------------------------------------------

RUN_AXE = """async () => {
  // Judged as a person sees the page: once its fonts are in (the toolbar's icons are a
  // font's ligatures; before it arrives they are words such as "format_bold", in the
  // faint colour of a disabled button) and its transitions have ended.
  await document.fonts.ready;
  await Promise.all(document.getAnimations().map((animation) => animation.finished));
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ` +
      v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('; '));
}"""


@pytest.fixture
def axe_script():
    try:
        return tools.axe_script()
    except tools.Missing as missing:
        if os.environ.get("REQUIRE_TOOLS") == "1":
            pytest.fail(f"{missing}; REQUIRE_TOOLS=1 wants every check to run")
        pytest.skip(str(missing))


def slow_font(route):
    time.sleep(1.5)
    route.continue_()


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
def test_axe_finds_nothing_serious_on_the_story_screen(desk, story, axe_script, size):
    page = desk.open(size)
    # Given to every page as the browser opens it, so the admin's own policy (no inline
    # script) stays as it is for the page being checked.
    page.context.add_init_script(path=axe_script)
    # The icon font as a busy server sends it, late (what CI met): the check waits for it.
    page.route("**/*.woff2", slow_font)
    found = {}
    for name, address in [
        ("add", "/admin/articles/article/add/"),
        ("change", f"/admin/articles/article/{story.pk}/change/"),
    ]:
        page.goto(address)
        expect(Body(page).toolbar).to_be_visible()
        expect(page.locator(".field-body [contenteditable][aria-labelledby]")).to_be_attached()
        found[name] = page.evaluate(RUN_AXE)
    page.get_by_role("button", name="Show the live preview").click()
    heading = page.frame_locator("iframe[data-preview]").get_by_role("heading", level=1)
    expect(heading).to_be_visible(**ANSWER)
    found["change, previewing"] = page.evaluate(RUN_AXE)

    # The publish control: in the panel of a story in review, and on its own page.
    story.status = Article.Status.IN_REVIEW
    story.save()
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    expect(page.get_by_role("button", name="Approve and publish")).to_be_attached()
    found["change, publish control"] = page.evaluate(RUN_AXE)
    story.status = Article.Status.APPROVED
    story.save()
    page.goto(f"/admin/articles/article/{story.pk}/workflow/publish/")
    expect(page.get_by_role("radio", name="Publish at a time")).to_be_visible()
    found["publish page"] = page.evaluate(RUN_AXE)
    assert found == {name: [] for name in found}, found
