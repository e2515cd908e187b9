"""A cycle's criteria as a candidate's jury page shows them, kept while they are unchanged.

Read through the ORM (reviews.criteria_for: the criteria, their scales and the clauses they cite,
three queries and their prefetching) they cost about 3 ms, the most of any part of the page:
the ORM builds the queries and their objects at a far higher cost than the database runs them.
Their rows read in plain SQL cost a tenth of that. So every request reads the rows — every column
of the cycle's criteria, of their points and their citations, of the cited clauses and what the
page shows of their sections and platforms — and takes the objects the ORM made from the same
rows from Django's cache (kept.py). Any change to any of them, whoever makes it and however (the
admin, a platform import, an edit straight in the database), gives other rows and another
digest, and the objects are read anew: a juror never sees an old criterion.
"""

import functools
from collections.abc import Callable

from django.db import connection

from nominations.models import Criterion, CriterionClause, ScalePoint
from platforms.models import Clause, Platform, Section

from . import kept
from .kept import columns, table


@functools.cache
def _queries(vendor: str, related: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[str, str]:
    """The two queries of the rows: the criteria with their points, and their citations with
    the cited clauses. `related`: the fields of the clauses' sections and platforms the page
    reads (reviews.CITED_CLAUSE_FIELDS). Made once per database vendor."""
    section_fields, platform_fields = related
    criteria = f"""
        SELECT {columns(Criterion, "k")}, {columns(ScalePoint, "p")}
        FROM {table(Criterion)} k LEFT JOIN {table(ScalePoint)} p ON p.criterion_id = k.id
        WHERE k.cycle_id = %s ORDER BY k.id, p.id
    """
    return criteria, citations_sql(section_fields, platform_fields)


def citations_sql(section_fields=None, platform_fields=None) -> str:
    """The rows of the citations of a cycle's criteria (its id the parameter): every column of
    the citation and the clause, and of the clause's section and platform the fields named
    (all when None)."""
    return f"""
        SELECT {columns(CriterionClause, "l")}, {columns(Clause, "c")},
               {columns(Section, "s", section_fields)}, {columns(Platform, "f", platform_fields)}
        FROM {table(CriterionClause)} l
        JOIN {table(Criterion)} k ON k.id = l.criterion_id
        JOIN {table(Clause)} c ON c.id = l.clause_id
        JOIN {table(Section)} s ON s.id = c.section_id
        JOIN {table(Platform)} f ON f.id = c.platform_id
        WHERE k.cycle_id = %s ORDER BY l.id
    """


def _related_fields(cited_fields) -> tuple[tuple[str, ...], tuple[str, ...]]:
    def of(relation):
        names = [f.split("__", 1)[1] for f in cited_fields if f.startswith(f"{relation}__")]
        return ("id", *names)

    return of("section"), of("platform")


def version(cycle_pk: int, cited_fields) -> str:
    """The digest of every row the cycle's criteria on the page are made from: two queries."""
    queries = _queries(connection.vendor, _related_fields(cited_fields))
    return kept.rows_version((sql, [cycle_pk]) for sql in queries)


def criteria(cycle_pk: int, read: Callable[[], list], cited_fields) -> list:
    """read() — the criteria through the ORM —, or the objects it gave for the same rows."""
    return kept.held_or_made(f"scoring:criteria:{cycle_pk}", version(cycle_pk, cited_fields), read)
