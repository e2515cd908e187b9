"""Queries the ORM builds once per process, for queries that a few ids fix entirely.

Django builds a query with joins and subqueries at a far higher cost than the database runs it:
the juror's home list of a full year took 3.5 ms to build and 1.8 ms to run, and a juror's seat
1.2 of its 1.6 ms. When everything in a query — its tables, its conditions and their values —
follows from a few ids, it is the same every time for those ids, so it is built once:

- `rows_of`: the SQL and its parameters, run as they are, for rows of plain values;
- `queryset_of`: the queryset with its filters, joins and subqueries resolved, copied for each
  use (a copy costs a fraction of the building), for model instances.

Only for such queries: never one that depends on anything else (the time, a search term, the
data), which would then be run with what it was built with. The builders take ids, not model
instances, so that nothing kept holds on to a row read in some request.
"""

import functools

from django.db import connection

# Per decorated function, the least recently used dropped first: a full year asks for about
# one per juror. A kept queryset is about 15 kB, so even ids sent at random hold 4 MB at most.
KEPT_QUERIES = 256


def rows_of(build):
    """Decorates build(*ids) -> a values_list queryset; the decorated function returns its rows
    as tuples, the SQL built once per ids and database vendor."""

    @functools.lru_cache(maxsize=KEPT_QUERIES)
    def sql_of(vendor: str, *ids):
        return build(*ids).query.sql_with_params()

    @functools.wraps(build)
    def rows(*ids) -> list[tuple]:
        sql, params = sql_of(connection.vendor, *ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    rows.sql_of = sql_of
    return rows


def queryset_of(build, kept: int = KEPT_QUERIES):
    """Decorates build(*ids) -> a queryset; the decorated function returns a fresh copy of the
    queryset built once per ids and database vendor, to narrow and evaluate as any queryset."""

    @functools.lru_cache(maxsize=kept)
    def built(vendor: str, *ids):
        return build(*ids)

    @functools.wraps(build)
    def fresh(*ids):
        return built(connection.vendor, *ids).all()

    fresh.built = built
    return fresh
