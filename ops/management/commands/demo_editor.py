"""A staff account for trying the newsdesk: user "editor" in the Editor role.

The password is random and printed once, when the account is made; ``make
demo-password`` (``demo_editor --reset-password``) sets and prints a new one.
The roles themselves (Writer, Editor, Producer) are made by a migration.

Development only: with DEBUG off the command refuses, and the account, if a database
has one, cannot log in (desk/logins.py).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from desk.logins import DEMO_EMAIL, DEMO_USERNAME

USERNAME = DEMO_USERNAME
GROUP = "Editor"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = 'Create the demo staff user "editor" (Editor role) and print its password once.'

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set a new random password for the demo editor and print it.",
        )

    @transaction.atomic
    def handle(self, *args, reset_password=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo editor is for development only (DEBUG=1): its password is "
                "printed here, and it cannot log in while DEBUG is off. Make real staff "
                "accounts with: manage.py createsuperuser, then the admin's Users page."
            )
        group = Group.objects.get(name=GROUP)

        user, created = get_user_model().objects.get_or_create(
            username=USERNAME,
            defaults={"is_staff": True, "is_superuser": False, "email": DEMO_EMAIL},
        )
        if user.email and user.email != DEMO_EMAIL:
            raise CommandError(
                f'A user "{USERNAME}" with the address {user.email} exists and is not the '
                "demo account: it is left alone."
            )
        if not user.is_staff or not user.email:
            # An account from before the demo address existed gets it now.
            user.is_staff, user.email = True, DEMO_EMAIL
            user.save(update_fields=["is_staff", "email"])
        user.groups.add(group)

        if created or reset_password:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(
                f"Demo editor: user name {USERNAME}, password {password}  (log in at {ADMIN_URL})"
            )
        else:
            self.stdout.write(
                f"Demo editor: user name {USERNAME} already exists; "
                "for a new password run: make demo-password"
            )
