"""Running the site from a script: manage.py commands, and gunicorn (start it, wait until
it answers, stop it).

The benchmark, the load test, the two-instance check and Lighthouse's audit each prepare
a database and serve the site the production way for a while. No Django here: the
scripts import this before (or without) setting Django up.

    manage(env, "migrate", "--noinput")
    with Gunicorn(port=8150, env=env, log=path, workers=2) as server:
        server.wait_until_up()   # or wait_until_up("/robots.txt")
        ...

The server runs in a session of its own, so that its master and workers stop together,
and with no control socket (its default path is shared by every gunicorn on a machine).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"  # the running virtualenv's
HOST = "127.0.0.1"


class ServerFailed(Exception):
    """gunicorn exited, or did not answer in time; the message says which."""


class CommandFailed(Exception):
    """manage.py exited with an error; the message has what it printed."""


def manage(env, *args, show=False):
    """Run ``manage.py *args`` with the environment ``env`` and return what it printed;
    ``show=True`` lets it print as it runs instead (a long command's progress)."""
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        text=True,
        capture_output=not show,
    )
    if result.returncode != 0:
        printed = "" if show else f":\n{result.stdout}{result.stderr}"
        raise CommandFailed(f"manage.py {' '.join(args)} exited with {result.returncode}{printed}")
    return result.stdout or ""


def reachable(host, port):
    """Whether something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Gunicorn:
    """gunicorn serving newsroom.wsgi on HOST:port. ``workers``, ``threads`` and ``args``
    (more options) as gunicorn takes them; ``log`` a path or an open file for its output
    (None: this process's)."""

    def __init__(self, port, env, log=None, workers=1, threads=None, args=()):
        self.port, self.env, self.log = port, env, log
        self.options = ["--workers", str(workers)]
        if threads:
            self.options += ["--threads", str(threads)]
        self.options += list(args)
        self.process = None
        self.base = f"http://{HOST}:{port}"

    def start(self):
        log = open(self.log, "w") if isinstance(self.log, str | Path) else self.log  # noqa: SIM115
        command = [str(GUNICORN), "newsroom.wsgi", "--bind", f"{HOST}:{self.port}"]
        command += [*self.options, "--no-control-socket"]
        if "--error-logfile" not in self.options:
            command += ["--error-logfile", "-"]
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT if log is not None else None,
            start_new_session=True,
        )
        return self

    def wait_until_up(self, path=None, seconds=30):
        """Until the port listens (or, with ``path``, answers 200 there)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"gunicorn on {self.base} exited with {self.process.returncode}")
            if path is None and reachable(HOST, self.port):
                return
            if path is not None:
                try:
                    with urllib.request.urlopen(self.base + path, timeout=2) as response:
                        if response.status == 200:
                            return
                except OSError:
                    pass
            time.sleep(0.2)
        self.stop()
        raise ServerFailed(f"{self.base} did not answer within {seconds} s")

    def stop(self, timeout=30):
        """TERM to the whole session, then KILL if it is still there after ``timeout``."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    @property
    def pid(self):
        return self.process.pid

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
