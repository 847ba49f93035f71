"""The demo newsroom's staff: one account per role, for trying the desk (make run).

writer (Writer), editor (Editor), producer (Producer) and admin (Administrator, who
manages the staff). Each password is random and printed once, when the account is
made; ``make demo-password`` (``demo_accounts --reset-password``) sets and prints new
ones. The login address printed is SITE_URL's, which ``make run`` sets from HOST and
PORT. The roles are made by migrations (desk/staff.py). The writer's account is the
demo's first author's (Kazim Alam, when load_demo has made him and no account has him
yet), so a story the writer starts has a byline already.

Development only: with DEBUG off the command refuses, and the accounts, if a database
has them, cannot log in (desk/logins.py).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.models import Author
from desk import staff
from desk.logins import DEMO_ACCOUNTS, is_demo_account
from ops import demo


def login_address():
    return settings.NEWSROOM_SITE_URL + reverse("admin:index")


class Command(BaseCommand):
    help = "Create the demo staff accounts, one per role, and print their passwords once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set new random passwords for the demo accounts and print them.",
        )

    @transaction.atomic
    def handle(self, *args, reset_password=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo accounts are for development only (DEBUG=1): their passwords are "
                "printed here, and they cannot log in while DEBUG is off. Make real staff "
                "accounts with: manage.py createsuperuser, then the admin's Staff screen."
            )
        lines = []
        for username, (role, address) in DEMO_ACCOUNTS.items():
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"email": address}
            )
            if not is_demo_account(user):
                lines.append(
                    f"  {username:<9} left alone: a user with this name and the address "
                    f"{user.email} exists and is not a demo account"
                )
                continue
            if user.email != address:  # the demo editor from before it had an address
                user.email = address
                user.save(update_fields=["email"])
            staff.give_role(user, role)
            label = str(staff.label(role))
            if created or reset_password:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save(update_fields=["password"])
                lines.append(f"  {username:<9} {label:<14} password {password}")
            else:
                lines.append(
                    f"  {username:<9} {label:<14} made before (new passwords: make demo-password)"
                )
        lines += self.give_the_writer_a_byline()
        self.stdout.write(
            f"Demo accounts, one per role (development only). Log in at {login_address()}\n"
            + "\n".join(lines)
        )

    def give_the_writer_a_byline(self):
        writer = get_user_model().objects.filter(username="writer").first()
        if writer is None or not is_demo_account(writer) or Author.objects.filter(user=writer):
            return []
        first = Author.objects.filter(slug=demo.AUTHORS[0]["slug"], user=None).first()
        if first is None:
            return []
        first.user = writer
        first.save(update_fields=["user"])
        return [f"  writer is {first.name}'s account: a story they start has that byline"]
