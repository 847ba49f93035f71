"""A producer merges two tags in the admin; the old tag's address leads to the merged tag."""

import re

import pytest

from tests.browser.admin_ui import expect, log_in, message
from tests.factories import ArticleFactory, TagFactory

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
