"""Lighthouse on the seed story, with the site served the production way.

    .venv/bin/python -m audit.lighthouse                    # prints the scores
    .venv/bin/python -m audit.lighthouse --runs 5 --json scores.json --report lighthouse.html

In a temporary folder it makes a throwaway SQLite newsroom (migrate, load_demo,
make_renditions) and collects the static files (whitenoise: compressed, hashed names,
far-future expiry), then starts gunicorn with DEBUG off on a free loopback port, as
``make serve`` runs it. It reads the story once, as readers have before Lighthouse
comes on a live site (the page cache is warm), runs Lighthouse 12 in Debian's Chromium
with its mobile settings (a mid-range phone on a slow 4G network, simulated) three times
(--runs), and prints the median run's four category scores with LCP, CLS and TBT, and
what cost points where a category is below 100. The median, because Lighthouse's
simulated CPU multiplies the tasks it observes: on a busy two-core machine one run's
Total Blocking Time can be several times another's (Lighthouse's own advice, and
Lighthouse CI's default, is the median of three or more). It stops gunicorn by its PID
and leaves nothing running.

Needs Node.js, ``make node_modules`` (lighthouse 12.2.3: version 13 needs Node 22) and
Chromium (CHROME_PATH, default /usr/bin/chromium). tests/validators/test_lighthouse.py
runs it and holds the scores to the site's thresholds (performance at least 95;
accessibility, best practices and SEO 100).
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audit import tools
from ops.servers import CommandFailed, Gunicorn, ServerFailed, manage

BASE_DIR = tools.BASE_DIR
HOST = "127.0.0.1"
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
# What the environment may pass on: nothing that points at another database, cache or
# site (make test on PostgreSQL sets DATABASE_URL and CACHE_URL for its own tests).
PASSED_ON = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"}


class Failed(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def seed_story_path(env):
    code = (
        "from ops import demo; from articles.models import Article; "
        "print(Article.objects.get(slug=demo.SEED.slug).get_absolute_url())"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


# Lighthouse's own failures to record a page load, after which it says "Please run
# Lighthouse again" (seen on the shared CI machine: NO_NAVSTART). Such a run measured
# nothing about the page, so it is run again, at most twice; any other failure stands.
LIGHTHOUSE_HICCUPS = ("NO_NAVSTART", "NO_FCP", "NO_TRACING_STARTED", "PROTOCOL_TIMEOUT")


def run_lighthouse(url, workdir, number, attempts=3):
    """Lighthouse's JSON report and the path of its HTML report."""
    output = workdir / f"lighthouse-{number}"
    command = [
        tools.node(),
        str(tools.lighthouse_cli()),
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    env = {**os.environ, "CHROME_PATH": tools.chromium()}
    for attempt in range(1, attempts + 1):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        report = output.with_suffix(".report.json")
        if result.returncode == 0 and report.exists():
            return json.loads(report.read_text()), output.with_suffix(".report.html")
        hiccup = any(code in result.stderr for code in LIGHTHOUSE_HICCUPS)
        if not hiccup or attempt == attempts:
            break
        print(f"lighthouse run {number}: {result.stderr.strip()[-200:]}; again", file=sys.stderr)
    raise Failed(f"lighthouse exited with {result.returncode}:\n{result.stderr[-3000:]}")


def summary(report):
    """The four scores (0–100), LCP and TBT in ms, CLS, and what cost points."""
    audits = report["audits"]
    scores, lost = {}, {}
    for key, category in report["categories"].items():
        scores[key] = round(category["score"] * 100)
        weighed = [audits[ref["id"]] for ref in category["auditRefs"] if ref["weight"] > 0]
        lost[key] = [
            {"id": entry["id"], "title": entry["title"], "score": entry["score"]}
            for entry in weighed
            if entry["score"] is not None and entry["score"] < 1
        ]
    return {
        "url": report["finalDisplayedUrl"],
        "lighthouse": report["lighthouseVersion"],
        "form_factor": report["configSettings"]["formFactor"],
        "scores": scores,
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "lost": {key: found for key, found in lost.items() if found},
    }


def median_run(runs):
    """The run whose performance score is the median (runs: [(report, html path)])."""
    ordered = sorted(runs, key=lambda run: run[0]["categories"]["performance"]["score"])
    return ordered[len(ordered) // 2]


def audit(workdir, runs=3):
    """Serve the demo newsroom and run Lighthouse ``runs`` times: [(report, html path)]."""
    port = free_port()
    site = f"http://{HOST}:{port}"
    env = {key: value for key, value in os.environ.items() if key in PASSED_ON}
    env |= {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": site,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; a TLS proxy is not part of this
        "SERVE_MEDIA": "1",  # as make serve on one machine: the pictures are part of the page
        "NEWSROOM_VAR_DIR": str(workdir / "var"),  # the SQLite file and the media
        "STATIC_ROOT": str(workdir / "static"),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "make_renditions")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    url = site + seed_story_path(env)

    # As make serve runs it without a shared cache: one process with threads.
    with Gunicorn(port, env, log=workdir / "gunicorn.log", threads=8) as server:
        try:
            server.wait_until_up(url.removeprefix(site))
            return [run_lighthouse(url, workdir, number) for number in range(1, runs + 1)]
        except (Failed, CommandFailed, ServerFailed):
            print((workdir / "gunicorn.log").read_text()[-3000:], file=sys.stderr)
            raise


def show(result):
    print(f"Lighthouse {result['lighthouse']} ({result['form_factor']}): {result['url']}")
    runs = ", ".join(map(str, result["performance_of_each_run"]))
    print(f"  the median of {len(result['performance_of_each_run'])} runs (performance: {runs})")
    for key, label in CATEGORIES.items():
        print(f"  {label:<15}{result['scores'][key]:>4}")
    lcp, cls, tbt = result["lcp_ms"] / 1000, result["cls"], result["tbt_ms"]
    print(f"  LCP {lcp:.1f} s, CLS {cls:.3f}, TBT {tbt} ms")
    for key, found in result["lost"].items():
        print(f"  {CATEGORIES[key]} lost points on:")
        for item in found:
            print(f"    {item['id']} ({item['score']}): {item['title']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the scores and metrics to this file")
    parser.add_argument("--report", type=Path, help="keep the median run's HTML report here")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs (default 3)")
    arguments = parser.parse_args()
    try:
        tools.lighthouse_cli()
        tools.chromium()
    except tools.Missing as missing:
        sys.exit(f"lighthouse: {missing}")
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="newsroom-lighthouse-") as workdir:
            runs = audit(Path(workdir), max(1, arguments.runs))
            report, html_report = median_run(runs)
            if arguments.report:
                shutil.copyfile(html_report, arguments.report)
    except (Failed, CommandFailed, ServerFailed, subprocess.TimeoutExpired) as failure:
        sys.exit(f"lighthouse: FAILED: {failure}")
    result = summary(report)
    result["performance_of_each_run"] = [summary(run)["scores"]["performance"] for run, _ in runs]
    result["seconds"] = round(time.monotonic() - started)
    show(result)
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
