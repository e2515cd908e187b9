"""The audit record is append-only in the database too: triggers refuse UPDATE and DELETE on
nominations_auditentry, on SQLite and on PostgreSQL (#21).

One UPDATE is let through: blanking `reason` while setting `reason_removed_at` (which was
empty), every other column unchanged. That is AuditEntry.objects.remove_reasons(), the one path
by which a nominator's personal data leaves the record (docs/personal-data.md).

Not refused: TRUNCATE on PostgreSQL (row triggers do not see it) and, on SQLite, Django's flush,
which core.db.sqlite3 runs as PostgreSQL runs a TRUNCATE (without row triggers: they are dropped
and made again in the flush's transaction), so that the test suite can still empty the database
between transactional tests. Both empty every table at once; neither is a path of the
application, and whoever owns the tables can drop a trigger anyway.

On SQLite, a later migration that remakes this table (most AlterField and some AddField do)
drops its triggers with the old table: such a migration must create them again.
tests/nominations/test_audit_append_only.py checks that they are there, and that each column
is guarded.
"""

from django.db import migrations, models

MESSAGE = "The audit record is append-only: entries are never changed or deleted."

# Every column but reason and reason_removed_at. SQLite compares them one by one: a column
# added to the model later must be added to a new version of this trigger.
KEPT = (
    "id",
    "at",
    "kind",
    "actor_id",
    "actor_name",
    "cycle_id",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "details",
)
REASON_REMOVED = (
    "OLD.reason_removed_at IS NULL AND NEW.reason_removed_at IS NOT NULL AND NEW.reason = ''"
)
SAME = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in KEPT)

SQLITE = [
    f"""
    CREATE TRIGGER nominations_auditentry_no_delete
    BEFORE DELETE ON nominations_auditentry
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,
    f"""
    CREATE TRIGGER nominations_auditentry_no_update
    BEFORE UPDATE ON nominations_auditentry
    WHEN NOT ({REASON_REMOVED} AND {SAME})
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER nominations_auditentry_no_delete",
    "DROP TRIGGER nominations_auditentry_no_update",
]

# PostgreSQL compares the whole row but the two columns, so a column added later is kept too.
POSTGRESQL = [
    f"""
    CREATE FUNCTION nominations_auditentry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND {REASON_REMOVED}
           AND to_jsonb(NEW) - 'reason' - 'reason_removed_at'
               = to_jsonb(OLD) - 'reason' - 'reason_removed_at'
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER nominations_auditentry_append_only
    BEFORE UPDATE OR DELETE ON nominations_auditentry
    FOR EACH ROW EXECUTE FUNCTION nominations_auditentry_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER nominations_auditentry_append_only ON nominations_auditentry",
    "DROP FUNCTION nominations_auditentry_append_only()",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0005_cycle_results_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="reason_removed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reason removed"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("scores", "Scores changed"),
                    ("review_done", "Review marked done"),
                    ("review_reopened", "Review reopened"),
                    ("conflict_declared", "Conflict of interest declared"),
                    ("conflict_lifted", "Conflict of interest lifted"),
                    ("result_changed", "Result changed"),
                    ("result_signed", "Texts signed off"),
                    ("result_locked", "Result locked"),
                    ("result_unlocked", "Result unlocked"),
                    ("cycle_times", "Dates or settings of the cycle changed"),
                    ("criterion_added", "Criterion added"),
                    ("criterion_changed", "Criterion changed"),
                    ("criterion_removed", "Criterion removed"),
                    ("screened", "Eligibility decided"),
                    ("withdrawn", "Nomination withdrawn"),
                    ("data_exported", "Personal data exported on request"),
                    ("data_erased", "Personal data erased on request"),
                    ("retention", "Contact details anonymised after the retention period"),
                ],
                max_length=20,
                verbose_name="kind of change",
            ),
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
