"""The Nu Html Checker (vnu.jar from the npm package vnu-jar), run once over many files.

One Java start-up costs about four seconds, so the pages are saved to files and checked
in one run. Returns, for each file, the errors the checker reports (warnings, which are
advice, are left out by ``--errors-only``).
"""

import json
import subprocess
from pathlib import Path

from audit import tools


def check(paths):
    """{path: [error, …]} for the given HTML files; each error as vnu's JSON has it
    (message, lastLine, firstColumn, extract …)."""
    paths = [Path(path).resolve() for path in paths]
    command = [tools.java(), "-jar", str(tools.vnu_jar())]
    command += ["--errors-only", "--format", "json", "--exit-zero-always", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # The report goes to standard error; anything before it is the JVM complaining.
    start = result.stderr.find("{")
    if start < 0:
        raise RuntimeError(f"vnu.jar gave no report:\n{result.stderr[-3000:]}")
    report = json.loads(result.stderr[start:])
    errors = {path: [] for path in paths}
    for message in report["messages"]:
        path = Path(message.get("url", "").removeprefix("file:"))
        errors.setdefault(path, []).append(message)
    return errors
