import io

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@pytest.fixture
def award_platform(db):
    """The Frivillighet Norge–KS platform, imported from the file that ships with the project."""
    from platforms.importer import SHIPPED_TEXTS, import_platform_bytes

    return import_platform_bytes(SHIPPED_TEXTS[0].read_bytes(), SHIPPED_TEXTS[0].name).platform


@pytest.fixture(scope="session")
def register_snapshot(django_db_setup, django_db_blocker):
    """The shipped municipality register, imported once per run the real way and kept as rows.

    The import itself is tested in tests/nominations/test_register.py; other tests only need
    its result, and copying rows is a hundred times faster than importing again.
    """
    from nominations.models import Municipality

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_municipalities", stdout=io.StringIO())
        rows = list(Municipality.objects.order_by("kind", "pk").values())
        links = list(Municipality.predecessors.through.objects.values())
        transaction.set_rollback(True)
    return rows, links


@pytest.fixture
def register(db, register_snapshot):
    from nominations.models import Municipality

    rows, links = register_snapshot
    # County municipalities first: the municipalities point at them.
    ordered = sorted(rows, key=lambda row: row["kind"] != "fylkeskommune")
    Municipality.objects.bulk_create(Municipality(**row) for row in ordered)
    Municipality.predecessors.through.objects.bulk_create(
        Municipality.predecessors.through(**link) for link in links
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(),
                [Municipality, Municipality.predecessors.through],
            ):
                cursor.execute(sql)
