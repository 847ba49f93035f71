"""An editor puts a story's Explore picks in order by dragging them, or from the keyboard
with each pick's Up and Down buttons; readers' Explore list follows that order."""

import pytest

from articles.models import ExplorePick
from tests.browser.admin_ui import expect, log_in, message
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PICKS = ["Ships leave Odesa", "Talks resume in May", "Inspections in Istanbul"]


@pytest.fixture
def story():
    story = ArticleFactory(headline="Ministers agree on the grain corridor")
    for position, headline in enumerate(PICKS, start=1):
        ExplorePick.objects.create(
            article=story, picked=ArticleFactory(headline=headline), position=position
        )
    return story


def picks_in_the_form(desk):
    return desk.locator(
        "#explore_picks-group tbody tr.form-row:not(.empty-form) select"
    ).evaluate_all("selects => selects.map(s => s.selectedOptions[0].textContent.trim())")


def test_explore_picks_are_put_in_order_by_dragging_and_from_the_keyboard(browsers, editor, story):
    desk = browsers.open("editor")
    log_in(desk, "editor")
    desk.goto(f"/admin/articles/article/{story.pk}/change/")
    picks = desk.locator("#explore_picks-group")
    # The numbers are the script's to write: no position column to fill in.
    expect(picks.get_by_role("columnheader", name="Position")).to_be_hidden()

    # The last pick dragged by its handle onto the top half of the first row.
    rows = picks.locator("tbody tr.form-row:not(.empty-form)")
    rows.nth(2).locator(".newsroom-order__handle").drag_to(
        rows.nth(0), target_position={"x": 200, "y": 5}
    )
    assert picks_in_the_form(desk) == [PICKS[2], PICKS[0], PICKS[1]]

    # From the keyboard: the first pick one place down, with its own button.
    down = picks.get_by_role("button", name=f"Move “{PICKS[0]}” down")
    down.focus()
    desk.keyboard.press("Enter")
    expect(down).to_be_focused()
    assert picks_in_the_form(desk) == [PICKS[2], PICKS[1], PICKS[0]]

    desk.get_by_role("button", name="Save and continue editing").first.click()
    expect(message(desk, "was changed successfully")).to_be_visible()
    assert [pick.picked.headline for pick in story.explore_picks.order_by("position", "pk")] == [
        PICKS[2],
        PICKS[1],
        PICKS[0],
    ]
    assert list(story.explore_picks.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]

    reader = browsers.open("reader")
    reader.goto(story.get_absolute_url())
    explore = reader.get_by_role("region", name="Explore").get_by_role("link")
    expect(explore.first).to_be_visible()
    headlines = [text.strip() for text in explore.all_inner_texts()]
    assert [headline for headline in headlines if headline in PICKS] == [
        PICKS[2],
        PICKS[1],
        PICKS[0],
    ]


def test_the_ordered_picks_pass_axe(browsers, editor, story):
    from tests.browser.test_related_links import serious_violations

    try:
        from audit import tools

        tools.axe_script()
    except tools.Missing as missing:
        pytest.skip(str(missing))
    desk = browsers.open("editor")
    log_in(desk, "editor")
    desk.goto(f"/admin/articles/article/{story.pk}/change/")
    expect(desk.get_by_role("button", name=f"Move “{PICKS[0]}” up")).to_be_attached()
    assert serious_violations(desk, "#explore_picks-group") == []
