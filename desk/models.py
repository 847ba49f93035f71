"""What the desk keeps about a staff member: their profile (the admin's language), and
the Staff screen's model (a proxy of the user, named as the newsroom names it)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _


def admin_languages():
    """The languages the admin can be read in (settings.LANGUAGES), for the profile's
    choices: a callable, so that a new edition needs no migration."""
    return list(settings.LANGUAGES)


class StaffProfile(models.Model):
    """A staff member's own settings for the desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("admin language"),
        max_length=12,
        blank=True,
        choices=admin_languages,
        help_text=_("The language the admin speaks to you in. Empty: your browser's."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)


class StaffMember(User):
    """A person on the newsroom's staff, as the Staff screen lists them (desk/staff.py):
    the user account itself, under the newsroom's name for it."""

    class Meta:
        proxy = True
        ordering = ["username"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")


def language_of(user):
    """The admin language ``user`` chose ("" for none: the browser's then): one small
    query on each admin page."""
    if not user.is_authenticated or not user.is_staff:
        return ""
    found = StaffProfile.objects.filter(user=user).values_list("language", flat=True)
    return found.first() or ""
