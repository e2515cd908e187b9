"""Requests that race each other: threads released at the same moment, each with its own
database connection. Only PostgreSQL runs writers in parallel; SQLite lets one in at a time, so
there the race cannot happen and the tests say so (CI runs them on PostgreSQL)."""

import contextlib
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

needs_parallel_writers = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, so the row lock is never raced; CI runs this on PostgreSQL",
)


def at_once(*calls):
    """Run the calls in threads released together; their results (or exceptions), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - handed to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@contextlib.contextmanager
def threads_share_a_database_file():
    """Within the block, threads' connections use the production setup's database.

    On PostgreSQL that is the test database itself. SQLite's test database lives in memory,
    shared between connections with table locks that fail at once instead of waiting (never so
    in production): so it is copied to a file, which the threads' new connections open with the
    settings' SQLITE_OPTIONS (IMMEDIATE transactions, waiting for the lock), as gunicorn's
    workers do, and what they wrote is copied back afterwards. Use with
    `django_db(transaction=True)`.
    """
    if connection.vendor != "sqlite":
        yield
        return
    settings = connections.settings["default"]
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        name = settings["NAME"]
        settings["NAME"] = str(path)
        try:
            yield
        finally:
            settings["NAME"] = name
            source = sqlite3.connect(path)
            source.backup(connection.connection)
            source.close()
