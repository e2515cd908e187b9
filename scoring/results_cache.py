"""The score math and the deliberation's tables, kept until what they are made from changes.

results.compute() reads every score of the cycle (18,500 in a full year), and the chair's
deliberation page writes about 9,700 cells from it: together about a tenth of a second, for
every request. Both are kept in Django's cache (by default a LocMemCache in each server process;
README.md, "Performance") with the version of the data they were made from, and made again by
the first request that finds another version. The version is read on every request:

- the math's inputs, in one query (`_inputs`): the cycle's reviews — how many, the sum of their
  versions (raised by every save, autosave, done mark and reopening) and the last save —, its
  jurors' conflicts — how many, how many lifted, by whom and with whom —, its criteria — how
  many, their weights, their order — and their scale, and who sits on the jury;
- the eligible candidates with their municipalities' names, numbers and counties (`_candidates`):
  the math orders by the names and the tables show them;
- for the tables, also the jurors' order on the page, the language, and whether the scores are
  shown.

Each cycle has one slot for its results and one per language and view for its tables, replaced
when the version changes, so that old versions do not pile up in a long-running process.
"""

from dataclasses import dataclass

from django.db import connection

from nominations.models import Candidate, Criterion, Cycle, Eligibility, Municipality, ScalePoint

from . import kept, results
from .kept import table
from .models import Conflict, Jury, JuryMember, Review


def _inputs(cycle: Cycle) -> tuple:
    """Every input of the math but the candidates, summed up in one query. Plain SQL: the same
    query through the ORM would cost more to build than to run."""
    review, candidate = table(Review), table(Candidate)
    conflict, member, jury = table(Conflict), table(JuryMember), table(Jury)
    criterion, point = table(Criterion), table(ScalePoint)
    members = f"SELECT m.id FROM {member} m JOIN {jury} j ON j.id = m.jury_id WHERE j.cycle_id = %s"
    criteria = f"SELECT id FROM {criterion} WHERE cycle_id = %s"
    sql = f"""
        SELECT r.n, r.versions, r.saved, c.n, c.lifted, c.members, c.candidates,
               k.n, k.weights, k.weighted, k.ordered, p.n, p.low, p.high, j.n, j.ids
        FROM (SELECT COUNT(*) AS n, SUM(version) AS versions, MAX(updated_at) AS saved
              FROM {review}
              WHERE candidate_id IN (SELECT id FROM {candidate} WHERE cycle_id = %s)) r,
             (SELECT COUNT(*) AS n, COUNT(lifted_at) AS lifted, SUM(member_id) AS members,
                     SUM(candidate_id) AS candidates
              FROM {conflict} WHERE member_id IN ({members})) c,
             (SELECT COUNT(*) AS n, SUM(weight) AS weights, SUM(weight * id) AS weighted,
                     SUM(position * id) AS ordered
              FROM {criterion} WHERE cycle_id = %s) k,
             (SELECT COUNT(*) AS n, MIN(value) AS low, MAX(value) AS high
              FROM {point} WHERE criterion_id IN ({criteria})) p,
             (SELECT COUNT(*) AS n, SUM(id) AS ids FROM ({members}) m) j
    """  # the table names are the models'; the cycle is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk] * 5)
        return tuple(cursor.fetchone())


def _candidates(cycle: Cycle) -> list[tuple]:
    """The eligible candidates, each with its municipality's name, kind, number and county.
    Plain SQL, as _inputs: the ORM took 2 ms to build and read these 372 rows of a full year."""
    candidate, municipality = table(Candidate), table(Municipality)
    sql = f"""
        SELECT c.id, c.municipality_id, m.name, m.kind, m.number, k.name
        FROM {candidate} c
        JOIN {municipality} m ON m.id = c.municipality_id
        LEFT JOIN {municipality} k ON k.id = m.county_id
        WHERE c.cycle_id = %s AND c.eligibility = %s ORDER BY c.id
    """  # the table names are the models'; the cycle and the state are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk, Eligibility.ELIGIBLE])
        return cursor.fetchall()


@dataclass(frozen=True)
class Version:
    """What a cycle's results are made from, as it stands."""

    cycle_pk: int
    digest: str


def version(cycle: Cycle) -> Version:
    """The version of the cycle's data the math and the tables are made from: two queries."""
    return Version(cycle.pk, kept.digest(_inputs(cycle), _candidates(cycle)))


def compute(cycle: Cycle, at: Version | None = None) -> results.CycleResults:
    """results.compute(cycle), from the cache while the data it is made from is unchanged."""
    at = at or version(cycle)
    return kept.held_or_made(
        f"scoring:results:{at.cycle_pk}", at.digest, lambda: results.compute(cycle)
    )


def _tables_slot(at: Version, members, language: str, show_scores: bool) -> tuple[str, str]:
    key = f"scoring:deliberation-tables:{at.cycle_pk}:{language}:{int(show_scores)}"
    return key, kept.digest(at.digest, [m.pk for m in members])


def held_tables(at: Version, members, language: str, show_scores: bool):
    """The deliberation's tables and agreement as last made for this version, or None."""
    return kept.held(*_tables_slot(at, members, language, show_scores))


def keep_tables(at: Version, members, language: str, show_scores: bool, made) -> None:
    key, digest = _tables_slot(at, members, language, show_scores)
    kept.keep(key, digest, made)
