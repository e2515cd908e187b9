"""Requests that race each other: threads released at the same moment, each with its own
database connection. Only PostgreSQL runs writers in parallel; SQLite lets one in at a time, so
there the race cannot happen and the tests say so (CI runs them on PostgreSQL)."""

import threading

import pytest
from django.db import connection

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
