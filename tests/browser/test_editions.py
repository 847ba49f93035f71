"""Language editions in Chromium: an editor translates the seed story into Arabic through
the admin and publishes it; a reader switches between the English and Arabic editions;
the Arabic story page and the Arabic admin form are laid out right to left, and an
Arabic story's fields run right to left in an English admin too.

The newsroom publishes in three editions here (en, tr, ar), as the demo does. The texts
are the demo's (ops/demo and its Arabic translation in ops/demo/editions.py). Each
layout check saves a screenshot to the test's tmp_path and names it in its message.
"""

import re
from urllib.parse import urlsplit

import lxml.html
import pytest

from articles import editions
from articles.models import Article
from desk import translations, workflow
from ops.demo import SEED
from ops.demo.editions import SEED_TRANSLATIONS
from tests.browser.admin_ui import Body, expect, log_in, message, state_of, workflow_step
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARABIC = SEED_TRANSLATIONS["ar"]
# The Arabic body as an editor types it: (tag, text) block by block.
ARABIC_BLOCKS = [
    (block.tag, block.text_content()) for block in lxml.html.fragments_fromstring(ARABIC.body)
]

# Each <link rel=alternate hreflang> in the head: {language: path}.
ALTERNATES = """() => Object.fromEntries(
  [...document.querySelectorAll('head link[rel=alternate][hreflang]')]
    .map(link => [link.hreflang, new URL(link.href).pathname]))"""

# Where the Arabic story's words sit: the headline's lines against the reading column
# (the story's header), and each body paragraph's first line against its own box. A
# line is the span of the text's boxes at one height (a bidi run may make several).
STORY_LAYOUT = """() => {
  const lines = element => {
    const words = document.createRange();
    words.selectNodeContents(element);
    const found = new Map();
    for (const box of words.getClientRects()) {
      const top = Math.round(box.top), line = found.get(top);
      found.set(top, line ? [Math.min(line[0], box.left), Math.max(line[1], box.right)]
                          : [box.left, box.right]);
    }
    return [...found.values()];
  };
  const headline = document.querySelector('.story__headline');
  const column = document.querySelector('.story__header').getBoundingClientRect();
  const box = headline.getBoundingClientRect();
  return {
    direction: getComputedStyle(headline).direction,
    column: [column.left, column.right],
    headlineBox: [box.left, box.right],
    headlineLines: lines(headline),
    paragraphs: [...document.querySelectorAll('.story__body > p')].map(p => {
      const box = p.getBoundingClientRect(), [first] = lines(p);
      return {
        direction: getComputedStyle(p).direction,
        fromRight: box.right - first[1], fromLeft: first[0] - box.left,
      };
    }),
  };
}"""


@pytest.fixture
def three_editions(settings):
    settings.NEWSROOM_EDITIONS = "en,tr,ar"


@pytest.fixture
def seed_story(three_editions):
    """The demo's seed story in English, published, with what publication asks of its
    translation too (a picture with alt text, an agency): Translate into… carries them
    over."""
    return ArticleFactory(
        headline=SEED.headline,
        standfirst=SEED.standfirst,
        body=SEED.body,
        language="en",
        section=SectionFactory(name="Türkiye", slug="turkiye", kicker="TÜRKİYE"),
        hero_image=ImageFactory(alt_text="Blinken and Cavusoglu in Washington"),
        sources=[SourceFactory(name="Anadolu Agency", code="AA")],
    )


def arabic_edition():
    return editions.get("ar")


def type_the_arabic_body(page):
    """Replace the body the draft was made with (the English one) with the Arabic,
    block by block, as a translator types it: paragraphs and the subheading."""
    body = Body(page)
    body.start()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    for number, (tag, text) in enumerate(ARABIC_BLOCKS):
        if number:
            body.new_paragraph()
        if tag == "h2":
            body.subheading(text)
        else:
            # One input event per paragraph, as an input method commits it: typing
            # letter by letter would take seconds and test nothing more.
            page.keyboard.insert_text(text)
    expect(body.box.locator("p")).to_have_count(sum(tag == "p" for tag, _ in ARABIC_BLOCKS))


