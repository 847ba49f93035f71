"""The benchmark: gunicorn (2 workers) on PostgreSQL and Redis, loaded with wrk on loopback.

    make bench                                       # 100,000 stories, 10 s per address
    BENCH_STORIES=10000 BENCH_SECONDS=2 make bench   # a quick run

Makes and migrates the database if needed, generates the synthetic newsroom when it
holds fewer stories than BENCH_STORIES, collects static files, starts gunicorn in
production mode with the bare baseline view routed (NEWSROOM_BENCH=1), warms up, runs
wrk against each address in turn (cold, with ``X-Bench-Cache: cold``: every part made
from the database; uncached, with ``X-Bench-Cache: bypass``: the whole-page cache missed,
the page put together from its kept parts; and cached),
and prints requests/s, p50 and p99 latency, SQL queries per request and the ratio to
the baseline of the same run; then each performance budget with PASS or FAIL, the
workers' memory after at least 10,000 requests, and the page cache's hit ratio under
a mixed load (bench/mixed.py). It stops gunicorn by its PID and leaves nothing running.
See bench/README.md.
"""

import json
import math
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from ops.servers import CommandFailed, Gunicorn, ServerFailed, manage, reachable  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
CACHE_URL = os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/2")
STORIES = int(os.environ.get("BENCH_STORIES", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8150"))
HOST = "127.0.0.1"
# With NEWSROOM_BENCH on, ops/bench.py reads this header above the page cache: "bypass" (the
# "uncached" rows) misses the whole-page cache, as the first reader after an edit does,
# and the page is put together from its kept parts (templatetags/parts.py); "cold" (the
# "cold" rows) reads and keeps nothing, not even those parts: everything from the database.
BENCH_HEADER = "X-Bench-Cache"
MODES = {"cold": "cold", "uncached": "bypass", "cached": None, "": None}
# The budgets: memory is read after at least this many requests.
RSS_AFTER_REQUESTS = 10_000


class Failed(Exception):
    pass


def environment():
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        CACHE_URL=CACHE_URL,
        CACHE_KEY_PREFIX="bench",
        DEBUG="",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        NEWSROOM_BENCH="1",
        # Persistent connections (one per sync worker, kept between requests) rather
        # than psycopg's pool: a sync worker serves one request at a time, so a pool
        # only adds a check-out and a return per request. DATABASE_POOL=1 CONN_MAX_AGE=0
        # in the environment measures the pool instead.
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "600"),
        DATABASE_POOL=os.environ.get("DATABASE_POOL", ""),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        SITE_URL=f"http://{HOST}:{PORT}",
        SERVE_MEDIA="1",
        MEDIA_ROOT=os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "bench-media")),
        LOG_LEVEL="WARNING",
    )
    return env


def check_prerequisites():
    if not shutil.which("wrk"):
        raise Failed("wrk is missing: apt-get install wrk")
    db = urlsplit(DATABASE_URL)
    if db.scheme not in {"postgres", "postgresql"}:
        raise Failed(f"The benchmark needs PostgreSQL; DATABASE_URL is {DATABASE_URL!r}.")
    if not reachable(db.hostname or HOST, db.port or 5432):
        raise Failed(f"PostgreSQL does not answer at {db.hostname}:{db.port or 5432}.")
    cache = urlsplit(CACHE_URL)
    if cache.scheme != "redis" or not reachable(cache.hostname or HOST, cache.port or 6379):
        raise Failed(f"Redis does not answer at {CACHE_URL}.")
    if reachable(HOST, PORT):
        raise Failed(f"Port {PORT} is taken; set BENCH_PORT.")


def create_database():
    import psycopg

    db = urlsplit(DATABASE_URL)
    name = db.path.lstrip("/")
    admin = db._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def prepare(env):
    create_database()
    manage(env, "migrate", "--noinput", "--verbosity", "0", show=True)
    count = int(
        manage(
            env,
            "shell",
            "-c",
            "from articles.models import Article; print(Article.objects.count())",
        ).split()[-1]
    )
    if count < STORIES:
        print(f"The database holds {count} stories; generating {STORIES}.")
        manage(env, "generate_newsroom", "--stories", str(STORIES), "--replace", show=True)
    else:
        print(f"The database holds {count} stories (BENCH_STORIES={STORIES}).")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0", show=True)


