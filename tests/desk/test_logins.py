"""Admin logins: throttled per user name and per address (django-axes, desk/logins.py),
a lock-out page that says until when and whom to ask, a superuser who can lift it, no
demo account in production, Django's password rules, sessions that end, staff only."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from desk.logins import DEMO_ACCOUNTS
from tests.desk_pages import logged_in
from tests.pages import page_html, page_text

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def log_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in_ok(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def fail(client, username, times, address="203.0.113.7", **headers):
    for _ in range(times):
        response = log_in(client, username, "wrong password", address, **headers)
        assert response.status_code in (200, 429)  # the failure that reaches a limit locks


def test_the_right_password_after_a_few_mistakes_still_logs_in(client, writer):
    fail(client, "writer", 4)
    assert logged_in_ok(log_in(client, "writer", "correct horse"))


def test_five_wrong_passwords_lock_the_user_name_from_anywhere(client, writer):
    fail(client, "writer", 5)
    locked = log_in(client, "writer", "correct horse")
    assert locked.status_code == 429
    text = page_text(locked)
    assert "Too many failed logins" in text
    assert "Try again after" in text and "15 minutes" in text
    assert "administrator" in text and "Access attempts" in text
    assert "Content-Security-Policy" in locked
    # Guessing from another address gets no fresh tries for the same name.
    assert log_in(client, "writer", "correct horse", address="198.51.100.9").status_code == 429


def test_one_address_trying_many_names_is_locked_for_every_name(client, writer):
    for number in range(20):
        fail(client, f"guess{number}", 1)
    assert log_in(client, "writer", "correct horse").status_code == 429
    # A colleague at another address logs in as usual.
    assert logged_in_ok(log_in(client, "writer", "correct horse", address="198.51.100.9"))


def test_the_right_password_from_a_locked_address_does_not_lock_the_user(client, writer):
    """A colleague at the guesser's address (one office) keeps typing the right password:
    refused while the address is locked, but never counted as a failure of their name."""
    for number in range(20):
        fail(client, f"guess{number}", 1)
    for _ in range(6):
        assert log_in(client, "writer", "correct horse").status_code == 429
    assert logged_in_ok(log_in(client, "writer", "correct horse", address="198.51.100.9"))


def test_tries_during_a_lock_out_do_not_make_it_longer(client, writer, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for number in range(20):
        fail(client, f"guess{number}", 1)
    for _ in range(14):
        time_machine.shift(timedelta(minutes=1))
        assert log_in(client, "writer", "correct horse").status_code == 429
    time_machine.shift(timedelta(minutes=1, seconds=1))
    assert logged_in_ok(log_in(client, "writer", "correct horse"))


def test_an_office_sharing_one_address_is_not_locked_by_a_few_typos(client, writer, editor):
    for name in ["producer1", "producer2", "sub-editor"]:
        fail(client, name, 4)
    assert logged_in_ok(log_in(client, "editor", "correct horse"))


def test_a_forged_forwarded_for_header_does_not_escape_the_address_limit(client, writer):
    for number in range(20):
        fail(client, f"guess{number}", 1, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert log_in(client, "writer", "correct horse").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, writer, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for number in range(20):
        fail(client, f"guess{number}", 1, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.50").count() == 20
    # The proxy's other clients are not locked out with the guesser.
    assert logged_in_ok(log_in(client, "writer", "correct horse", proxy))


def test_a_superuser_lifts_a_lock_out(client, writer, superuser_client):
    fail(client, "writer", 5)
    assert log_in(client, "writer", "correct horse").status_code == 429
    attempts = AccessAttempt.objects.filter(username="writer")
    response = superuser_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="writer").exists()
    assert logged_in_ok(log_in(client, "writer", "correct horse"))


@pytest.mark.parametrize("who", ["editor_client", "producer_client"])
def test_the_desk_cannot_see_or_lift_lock_outs(request, who, client, writer):
    fail(client, "writer", 5)
    desk = request.getfixturevalue(who)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert desk.get(changelist).status_code == 403
    attempt = AccessAttempt.objects.get(username="writer")
    response = desk.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# --- the demo accounts -------------------------------------------------------------


def test_demo_accounts_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("demo_accounts")
    assert not User.objects.filter(username__in=DEMO_ACCOUNTS).exists()


@pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
def test_a_demo_account_cannot_log_in_when_debug_is_off(client, settings, capsys, username):
    settings.DEBUG = True
    call_command("demo_accounts")
    out = capsys.readouterr().out
    password = re.search(rf"^\s+{username}\s+\w+\s+password (\S+)$", out, re.M).group(1)
    demo = User.objects.get(username=username)
    assert demo.email == DEMO_ACCOUNTS[username][1] and demo.is_staff
    assert logged_in_ok(log_in(client, username, password))  # development: it works

    settings.DEBUG = False
    # Its session from before is no longer honoured, and a new login is refused.
    assert client.get(reverse("admin:index")).status_code == 302
    response = log_in(client, username, password)
    assert response.status_code == 200
    assert "correct username and password" in page_text(response)


def test_a_real_user_named_editor_is_not_taken_for_the_demo(client, settings):
    settings.DEBUG = False
    User.objects.create_user(
        "editor", "editor@news.example.org", "correct horse battery", is_staff=True
    )
    assert logged_in_ok(log_in(client, "editor", "correct horse battery"))


# --- passwords, sessions, staff only ------------------------------------------------


def test_a_weak_password_is_refused_by_the_admins_password_form(superuser_client, writer):
    url = reverse("admin:desk_staffmember_password_change", args=[writer.pk])
    response = superuser_client.post(url, {"password1": "password", "password2": "password"})
    assert response.status_code == 200
    text = page_text(response)
    assert "This password is too common" in text
    writer.refresh_from_db()
    assert writer.check_password("correct horse")


def test_a_session_lasts_a_shift(client, writer, settings):
    response = log_in(client, "writer", "correct horse")
    assert logged_in_ok(response)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 10 * 60 * 60
    assert cookie["httponly"]


def test_an_active_user_who_is_not_staff_cannot_use_the_admin(client):
    reader = User.objects.create_user("reader", "reader@example.org", "correct horse")
    response = log_in(client, "reader", "correct horse")
    assert response.status_code == 200
    assert "staff account" in page_text(response)
    # Even with a session (logged in elsewhere on the site), the admin sends it away.
    session = logged_in(reader)
    response = session.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "Headline" not in page_html(response)
