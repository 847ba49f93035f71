"""The admin as a person uses it in a browser: log in, type in the body, pick from lists.

Locators go by what is on the screen (labels, button and link names) wherever the
admin gives one, so a control that is hidden, unlabelled or covered fails the test.
"""

import pytest

# Imported by the test modules: without Playwright they are skipped, not broken.
expect = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed: pip install -r requirements.lock (or make install)",
).expect

PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError

PASSWORD = "correct horse"  # make_staff's (tests/conftest.py)


def log_in(page, username, password=PASSWORD):
    """Through the admin's login page, as the desk does every morning."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Newsdesk")).to_be_visible()


def message(page, text):
    """The admin's message list (success, warning, error) holding ``text``."""
    return page.locator(".messagelist li", has_text=text)


def choose(page, select_id, typed, option=None):
    """An autocomplete box: open it, type, click the match the server sends back."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    results = page.locator(".select2-container--open .select2-results__option")
    results.filter(has_text=option or typed).click()
    expect(page.locator(f"#{select_id} + .select2")).to_contain_text(option or typed)


def tag(page, select_id, typed, option=None):
    """The tag picker: type, then click the suggestion the server sends back or, with no
    ``option``, end with a comma to add ``typed`` as a new tag."""
    box = page.locator(f"#{select_id} + .select2")
    field = box.locator(".select2-search__field")
    if option is None:
        field.press_sequentially(f"{typed},")
    else:
        field.press_sequentially(typed)
        results = page.locator(".select2-container--open .select2-results__option")
        results.filter(has_text=option).first.click()
    expect(box.locator(".select2-selection__choice", has_text=option or typed)).to_be_visible()


class Body:
    """The story body's rich-text editor (django-prose-editor): its toolbar and text box."""

    def __init__(self, page):
        self.page = page
        self.field = page.locator(".field-body")
        self.toolbar = self.field.locator(".prose-menubar")
        self.box = self.field.get_by_role("textbox")

    def start(self):
        # The editor draws its toolbar and box from its own scripts: no scripts, no editor.
        expect(self.toolbar).to_be_visible()
        self.box.click()

    def type(self, text):
        self.page.keyboard.type(text)

    def new_paragraph(self):
        self.page.keyboard.press("Enter")

    def select_back(self, text):
        """Select the ``text`` just typed, with Shift and the arrow keys."""
        for _ in text:
            self.page.keyboard.press("Shift+ArrowLeft")
        # The editor takes the browser's selection a moment later: a shortcut pressed at
        # once would apply to what it had (a person is never that quick).
        self.page.wait_for_function(
            """(length) => {
                const box = document.querySelector(".field-body .ProseMirror");
                const { from, to } = box.editor.state.selection;
                return to - from === length;
            }""",
            arg=len(text),
        )

    def to_end_of_selection(self):
        # As a person would, see the selection gone before typing on (a key typed over a
        # selection replaces it), and press again if the editor was busy and missed it.
        for _ in range(3):
            self.page.keyboard.press("ArrowRight")
            try:
                self.page.wait_for_function(
                    "() => document.getSelection().isCollapsed", timeout=1500
                )
                return
            except PlaywrightTimeout:
                continue
        raise AssertionError("The selection in the body stayed after pressing ArrowRight.")

    def use(self, name):
        """Press a toolbar button, and go on typing once the text box has the focus back
        (keys pressed before that would go to the button)."""
        self.toolbar.get_by_role("button", name=name, exact=True).click()
        expect(self.box).to_be_focused()

    def bold(self, text):
        self.type(text)
        self.select_back(text)
        self.use("Bold")
        expect(self.box.locator("strong", has_text=text)).to_be_visible()
        self.to_end_of_selection()
        self.use("Bold")  # and off again for what follows, as a person would

    def subheading(self, text):
        """A line turned into a level-2 heading: one button on the toolbar, in words."""
        self.type(text)
        self.use("Heading 2")
        expect(self.box.get_by_role("heading", level=2, name=text)).to_be_visible()

    def link(self, text, url):
        self.type(text)
        self.select_back(text)
        self.toolbar.get_by_role("button", name="Link", exact=True).click()
        dialog = self.page.get_by_role("dialog")
        dialog.get_by_label("URL").fill(url)
        dialog.get_by_role("button", name="Update").click()
        expect(dialog).to_be_hidden()
        expect(self.box).to_be_focused()
        expect(self.box.get_by_role("link", name=text)).to_be_visible()
        self.to_end_of_selection()

    def related(self, after, *, story=None, typed=None, url=None, title=None, kind=None):
        """A READ MORE link (or, with ``kind``, a Recommended story) put in with the
        toolbar's button after the paragraph holding the text ``after``: one of our
        stories, found by typing ``typed``, or a page elsewhere at ``url``."""
        self.box.get_by_text(after).click()  # the cursor in that paragraph
        self.toolbar.get_by_role("button", name="READ MORE / Recommended", exact=True).click()
        chooser = self.page.get_by_role(
            "dialog", name="Insert a READ MORE link or a Recommended story"
        )
        if kind:
            chooser.get_by_role("radio", name=kind).check()
        if story:
            search = chooser.get_by_label("One of our stories: search by headline")
            search.press_sequentially(typed or story)
            chooser.get_by_role("button", name=story, exact=True).click()
            expect(chooser).to_contain_text(f"Chosen: {story}")
        if url:
            chooser.get_by_label("its web address").fill(url)
        if title:
            chooser.get_by_label("Link text").fill(title)
        chooser.get_by_role("button", name="Insert", exact=True).click()
        expect(chooser).to_be_hidden()
        block = self.block(f"{kind or 'READ MORE link'}: {title or story}")
        expect(block).to_be_visible()
        return block

    def block(self, name):
        """A READ MORE or Recommended block in the body, by what it says."""
        return self.box.get_by_role("group", name=name, exact=True)


def workflow_step(page, label):
    """A workflow step from the story's panel: a button that saves the story and takes it
    (Submit for review, Approve, the publication control's Publish or schedule, "now"
    unless an embargo says otherwise), or a link to the step's own page, then its button."""
    in_panel = page.locator("#story-panel").get_by_role("button", name=label, exact=True)
    if in_panel.count():
        in_panel.click()
        return
    page.get_by_role("link", name=label, exact=True).click()
    page.get_by_role("button", name=label, exact=True).click()


def state_of(page):
    return page.get_by_label("State", exact=True)


def story_row(listing, headline):
    """A story's link in a list: the changelist's table or a desk panel."""
    return listing.get_by_role("link", name=headline, exact=True)
