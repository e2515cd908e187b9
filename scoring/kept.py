"""Values kept in Django's cache under the version of the data they were made from.

Each kept value has one slot (a key), holding the value and the digest of what it was made
from; a reader asks for it with the digest as it stands now and gets it only if the two agree.
A new version replaces the old one in its slot, so that old versions do not pile up in a
long-running process. Used by results_cache.py, criteria_cache.py and kept_results.py.

The last two take as the version the rows themselves, read in plain SQL (`rows_version`): the
ORM costs far more to build a query and its objects than the database to run it, so reading
the rows is cheap, and since every column is in the digest, no change can go unseen.
"""

import hashlib

from django.core.cache import cache
from django.db import connection

# The version decides; the age only bounds how long a change the version could not see would go
# unnoticed (results_cache.py: an edit straight in the database).
KEPT_SECONDS = 15 * 60


def digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def held(key: str, version: str):
    """The value kept in the slot if it was made from this version, else None."""
    kept = cache.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    return None


def keep(key: str, version: str, value) -> None:
    cache.set(key, (version, value), timeout=KEPT_SECONDS)


def held_or_made(key: str, version: str, make):
    """The value kept in the slot for this version, or make() kept there."""
    value = held(key, version)
    if value is None:
        value = make()
        keep(key, version, value)
    return value


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def columns(model, alias: str, names=None) -> str:
    """The model's columns for a SELECT, as `alias.column`: all of them (every concrete field,
    so that a field added later is in the version too), or the fields named."""
    fields = (
        model._meta.concrete_fields
        if names is None
        else [model._meta.get_field(name) for name in names]
    )
    return ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields)


def rows_version(queries) -> str:
    """The digest of the rows of the queries, each (sql, params)."""
    rows = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            rows.append(cursor.fetchall())
    return digest(rows)