def probe(env):
    out = subprocess.run(
        [sys.executable, str(BASE_DIR / "bench" / "probe.py")],
        env=env,
        cwd=BASE_DIR,
        check=True,
        text=True,
        stdout=subprocess.PIPE,  # stderr passes through: BENCH_PROFILE's profiles
    ).stdout
    pages = json.loads(out.strip().splitlines()[-1])
    for page in pages:
        if page["status"] != 200:
            raise Failed(f"{page['url']} answered {page['status']}, not 200.")
    return pages


def measured_rows(pages):
    """The table's rows: each page cold, uncached and cached (see MODES); search uncached
    only, as its budget is (it keeps nothing); the baseline as it is."""
    rows = []
    for page in pages:
        if page["kind"] == "baseline":
            rows.append({**page, "mode": ""})
            continue
        if page["kind"] != "search":
            rows.append({**page, "mode": "cold", "queries": page["cold_queries"]})
        rows.append({**page, "mode": "uncached"})
        if page["kind"] != "search":
            rows.append({**page, "mode": "cached", "queries": page["cached_queries"]})
    return rows


def start_gunicorn(env):
    server = Gunicorn(
        PORT, env, log=BASE_DIR / "var" / "bench-gunicorn.log", workers=WORKERS
    ).start()
    try:
        server.wait_until_up()
    except ServerFailed as failure:
        raise Failed(f"{failure}; see var/bench-gunicorn.log.") from failure
    return server


def warm_up(url, mode, requests=20):
    headers = {BENCH_HEADER: MODES[mode]} if MODES[mode] else {}
    for _ in range(requests):
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, mode="", seconds=SECONDS, threads=THREADS, connections=CONNECTIONS):
    header = ["-H", f"{BENCH_HEADER}: {MODES[mode]}"] if MODES[mode] else []
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *header, url],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "p50": p50,
        "p99": p99,
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
    }


def worker_rss(server):
    out = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "pid=,rss="],
        text=True,
        capture_output=True,
    ).stdout
    return [tuple(int(v) for v in line.split()) for line in out.splitlines() if line.strip()]


