"""The Staff screen: an administrator adds a person with exactly one role chosen by name,
sees who holds which role, and deactivates accounts, which are never deleted."""

import lxml.html
import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from desk.models import StaffMember
from tests.desk_pages import action_choices, messages_of
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

ADD = reverse("admin:desk_staffmember_add")
CHANGELIST = reverse("admin:desk_staffmember_changelist")
PASSWORD = "a long first password"


def change_url(user):
    return reverse("admin:desk_staffmember_change", args=[user.pk])


def add_data(**fields):
    return {
        "username": "ayse",
        "first_name": "Ayşe",
        "last_name": "Kaya",
        "email": "ayse@example.org",
        "role": "Writer",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "staff_profile-TOTAL_FORMS": 0,
        "staff_profile-INITIAL_FORMS": 0,
        **fields,
    }


def change_data(user, **fields):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "staff_profile-TOTAL_FORMS": 0,
        "staff_profile-INITIAL_FORMS": 0,
        **fields,
    }


def logs_in(username, password):
    """Through the admin's login page, as the person would."""
    response = Client().post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def names(user):
    return sorted(user.groups.values_list("name", flat=True))


def field_names(response):
    html = lxml.html.fromstring(page_html(response))
    return set(html.xpath("//form//*[@name]/@name"))


def role_options(response):
    html = lxml.html.fromstring(page_html(response))
    return html.xpath('//input[@name="role"]/@value')


def listed_roles(response):
    """{user name: its role column} of the Staff list."""
    html = lxml.html.fromstring(page_html(response))
    return {
        row.xpath('string(.//th[contains(@class, "field-username")])').strip(): row.xpath(
            'string(.//td[contains(@class, "field-role")])'
        ).strip()
        for row in html.xpath('//table[@id="result_list"]/tbody/tr')
    }


def test_an_administrator_adds_a_person_with_one_role_chosen_by_name(superuser_client):
    form = superuser_client.get(ADD)
    assert form.status_code == 200
    assert role_options(form) == ["Writer", "Editor", "Producer", "Administrator"]
    assert "Writer: writes stories" in page_text(form)
    response = superuser_client.post(ADD, add_data(role="Editor"))
    assert response.status_code == 302
    ayse = User.objects.get(username="ayse")
    assert (names(ayse), ayse.is_staff, ayse.is_superuser) == (["Editor"], True, False)
    assert ayse.get_full_name() == "Ayşe Kaya"
    # The person logs in with the first password and finds the desk.
    assert logs_in("ayse", PASSWORD)


def test_the_form_has_no_permission_lists_groups_chooser_or_staff_box(superuser_client, writer):
    for page in [superuser_client.get(ADD), superuser_client.get(change_url(writer))]:
        fields = field_names(page)
        assert "role" in fields
        assert not fields & {"groups", "user_permissions", "is_staff", "is_superuser"}


def test_a_person_needs_a_role(superuser_client):
    response = superuser_client.post(ADD, add_data(role=""))
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert not User.objects.filter(username="ayse").exists()


def test_nothing_gives_two_roles(superuser_client, writer):
    data = add_data()
    data["role"] = ["Writer", "Editor"]  # a forged form: one value is kept, never two
    assert superuser_client.post(ADD, data).status_code == 302
    assert len(names(User.objects.get(username="ayse"))) == 1
    # Changing the role replaces it.
    response = superuser_client.post(change_url(writer), change_data(writer, role="Producer"))
    assert response.status_code == 302
    assert names(writer) == ["Producer"]


def test_an_unknown_role_is_refused(superuser_client):
    response = superuser_client.post(ADD, add_data(role="Owner"))
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)


def test_the_administrator_role_is_a_superuser_with_no_group(superuser_client, editor):
    response = superuser_client.post(change_url(editor), change_data(editor, role="Administrator"))
    assert response.status_code == 302
    editor.refresh_from_db()
    assert (editor.is_superuser, editor.is_staff, names(editor)) == (True, True, [])
    # And back: a superuser given a role is no longer one.
    superuser_client.post(change_url(editor), change_data(editor, role="Writer"))
    editor.refresh_from_db()
    assert (editor.is_superuser, names(editor)) == (False, ["Writer"])


def test_staff_status_follows_the_role(superuser_client):
    reader = User.objects.create_user("sam", "sam@example.org", "correct horse")
    assert not reader.is_staff
    superuser_client.post(change_url(reader), change_data(reader, role="Writer"))
    reader.refresh_from_db()
    assert reader.is_staff and names(reader) == ["Writer"]


def test_the_list_says_who_holds_which_role_and_filters_by_it(
    superuser_client, writer, editor, producer
):
    both = User.objects.create_user("both", "both@example.org", "x", is_staff=True)
    both.groups.add(*Group.objects.filter(name__in=["Writer", "Editor"]))
    User.objects.create_user("none", "none@example.org", "x")
    roles = listed_roles(superuser_client.get(CHANGELIST))
    assert roles == {
        "both": "Writer, Editor (to choose one)",
        "chief": "Administrator",
        "editor": "Editor",
        "none": "No role",
        "producer": "Producer",
        "writer": "Writer",
    }
    for role, people in [
        ("Editor", {"editor", "both"}),
        ("Administrator", {"chief"}),
        ("several", {"both"}),
        ("none", {"none"}),
    ]:
        assert set(listed_roles(superuser_client.get(CHANGELIST, {"role": role}))) == people


