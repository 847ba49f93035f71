"""The benchmark: gunicorn (2 workers) on PostgreSQL and Redis, loaded with wrk on loopback.

    make bench                                   # 100,000 stories, 10 s per address
    BENCH_STORIES=10000 BENCH_SECONDS=5 make bench   # a quick run

Makes and migrates the database if needed, generates the synthetic newsroom when it
holds fewer stories than BENCH_STORIES, collects static files, starts gunicorn in
production mode with the bare baseline view routed (NEWSROOM_BENCH=1), warms up,
runs wrk against each address in turn, and prints requests/s, p50 and p99 latency,
SQL queries per request and the ratio to the baseline of the same run; then the
workers' memory. It stops gunicorn by its PID and leaves nothing running.
See bench/README.md.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
CACHE_URL = os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/2")
STORIES = int(os.environ.get("BENCH_STORIES", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8150"))
HOST = "127.0.0.1"


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
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        SITE_URL=f"http://{HOST}:{PORT}",
        SERVE_MEDIA="1",
        MEDIA_ROOT=os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "bench-media")),
        LOG_LEVEL="WARNING",
    )
    return env


def reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


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


def manage(env, *args, capture=False):
    command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    result = subprocess.run(
        command, env=env, cwd=BASE_DIR, check=True, text=True, capture_output=capture
    )
    return result.stdout


def prepare(env):
    create_database()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    count = int(
        manage(
            env,
            "shell",
            "-c",
            "from articles.models import Article; print(Article.objects.count())",
            capture=True,
        ).split()[-1]
    )
    if count < STORIES:
        print(f"The database holds {count} stories; generating {STORIES}.")
        manage(env, "generate_newsroom", "--stories", str(STORIES), "--replace")
    else:
        print(f"The database holds {count} stories (BENCH_STORIES={STORIES}).")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def probe(env):
    out = subprocess.run(
        [sys.executable, str(BASE_DIR / "bench" / "probe.py")],
        env=env,
        cwd=BASE_DIR,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rows = json.loads(out.strip().splitlines()[-1])
    for row in rows:
        if row["status"] != 200:
            raise Failed(f"{row['url']} answered {row['status']}, not 200.")
    return rows


def start_gunicorn(env):
    log = open(BASE_DIR / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "newsroom.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(WORKERS),
            "--no-control-socket",
            "--error-logfile",
            "-",
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while not reachable(HOST, PORT):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise Failed("gunicorn did not start; see var/bench-gunicorn.log.")
        time.sleep(0.2)
    return process


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def warm_up(url, requests=20):
    for _ in range(requests):
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url):
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--latency",
            url,
        ],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "p50": p50, "p99": p99, "errors": int(errors.group(1)) if errors else 0}


def worker_rss(process):
    out = subprocess.run(
        ["ps", "--ppid", str(process.pid), "-o", "pid=,rss="],
        text=True,
        capture_output=True,
    ).stdout
    return [tuple(int(v) for v in line.split()) for line in out.splitlines() if line.strip()]


def print_table(rows):
    baseline = rows[0]["rate"]
    header = (
        f"{'page':<16} {'address':<52} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'SQL/req':>7} {'× base':>7} {'cached':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        url = row["url"] if len(row["url"]) <= 52 else row["url"][:49] + "..."
        print(
            f"{row['name']:<16} {url:<52} {row['rate']:>8.1f} {row['p50']:>8.2f} "
            f"{row['p99']:>8.2f} {row['queries']:>7} {row['rate'] / baseline:>7.3f} "
            f"{'n/a':>7}"
        )


def main():
    check_prerequisites()
    env = environment()
    prepare(env)
    rows = probe(env)
    print(
        f"wrk: {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s per address; "
        f"gunicorn: {WORKERS} workers; {os.cpu_count()} cores"
    )
    process = start_gunicorn(env)
    total_requests = 0
    try:
        for row in rows:
            url = f"http://{HOST}:{PORT}{row['url']}"
            warm_up(url)
            row.update(run_wrk(url))
            total_requests += int(row["rate"] * SECONDS)
            if row["errors"]:
                print(f"warning: {row['errors']} non-2xx answers from {row['url']}")
        print()
        print_table(rows)
        print()
        print(f"Worker memory after about {total_requests} requests:")
        for pid, rss in worker_rss(process):
            print(f"  worker {pid}: {rss / 1024:.1f} MB RSS")
    finally:
        stop(process)


if __name__ == "__main__":
    try:
        main()
    except Failed as problem:
        sys.exit(f"bench: {problem}")
