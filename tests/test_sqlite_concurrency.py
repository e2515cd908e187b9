"""SQLite with several server processes: two transactions that read and then write at the same
moment (two submits taking the next receipt number, a juror's two saves) both succeed.

The suite's own SQLite database lives in memory, where locking works differently, so these
tests open a database file of their own with the settings' SQLITE_OPTIONS, each thread with
its own connection, as each gunicorn worker has.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler, OperationalError


@pytest.fixture(autouse=True)
def own_database_files(django_db_blocker):
    """These tests use files of their own, not the suite's test database."""
    with django_db_blocker.unblock():
        yield


def connect(path, options):
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}}
    )
    return handler.create_connection("default")


def take_a_number(path, options, pause=0.0, after=None, read=None, errors=None):
    """As Cycle.next_reference does it: in one transaction, read the counter, write it + 1."""
    if after is not None:
        after.wait(5)
    connection = connect(path, options)
    try:
        # What transaction.atomic() does on entering and leaving the outermost block.
        connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM counter")
            (value,) = cursor.fetchone()
            if read is not None:
                read.set()
            time.sleep(pause)
            cursor.execute("UPDATE counter SET value = %s", [value + 1])
        connection.commit()
    except OperationalError as error:
        errors.append(str(error))
        connection.rollback()
    finally:
        connection.set_autocommit(True)
        connection.close()


def race(path, options) -> list[str]:
    """The first reads, and while it pauses the second reads and writes; then the first
    writes."""
    setup = connect(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (value integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    first_read, errors = threading.Event(), []
    threads = [
        threading.Thread(
            target=take_a_number,
            args=(path, options, 0.3),
            kwargs={"read": first_read, "errors": errors},
        ),
        threading.Thread(
            target=take_a_number,
            args=(path, options),
            kwargs={"after": first_read, "errors": errors},
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def counted(path, options) -> int:
    connection = connect(path, options)
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        value = cursor.fetchone()[0]
    connection.close()
    return value


def test_two_transactions_that_read_then_write_at_once_both_succeed(tmp_path):
    path = tmp_path / "db.sqlite3"
    assert race(path, settings.SQLITE_OPTIONS) == []
    assert counted(path, settings.SQLITE_OPTIONS) == 2


def test_without_immediate_transactions_one_of_them_fails_at_once(tmp_path):
    """What the setting prevents: SQLite's default transactions take the write lock only at the
    first write, and one that read before another's commit cannot write at all."""
    path = tmp_path / "db.sqlite3"
    options = {k: v for k, v in settings.SQLITE_OPTIONS.items() if k != "transaction_mode"}
    errors = race(path, options)
    assert errors == ["database is locked"]
    assert counted(path, options) == 1


def test_the_database_file_is_kept_with_a_write_ahead_log(tmp_path):
    """Pages are read from the last commit while a nomination is being stored, instead of
    waiting for its commit."""
    connection = connect(tmp_path / "db.sqlite3", settings.SQLITE_OPTIONS)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    connection.close()
    assert mode == "wal"
