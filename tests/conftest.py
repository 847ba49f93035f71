"""Fixtures every test can use: a private media folder, an editor and a superuser."""

import pytest
from django.contrib.auth.models import Permission


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


@pytest.fixture
def editor(django_user_model):
    """A desk editor: staff, every newsroom and tag permission, but not a superuser.

    Testing as a superuser would hide a missing permission; editors are not superusers.
    """
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct horse", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["articles", "taggit"])
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "correct horse battery"
    )


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
