"""The newsroom's language editions: the languages it publishes in, and for each its
name in its own language, its writing direction and the text search configuration
PostgreSQL stems it with.

``NEWSROOM_EDITIONS`` lists them, the default first: ``en,tr,ar``. Unset, the newsroom
has one edition, ``NEWSROOM_LANGUAGE``, and every address stays as it is. Names and
directions come from Django's own table of languages (``get_language_info``); a
language Django does not know takes its name from the setting (``ku=Kurdî``).

Every story is written in one edition's language (``Article.language``).
"""

from dataclasses import dataclass, replace
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import get_language_info

# PostgreSQL's own text search configurations (15 and later); any other language is
# searched word for word ("simple").
SEARCH_CONFIGS = {
    "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish",
    "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish", "italian",
    "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
    "spanish", "swedish", "tamil", "turkish", "yiddish",
}  # fmt: skip
# The digits a language's readers expect in running text, where they are not 0–9:
# Persian (and Dari, Pashto) write ۰۱۲…, Sorani Kurdish ٠١٢…. Arabic news sites (the
# reference agency's among them) print 0–9, as Django's Arabic formats do.
DIGITS = {
    "fa": "۰۱۲۳۴۵۶۷۸۹",
    "prs": "۰۱۲۳۴۵۶۷۸۹",
    "ps": "۰۱۲۳۴۵۶۷۸۹",
    "ckb": "٠١٢٣٤٥٦٧٨٩",
}
# Django's table says right to left for Azerbaijani, which Azerbaijan writes in Latin
# letters.
LEFT_TO_RIGHT = {"az"}


@dataclass(frozen=True)
class Edition:
    code: str  # a language code, as in <html lang>: "en", "tr", "ar", "zh-hans"
    name: str  # in its own language: "English", "Türkçe", "العربيّة"
    direction: str  # "ltr" or "rtl"
    search_config: str  # PostgreSQL's configuration for its words, or "simple"
    host: str = ""  # its own host name, with NEWSROOM_EDITION_HOSTS; else a path prefix

    @property
    def right_to_left(self):
        return self.direction == "rtl"

    def __str__(self):
        return self.name

    def in_digits(self, text):
        """``text`` with 0–9 written in the edition's own digits (as it is for most)."""
        digits = DIGITS.get(self.code) or DIGITS.get(self.code.split("-")[0])
        return str(text).translate(str.maketrans("0123456789", digits)) if digits else text


def _language_info(code):
    try:
        return get_language_info(code)  # follows Django's fallbacks: zh-tw → zh-hant
    except KeyError:
        return {}


def _edition(entry):
    code, _, name = (part.strip() for part in entry.partition("="))
    code = code.lower().replace("_", "-")
    info = _language_info(code) or _language_info(code.split("-")[0])
    if not name and not info:
        raise ImproperlyConfigured(
            f"NEWSROOM_EDITIONS: Django does not know the language {code!r}; "
            f"name it in its own language ({code}=…)."
        )
    english = info.get("name", "").split(" (")[0].lower()
    return Edition(
        code=code,
        name=name or info["name_local"],
        direction="rtl" if info.get("bidi") and code not in LEFT_TO_RIGHT else "ltr",
        search_config=english if english in SEARCH_CONFIGS else "simple",
    )


def _hosts(setting):
    """``"tr=tr.example.org,ar=ar.example.org"`` → ``{"tr": "tr.example.org", …}``."""
    hosts = {}
    for entry in (entry for entry in setting.split(",") if entry.strip()):
        code, _, host = (part.strip() for part in entry.partition("="))
        if not host:
            raise ImproperlyConfigured(
                f"NEWSROOM_EDITION_HOSTS: give {code!r} a host name ({code}=…)."
            )
        hosts[code.lower().replace("_", "-")] = host.lower()
    return hosts


