"""The load test: readers hammer the site while an editor works, and nothing breaks or is lost.

    make loadtest                                # SQLite, then PostgreSQL
    python bench/load_test.py --database sqlite  # one of them
    LOAD_SECONDS=10 python bench/load_test.py    # a quick run

For each database: a fresh newsroom of LOAD_STORIES generated stories (5,000), gunicorn
run the way ``make serve`` runs it (DEBUG off, a SECRET_KEY, ALLOWED_HOSTS,
SECURE_SSL_REDIRECT=0, SERVE_MEDIA=1; on SQLite one process with 8 threads and the
in-process cache, on PostgreSQL 2 processes sharing Redis), then for LOAD_SECONDS (60)
wrk with LOAD_CONNECTIONS (64) connections goes round a mix of story, listing (home,
section, tag and author pages, with page numbers), search and feed addresses, while
bench/editor.py writes and publishes a story a second through the admin over HTTP.

It passes when: no socket error and no answer other than 2xx/3xx (counted by wrk's Lua
script and again from gunicorn's access log), no "database is locked" (nor any traceback)
in gunicorn's log or the editor's output, the editor saw no failure, and every save the
editor made is in the database afterwards, published, with its last headline, and on
its public page. It prints the figures and exits non-zero if any of that fails.
See bench/README.md ("The load test") and docs/performance.md.
"""

import argparse
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from load_newsroom import (  # noqa: E402  (bench/ is on the path when run as a script)
    CONNECTIONS,
    HOST,
    LOCK,
    PORT,
    QUIET,
    SECONDS,
    WAIT,
    WORK_DIR,
    WRK_THREADS,
    WRK_TIMEOUT,
    Failed,
    environment,
    fresh_postgres,
    fresh_sqlite,
    newsroom_facts,
    setup_django,
)

from ops.servers import CommandFailed, Gunicorn, ServerFailed, reachable  # noqa: E402

# Go round the addresses (each wrk thread from its own place), count the answers by
# status class, and print every thread's counts as one JSON line at the end.
LUA = r"""
local paths = {%(paths)s}
local threads = {}
local counter = 1

function setup(thread)
  thread:set("first", counter)
  counter = counter + 7919
  table.insert(threads, thread)
end

function init(args)
  position = first
  s2, s3, s4, s5, other = 0, 0, 0, 0, 0
end

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  elseif status >= 200 then s2 = s2 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c = {s2 = 0, s3 = 0, s4 = 0, s5 = 0, other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(c) do c[name] = c[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests": %%d, "duration_s": %%.3f, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "timeout": %%d, "non_2xx_3xx": %%d, "2xx": %%d, "3xx": %%d, ' ..
    '"4xx": %%d, "5xx": %%d, "other": %%d, "p50_ms": %%.2f, "p90_ms": %%.2f, ' ..
    '"p99_ms": %%.2f, "max_ms": %%.2f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.timeout,
    e.status, c.s2, c.s3, c.s4, c.s5, c.other,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


# --- the run -----------------------------------------------------------------------


def start_gunicorn(env, database, run_dir):
    # As make serve: without a shared cache, one process with threads (the page cache
    # and its invalidation live in that process's memory); with Redis, processes.
    if database == "sqlite":
        workers = {"workers": 1, "threads": int(os.environ.get("THREADS", "8"))}
    else:
        workers = {"workers": int(os.environ.get("WEB_CONCURRENCY", "2"))}
    logs = ["--access-logfile", str(run_dir / "access.log")]
    logs += ["--error-logfile", str(run_dir / "error.log")]
    server = Gunicorn(PORT, env, log=subprocess.DEVNULL, args=logs, **workers).start()
    try:
        server.wait_until_up(seconds=60)
    except ServerFailed as failure:
        raise Failed(f"{failure}; see {run_dir / 'error.log'}.") from failure
    return server, " ".join(f"--{name} {value}" for name, value in workers.items())


def fetch(path):
    try:
        with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def warm_up(paths):
    """Every address once, as readers had before: a site in service, not an empty cache.
    Each must answer 200, or the mix itself is wrong."""
    with ThreadPoolExecutor(4) as pool:
        answers = dict(zip(set(paths), pool.map(lambda p: fetch(p)[0], set(paths)), strict=True))
    wrong = {path: status for path, status in answers.items() if status != 200}
    if wrong:
        raise Failed(f"the address mix has pages that do not answer 200: {wrong}")


def load_average():
    return os.getloadavg()


def wait_for_quiet():
    """Wait for a quieter machine and for anyone else's timed run, then take the lock."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if not LOCK.exists() and load_average()[0] < QUIET:
            break
        time.sleep(5)
    while LOCK.exists():  # another agent is measuring: never overlap
        time.sleep(5)
    LOCK.write_text("load\n")
    return load_average()


