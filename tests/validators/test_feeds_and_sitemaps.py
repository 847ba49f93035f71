"""The demo newsroom's feeds and sitemaps, read through the live server, are valid.

tests/public/test_feeds.py and tests/public/test_seo.py check every feed and sitemap field by field
(feedparser without its bozo flag; lxml against tests/schemas/), on stories made by the
factories. These read the demo newsroom's real text (typographic quotes, Turkish
letters, the seed story's picture) over HTTP, as a feed reader or a crawler does.
"""

import feedparser
import pytest

from tests.schema_checks import valid
from tests.validators.conftest import FEEDS, SITEMAPS

# The crawl's live server makes these tests transactional: each is given back the database
# the migrations made (roles and all) and leaves it so, like the browser tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AUDIT_COLUMN = "feedparser / XSD"


@pytest.mark.parametrize("name", FEEDS)
def test_the_feed_parses_without_complaint(crawl, name):
    feed = feedparser.parse(crawl.documents[name])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries, "the demo newsroom's feed lists its stories"


@pytest.mark.parametrize("name", SITEMAPS)
def test_the_sitemap_validates_against_its_schema(crawl, name):
    _, schema = SITEMAPS[name]
    assert valid(crawl.documents[name], schema)
