"""axe-core finds no serious or critical accessibility violation on any page.

Each page of the demo newsroom is checked in Chromium at a phone's width and at a
desktop's (audit/axe.py). Moderate and minor findings are advice; serious and critical
ones stop some readers from using the page.
"""

import json

import pytest

from tests.validators.conftest import PAGE_NAMES, keep, unavailable

# The crawl's live server makes these tests transactional: each is given back the database
# the migrations made (roles and all) and leaves it so, like the browser tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AUDIT_COLUMN = "axe (390, 1280 px)"
BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_no_serious_accessibility_violations(crawl, page_name):
    if crawl.axe_missing:
        unavailable(crawl.axe_missing)
    assert not crawl.axe_error, crawl.axe_error
    seen = crawl.axe[page_name]  # {viewport: [violations]}
    found = [
        (viewport, violation)
        for viewport, violations in seen.items()
        for violation in violations
        if violation["impact"] in BLOCKING
    ]
    if found:
        keep(f"{page_name}.axe.json", json.dumps(seen, indent=1, ensure_ascii=False))
    assert not found, f"{crawl.urls[page_name]}:\n" + "\n".join(
        f"  {viewport} {v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for viewport, v in found
    )
