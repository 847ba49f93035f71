"""Web addresses the site prints as links for readers: http and https only.

URLField alone also takes ftp:// and ftps://, and a fixture or an import, which
skip form validation, could store ``javascript:`` or ``data:``. ``web_address``
explains the rule in forms; ``WebAddressField`` holds it at every write (a save, a
fixture's raw save, ``bulk_create``, ``update()``), so a hostile address is never
stored to be drawn as a link: the writer is told, and nothing is changed behind
anyone's back.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
    # Its own code: a form would replace the message of the usual "invalid" code with its own.
    code="not_web_address",
)


def problem_with(url):
    """Why ``url`` may not be a link for readers ("" when it may)."""
    try:
        web_address(url)
    except ValidationError as error:
        return error.messages[0]
    return ""


class WebAddressField(models.URLField):
    """A URLField refusing, at every write, what ``web_address`` refuses."""

    default_validators = [web_address]

    def get_db_prep_save(self, value, connection):
        if value:
            problem = problem_with(value)
            if problem:
                # ValueError: loaddata names the object that could not be loaded.
                raise ValueError(f"{self.model.__name__}.{self.name} {value!r}: {problem}")
        return super().get_db_prep_save(value, connection)
