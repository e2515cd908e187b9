"""The fresh database and the gunicorn server under test, both thrown away afterwards."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def fresh_database(database_url: str | None, folder: Path):
    """A new, empty database for the run: an SQLite file in the run's folder, or a PostgreSQL
    database created beside the one DATABASE_URL names (same server and role) and dropped at
    the end. Yields its URL."""
    if not database_url:
        yield f"sqlite:///{folder / 'loadtest.sqlite3'}"
        return
    parts = urllib.parse.urlsplit(database_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(
            f"DATABASE_URL: only SQLite (the default) or PostgreSQL, not {parts.scheme}"
        )
    if parts.hostname not in LOCAL_HOSTS:
        raise SystemExit("DATABASE_URL: the load test runs only against a server on this machine")
    import psycopg
    from psycopg import sql

    name = f"afk_loadtest_{secrets.token_hex(4)}"
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def environment(folder: Path, database_url: str, port: int) -> dict:
    """The production settings' variables (DEBUG off), for the server and the harness alike."""
    return {
        "DJANGO_SETTINGS_MODULE": "loadtest.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "LOADTEST_MAILBOX": str(folder / "mail"),
        "LOADTEST_STATIC_ROOT": str(folder / "static"),
        "SITE_URL": f"https://{HOST}:{port}",
        "LOG_LEVEL": "WARNING",
    }


class Gunicorn:
    """gunicorn serving config.wsgi on 127.0.0.1, as in production (see docs/production.md)."""

    def __init__(self, port: int, env: dict, workers: int, threads: int, log: Path):
        self.port = port
        self.log_path = log
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=30",
            "--graceful-timeout=10",
            f"--forwarded-allow-ips={HOST}",
            "--no-control-socket",
            "--error-logfile=-",
        ]
        self.log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout=60):
        import http.client

        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log_path}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def warm_up(self, workers: int, paths=("/", "/nominer/", "/nominer/ny/", "/konto/logg-inn/")):
        """A few requests per worker before the run, not counted: at the deadline the server
        has been up for days, its templates loaded and connections open."""
        import http.client
        from concurrent.futures import ThreadPoolExecutor

        def fetch(path):
            connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
                connection.getresponse().read()
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(fetch, [p for p in paths for _ in range(2 * workers)]))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def exceptions(self) -> list[str]:
        """The exception of every traceback in the server's log (the last of a chain)."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        found, in_traceback = [], False
        for index, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last)"):
                in_traceback = True
            elif in_traceback and line and not line[0].isspace():
                in_traceback = False
                following = next((n for n in lines[index + 1 :] if n.strip()), "")
                if not following.startswith(("The above exception", "During handling")):
                    found.append(line.strip()[:200])
        return found
