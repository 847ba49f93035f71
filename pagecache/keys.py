"""Every name the cache knows, built here and nowhere else.

Surrogate keys say what a page shows, in its ``Surrogate-Key`` header and in the versions
its cached copy is checked against (pagecache/store.py); the receivers in
pagecache/invalidation.py bump the same keys when what they name changes. Building both
sides here ties the key a page collects to the key a change bumps
(tests/pagecache/test_keys.py checks that each kind is both collected and bumped).

- ``object_key(kind, pk)``: an object a page draws, "story-12", "section-3", "tag-7" … (its
  name, its picture, its card: renaming it changes every page that shows it);
- ``stories_of(kind, pk)``: which stories a section, tag, author or agency lists,
  "tag-7-stories";
- ``editions_of(pk)``: which editions of a story are published, "story-12-editions" (the
  original's id: every story of a group of translations links to the others);
- ``LATEST`` (which stories are newest), ``SECTIONS`` (the masthead's navigation),
  ``SITEMAPS`` (every sitemap);
- ``SCHEDULE``: the next scheduled publication, which changes what every listing shows
  with no edit to bump anything. Its version is the publication's time itself (kept by
  pagecache/schedule.py) and stops holding when that time passes;
- ``PAGE_LABELS``: a kind of page (``HOME``, ``FEEDS`` …), for a CDN to purge by hand.

Memo names say which kept part or value. Cache entries have names of their own
(``version``, ``memo``, ``page``, ``GENERATION``, ``NEXT_PUBLICATION``, ``api_rate``).
"""

from articles import editions

# --- surrogate keys ------------------------------------------------------------------

# The kinds of object a page may draw.
STORY, SECTION, TAG, AUTHOR, SOURCE, IMAGE = "story", "section", "tag", "author", "source", "image"
KINDS = (STORY, SECTION, TAG, AUTHOR, SOURCE, IMAGE)
# The kinds whose page lists stories.
LISTING_KINDS = (SECTION, TAG, AUTHOR, SOURCE)

LATEST = "latest"
SECTIONS = "sections"
SITEMAPS = "sitemaps"
SCHEDULE = "schedule"
# Labels of kinds of page, for a CDN purge by hand ("every feed"): never bumped, as what
# such a page shows has keys of its own. Search results are never kept whole.
HOME, FEEDS, SEARCH, ROBOTS, API = "home", "feeds", "search", "robots", "api"
PAGE_LABELS = (HOME, FEEDS, SEARCH, ROBOTS, API)


def object_key(kind, pk):
    """An object a page draws: ``object_key(TAG, 7)`` → "tag-7"."""
    return f"{kind}-{pk}"


def stories_of(kind, pk):
    """Which stories a subject lists: ``stories_of(TAG, 7)`` → "tag-7-stories"."""
    return f"{kind}-{pk}-stories"


def editions_of(original_pk):
    """Which editions of a story readers may switch to: ``editions_of(12)`` →
    "story-12-editions", the id being the group's original's."""
    return f"{STORY}-{original_pk}-editions"


def shape(key):
    """A key with its ids left out: "tag-7-stories" → "tag-*-stories" (for tests and
    reports that compare kinds of key)."""
    parts = key.split("-")
    return "-".join("*" if part.isdigit() else part for part in parts)


# --- names of kept parts and values ---------------------------------------------------


def story_part(part, pk):
    """A part of a story page: "head", "main" or "explore"."""
    return f"story-{part}:{pk}"


def listing_part(listing_key, number):
    """A page of a listing's cards."""
    return f"listing:{listing_key}:{number}"


def listing_count(listing_key):
    return f"count:{listing_key}"


def explore_ids(pk, size):
    return f"explore:{pk}:{size}"


def search_card(pk, with_snippet):
    return f"card:{pk}:{'snippet' if with_snippet else 'standfirst'}"


NAVIGATION = "nav"


# --- cache entries ---------------------------------------------------------------------

GENERATION = "newsroom:generation"
VERSION_PREFIX = "newsroom:v:"
# The next publication is the schedule key's version: read with the others, in the same
# round trip, by every copy that depends on it.
NEXT_PUBLICATION = VERSION_PREFIX + SCHEDULE
MEMO_PREFIX = "newsroom:memo:"
PAGE_PREFIX = "newsroom:page:"


def version(key):
    """The entry holding a surrogate key's version."""
    return VERSION_PREFIX + key


def memo(name):
    """A kept part or value, in the language it was drawn in: the masthead of the
    Arabic edition is not the English one's, though a section's change bumps both."""
    return f"{MEMO_PREFIX}{editions.current().code}:{name}"


def page(digest):
    """A whole page's entry, by the digest of its address."""
    return PAGE_PREFIX + digest


def api_rate(address):
    """A client's recent requests to the content API."""
    return f"newsroom:api-rate:{address}"