def print_table(rows):
    baseline = rows[0]["rate"]
    header = (
        f"{'page':<16} {'mode':<8} {'address':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'SQL/req':>7} {'× base':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        url = row["url"] if len(row["url"]) <= 44 else row["url"][:41] + "..."
        print(
            f"{row['name']:<16} {row['mode']:<8} {url:<44} {row['rate']:>8.1f} "
            f"{row['p50']:>8.2f} {row['p99']:>8.2f} {row['queries']:>7} "
            f"{row['rate'] / baseline:>7.3f}"
        )


def budgets(rows, search_latency, rss_mb):
    """The performance budgets (docs/performance.md): (what, measured, holds)."""
    base = rows[0]["rate"]

    def row(name, mode):
        return next(r for r in rows if r["name"] == name and r["mode"] == mode)

    story, story_cached = row("story", "uncached"), row("story", "cached")
    first = row("section p1", "uncached")
    deep = next(r for r in rows if r["name"].startswith("section p") and r["name"] != "section p1")
    deep = row(deep["name"], "uncached")
    listings = [r for r in rows if r["kind"] in {"listing", "search"} and r["mode"] == "uncached"]
    cached = [r for r in rows if r["mode"] == "cached"]
    worst_listing = max(listings, key=lambda r: r["queries"])
    worst_cached = max(cached, key=lambda r: r["queries"])
    return [
        ("story uncached ≥ 0.10 × baseline", f"{story['rate'] / base:.3f} ×",
         story["rate"] >= 0.10 * base),
        ("story cached ≥ 0.60 × baseline", f"{story_cached['rate'] / base:.3f} ×",
         story_cached["rate"] >= 0.60 * base),
        ("section p1 uncached ≥ 0.07 × baseline", f"{first['rate'] / base:.3f} ×",
         first["rate"] >= 0.07 * base),
        (f"{deep['name']} within 2× of p1 (req/s)",
         f"{first['rate'] / deep['rate']:.2f}× slower" if deep["rate"] else "no answer",
         deep["rate"] * 2 >= first["rate"]),
        ("search p50 ≤ 50 ms (one connection)", f"{search_latency['p50']:.1f} ms",
         search_latency["p50"] <= 50),
        ("search p99 ≤ 200 ms (one connection)", f"{search_latency['p99']:.1f} ms",
         search_latency["p99"] <= 200),
        ("SQL per uncached story page ≤ 10", str(story["queries"]), story["queries"] <= 10),
        ("SQL per listing ≤ 8", f"{worst_listing['queries']} ({worst_listing['name']})",
         worst_listing["queries"] <= 8),
        ("SQL per cache hit = 0", f"{worst_cached['queries']} ({worst_cached['name']})",
         worst_cached["queries"] == 0),
        (f"worker RSS ≤ 150 MB after {RSS_AFTER_REQUESTS:,} requests", f"{rss_mb:.1f} MB",
         rss_mb <= 150),
    ]  # fmt: skip


def mixed_load(env):
    """The page cache's hit ratio under bench/mixed.py's mix of reads and edits, if the
    script exists; None otherwise."""
    script = BASE_DIR / "bench" / "mixed.py"
    if not script.exists():
        return None
    out = subprocess.run(
        [sys.executable, str(script), "--url", f"http://{HOST}:{PORT}", "--seconds", "20"],
        env=env,
        cwd=BASE_DIR,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine():
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {os.cpu_count()} cores, {memory:.0f} GiB memory"


def main():
    check_prerequisites()
    env = environment()
    prepare(env)
    pages = probe(env)
    rows = measured_rows(pages)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    print(
        f"wrk: {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s per address; "
        f"gunicorn: {WORKERS} sync workers; PostgreSQL {urlsplit(DATABASE_URL).path[1:]}, "
        f"Redis {CACHE_URL}"
    )
    server = start_gunicorn(env)
    total = 0
    try:
        for row in rows:
            url = f"http://{HOST}:{PORT}{row['url']}"
            warm_up(url, row["mode"])
            row.update(run_wrk(url, row["mode"]))
            total += row["requests"]
            if row["errors"]:
                print(f"warning: {row['errors']} non-2xx answers from {row['url']} {row['mode']}")
        # The search budget is per request: one connection, so that no request waits
        # behind another in the workers' queue.
        search = next(r for r in rows if r["kind"] == "search")
        search_latency = run_wrk(
            f"http://{HOST}:{PORT}{search['url']}", "uncached", threads=1, connections=1
        )
        total += search_latency["requests"]
        if total < RSS_AFTER_REQUESTS:
            rate = max(rows[0]["rate"], 100)
            seconds = math.ceil((RSS_AFTER_REQUESTS - total) / rate) + 1
            total += run_wrk(f"http://{HOST}:{PORT}{rows[0]['url']}", seconds=seconds)["requests"]
        rss = worker_rss(server)
        print()
        print_table(rows)
        print(
            f"search, one connection: {search_latency['requests']} requests, "
            f"p50 {search_latency['p50']:.1f} ms, p99 {search_latency['p99']:.1f} ms"
        )
        print()
        print(f"Worker memory after {total:,} requests:")
        for pid, kilobytes in rss:
            print(f"  worker {pid}: {kilobytes / 1024:.1f} MB RSS")
        print()
        print("Budgets:")
        for what, value, holds in budgets(rows, search_latency, max(k for _, k in rss) / 1024):
            print(f"  {'PASS' if holds else 'FAIL'}  {what:<44} {value}")
        mixed = mixed_load(env)
        print()
        if mixed is None:
            print("Mixed load: bench/mixed.py does not exist yet.")
        else:
            print(f"Mixed load (bench/mixed.py, 20 s): hit ratio {mixed['hit_ratio']:.3f}")
            print(f"  {json.dumps(mixed)}")
            # A hot story saved every second while read at full speed: no save may stay hidden.
            longest, hidden = mixed["hot_longest_ms"], mixed["hot_hidden"]
            holds = mixed["hot_saves"] > 0 and not hidden and longest < 1000
            print(
                f"  {'PASS' if holds else 'FAIL'}  {'hot story: every save shown in < 1 s':<44} "
                f"longest {longest:.0f} ms over {mixed['hot_saves']} saves, {hidden} hidden"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    try:
        main()
    except (Failed, CommandFailed) as problem:
        sys.exit(f"bench: {problem}")
