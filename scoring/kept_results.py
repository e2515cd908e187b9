"""A year's result as the public pages, the archive and the deliberation read it, kept while
the rows it is made from are unchanged.

publication.load_year() reads the cycle with its award, platform, result and winner, the
finalists with their municipalities and the criteria their paragraphs cite, the year's criteria
with the clauses they rest on and the ones the justification speaks to, and the jury: six
queries through the ORM, two thirds of the announcement page — the platform's busiest page on
5 December — and almost all of it the ORM building queries and objects, not the database
running them. The archive reads the same of every published year, and the chair's deliberation
the result with its finalists, texts and sign-offs. The same rows read in plain SQL cost a
tenth of that. So every request reads the rows (every column of each table the objects come
from, kept.py) and takes the objects the ORM made from the same rows from Django's cache; any
change, however it is made, gives another digest and the objects are read anew.

Only what is read is kept. What depends on the time — whether the finalists and the winner are
public yet, and their order — is decided by publication.py and archive.py on every request.
"""

import functools
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection

from nominations.models import Award, Candidate, Criterion, Cycle, Municipality
from platforms.models import Platform

from . import kept
from .criteria_cache import citations_sql
from .kept import columns, table
from .models import Finalist, Jury, JuryMember, Result, SignOff


def _through(field):
    """An m2m field's table, and its columns to the model that has it and to the other one."""
    through = field.remote_field.through
    own = through._meta.get_field(field.model._meta.model_name).column
    other = through._meta.get_field(field.related_model._meta.model_name).column
    return through, own, other


def _cycles_sql(where: str) -> str:
    """The cycles WHERE says, with their award, its platform, the result and the winner."""
    municipality = table(Municipality)
    return f"""
        SELECT y.id, {columns(Cycle, "y")}, {columns(Award, "a")}, {columns(Platform, "p")},
               {columns(Result, "r")}, {columns(Candidate, "w")},
               {columns(Municipality, "wm")}, {columns(Municipality, "wc")}
        FROM {table(Cycle)} y
        JOIN {table(Award)} a ON a.id = y.award_id
        JOIN {table(Platform)} p ON p.id = a.platform_id
        LEFT JOIN {table(Result)} r ON r.cycle_id = y.id
        LEFT JOIN {table(Candidate)} w ON w.id = r.winner_id
        LEFT JOIN {municipality} wm ON wm.id = w.municipality_id
        LEFT JOIN {municipality} wc ON wc.id = wm.county_id
        WHERE {where} ORDER BY y.id
    """


def _finalists_sql(cycles: str) -> str:
    """The finalists of the cycles (`cycles`: the condition on a cycle id) with their
    municipalities and the criteria their paragraphs cite."""
    municipality = table(Municipality)
    cited, cited_finalist, cited_criterion = _through(Finalist._meta.get_field("criteria"))
    return f"""
        SELECT {columns(Finalist, "f")}, {columns(Candidate, "c")},
               {columns(Municipality, "m")}, {columns(Municipality, "mc")},
               {columns(cited, "t")}, {columns(Criterion, "k")}
        FROM {table(Finalist)} f
        JOIN {table(Result)} r ON r.id = f.result_id
        JOIN {table(Candidate)} c ON c.id = f.candidate_id
        JOIN {municipality} m ON m.id = c.municipality_id
        LEFT JOIN {municipality} mc ON mc.id = m.county_id
        LEFT JOIN {table(cited)} t ON t.{cited_finalist} = f.id
        LEFT JOIN {table(Criterion)} k ON k.id = t.{cited_criterion}
        WHERE r.cycle_id {cycles} ORDER BY f.id, t.id
    """


def _criteria_sql(cycles: str) -> str:
    """The criteria of the cycles, each with the mark of the justification citing it."""
    justified, justified_result, justified_criterion = _through(
        Result._meta.get_field("justification_criteria")
    )
    return f"""
        SELECT {columns(Criterion, "k")}, {columns(justified, "j")}
        FROM {table(Criterion)} k
        LEFT JOIN {table(Result)} r ON r.cycle_id = k.cycle_id
        LEFT JOIN {table(justified)} j
               ON j.{justified_result} = r.id AND j.{justified_criterion} = k.id
        WHERE k.cycle_id {cycles} ORDER BY k.id
    """