def timed_run(env, facts, run_dir):
    script = run_dir / "mix.lua"
    script.write_text(LUA % {"paths": ", ".join(json.dumps(p) for p in facts["paths"])})
    saves = run_dir / "editor-saves.jsonl"
    before = wait_for_quiet()
    try:
        wrk = subprocess.Popen(
            ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s",
             f"--timeout={WRK_TIMEOUT}", "--script", str(script), f"http://{HOST}:{PORT}/"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        editor_command = [
            sys.executable, str(BASE_DIR / "bench" / "editor.py"),
            "--url", f"http://{HOST}:{PORT}", "--username", facts["username"],
            "--section", str(facts["section"]), "--image", str(facts["image"]),
            "--author", str(facts["author"]), "--seconds", str(SECONDS - 2),
            "--out", str(saves), "--run", run_dir.name.split("-")[-1][:6],
        ]  # fmt: skip
        editor = subprocess.run(
            editor_command,
            capture_output=True,
            text=True,
            env={**env, "LOAD_EDITOR_PASSWORD": facts["password"]},
        )
        out, _ = wrk.communicate()
        during = load_average()
    finally:
        LOCK.unlink(missing_ok=True)
    (run_dir / "editor.log").write_text(editor.stdout + editor.stderr)
    (run_dir / "wrk.log").write_text(out)
    found = re.search(r"^LOAD (\{.*\})$", out, re.M)
    if not found:
        raise Failed(f"no result from wrk:\n{out}")
    line = re.search(r"^EDITOR (\{.*\})$", editor.stdout, re.M)
    summary = json.loads(line.group(1)) if line else {"failures": "no summary", "saves": 0}
    records = [json.loads(row) for row in saves.read_text().splitlines()] if saves.exists() else []
    return json.loads(found.group(1)), summary, editor, records, before, during


def check_saves(records):
    """Every save the editor made: in the database, published, with its last headline,
    and on its public page (past the page cache, as a reader gets it)."""
    from django.db import connection

    from articles.models import Article

    last = {}
    for record in records:
        last[record["story"]] = record["headline"]
    missing = []
    stories = Article.objects.published().select_related("section").in_bulk(list(last))
    for pk, headline in last.items():
        story = stories.get(pk)
        if story is None:
            missing.append(f"story {pk} is not published")
        elif story.headline != headline:
            missing.append(f"story {pk} reads {story.headline!r}, not {headline!r}")
        else:
            status, page = fetch(story.get_absolute_url())
            if status != 200 or html.escape(headline) not in page:
                missing.append(f"story {pk}'s page ({status}) does not show {headline!r}")
    connection.close()
    return len(records), len(last), missing


def workers_rss_mb(server):
    """Each gunicorn worker's resident memory after the run (the page cache included, on
    SQLite, where it lives in the worker)."""
    out = subprocess.run(["ps", "--ppid", str(server.pid), "-o", "rss="], text=True,
                         capture_output=True).stdout  # fmt: skip
    return [round(int(kb) / 1024, 1) for kb in out.split()]


def access_log_statuses(run_dir):
    counts = Counter()
    for line in (run_dir / "access.log").read_text(errors="replace").splitlines():
        found = re.search(r'" (\d{3}) ', line)
        counts[found.group(1)[0] + "xx" if found else "unreadable"] += 1
    return counts


def run_one(database):
    rng = random.Random(9)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env, run_dir = environment(database)
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput",
                    "--verbosity", "0"], env=env, cwd=BASE_DIR, check=True)  # fmt: skip
    if database == "sqlite":
        fresh_sqlite(env, run_dir)
    else:
        fresh_postgres(env)
    setup_django(env)
    facts = newsroom_facts(rng)
    if reachable(HOST, PORT):
        raise Failed(f"port {PORT} is taken; set LOAD_PORT.")
    server, workers = start_gunicorn(env, database, run_dir)
    try:
        warm_up(facts["paths"])
        wrk, editor, editor_run, records, before, during = timed_run(env, facts, run_dir)
        saves, stories, missing = check_saves(records)
        rss = workers_rss_mb(server)
    finally:
        server.stop()

    statuses = access_log_statuses(run_dir)
    logs = {
        "gunicorn": (run_dir / "error.log").read_text(errors="replace"),
        "editor": editor_run.stdout + editor_run.stderr,
    }
    locked = sum(text.lower().count("database is locked") for text in logs.values())
    tracebacks = sum(text.count("Traceback") for text in logs.values())
    socket_errors = wrk["connect"] + wrk["read"] + wrk["write"] + wrk["timeout"]
    figures = {
        "database": database,
        "gunicorn": workers,
        "stories": facts["stories"],
        "published_before": facts["published"],
        "addresses": len(set(facts["paths"])),
        "seconds": SECONDS,
        "connections": CONNECTIONS,
        "requests": wrk["requests"],
        "requests_per_s": round(wrk["requests"] / wrk["duration_s"], 1),
        "p50_ms": wrk["p50_ms"],
        "p90_ms": wrk["p90_ms"],
        "p99_ms": wrk["p99_ms"],
        "max_ms": wrk["max_ms"],
        "socket_errors": socket_errors,
        "non_2xx_3xx": wrk["non_2xx_3xx"],
        "5xx": wrk["5xx"],
        "access_log": dict(statuses),
        "editor": editor,
        "editor_saves_present": f"{saves - len(missing)}/{saves}",
        "editor_stories": stories,
        "workers_rss_mb": rss,
        "locked": locked,
        "tracebacks": tracebacks,
        "load_before": [round(x, 2) for x in before],
        "load_during": [round(x, 2) for x in during],
        "run_dir": str(run_dir.relative_to(BASE_DIR)),
    }
    criteria = [
        ("no socket error", socket_errors == 0),
        ("every answer 2xx or 3xx (wrk)", wrk["non_2xx_3xx"] == 0 and wrk["other"] == 0),
        ("no 5xx (wrk and access log)", wrk["5xx"] == 0 and statuses["5xx"] == 0),
        ("no 4xx in the access log", statuses["4xx"] == 0 and statuses["unreadable"] == 0),
        ('no "database is locked"', locked == 0),
        ("no traceback in gunicorn's or the editor's output", tracebacks == 0),
        ("the editor saw no failure", editor_run.returncode == 0 and editor["failures"] == 0),
        ("the editor saved something", saves > 0),
        ("every editor save present, published, on its page", not missing),
    ]
    print(f"\n{database}: {json.dumps(figures)}")
    for what, holds in criteria:
        print(f"  {'PASS' if holds else 'FAIL'}  {what}")
    for problem in missing[:20]:
        print(f"    {problem}")
    if editor_run.returncode:
        print("    editor: " + editor_run.stdout[-2000:] + editor_run.stderr[-2000:])
    print(f"RESULT {json.dumps(figures)}", flush=True)
    return all(holds for _, holds in criteria)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise Failed("wrk is missing: apt-get install wrk")
    if args.database != "both":
        return 0 if run_one(args.database) else 1
    # Each database in its own process: Django is set up once per process.
    failed = [
        database
        for database in ["sqlite", "postgresql"]
        if subprocess.run([sys.executable, __file__, "--database", database]).returncode
    ]
    if failed:
        print(f"load test: FAILED on {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (Failed, CommandFailed) as problem:
        sys.exit(f"load test: {problem}")
