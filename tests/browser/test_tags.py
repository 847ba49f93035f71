"""Tags in the admin: a producer merges two, and the old tag's address leads to the merged
tag; a writer types a tag that exists and sees it as that tag before saving."""

import re

import pytest

from articles.models import Article, Tag
from tests.browser.admin_ui import choose, expect, log_in, message
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_merged_tags_old_address_leads_readers_to_the_tag_it_was_merged_into(browsers, producer):
    us, united_states = TagFactory(name="US"), TagFactory(name="United States")
    ArticleFactory(headline="Washington hosts the ministers", tags=[us])
    ArticleFactory.create_batch(2, tags=[united_states])

    # Readers have been reading the old tag page: the server keeps a copy of it.
    earlier = browsers.open("earlier-reader")
    earlier.goto("/tag/us/")
    expect(earlier.get_by_role("heading", level=1)).to_have_text("US")

    desk = browsers.open("producer")
    log_in(desk, "producer")
    desk.get_by_role("link", name="Tags", exact=True).click()
    for name in ["US", "United States"]:
        desk.get_by_role("checkbox", name=f"Select this object for an action - {name}").check()
    desk.get_by_label("Action:").select_option(label="Merge selected tags into one…")
    desk.get_by_role("button", name="Run", exact=True).click()

    # The tag on most stories is offered as the one that stays.
    expect(desk.get_by_role("radio", name="United States")).to_be_checked()
    changes = desk.get_by_role("row", name=re.compile("Washington hosts the ministers"))
    expect(changes).to_contain_text("gains it")
    desk.get_by_role("button", name="Yes, merge into “United States”").click()
    expect(message(desk, "Merged “US” into “United States”")).to_be_visible()

    # A reader's browser may keep its own copy for a minute (Cache-Control max-age):
    # the next reader's browser, with none, asks the server.
    reader = browsers.open("reader")
    reader.goto("/tag/us/")
    expect(reader).to_have_url(re.compile(r"/tag/united-states/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("United States")
    expect(reader.get_by_role("link", name="Washington hosts the ministers")).to_be_visible()


def test_a_typed_tag_that_names_an_existing_one_shows_as_that_tag_before_saving(browsers, writer):
    nato, turkiye = TagFactory(name="NATO"), TagFactory(name="Türkiye")
    SectionFactory(name="World")

    desk = browsers.open("writer")
    log_in(desk, "writer")
    desk.goto("/admin/articles/article/add/")
    choose(desk, "id_section", "Wor", "World")
    desk.get_by_label("Headline:").fill("Ministers meet in Brussels")

    box = desk.locator("#id_tags + .select2")
    chosen = box.locator(".select2-selection__choice")
    field = box.locator(".select2-search__field")
    # "nato" and a comma, as the picker's hint says: NATO, the existing tag, at once.
    field.press_sequentially("nato,")
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_text(re.compile(r"^\W*NATO$"))
    # Without its accent: Türkiye.
    field.press_sequentially("turkiye,")
    expect(chosen).to_have_count(2)
    expect(chosen.nth(1)).to_have_text(re.compile(r"^\W*Türkiye$"))
    # A name no tag has: added as it is, and marked new.
    field.press_sequentially("Black Sea,")
    expect(chosen).to_have_count(3)
    expect(chosen.nth(2)).to_have_text(re.compile(r"Black Sea\s+new$"))
    expect(box.locator(".newsroom-tag-new")).to_have_count(1)
    # Typed again in another case and chosen with Enter: still the one NATO.
    field.press_sequentially("NaTo")
    expect(desk.locator(".select2-results__option--highlighted")).to_have_text("NATO")
    field.press("Enter")
    expect(chosen).to_have_count(3)

    desk.get_by_role("button", name="Save", exact=True).first.click()
    expect(message(desk, "was added successfully")).to_be_visible()
    story = Article.objects.get(headline="Ministers meet in Brussels")
    assert sorted(story.tags.names()) == ["Black Sea", "NATO", "Türkiye"]
    assert set(Tag.objects.exclude(name="Black Sea")) == {nato, turkiye}