@functools.cache
def _year_queries(vendor: str) -> tuple[str, tuple[str, ...]]:
    """The cycle's row (found by award and year), then the other rows by the cycle's id: made
    once per database vendor."""
    user = get_user_model()
    jury = f"""
        SELECT {columns(JuryMember, "m")}, {columns(user, "u")}
        FROM {table(JuryMember)} m
        JOIN {table(Jury)} j ON j.id = m.jury_id
        JOIN {table(user)} u ON u.id = m.user_id
        WHERE j.cycle_id = %s ORDER BY m.id
    """
    by_cycle = (
        _finalists_sql("= %s"),
        _criteria_sql("= %s"),
        citations_sql(),  # the page shows the clauses' platforms in full
        jury,
    )
    return _cycles_sql("a.slug = %s AND y.year = %s"), by_cycle


@functools.cache
def _deliberation_queries(vendor: str) -> tuple[str, ...]:
    """The cycle's result (its id the parameter) with its winner and who locked it, its
    finalists, its criteria with the justification's marks, and its sign-offs with the jurors."""
    municipality, user = table(Municipality), get_user_model()
    result = f"""
        SELECT {columns(Result, "r")}, {columns(Candidate, "w")}, {columns(Municipality, "wm")},
               {columns(Municipality, "wc")}, {columns(user, "lb")}
        FROM {table(Result)} r
        LEFT JOIN {table(Candidate)} w ON w.id = r.winner_id
        LEFT JOIN {municipality} wm ON wm.id = w.municipality_id
        LEFT JOIN {municipality} wc ON wc.id = wm.county_id
        LEFT JOIN {table(user)} lb ON lb.id = r.locked_by_id
        WHERE r.cycle_id = %s
    """
    sign_offs = f"""
        SELECT {columns(SignOff, "o")}, {columns(JuryMember, "m")}, {columns(user, "u")}
        FROM {table(SignOff)} o
        JOIN {table(Result)} r ON r.id = o.result_id
        JOIN {table(JuryMember)} m ON m.id = o.member_id
        JOIN {table(user)} u ON u.id = m.user_id
        WHERE r.cycle_id = %s ORDER BY o.id
    """
    return result, _finalists_sql("= %s"), _criteria_sql("= %s"), sign_offs


@functools.cache
def _archive_queries(vendor: str) -> tuple[str, ...]:
    """Every published cycle's rows (the parameter: True): the cycles, the finalists, the
    criteria and the justifications' marks."""
    published = f"IN (SELECT id FROM {table(Cycle)} WHERE is_published = %s)"
    return _cycles_sql("y.is_published = %s"), _finalists_sql(published), _criteria_sql(published)


def version(award_slug: str, year: int, with_jury: bool) -> str | None:
    """The digest of every row the year's result is made from, or None when there is no such
    cycle: five queries (four without the jury), one when there is no cycle."""
    cycle_sql, by_cycle = _year_queries(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(cycle_sql, [award_slug, year])
        cycles = cursor.fetchall()
    if not cycles:
        return None
    cycle_pk = cycles[0][0]  # the page takes the first by id, as the query orders them
    if not with_jury:
        by_cycle = by_cycle[:-1]
    return kept.digest(cycles, kept.rows_version((sql, [cycle_pk]) for sql in by_cycle))


def year(award_slug: str, year: int, with_jury: bool, read: Callable[[], object]):
    """read() — the year through the ORM, or None for no cycle —, or what it gave for the same
    rows."""
    at = version(award_slug, year, with_jury)
    if at is None:
        return read()  # no cycle; read() says so in its own way
    return kept.held_or_made(f"scoring:year:{award_slug}:{year}:{int(with_jury)}", at, read)


def archive_records(read: Callable[[], object]):
    """read() — the published cycles' records through the ORM, archive.py —, or what it gave
    for the same rows: three queries."""
    at = kept.rows_version((sql, [True]) for sql in _archive_queries(connection.vendor))
    return kept.held_or_made("scoring:archive-records", at, read)


def deliberation_result(cycle_pk: int, read: Callable[[], object]):
    """read() — the cycle's result through the ORM, deliberation.load_result() —, or what it
    gave for the same rows: four queries."""
    queries = _deliberation_queries(connection.vendor)
    at = kept.rows_version((sql, [cycle_pk]) for sql in queries)
    return kept.held_or_made(f"scoring:deliberation-result:{cycle_pk}", at, read)
