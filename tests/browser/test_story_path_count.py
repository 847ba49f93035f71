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

from articles.models import Article
from tests.browser import story_path
from tests.browser.admin_ui import log_in
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

# docs/editing.md's "before" (2026-12-03): the story form as it was then. A path that
# takes more than this is a step back.
BEFORE = 59


@pytest.fixture
def newsroom():
    """What a newsroom has before the day: sections, the two authors, the agency, tags, and
    the earlier story the READ MORE line points to."""
    story = story_path.Story()
    SectionFactory(name=story.section)
    for name in story.authors:
        AuthorFactory(name=name)
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


def test_the_clicks_and_key_presses_from_the_empty_form_to_a_scheduled_story(
    browsers, writer, editor, newsroom, photo, media_root, request
):
    story, actions = newsroom, story_path.Actions()

    desk = browsers.open("writer")
    log_in(desk, "writer")
    desk.goto("/admin/articles/article/add/")  # the start: the empty story form
    story_path.write(actions, desk, story, photo)
    story_path.submit(actions, desk)

    chief = browsers.open("editor")
    log_in(chief, "editor")  # lands on the desk's start page
    at = timezone.localtime() + timedelta(days=1)
    story_path.approve_and_schedule(
        actions, chief, story, at.strftime("%Y-%m-%d"), at.strftime("%H:%M")
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

    actions.keep(Path(request.config.rootpath, "var"))
    print("\n" + actions.summary())
    assert actions.total() <= BEFORE, actions.summary()
