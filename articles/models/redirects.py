"""Old public addresses that answer 301 with the new one (the rules: articles/redirects.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    """An old public address that answers 301 with a new one, so no old link dies.

    Made by the site when a published story, a section, a tag or an author changes
    address, or by staff by hand. Chains collapse and loops are refused (see
    articles.redirects).
    """

    old_path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        help_text=_("The old address, such as /turkiye/old-slug/."),
    )
    new_path = models.CharField(_("new path"), max_length=500, help_text=_("Where it goes now."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_path=models.F("new_path")), name="redirect_not_to_itself"
            )
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
