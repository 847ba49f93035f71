"""The Staff screen in Chromium: an administrator adds a person with one role, by its
name on the screen, and finds them listed with it; axe-core finds no serious or
critical violation on its list, add and change pages."""

import re

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.accessibility import blocking_violations
from tests.browser.admin_ui import expect, log_in, message

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"
STAFF = "/admin/desk/staffmember/"


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)


@pytest.fixture
def admin_page(site, new_context, administrator):
    context = new_context(base_url=site.url, bypass_csp=True)  # for axe's injected script
    page = context.new_page()
    log_in(page, "chief", PASSWORD)
    return page


def test_an_administrator_adds_an_editor_by_the_role_s_name(admin_page):
    page = admin_page
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Add staff member").click()
    page.get_by_label("Username:").fill("ayse")
    page.get_by_label("First name:").fill("Ayşe")
    page.get_by_label("Last name:").fill("Kaya")
    role = page.get_by_role("group", name="Role")
    role.get_by_role("radio", name=re.compile(r"^Editor: edits any story")).check()
    page.get_by_label("Password:", exact=True).fill("a long first password")
    page.get_by_label("Password confirmation:").fill("a long first password")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(message(page, "was added successfully")).to_be_visible()
    ayse = User.objects.get(username="ayse")
    assert [g.name for g in ayse.groups.all()] == ["Editor"] and ayse.is_staff

    page.goto(STAFF)
    row = page.locator("#result_list tr", has_text="ayse")
    expect(row.locator("td.field-role")).to_have_text("Editor")


def test_the_staff_screen_has_no_serious_accessibility_violation(admin_page, make_staff):
    both = make_staff("both", "Writer")
    both.groups.add(Group.objects.get(name="Editor"))  # the page that asks for one role
    page = admin_page
    found = {}
    for name, url in [
        ("list", STAFF),
        ("add", f"{STAFF}add/"),
        ("change", f"{STAFF}{both.pk}/change/"),
        ("add, refused", f"{STAFF}add/"),
    ]:
        page.goto(url)
        if name == "add, refused":  # with its errors on show
            page.get_by_role("button", name="Save", exact=True).click()
            expect(page.locator(".errornote")).to_be_visible()
        found[name] = blocking_violations(page)
    assert not any(found.values()), found
