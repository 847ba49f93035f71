"""Fixtures every test can use: a private media folder, the desk's roles and a superuser.

Each role is a staff member of its group from the roles migration (Writer, Editor,
Producer), never a superuser: a superuser would hide a missing permission. Each
role's client is a client of its own, so a test can use several at once while
``client`` stays an anonymous reader.
"""

import pytest
from django.contrib.auth.models import Group

from tests.desk_pages import logged_in


def pytest_configure(config):
    # Tests serve no collected static files; WhiteNoise's warning that staticfiles/
    # does not exist says nothing about the code under test.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_report_header(config):
    from django.conf import settings

    # CI runs the suite twice; the header says which database each run used.
    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and factory images land in a throwaway folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: pages and key versions cached by an earlier
    test (whose rows were rolled back) must not answer for this one's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_outage_logged():
    """Each test starts as if no cache outage had been logged in this process (outages
    are logged once a minute: newsroom.cache.cache_down)."""
    from newsroom.cache import reset_outage_log

    reset_outage_log()


@pytest.fixture
def bench_switches(settings):
    """The benchmark's middleware (ops/bench.py), as NEWSROOM_BENCH=1 installs it."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("pagecache.middleware.PageCacheMiddleware"), "ops.bench.BenchMiddleware"
    )
    settings.MIDDLEWARE = middleware


@pytest.fixture
def come_due(time_machine):
    """``come_due(when)``: the clock moved to ``when`` (a scheduled publication's time),
    and the cache's next publication gone with it, as the cache lets it go then. Redis
    keeps its own clock, which moving this one does not move."""

    def move(when):
        from django.core.cache import cache

        from pagecache.keys import NEXT_PUBLICATION

        time_machine.move_to(when, tick=False)
        cache.delete(NEXT_PUBLICATION)

    return move


@pytest.fixture
def make_staff(django_user_model):
    """Make a staff member in one of the desk's roles: ``make_staff("sam", "Writer")``."""

    def make(username, role):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", "correct horse", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def writer(make_staff):
    return make_staff("writer", "Writer")


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", "Editor")


@pytest.fixture
def producer(make_staff):
    return make_staff("producer", "Producer")


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def producer_client(producer):
    return logged_in(producer)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "correct horse battery"
    )


@pytest.fixture
def superuser_client(superuser):
    return logged_in(superuser)
