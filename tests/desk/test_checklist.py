"""The story's checklist (desk/checklist.py): what publishing still needs, and the advice
on alt text, subheadings and link text; the workflow refuses to publish with exactly its
blocking items still open."""

import pytest

from desk import checklist, workflow
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def complete_story(**fields):
    return ArticleFactory(
        hero_image=ImageFactory(alt_text="Two ministers shake hands in Washington"),
        authors=[AuthorFactory()],
        draft=True,
        **fields,
    )


def by_key(article):
    return {item.key: item for item in checklist.items(article)}


def test_a_complete_story_needs_nothing_and_gets_no_advice():
    story = complete_story(
        body='<p>Read <a href="https://example.org/s">the joint statement</a>.</p>'
        "<h2>Grain</h2><p>Talks.</p><h3>Ports</h3><p>More.</p>"
    )
    assert all(item.passed for item in checklist.items(story))
    assert checklist.still_needed(story) == [] == workflow.still_needed(story)


def test_the_blocking_items_are_what_the_workflow_refuses_to_publish_without():
    story = ArticleFactory(headline=" ", standfirst="", body="", draft=True)
    needed = [item.needs for item in checklist.items(story) if item.blocks and not item.passed]
    assert needed == [
        "a headline", "a standfirst", "a body", "a hero image", "an author or a source",
    ]  # fmt: skip
    assert workflow.still_needed(story) == needed


def test_an_agency_stands_in_for_an_author():
    story = ArticleFactory(sources=[SourceFactory()], draft=True)
    assert by_key(story)["byline"].passed


@pytest.mark.parametrize(
    "alt, passes",
    [
        ("IMG_2041.jpg", False),
        ("DSC01234", False),
        ("blinken-cavusoglu.png", False),
        ("photo 12", False),
        ("Blinken and Cavusoglu before their talks", True),
        ("Ankara's skyline at dusk, 2023", True),
    ],
)
def test_alt_text_that_is_a_file_name_is_advised_against(alt, passes):
    story = complete_story()
    story.hero_image.alt_text = alt
    item = by_key(story)["alt_describes"]
    assert (item.passed, item.blocks) == (passes, False)
    if not passes:
        assert alt in item.detail


@pytest.mark.parametrize(
    "body, passes",
    [
        ("<p>No subheadings.</p>", True),
        ("<h2>One</h2><h3>Under it</h3><h2>Two</h2>", True),
        ("<h3>Too deep first</h3><h2>Then</h2>", False),
        ("<h2>One</h2><h4>Skips three</h4>", False),
        ("<h1>A second headline</h1>", False),
    ],
)
def test_subheadings_go_in_order_from_level_two(body, passes):
    story = complete_story()
    # In memory: the body's sanitiser keeps levels 2 and 3 only, the rule reads any.
    story.body = body
    item = by_key(story)["headings"]
    assert (item.passed, item.blocks) == (passes, False)
    if not passes:
        assert item.detail


@pytest.mark.parametrize(
    "text, passes",
    [
        ("the joint statement", True),
        ("the ministry's full transcript", True),
        ("here", False),
        ("Click here", False),
        ("click here.", False),
        ("read more", False),
        ("https://example.org/joint-statement", False),
        ("www.example.org", False),
        ("example.com", False),
        ("buraya tıklayın", False),
        ("هنا", False),
    ],
)
def test_link_text_says_where_the_link_goes(text, passes):
    body = f'<p>See <a href="https://example.org/joint-statement">{text}</a>.</p>'
    item = by_key(complete_story(body=body))["link_text"]
    assert (item.passed, item.blocks) == (passes, False)
    if not passes:
        assert text in item.detail


def test_advice_never_blocks_publishing():
    story = complete_story(body='<h3>Deep</h3><p><a href="https://example.org">here</a></p>')
    story.hero_image.alt_text = "IMG_0001.jpg"
    advice = [item for item in checklist.items(story) if not item.passed]
    assert {item.key for item in advice} == {"headings", "link_text", "alt_describes"}
    assert workflow.still_needed(story) == []


def test_counts_are_the_story_page_s():
    story = complete_story(body="<p>" + "word " * 401 + "</p>")
    assert checklist.counts(story) == {"words": 401, "minutes": 3}
