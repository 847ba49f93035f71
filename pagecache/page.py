"""What one public page depends on, carried on its request as one object.

The view, its template tags, the schedule and the page cache all add to it while the
page is made: the keys of what it shows (its Surrogate-Key header), whether it is a feed
(which names its subject's list), whether it shows nothing a publication would change,
when it changes by itself, and the next publication as read once for the request. Once
the page is drawn, the answer carries what the page cache needs to keep it (``Kept``).

    page = of(request)
    page.keys.add(object_key(STORY, 12))
"""

from dataclasses import dataclass, field
from datetime import datetime

# The next publication not read yet for this request.
UNREAD = object()
_ATTRIBUTE = "newsroom_page"


@dataclass
class Page:
    # A public view is making this page (public_page): only then are its keys collected.
    public: bool = False
    keys: set = field(default_factory=set)
    # A feed names its subject's list of stories.
    is_feed: bool = False
    # Shows nothing a publication would change (robots.txt, the search box alone).
    timeless: bool = False
    # Changes by itself at this time, with no edit to bump anything.
    changes_at: datetime | None = None
    # The next publication, read once for this request (by the page cache with its
    # lookup, or by the headers): the page's Cache-Control is cut to it.
    next_publication: object = UNREAD

    def changes_by_itself_at(self, when):
        self.changes_at = when if self.changes_at is None else min(self.changes_at, when)


@dataclass(frozen=True)
class Kept:
    """What an answer tells the page cache (pagecache/middleware.py): a public page for
    an anonymous reader, the keys it depends on (the schedule's among them, unless it is
    timeless), and when it changes by itself."""

    keys: frozenset
    changes_at: datetime | None
    timeless: bool


def of(request):
    """The request's page, made the first time it is asked for."""
    page = getattr(request, _ATTRIBUTE, None)
    if page is None:
        page = Page()
        setattr(request, _ATTRIBUTE, page)
    return page
