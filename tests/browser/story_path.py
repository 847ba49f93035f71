"""The newcomer's path through the story screen, counted: from the empty story form to a
scheduled story (docs/editing.md, "The story screen: what it takes to write and schedule
a story").

Every control the path touches is named in this file and nowhere else: when the story
screen changes, rewrite the steps below (``write``, ``submit``, ``approve_and_schedule``)
for the new screen and run tests/browser/test_story_path_count.py again. The counting
rules live in ``Actions``; keep them as they are, so that before and after compare.

What counts (the same words are in docs/editing.md):

- a **click**: one press of the mouse on a button, a link, a toolbar button, a list's
  option, a box to open it or a field to put the cursor in it;
- a **field**: typing a field's text, however long, counts once (the words are the story,
  not the screen's cost); in the body, each run of typing between other actions counts once;
- a **key**: a key pressed that is not part of the text: Enter for a new paragraph, a comma
  that ends a new tag, Tab, a shortcut;
- a **choice** in a native drop-down list counts as two clicks (open it, pick one), and a
  **file** chosen as two (open the file dialog, pick the file).

Not counted: logging in, the way to the empty story form (the start), the editor's way to
the desk's start page (where logging in lands), waiting, scrolling and reading. The path
is the shortest a person who knows the screen takes, with no mistakes.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.admin_ui import Body, choose, expect, message, state_of


@dataclass
class Action:
    who: str
    kind: str  # click, field, key
    what: str
    count: int = 1


@dataclass
class Actions:
    """The counter: each step goes through one of these methods, which does it and counts it."""

    who: str = ""
    done: list = field(default_factory=list)

    def _add(self, kind, what, count=1):
        self.done.append(Action(self.who, kind, what, count))

    def click(self, locator, what):
        locator.click()
        self._add("click", what)

    def fill(self, locator, text, what):
        locator.fill(text)
        self._add("field", what)

    def type(self, page, text, what):
        """Text typed where the cursor is (the body's editor): one field."""
        page.keyboard.type(text)
        self._add("field", what)

    def press(self, page, key, what):
        page.keyboard.press(key)
        self._add("key", what)

    def choose(self, select, label, what):
        select.select_option(label=label)
        self._add("click", what, count=2)  # open the list, pick one

    def upload(self, file_input, path, what):
        file_input.set_input_files(path)
        self._add("click", what, count=2)  # open the file dialog, pick the file

    def autocomplete(self, page, select_id, typed, option, what):
        """Django's autocomplete box: open it (a click), type (a field), pick (a click)."""
        # tests.browser.admin_ui.choose does exactly these three.
        choose(page, select_id, typed, option)
        self._add("click", f"{what}: open the list")
        self._add("field", f"{what}: type “{typed}”")
        self._add("click", f"{what}: pick “{option}”")

    # --- the figures -------------------------------------------------------------------
    def total(self, kind=None, who=None):
        return sum(
            a.count
            for a in self.done
            if (kind is None or a.kind == kind) and (who is None or a.who == who)
        )

    def summary(self):
        people = list(dict.fromkeys(a.who for a in self.done))
        lines = [
            f"{self.total()} actions: {self.total('click')} clicks, {self.total('key')} key "
            f"presses, {self.total('field')} fields typed",
            *(f"  {who}: {self.total(who=who)}" for who in people),
            "",
            *(f"{a.who:8} {a.kind:6} {a.count}  {a.what}" for a in self.done),
        ]
        return "\n".join(lines)

    def keep(self, folder):
        """The figures and every action, in var/ for the lead to read and compare."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "story-path-count.txt").write_text(self.summary() + "\n", encoding="utf-8")
        figures = {
            "total": self.total(),
            "clicks": self.total("click"),
            "keys": self.total("key"),
            "fields": self.total("field"),
            "by_person": {a.who: self.total(who=a.who) for a in self.done},
            "actions": [a.__dict__ for a in self.done],
        }
        (folder / "story-path-count.json").write_text(
            json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )


# --- the story: seed-like (ops/demo's reference story, as an opinion piece) ------------------


@dataclass(frozen=True)
class Story:
    section: str = "Analysis"
    kind: str = "Opinion"
    headline: str = "Why the grain corridor still matters for Ankara and Washington"
    standfirst: str = "The two capitals disagree on much, but not on keeping the ships moving."
    opening: str = "The ministers met for two hours on Wednesday and agreed on more than expected."
    subheading: str = "A positive agenda"
    before_quote: str = "The joint statement was unusually warm."
    quotation: str = "We look forward to continued coordination on the grain corridor."
    closing: str = "Both sides will meet again in the spring."
    authors: tuple = ("Kazim Alam", "Esra Karataş Alpay")
    existing_tags: tuple = (("Türk", "Türkiye"), ("NAT", "NATO"))  # (typed, chosen)
    new_tag: str = "grain corridor"
    alt_text: str = "Ships queue at the entrance of the Bosphorus at dawn"
    credit: str = "Anadolu Agency"
    caption: str = "Grain ships wait to pass the Bosphorus."
    read_more: str = "US to host Turkish FM to discuss F-16 deal and Sweden's NATO bid"


# --- the path on today's story screen -----------------------------------------------------


def write(actions, page, story, photo):
    """The writer, from the empty story form to a saved draft."""
    actions.who = "writer"
    actions.autocomplete(page, "id_section", story.section[:4], story.section, "Section")
    actions.choose(page.locator("#id_kind"), story.kind, "Kind")
    actions.fill(page.get_by_label("Headline:"), story.headline, "Headline")
    actions.fill(page.get_by_label("Standfirst:"), story.standfirst, "Standfirst")

    body = Body(page)
    expect(body.toolbar).to_be_visible()
    actions.click(body.box, "Body: put the cursor in it")
    actions.type(page, story.opening, "Body: the opening paragraph")
    actions.press(page, "Enter", "Body: new paragraph")
    actions.type(page, story.subheading, "Body: the subheading's words")
    actions.click(body.toolbar.get_by_role("button", name="Heading 2", exact=True), "Heading 2")
    expect(body.box.get_by_role("heading", level=2, name=story.subheading)).to_be_visible()
    actions.press(page, "Enter", "Body: new paragraph")
    actions.type(page, story.before_quote, "Body: a paragraph")
    actions.press(page, "Enter", "Body: new paragraph")
    actions.type(page, story.quotation, "Body: the quotation's words")
    actions.click(body.toolbar.get_by_role("button", name="Quotation", exact=True), "Quotation")
    expect(body.box.locator("blockquote", has_text=story.quotation)).to_be_visible()
    actions.press(page, "Enter", "Body: new paragraph (in the quotation)")
    actions.press(page, "Enter", "Body: out of the quotation")
    actions.type(page, story.closing, "Body: the closing paragraph")

    # The picture, uploaded in the admin's pop-up.
    with page.expect_popup() as opened:
        actions.click(page.get_by_role("link", name="Add another image"), "Picture: +")
    popup = opened.value
    actions.upload(
        popup.get_by_role("group", name="File:").locator("input[type=file]"), photo, "File"
    )
    actions.fill(popup.get_by_label("Alt text:"), story.alt_text, "Picture: alt text")
    actions.autocomplete(popup, "id_credit_source", story.credit[:4], story.credit, "Credit")
    with popup.expect_event("close"):
        actions.click(popup.get_by_role("button", name="Save").first, "Picture: Save")
    expect(page.locator("#id_hero_image + .select2")).to_contain_text(story.alt_text)
    actions.fill(page.get_by_label("Hero caption:"), story.caption, "Picture: caption")

    # Tags: two that exist, picked from the suggestions, and a new one ended by a comma.
    tags = page.locator("#id_tags + .select2")
    actions.click(tags.locator(".select2-search__field"), "Tags: put the cursor in the box")
    for typed, chosen in story.existing_tags:
        actions.fill(tags.locator(".select2-search__field"), typed, f"Tags: type “{typed}”")
        option = page.locator(".select2-container--open .select2-results__option")
        actions.click(option.filter(has_text=chosen).first, f"Tags: pick “{chosen}”")
    field = tags.locator(".select2-search__field")
    actions.fill(field, story.new_tag, f"Tags: type “{story.new_tag}”")
    actions.press(page, ",", "Tags: a comma adds the new tag")
    expect(tags.locator(".select2-selection__choice")).to_have_count(len(story.existing_tags) + 1)

    # The byline starts with the writer (Kazim Alam, whose account this is); the second
    # author needs a new row.
    first, second = story.authors
    expect(page.locator("#id_bylines-0-author + .select2")).to_contain_text(first)
    actions.click(page.get_by_role("button", name="Add another Author"), "Byline: add a row")
    actions.autocomplete(page, "id_bylines-1-author", second[:4], second, "Byline, second author")

    # READ MORE: put in the text after the paragraph that follows the subheading, with
    # the toolbar's button and a search by headline (no number to work out).
    actions.click(
        body.box.get_by_text(story.before_quote), "READ MORE: the cursor in its paragraph"
    )
    actions.click(
        body.toolbar.get_by_role("button", name="READ MORE / Recommended", exact=True),
        "READ MORE: the toolbar's button",
    )
    chooser = page.get_by_role("dialog", name="Insert a READ MORE link or a Recommended story")
    search = chooser.get_by_label("One of our stories: search by headline")
    search.press_sequentially("F-16")
    actions._add("field", "READ MORE: type “F-16”")
    actions.click(
        chooser.get_by_role("button", name=story.read_more, exact=True), "READ MORE: pick"
    )
    actions.click(chooser.get_by_role("button", name="Insert", exact=True), "READ MORE: Insert")
    expect(body.block(f"READ MORE link: {story.read_more}")).to_be_visible()


def submit(actions, page):
    """The writer saves the story and sends it to the editors: the panel's one button."""
    actions.who = "writer"
    actions.click(
        page.get_by_role("button", name="Submit for review", exact=True), "Save and submit"
    )
    expect(message(page, "now in review")).to_be_visible()
    expect(state_of(page)).to_have_text("In review")


def approve_and_schedule(actions, page, story, date, time, look=None):
    """The editor, from the desk's start page to the story scheduled at ``date`` ``time``
    (as typed in the admin's fields, in the newsroom's time zone); ``look(page, story)``
    is what the editor reads on the story first, uncounted."""
    actions.who = "editor"
    waiting = page.get_by_role("table", name="Waiting for review")
    actions.click(waiting.get_by_role("link", name=story.headline, exact=True), "Open the story")
    if look:
        look(page, story)
    # The panel's publication control: typing a date chooses "Publish at a time".
    actions.fill(page.get_by_label("Publication date"), date, "Publication date")
    actions.fill(page.get_by_label("Publication time (hours:minutes)"), time, "Publication time")
    actions.click(
        page.get_by_role("button", name="Approve and publish", exact=True), "Approve and publish"
    )
    expect(state_of(page)).to_have_text(re.compile(r"^Scheduled for "))
