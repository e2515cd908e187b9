"""The audit record is append-only in the database too (#21): raw SQL cannot change or delete an
entry, on SQLite as on PostgreSQL. Blanking a reason when a nominator's personal data goes is
the one change let through, and only as remove_reasons() makes it; emptying the whole database
(the test suite's flush) still works, and leaves the triggers in place."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from nominations import audit
from nominations.models import AuditEntry, AuditKind

TABLE = AuditEntry._meta.db_table
# The columns that remove_reasons() may change; every other one is kept as written.
REMOVABLE = {"reason", "reason_removed_at"}


def execute(sql, params=()):
    """Raw SQL in its own savepoint, so that a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


def write_entry(cycle, user):
    with transaction.atomic():
        return audit.record(
            AuditKind.WITHDRAWN,
            cycle,
            actor=user,
            cycle=cycle,
            reason="Kari Nordmann ringte 3. mars.",
            changes=[audit.change("status", "submitted", "withdrawn", field="status")],
            details={"nominations": ["AFK-2026-0001"]},
        )


@pytest.fixture
def entry(open_cycle, admin_user):
    return write_entry(open_cycle, admin_user)


def row(entry):
    return AuditEntry.objects.filter(pk=entry.pk).values().get()


def trigger_names():
    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
    else:
        sql = (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid = (SELECT oid FROM pg_class WHERE relname = %s)"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [TABLE])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_a_raw_delete_is_refused(entry):
    before = row(entry)
    with pytest.raises(IntegrityError, match="append-only"):
        execute("DELETE FROM {table} WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError, match="append-only"):
        execute("DELETE FROM {table}")
    assert row(entry) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column",
    [f.column for f in AuditEntry._meta.concrete_fields if f.name not in REMOVABLE],
)
def test_a_raw_update_of_any_column_is_refused(entry, column):
    """Every column, the ones added later included: the test lists the model's."""
    before = row(entry)
    # Every column holds a value, so that NULL changes it.
    assert None not in [v for k, v in before.items() if k not in REMOVABLE]
    quoted = connection.ops.quote_name(column)
    # The primary key cannot be NULL, even for a moment: it moves instead.
    value = f"{quoted} + 1000" if column == "id" else "NULL"
    with pytest.raises(IntegrityError, match="append-only"):
        execute(f"UPDATE {{table}} SET {quoted} = {value}")
    assert row(entry) == before


@pytest.mark.django_db
def test_a_reason_cannot_be_rewritten_nor_removed_without_saying_when(entry):
    before = row(entry)
    for sql, params in (
        ("UPDATE {table} SET reason = %s", ["Noe annet."]),
        ("UPDATE {table} SET reason = ''", []),
        ("UPDATE {table} SET reason_removed_at = %s", [timezone.now()]),
        (
            "UPDATE {table} SET reason = '', reason_removed_at = %s, object_repr = 'x'",
            [timezone.now()],
        ),
    ):
        with pytest.raises(IntegrityError, match="append-only"):
            execute(sql, params)
    assert row(entry) == before


@pytest.mark.django_db
def test_removing_a_reason_is_the_one_change_let_through_and_only_once(entry):
    before = row(entry)
    now = timezone.now()
    assert AuditEntry.objects.filter(pk=entry.pk).remove_reasons(now) == 1
    after = row(entry)
    assert (after["reason"], after["reason_removed_at"]) == ("", now)
    assert {k: v for k, v in after.items() if k not in REMOVABLE} == {
        k: v for k, v in before.items() if k not in REMOVABLE
    }
    # Once removed, the time it was removed stays as well.
    with pytest.raises(IntegrityError, match="append-only"):
        execute("UPDATE {table} SET reason = 'tilbake', reason_removed_at = NULL")
    with pytest.raises(IntegrityError, match="append-only"):
        execute("UPDATE {table} SET reason_removed_at = %s", [now + timezone.timedelta(days=1)])
    assert AuditEntry.objects.filter(pk=entry.pk).remove_reasons(timezone.now()) == 0
    assert row(entry) == after


@pytest.mark.django_db(transaction=True)
def test_flushing_the_database_empties_the_record_and_keeps_the_triggers(open_cycle, admin_user):
    """What the test suite does after every transactional test (this one too)."""
    triggers = trigger_names()
    assert triggers
    write_entry(open_cycle, admin_user)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    assert trigger_names() == triggers


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_record_is_append_only_again(open_cycle, admin_user):
    """Runs after the test above has been flushed: the triggers are still at work."""
    entry = write_entry(open_cycle, admin_user)
    with pytest.raises(IntegrityError, match="append-only"):
        execute("DELETE FROM {table} WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
