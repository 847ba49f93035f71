"""How many clicks and key presses a newcomer needs from the empty story form to a
scheduled story, counted on the real screen (tests/browser/story_path.py says what counts;
docs/editing.md keeps the figures, before and after the story screen's rework).

Run it alone to see the figures and every action:

    python -m pytest -q -p no:randomly -s tests/browser/test_story_path_count.py

They are also written to var/story-path-count.txt and .json.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Author
from tests.browser import story_path
from tests.browser.admin_ui import expect, log_in
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    SourceFactory,
    TagFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# docs/editing.md's figures (2026-12-03): the story form before issue 19, and the story
# screen after it. A path that takes more than AFTER is a step back.
BEFORE = 59
AFTER = 50


@pytest.fixture
def newsroom(writer):
    """What a newsroom has before the day: sections, the two authors, the agency, tags, and
    the earlier story the READ MORE line points to."""
    story = story_path.Story()
    SectionFactory(name=story.section)
    for name in story.authors:
        AuthorFactory(name=name)
    # The writer's account is the first author's: a new story's byline starts with it.
    Author.objects.filter(name=story.authors[0]).update(user=writer)
    SourceFactory(name=story.credit, code="AA")
    for _typed, name in story.existing_tags:
        TagFactory(name=name)
    ArticleFactory(headline=story.read_more, section=SectionFactory(name="Türkiye"))
    return story


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "bosphorus.png"
    picture = PILImage.new("RGB", (1200, 675), "steelblue")
    ImageDraw.Draw(picture).rectangle((200, 400, 1000, 500), fill="gold")
    picture.save(path, format="PNG")
    return path


def look_first(page, story):
    """What the editor checks before scheduling (not counted: reading, not doing): the
    checklist says the story is ready, and the live preview shows it as readers will."""
    expect(page.locator("#story-checklist")).to_contain_text("Ready to publish.")
    page.get_by_role("button", name="Show the live preview").click()
    preview = page.frame_locator("iframe[data-preview]")
    expect(preview.get_by_role("heading", level=1)).to_have_text(story.headline, timeout=10_000)
    expect(preview.get_by_role("heading", level=2, name=story.subheading)).to_be_visible()
    expect(preview.locator("blockquote", has_text=story.quotation)).to_be_visible()


def test_the_clicks_and_key_presses_from_the_empty_form_to_a_scheduled_story(
    browsers, writer, editor, newsroom, photo, media_root, request, time_machine
):
    """The newcomer's path: the writer enters the story and submits it, the editor reads
    the checklist, looks at the live preview and schedules it, the reader sees it at its
    time; the clicks and key presses on the way are counted."""
    story, actions = newsroom, story_path.Actions()

    desk = browsers.open("writer")
    log_in(desk, "writer")
    desk.goto("/admin/articles/article/add/")  # the start: the empty story form
    story_path.write(actions, desk, story, photo)
    story_path.submit(actions, desk)

    chief = browsers.open("editor")
    log_in(chief, "editor")  # lands on the desk's start page
    at = (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)
    story_path.approve_and_schedule(
        actions, chief, story, at.strftime("%Y-%m-%d"), at.strftime("%H:%M"), look=look_first
    )

    # The story is what the writer entered, scheduled for the editor's time.
    saved = Article.objects.get(headline=story.headline)
    assert saved.is_scheduled
    assert [b.author.name for b in saved.bylines.order_by("position", "pk")] == list(story.authors)
    assert sorted(saved.tags.names()) == sorted(
        [name for _typed, name in story.existing_tags] + [story.new_tag]
    )
    assert saved.hero_image.alt_text == story.alt_text
    assert "<h2>" in saved.body and "<blockquote>" in saved.body
    assert saved.related_items.get().target.headline == story.read_more

    # The reader: nothing before its time, the story at it.
    reader = browsers.open("reader")
    address = saved.get_absolute_url()
    assert reader.goto(address).status == 404
    time_machine.move_to(at + timedelta(minutes=1), tick=True)
    assert reader.goto(address).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(story.headline)
    expect(reader.get_by_role("link", name=story.read_more).first).to_be_visible()

    actions.keep(Path(request.config.rootpath, "var"))
    print("\n" + actions.summary())
    assert actions.total() <= AFTER < BEFORE, actions.summary()