def translate_into_arabic(page, story):
    """On the English story's change page: Translate into… → العربيّة, then the Arabic
    words in the draft's form, saved."""
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    page.get_by_role("link", name="Translate into…").click()
    page.get_by_label("Edition").select_option(label=arabic_edition().name)
    page.get_by_role("button", name="Make the draft").click()
    expect(message(page, "ready to translate")).to_be_visible()
    expect(state_of(page)).to_have_text("Draft")
    # The admin speaks English to this editor; the draft's words are Arabic, so its fields
    # run right to left all the same.
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    for field in [page.get_by_label("Headline:"), page.get_by_label("Standfirst:")]:
        expect(field).to_have_attribute("dir", "rtl")
    expect(Body(page).box).to_have_css("direction", "rtl")

    page.get_by_label("Headline:").fill(ARABIC.headline)
    page.get_by_label("Standfirst:").fill(ARABIC.standfirst)
    type_the_arabic_body(page)
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(message(page, "was changed successfully")).to_be_visible()
    return Article.objects.get(original=story, language="ar")


def publish(page):
    """Through the workflow, as test_story_flow's editor does: review, approve, publish."""
    workflow_step(page, "Submit for review")
    expect(state_of(page)).to_have_text("In review")
    workflow_step(page, "Approve")
    expect(state_of(page)).to_have_text("Approved")
    workflow_step(page, "Publish or schedule")
    expect(message(page, "now published")).to_be_visible()
    expect(state_of(page)).to_have_text("Published")


def switches(page):
    """The story's links to its other editions (its label is in the page's language)."""
    return page.locator("nav.story__editions")


def path_of(page):
    return urlsplit(page.url).path


def test_an_editor_translates_the_story_into_arabic_and_a_reader_switches_editions(
    browsers, editor, seed_story
):
    desk = browsers.open("editor")
    log_in(desk, "editor")
    arabic = translate_into_arabic(desk, seed_story)
    publish(desk)
    arabic.refresh_from_db()
    assert arabic.status == Article.Status.PUBLISHED
    assert (arabic.headline, arabic.language) == (ARABIC.headline, "ar")

    # --- a reader, with no account, switches from the English story to the Arabic one -----
    reader = browsers.open("reader")
    reader.goto(seed_story.get_absolute_url())
    english_path = path_of(reader)
    assert english_path.startswith("/en/"), english_path
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.locator("html")).to_have_attribute("dir", "ltr")
    english_alternates = reader.evaluate(ALTERNATES)
    # Only the published editions are offered: the Turkish one does not exist.
    expect(switches(reader).get_by_role("link")).to_have_text([arabic_edition().name])

    switches(reader).get_by_role("link", name=arabic_edition().name).click()
    expect(reader).to_have_url(re.compile(r"/ar/"))
    arabic_path = path_of(reader)
    assert arabic_path == arabic.get_absolute_url(), arabic_path
    expect(reader.locator("html")).to_have_attribute("lang", "ar")
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    story = reader.locator("article.story")
    expect(story.get_by_role("heading", level=1)).to_have_text(ARABIC.headline)
    expect(story.locator(".story__standfirst")).to_have_text(ARABIC.standfirst)
    expect(story.locator(".story__body").locator("p, h2")).to_have_text(
        [text for _, text in ARABIC_BLOCKS]
    )
    arabic_alternates = reader.evaluate(ALTERNATES)

    # Reciprocal hreflang: each page names itself and the other, the same on both.
    expected = {"en": english_path, "ar": arabic_path, "x-default": english_path}
    assert english_alternates == expected
    assert arabic_alternates == expected

    # … and back to English.
    expect(switches(reader).get_by_role("link")).to_have_text(["English"])
    switches(reader).get_by_role("link", name="English").click()
    expect(reader).to_have_url(re.compile(re.escape(english_path) + "$"))
    expect(reader.locator("html")).to_have_attribute("dir", "ltr")
    expect(reader.get_by_role("heading", level=1)).to_have_text(SEED.headline)


@pytest.fixture
def published_arabic(seed_story, editor):
    """The seed story's Arabic translation, made as Translate into… makes it and
    published through the workflow, without the clicks (the test above makes them)."""
    arabic = translations.translate(seed_story, "ar", editor)
    arabic.headline, arabic.standfirst = ARABIC.headline, ARABIC.standfirst
    arabic.body = ARABIC.body
    arabic.save()
    for step in ["submit", "approve", "publish"]:
        workflow.run(step, arabic, editor)
    return arabic


