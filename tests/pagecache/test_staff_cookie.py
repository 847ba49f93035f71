"""Staff get fresh private pages; a made-up session cookie gets the cached one.

The page cache used to serve fresh pages to anyone who sent a session cookie: any
``Cookie: sessionid=x`` turned it off for that request (1,802 → 98 requests a second on
the home page). Staff are now told by a signed cookie set at the admin login and cleared
at logout (pagecache/staff.py), checked without a query.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from pagecache import staff
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(headline="Parliament passes the budget")


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def log_in(client, username="editor", password="correct horse"):
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302, response.content[:300]
    return response


def assert_public_hit(response):
    assert response["X-Cache"] == "hit"
    assert response["Cache-Control"].startswith("public")
    assert not response.cookies
    assert "Vary" not in response


@pytest.mark.parametrize("cookie", ["anything", "x" * 4000])
def test_a_made_up_session_cookie_gets_the_cached_page_with_no_query(
    client, story, cookie, django_assert_num_queries
):
    url = story.get_absolute_url()
    read(client, url)  # a reader without cookies fills the cache
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    with django_assert_num_queries(0):
        assert_public_hit(read(client, url))
    # A page first made for such a request is kept for everyone.
    assert read(client, "/")["Cache-Control"].startswith("public")
    assert_public_hit(read(client.__class__(), "/"))


def test_a_forged_or_expired_staff_cookie_gets_the_cached_page(client, story, editor):
    url = story.get_absolute_url()
    read(client, url)
    for value in ("1", f"{editor.pk}:forged:signature", staff.cookie_value(editor) + "x"):
        client.cookies[staff.COOKIE_NAME] = value
        assert_public_hit(read(client, url))


def test_staff_logged_in_through_the_admin_get_fresh_private_pages(client, story, editor):
    url = story.get_absolute_url()
    anonymous = client.__class__()
    read(anonymous, url)
    assert read(anonymous, url)["X-Cache"] == "hit"

    answer = log_in(client)
    cookie = answer.cookies[staff.COOKIE_NAME]
    assert cookie.value and cookie["httponly"] and cookie["path"] == "/"
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
    for _ in range(2):
        response = read(client, url)
        assert response.get("X-Cache") != "hit"
        assert response["Cache-Control"] == "private, no-cache"
    # An edit shows to the editor at once, and what staff were served was never stored.
    story.headline = "Parliament passes the budget after all-night session"
    story.save()
    assert "all-night session" in read(client, url).content.decode()
    assert read(anonymous, url)["X-Cache"] == "miss"


def test_logging_out_clears_the_staff_cookie(client, story, editor):
    url = story.get_absolute_url()
    read(client.__class__(), url)
    log_in(client)
    assert read(client, url)["Cache-Control"] == "private, no-cache"
    answer = client.post(reverse("admin:logout"))
    assert answer.status_code == 200
    assert answer.cookies[staff.COOKIE_NAME]["max-age"] == 0  # deleted
    assert_public_hit(read(client, url))


def test_a_login_from_before_the_staff_cookie_gets_it_on_its_next_admin_page(client, editor):
    client.force_login(editor)  # a session, no staff cookie
    answer = client.get(reverse("admin:index"))
    assert answer.status_code == 200
    assert staff.COOKIE_NAME in answer.cookies
    again = client.get(reverse("admin:index"))
    assert staff.COOKIE_NAME not in again.cookies  # set once, not on every page


def test_a_user_no_longer_staff_loses_the_staff_cookie(client, editor):
    log_in(client)
    editor.is_staff = False
    editor.save()
    answer = client.get(reverse("admin:index"))
    assert answer.cookies[staff.COOKIE_NAME]["max-age"] == 0
