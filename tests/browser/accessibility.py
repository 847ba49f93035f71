"""axe-core on the admin's pages, in the browser tests' own Chromium: the serious and
critical violations of the page as it is now (audit/axe.py runs the same rules over the
public site). Where axe-core is not installed the test is skipped, or fails under
REQUIRE_TOOLS=1 (CI), as the validators do.
"""

import os

import pytest

from audit import tools
from audit.axe import RUN_AXE, VIEWPORTS

BLOCKING = {"serious", "critical"}


def axe_source():
    try:
        return tools.axe_script().read_text()
    except tools.Missing as missing:
        if os.environ.get("REQUIRE_TOOLS") == "1":
            pytest.fail(f"{missing}; REQUIRE_TOOLS=1 wants every check to run")
        pytest.skip(str(missing))


def blocking_violations(page):
    """["390x844 serious color-contrast: … — the elements"] for ``page`` at each of the
    audit's widths. Its browser context must be made with ``bypass_csp=True``: axe is an
    injected script, which the admin's Content-Security-Policy rightly refuses."""
    source = axe_source()
    found = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.add_script_tag(content=source)
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in BLOCKING:
                targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                found.append(
                    f"{width}x{height} {violation['impact']} {violation['id']}: "
                    f"{violation['help']} — {targets}"
                )
    return found
