"""The Nu Html Checker finds no error in any page of the demo newsroom.

Each page is checked as the server sent it (not as a browser re-serialises it), all in
one Java run (audit/vnu.py).
"""

import json

import pytest

from audit import tools, vnu
from tests.validators.conftest import PAGE_NAMES, keep, unavailable

# The crawl's live server makes these tests transactional: each is given back the database
# the migrations made (roles and all) and leaves it so, like the browser tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AUDIT_COLUMN = "HTML (vnu)"


@pytest.fixture(scope="module")
def errors(crawl):
    try:
        tools.vnu_jar()
    except tools.Missing as missing:
        unavailable(str(missing))
    return vnu.check(crawl.html.values())


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_the_page_is_valid_html(crawl, errors, page_name):
    found = errors[crawl.html[page_name].resolve()]
    if found:
        keep(f"{page_name}.html", crawl.html[page_name].read_bytes())
        keep(f"{page_name}.vnu.json", json.dumps(found, indent=1, ensure_ascii=False))
    assert not found, f"{crawl.urls[page_name]}:\n" + "\n".join(
        f"  line {m.get('lastLine')}: {m['message']}  {m.get('extract', '')!r}" for m in found
    )
