"""What a story links to: READ MORE and Recommended inserts, and editors' Explore picks."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models.stories import Article
from articles.weblinks import web_address


class RelatedItemQuerySet(models.QuerySet):
    def public(self):
        """Links readers may follow: external ones, and our stories once published."""
        return self.filter(
            Q(target__isnull=True) | Q(target__in=Article.objects.published())
        ).select_related("target__section")


# Links readers follow from a story go to web pages only (articles.weblinks). An
# external READ MORE link is stored whatever an import gives, never drawn unless it
# is a web address, and listed in the related links report for editors to mend.


class RelatedItem(models.Model):
    """A READ MORE link or a Recommended story placed between paragraphs of a body."""

    class Kind(models.TextChoices):
        READ_MORE = "read_more", _("READ MORE link")
        RECOMMENDED = "recommended", _("Recommended story")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_items", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.READ_MORE)
    after_block = models.PositiveSmallIntegerField(
        _("after paragraph"),
        default=0,
        help_text=_(
            "Place it after this paragraph or subheading (1 = after the first; "
            "0 = before the body; a large number = at the end)."
        ),
    )
    # PROTECT: nothing deletes a story others link to by the way. The admin's delete moves
    # it to the trash, which hides the links as unpublishing does; emptying the trash
    # removes them with it (desk.trash).
    target = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linked_from",
        verbose_name=_("target"),
        help_text=_("A story of ours (shown only while it is published)…"),
    )
    url = models.URLField(
        _("external URL"),
        blank=True,
        validators=[web_address],
        help_text=_("…or a page elsewhere: a web address starting with http:// or https://."),
    )
    title = models.CharField(
        _("title"),
        max_length=250,
        blank=True,
        help_text=_("Link text; defaults to the story's headline."),
    )

    objects = RelatedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("related item")
        verbose_name_plural = _("related items")
        ordering = ["after_block", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url=""))
                | (Q(target__isnull=True) & ~Q(url="")),
                name="related_item_story_or_url",
            ),
        ]

    def __str__(self):
        # Named in the admin's "cannot delete" list: say which story holds the link.
        return gettext("%(kind)s in “%(story)s”: %(link)s") % {
            "kind": self.get_kind_display(),
            "story": self.article,
            "link": self.link_text,
        }

    def clean(self):
        if bool(self.target_id) == bool(self.url):
            raise ValidationError(
                _("Choose either one of our stories or an external URL, not both.")
            )
        if self.kind == self.Kind.RECOMMENDED and not self.target_id:
            raise ValidationError({"target": _("A Recommended slot needs one of our stories.")})
        if self.target_id and self.target_id == self.article_id:
            raise ValidationError({"target": _("A story cannot recommend itself.")})
        if self.url and not self.title:
            raise ValidationError({"title": _("Give the external link a title.")})

    @property
    def link_text(self):
        return self.title or (self.target.headline if self.target_id else self.url)

    @property
    def href(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    @property
    def is_external(self):
        return not self.target_id

    @property
    def url_problem(self):
        """Why the external URL may not be linked ("" when it may, or for our stories).

        Rows stored before the http/https rule, or by an import that skipped
        validation, can hold anything; pages and the related links report ask this.
        """
        return self.problem_with_url(self.url) if self.is_external else ""

    @staticmethod
    def problem_with_url(url):
        try:
            web_address(url)
        except ValidationError as error:
            return error.messages[0]
        return ""

    @property
    def site(self):
        """The external page's site as readers know it: www.reuters.com → reuters.com."""
        if not self.is_external:
            return ""
        try:
            host = urlsplit(self.url).hostname or ""
        except ValueError:  # a malformed address stored before validation
            return ""
        return host.removeprefix("www.")


class ExplorePick(models.Model):
    """A story an editor chose for another story's Explore list."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="explore_picks", verbose_name=_("article")
    )
    picked = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="explore_picked_by",
        verbose_name=_("picked"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("explore pick")
        verbose_name_plural = _("explore picks")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "picked"], name="unique_explore_pick"),
            models.CheckConstraint(
                condition=~Q(article=models.F("picked")), name="explore_pick_not_self"
            ),
        ]

    def __str__(self):
        return gettext("%(picked)s (Explore of “%(story)s”)") % {
            "picked": self.picked,
            "story": self.article,
        }