@cache
def _editions(setting, language, host_setting=""):
    entries = [entry for entry in setting.split(",") if entry.strip()] or [language]
    editions = [_edition(entry) for entry in entries]
    codes = [edition.code for edition in editions]
    if len(set(codes)) != len(codes):
        raise ImproperlyConfigured(f"NEWSROOM_EDITIONS names a language twice: {setting!r}")
    hosts = _hosts(host_setting)
    if hosts:
        # A host per edition, or prefixes for all: a reader switching editions on one
        # site must not find some of them on another.
        if set(hosts) != set(codes):
            raise ImproperlyConfigured(
                "NEWSROOM_EDITION_HOSTS must give every edition a host, and only them: "
                f"the editions are {', '.join(codes)}; it names {', '.join(hosts)}."
            )
        if len(set(hosts.values())) != len(hosts):
            raise ImproperlyConfigured("NEWSROOM_EDITION_HOSTS gives two editions one host.")
        editions = [replace(edition, host=hosts[edition.code]) for edition in editions]
    return tuple(editions)


def editions():
    """Every edition, the default first."""
    return _editions(
        settings.NEWSROOM_EDITIONS,
        settings.NEWSROOM_LANGUAGE,
        getattr(settings, "NEWSROOM_EDITION_HOSTS", ""),
    )


def default():
    return editions()[0]


def default_code():
    """The default edition's language: a new story's, and the field's default."""
    return default().code


def choices():
    """The editions as a field's choices (a callable: no migration when they change)."""
    try:
        return [(edition.code, edition.name) for edition in editions()]
    except ImproperlyConfigured:
        return []  # the system check below says what is wrong


def several():
    """Whether the newsroom publishes in more than one language."""
    return len(editions()) > 1


def get(code):
    """The edition of ``code`` (a story's language), or the default for one the newsroom
    no longer publishes in."""
    for edition in editions():
        if edition.code == code:
            return edition
    return default()


def current():
    """The edition of the page being drawn: the one whose language is active (the
    reader's site activates the edition of the address, public/editions.py), else the
    default. Lists, feeds and search show this edition's stories."""
    return get(translation.get_language())


def with_prefixes():
    """Whether each edition's pages are under a path of their own (/tr/…, /ar/…): from
    the second edition on, unless each has a host of its own. One edition keeps the
    addresses it always had."""
    return several() and not default().host


def with_hosts():
    """Whether each edition has a host of its own (NEWSROOM_EDITION_HOSTS)."""
    return several() and bool(default().host)


def by_host(host):
    """The edition served at ``host`` (a request's, maybe with a port), or None."""
    name = (host or "").lower().rsplit(":", 1)[0] if "]" not in (host or "") else host
    for edition in editions():
        if edition.host and edition.host == name:
            return edition
    return None


def site_url(edition=None):
    """The address of ``edition``'s site (the current one's by default), no trailing
    slash: NEWSROOM_SITE_URL, or the same scheme on the edition's own host."""
    edition = edition or current()
    if not edition.host:
        return settings.NEWSROOM_SITE_URL
    scheme = urlsplit(settings.NEWSROOM_SITE_URL).scheme or "https"
    return f"{scheme}://{edition.host}"


def link(edition, path):
    """A link from the current edition's page to ``path`` in ``edition``'s: the path,
    or the whole address when that edition has another host."""
    if edition.host and edition != current():
        return site_url(edition) + path
    return path


def split_path(path):
    """``/ar/world/story/`` → (the Arabic edition, ``/world/story/``); a path outside
    every edition's address → (None, the path as it is)."""
    if with_prefixes():
        first, slash, rest = path.lstrip("/").partition("/")
        for edition in editions():
            if first == edition.code and slash:
                return edition, "/" + rest
    return None, path


def in_address(edition, path):
    """``path`` (a site path such as ``/world/story/``) in ``edition``'s address."""
    if not with_prefixes():
        return path
    return f"/{edition.code}{path}"


def matching(language):
    """The edition a language tag from outside names ("ar", "tr-TR", "en_GB"), or None:
    the wire's items say their language this way."""
    tag = (language or "").strip().lower().replace("_", "-")
    if not tag:
        return None
    for edition in editions():
        if tag == edition.code:
            return edition
    for edition in editions():
        if tag.split("-")[0] == edition.code.split("-")[0]:
            return edition
    return None


@checks.register()
def check_editions(app_configs, **kwargs):
    """``manage.py check`` (and every command) says what is wrong with the setting."""
    try:
        editions()
    except ImproperlyConfigured as problem:
        return [checks.Error(str(problem), id="articles.E001")]
    return []