def test_the_arabic_story_page_is_laid_out_right_to_left(browsers, published_arabic, tmp_path):
    reader = browsers.open("reader")
    reader.goto(published_arabic.get_absolute_url())
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    expect(reader.get_by_role("heading", level=1)).to_have_text(ARABIC.headline)
    # The fonts are in before anything is measured.
    reader.wait_for_function("() => document.fonts.status === 'loaded'")
    shot = tmp_path / "arabic-story.png"
    reader.screenshot(path=shot, full_page=True)
    layout = reader.evaluate(STORY_LAYOUT)
    seen = f"{layout} (screenshot: {shot})"

    assert layout["direction"] == "rtl", seen
    column_left, column_right = layout["column"]
    # The headline's box fills the column, each of its lines starts at the column's right
    # edge, and the shortest ends well short of its left edge: the words are set from the
    # right, not stretched or set from the left.
    assert abs(layout["headlineBox"][1] - column_right) <= 2, seen
    assert abs(layout["headlineBox"][0] - column_left) <= 2, seen
    for _, line_right in layout["headlineLines"]:
        assert abs(line_right - column_right) <= 2, seen
    assert max(left for left, _ in layout["headlineLines"]) > column_left + 20, seen
    assert len(layout["paragraphs"]) == sum(tag == "p" for tag, _ in ARABIC_BLOCKS), seen
    for paragraph in layout["paragraphs"]:
        assert paragraph["direction"] == "rtl", seen
        assert paragraph["fromRight"] <= 2, seen  # aligned right …
    # … and a short paragraph, one line long, leaves its room on the left.
    assert max(p["fromLeft"] for p in layout["paragraphs"]) > 100, seen


# The story form as laid out: the document's direction, each field's label against its
# box, and the headline box's direction.
FORM_FIELDS = ["headline", "slug", "standfirst", "hero_caption"]
FORM_LAYOUT = """(names) => ({
  dir: document.documentElement.dir,
  rows: names.map(name => {
    const field = document.getElementById('id_' + name).getBoundingClientRect();
    const label = document.querySelector(`label[for="id_${name}"]`).getBoundingClientRect();
    return {name, label: [label.left, label.right], field: [field.left, field.right]};
  }),
  headline: {
    dir: document.getElementById('id_headline').dir,
    direction: getComputedStyle(document.getElementById('id_headline')).direction,
  },
})"""


def choose_admin_language(page, name):
    """On the admin's Language page (the user tools' link), as a staff member does."""
    page.get_by_role("link", name="Language", exact=True).click()
    page.get_by_label(re.compile("language", re.IGNORECASE)).select_option(label=name)
    page.get_by_role("button", name="Save").click()


def test_the_arabic_admin_story_form_is_laid_out_right_to_left(
    browsers, published_arabic, tmp_path
):
    desk = browsers.open("editor")
    log_in(desk, "editor")
    choose_admin_language(desk, arabic_edition().name)
    expect(desk.locator("html")).to_have_attribute("lang", "ar")
    expect(desk.locator("html")).to_have_attribute("dir", "rtl")

    desk.goto(f"/admin/articles/article/{published_arabic.pk}/change/")
    expect(desk.locator("#id_headline")).to_have_value(ARABIC.headline)
    expect(Body(desk).toolbar).to_be_visible()  # the editor's script has drawn the body
    desk.wait_for_function("() => document.fonts.status === 'loaded'")
    shot = tmp_path / "arabic-admin-story-form.png"
    desk.screenshot(path=shot, full_page=True)
    layout = desk.evaluate(FORM_LAYOUT, FORM_FIELDS)
    seen = f"{layout} (screenshot: {shot})"

    assert layout["dir"] == "rtl", seen
    for row in layout["rows"]:
        # Django's admin sets each label above its field, both from the line's start:
        # here the right, where the label starts at its field's right edge and ends short
        # of the field's left one.
        assert abs(row["label"][1] - row["field"][1]) <= 2, f"{row['name']}: {seen}"
        assert row["label"][0] > row["field"][0], f"{row['name']}: {seen}"
    assert layout["headline"] == {"dir": "rtl", "direction": "rtl"}, seen
