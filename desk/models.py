"""What the desk keeps about a staff member: their profile (the admin's language)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _


def admin_languages():
    """The languages the admin can be read in (settings.LANGUAGES), for the profile's
    choices: a callable, so that a new edition needs no migration."""
    return list(settings.LANGUAGES)


class StaffProfile(models.Model):
    """A staff member's own settings for the desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(_cache_key(self.user_id))

    def delete(self, *args, **kwargs):
        cache.delete(_cache_key(self.user_id))
        return super().delete(*args, **kwargs)


# A day at most: the profile's save drops the copy at once; this is only a backstop.
LANGUAGE_CACHE_SECONDS = 24 * 60 * 60


def _cache_key(user_id):
    return f"desk:admin_language:{user_id}"


def language_of(user):
    """The admin language ``user`` chose ("" for none: the browser's then). Kept in the
    cache, so that an admin page costs no query for it; a profile's save drops it."""
    if not user.is_authenticated or not user.is_staff:
        return ""
    key = _cache_key(user.pk)
    chosen = cache.get(key)
    if chosen is None:
        found = StaffProfile.objects.filter(user=user).values_list("language", flat=True)
        chosen = found.first() or ""
        cache.set(key, chosen, LANGUAGE_CACHE_SECONDS)
    return chosen


@receiver(user_logged_in, dispatch_uid="desk.models.remember_language")
def remember_language(sender, request, user, **kwargs):
    """Read at login, so that no admin page of the session pays for it."""
    language_of(user)
