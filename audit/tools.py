"""Where the validators' tools are, or one line saying which one is missing.

The tools are not Python packages: the Nu Html Checker is a Java program (the npm
package vnu-jar), axe-core and Lighthouse are npm packages (package.json, pinned in
package-lock.json, installed into node_modules/ by ``make node_modules``), and pages
are drawn by Debian's Chromium, never by a browser a test tool downloads. Each
function returns the path to use, or raises ``Missing`` with a reason a developer can
act on; the tests turn that reason into a skip, CI installs everything so it never
skips (audit/README.md lists what to install).
"""

import os
import shutil
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NODE_MODULES = BASE_DIR / "node_modules"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


class Missing(Exception):
    """A tool is not installed; the message names it and says how to get it."""


def _npm_file(package, relative):
    path = NODE_MODULES / package / relative
    if not path.is_file():
        raise Missing(f"npm package {package} is not installed (run `make node_modules`)")
    return path


def java():
    path = shutil.which("java")
    if not path:
        raise Missing("Java is not installed (apt-get install default-jre-headless)")
    return path


def vnu_jar():
    """The Nu Html Checker, run as ``java -jar vnu.jar``."""
    java()
    return _npm_file("vnu-jar", "build/dist/vnu.jar")


def node():
    path = shutil.which("node")
    if not path:
        raise Missing("Node.js is not installed (apt-get install nodejs npm)")
    return path


def lighthouse_cli():
    node()
    return _npm_file("lighthouse", "cli/index.js")


def axe_script():
    return _npm_file("axe-core", "axe.min.js")


def chromium():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise Missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def playwright():
    """Playwright for Python drives Chromium for axe-core (a dev dependency)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise Missing("Playwright for Python is not installed (make install)") from None
    return chromium()
