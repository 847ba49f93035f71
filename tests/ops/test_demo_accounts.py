"""The demo's staff (make run): one account per role, printed with its password and the
login address, which follows HOST and PORT as every address of the site does."""

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from desk import staff
from desk.logins import DEMO_ACCOUNTS
from tests.desk_pages import logged_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
ROLES = {"writer": "Writer", "editor": "Editor", "producer": "Producer", "admin": "Administrator"}
ROW = re.compile(r"^\s+(\w+)\s+(\w+)\s+password (\S+)$", re.M)


def logs_in(username, password):
    response = Client().post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def demo_accounts(capsys, *args):
    call_command("demo_accounts", *args)
    return capsys.readouterr().out


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.NEWSROOM_SITE_URL = "http://127.0.0.1:8100"


def test_one_account_per_role_printed_with_its_password_and_the_login_address(development, capsys):
    out = demo_accounts(capsys)
    assert "Log in at http://127.0.0.1:8100/admin/" in out
    printed = {name: (role, password) for name, role, password in ROW.findall(out)}
    assert {name: role for name, (role, _) in printed.items()} == ROLES
    for name, (role, password) in printed.items():
        user = User.objects.get(username=name)
        assert staff.roles_of(user) == [role] and user.is_staff
        assert logs_in(name, password), name


def test_again_the_accounts_are_kept_and_demo_password_prints_new_ones(development, capsys):
    first = dict((name, password) for name, _, password in ROW.findall(demo_accounts(capsys)))
    again = demo_accounts(capsys)
    assert ROW.findall(again) == []  # no password twice
    for name in ROLES:
        assert re.search(rf"^\s+{name}\s+\w+\s+made before", again, re.M), again
    assert User.objects.filter(username__in=ROLES).count() == len(ROLES)
    assert logs_in("writer", first["writer"])

    reset = dict((name, password) for name, _, password in ROW.findall(
        demo_accounts(capsys, "--reset-password")
    ))  # fmt: skip
    assert set(reset) == set(ROLES)
    assert not logs_in("editor", first["editor"])
    assert logs_in("editor", reset["editor"])


def test_a_real_account_with_a_demo_name_is_left_alone(development, capsys, make_staff):
    real = make_staff("producer", "Writer")  # an address of its own: not the demo's
    out = demo_accounts(capsys)
    assert "producer  left alone" in out
    real.refresh_from_db()
    assert staff.roles_of(real) == ["Writer"] and real.check_password("correct horse")
    assert User.objects.filter(username__in=ROLES).count() == len(ROLES)


def test_the_demo_editor_from_before_gets_its_address_and_keeps_its_password(development, capsys):
    old = User.objects.create_user("editor", "", "an old demo password", is_staff=True)
    demo_accounts(capsys)
    old.refresh_from_db()
    assert old.email == "demo-editor@newsroom.invalid"
    assert staff.roles_of(old) == ["Editor"] and old.check_password("an old demo password")


# --- the site's address follows HOST and PORT -------------------------------------------


def fake_python(tmp_path):
    """A stand-in for the virtualenv's Python: it notes the site's address as the settings
    read it (SITE_URL, else NEWSROOM_SITE_URL) and its arguments."""
    log = tmp_path / "calls.log"
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "${{SITE_URL:-$NEWSROOM_SITE_URL}} $*" >> {log}\n')
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    return python, log


def make_run(tmp_path, *arguments, **env):
    python, log = fake_python(tmp_path)
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SITE_URL", "NEWSROOM_SITE_URL", "PORT"}
    }
    result = subprocess.run(
        ["make", "--no-print-directory", "run", f"VENV={tmp_path / 'venv'}", f"PY={python}",
         *arguments],
        cwd=BASE_DIR, env={**environment, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1)[::-1] for line in log.read_text().splitlines())


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_gives_the_site_the_address_it_serves_on(tmp_path):
    calls = make_run(tmp_path, "PORT=8100")
    assert calls["manage.py runserver 127.0.0.1:8100"] == "http://127.0.0.1:8100"
    assert calls["manage.py demo_accounts"] == "http://127.0.0.1:8100"
    assert calls["manage.py load_demo"] == "http://127.0.0.1:8100"


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_keeps_a_site_url_given(tmp_path):
    calls = make_run(tmp_path, "PORT=8100", SITE_URL="https://news.example.org")
    assert calls["manage.py runserver 127.0.0.1:8100"] == "https://news.example.org"
    calls = make_run(tmp_path / "old", NEWSROOM_SITE_URL="https://old.example.org")
    assert calls["manage.py runserver 127.0.0.1:8000"] == "https://old.example.org"


def test_every_address_the_site_gives_out_is_on_the_site_url(client, settings):
    settings.NEWSROOM_SITE_URL = "http://127.0.0.1:8100"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]  # make run's DEBUG default
    story = ArticleFactory()
    on_8100 = {"HTTP_HOST": "127.0.0.1:8100"}  # as a reader of PORT=8100 make run asks
    pages = {
        "story": client.get(story.get_absolute_url(), **on_8100),
        "feed": client.get(reverse("articles:latest_feed_rss"), **on_8100),
        "sitemap": client.get(reverse("articles:sitemap_index"), **on_8100),
        "api": client.get(f"/api/stories/{story.pk}/", **on_8100),
    }
    page = pages["story"].content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8100{story.get_absolute_url()}"' in page
    assert f'"url": "http://127.0.0.1:8100{story.get_absolute_url()}"' in page  # JSON-LD
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert "http://127.0.0.1:8100/" in text, name
        assert ":8000" not in text, name


def test_the_readme_names_each_demo_account_and_what_its_role_may_do():
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Demo login", 1)[1].split("\n### ", 1)[0]
    for username, (role, _address) in DEMO_ACCOUNTS.items():
        assert f"| `{username}` | {role} | " in section, username
    assert "make demo-password" in section and "PORT=8100 make run" in section


def test_the_demo_writer_is_the_demo_s_first_author(development, capsys):
    call_command("load_demo")
    out = demo_accounts(capsys)
    assert "writer is Kazim Alam's account" in out
    writer = User.objects.get(username="writer")
    assert writer.author.name == "Kazim Alam"
    page = logged_in(writer).get(reverse("admin:articles_article_add")).content.decode()
    assert re.search(r'<option value="\d+" selected>Kazim Alam</option>', page)
    # Run again: nothing moves, nothing is said twice.
    assert "writer is" not in demo_accounts(capsys)
    assert User.objects.get(username="writer").author.name == "Kazim Alam"