def test_the_list_reads_the_roles_in_a_few_queries(
    superuser_client, make_staff, django_assert_max_num_queries
):
    for number in range(20):
        make_staff(f"writer-{number}", "Writer")
    with django_assert_max_num_queries(12):
        response = superuser_client.get(CHANGELIST)
    assert len(listed_roles(response)) == 21


def test_two_roles_from_before_are_shown_and_one_is_asked_for_on_the_next_save(
    superuser_client, writer
):
    writer.groups.add(Group.objects.get(name="Editor"))
    page = superuser_client.get(change_url(writer))
    assert "Holds several roles now (Writer, Editor): choose the one they keep." in page_text(page)
    html = lxml.html.fromstring(page_html(page))
    assert not html.xpath('//input[@name="role"][@checked]')  # none chosen for them
    refused = superuser_client.post(change_url(writer), change_data(writer))
    assert refused.status_code == 200
    assert "This field is required." in page_text(refused)
    assert names(writer) == ["Editor", "Writer"]
    saved = superuser_client.post(change_url(writer), change_data(writer, role="Editor"))
    assert saved.status_code == 302
    assert names(writer) == ["Editor"]


def test_one_role_is_shown_chosen(superuser_client, producer):
    html = lxml.html.fromstring(page_html(superuser_client.get(change_url(producer))))
    assert html.xpath('//input[@name="role"][@checked]/@value') == ["Producer"]


def test_accounts_are_deactivated_never_deleted(superuser_client, writer, editor):
    changelist = superuser_client.get(CHANGELIST)
    assert action_choices(changelist) == {"deactivate_selected", "reactivate_selected"}
    response = superuser_client.post(
        CHANGELIST,
        {"action": "deactivate_selected", "_selected_action": [writer.pk, editor.pk]},
        follow=True,
    )
    assert "2 accounts deactivated: they can no longer log in." in messages_of(response)
    assert not User.objects.filter(pk__in=[writer.pk, editor.pk], is_active=True).exists()
    assert not logs_in("writer", "correct horse")
    delete = reverse("admin:desk_staffmember_delete", args=[writer.pk])
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=writer.pk).exists()
    # And back again.
    superuser_client.post(
        CHANGELIST, {"action": "reactivate_selected", "_selected_action": [writer.pk]}
    )
    assert logs_in("writer", "correct horse")


def test_the_active_box_deactivates_one_account(superuser_client, writer):
    data = change_data(writer, role="Writer")
    del data["is_active"]
    assert superuser_client.post(change_url(writer), data).status_code == 302
    writer.refresh_from_db()
    assert not writer.is_active


def test_an_administrator_cannot_lock_themselves_out(superuser_client, superuser):
    response = superuser_client.post(
        CHANGELIST,
        {"action": "deactivate_selected", "_selected_action": [superuser.pk]},
        follow=True,
    )
    assert "You cannot deactivate your own account." in messages_of(response)
    data = change_data(superuser, role="Editor")
    del data["is_active"]
    response = superuser_client.post(change_url(superuser), data)
    assert response.status_code == 200
    text = page_text(response)
    assert "You cannot give up your own Administrator role." in text
    assert "You cannot deactivate your own account." in text
    superuser.refresh_from_db()
    assert superuser.is_superuser and superuser.is_active


@pytest.mark.parametrize("who", ["writer_client", "editor_client", "producer_client"])
def test_only_an_administrator_manages_staff(request, who, writer):
    client = request.getfixturevalue(who)
    for url in [CHANGELIST, ADD, change_url(writer)]:
        assert client.get(url).status_code == 403
    assert client.post(ADD, add_data(role="Editor")).status_code == 403
    assert not User.objects.filter(username="ayse").exists()
    assert "Staff" not in page_text(client.get(reverse("admin:index")))


def test_the_start_page_names_the_staff_screen(superuser_client):
    html = lxml.html.fromstring(page_html(superuser_client.get(reverse("admin:index"))))
    assert html.xpath(f'//a[@href="{CHANGELIST}"]/text()')[0] == "Staff"
    # Django's own Users screen is no longer listed beside it.
    assert not html.xpath(f'//a[@href="{reverse("admin:auth_user_changelist")}"]')


def test_the_advanced_route_to_individual_permissions_is_a_superuser_s(
    superuser_client, editor_client, writer
):
    page = superuser_client.get(change_url(writer))
    advanced = reverse("admin:auth_user_change", args=[writer.pk])
    assert f'href="{advanced}"' in page_html(page)
    fields = field_names(superuser_client.get(advanced))
    assert "user_permissions" in fields and "groups" not in fields
    assert editor_client.get(advanced).status_code == 403
    assert superuser_client.get(reverse("admin:auth_user_add")).status_code == 403


def test_a_staff_member_is_the_user_account(writer):
    assert StaffMember.objects.get(pk=writer.pk).username == "writer"


def test_the_add_page_promises_no_options_to_come(superuser_client):
    # Django's user add page says more options follow; here everything is on one page.
    assert "edit more user options" not in page_text(superuser_client.get(ADD))
