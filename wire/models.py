"""Ingest channels, the items they bring in, and agency updates waiting for an editor."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Image, Section, Source


class IngestChannel(models.Model):
    """Where one agency's copy comes from, in which format, and what it becomes."""

    class Format(models.TextChoices):
        NINJS = "ninjs", _("ninjs (JSON, 1.x and 2.x)")
        NEWSML = "newsml", "NewsML-G2"
        RSS = "rss", _("RSS or Atom feed")

    name = models.CharField(_("name"), max_length=120, unique=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="ingest_channels", verbose_name=_("source")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format)
    url = models.URLField(_("feed URL"), blank=True, help_text=_("Polled over http or https."))
    folder = models.CharField(
        _("folder"),
        max_length=500,
        blank=True,
        help_text=_("Or a folder the agency drops files in, inside the wire folder (var/wire/)."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Polled by `manage.py ingest`.")
    )
    default_section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", verbose_name=_("default section")
    )
    default_tags = models.CharField(
        _("default tags"),
        max_length=250,
        blank=True,
        help_text=_("Comma-separated; added to every story."),
    )
    default_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default image"),
        help_text=_("The picture of stories that come without one (auto-publish needs one)."),
    )
    auto_publish = models.BooleanField(
        _("auto publish"),
        default=False,
        help_text=_(
            "Publish complete items at once (embargoed ones at their time). "
            "Off: every item waits on the desk as a draft."
        ),
    )
    last_polled_at = models.DateTimeField(
        _("last polled at"), null=True, blank=True, editable=False
    )
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("ingest channel")
        verbose_name_plural = _("ingest channels")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url="") | Q(folder=""), name="ingest_channel_url_or_folder"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from wire.fetch import folder_problem, wire_root

        if self.url and self.folder:
            raise ValidationError(_("Give either a URL or a folder, not both."))
        if self.folder and folder_problem(self.folder):
            # folder_problem's words are the ingest's record (last_error), in English.
            raise ValidationError(
                {
                    "folder": gettext("The folder must be inside %(root)s.")
                    % {"root": wire_root().resolve()}
                }
            )


class WireItem(models.Model):
    """One version of one agency item as it came in, kept for audit."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        TAKEN = "taken", _("Taken")
        SPIKED = "spiked", _("Spiked")
        FAILED = "failed", _("Failed")

    channel = models.ForeignKey(
        IngestChannel, on_delete=models.PROTECT, related_name="items", verbose_name=_("channel")
    )
    # The agency's id; for an item that could not be read, "failed:" and its digest.
    guid = models.CharField(_("agency id"), max_length=500)
    version = models.PositiveBigIntegerField(_("version"), default=1)
    urgency = models.PositiveSmallIntegerField(_("urgency"), null=True, blank=True)
    headline = models.CharField(_("headline"), max_length=250, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.NEW)
    # What happened to it: made a draft, updated one, waits for an editor, or why it failed.
    outcome = models.TextField(_("outcome"), blank=True)
    raw = models.TextField(_("original item"), blank=True)
    parsed = models.JSONField(_("parsed"), default=dict, blank=True)
    # A digest of the headline, standfirst and body this item wrote to the story: the
    # story no longer matching it means an editor changed it since.
    written_digest = models.CharField(_("written digest"), max_length=64, blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wire_items",
        verbose_name=_("article"),
    )
    # The agency's id of the item this one says it translates: its story joins that
    # item's group of translations, at once or when that item comes in (wire.translations).
    translation_of = models.CharField(_("translation of"), max_length=500, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("wire item")
        verbose_name_plural = _("wire desk")
        permissions = [
            ("take_wireitem", "Can take wire copy to work on"),
            ("spike_wireitem", "Can spike wire copy"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "guid", "version"], name="unique_wire_item_version"
            )
        ]
        indexes = [
            models.Index(fields=["state", "-received_at"], name="wire_desk_idx"),
            # An original coming in finds the translations that arrived before it.
            models.Index(
                fields=["translation_of"],
                condition=~Q(translation_of=""),
                name="wire_translation_of_idx",
            ),
        ]

    def __str__(self):
        return self.headline or self.guid


class PendingUpdate(models.Model):
    """An agency update to a story an editor has seen: applied only when one accepts it."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="pending_updates",
        verbose_name=_("article"),
    )
    wire_item = models.OneToOneField(
        WireItem,
        on_delete=models.CASCADE,
        related_name="pending_update",
        verbose_name=_("wire item"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending update")
        verbose_name_plural = _("pending updates")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(dismissed_at__isnull=True),
                name="pending_update_accepted_or_dismissed",
            )
        ]

    def __str__(self):
        return gettext("Agency update to “%(story)s”") % {"story": self.article}

    @property
    def is_open(self):
        return self.accepted_at is None and self.dismissed_at is None
