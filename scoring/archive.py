"""The archive of every year since 2016, and the history of each municipality.

Two sources, merged per award and year:

- `scoring/data/past-winners.csv` (see the README beside it): the years before this platform.
  A blank is unknown and is shown as unknown.
- The platform's own cycles, public as `scoring.publication` says: a cycle whose winner is
  announced replaces the file's row for its year and links to its full announcement; a cycle
  whose finalists are out but whose winner is not yet is shown when the file has no row for it.

Names in the file are matched to the municipality register. Every entry is then followed
forward through the register's successors to the municipality of today, which gives its link
and its county (so Asker, finalist in 2017 and in 2022, is found under Akershus).

The archive's filters:

- county: the county the municipality lies in today (a county municipality is in its own);
- criterion: by title, since each year's criteria are copies of the year before. A winner
  matches when the jury's justification cites a criterion with that title, a finalist when
  the jury's paragraph about it does: the places to read a good example. Years from the file
  cite no criteria and so never match this filter.

Everything is read in a constant number of queries, whatever the number of years.
"""

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, IntegerField, Q, Value
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from nominations.defaults import AWARD_SLUG
from nominations.models import (
    Award,
    Candidate,
    Cycle,
    Eligibility,
    Municipality,
    MunicipalityKind,
    NominationStatus,
)

from . import publication
from .models import Finalist, Result

PAST_WINNERS = Path(__file__).resolve().parent / "data" / "past-winners.csv"
# The file's award, for the years it holds.
PAST_WINNERS_AWARD = AWARD_SLUG
COUNTY_SUFFIX = " fylkeskommune"
# SSB writes a Sami or Kven parallel name after the Norwegian one: "Trondheim - Tråante".
PARALLEL_NAME_SEPARATOR = " - "

WINNER = "winner"
FINALIST = "finalist"
NOMINATED = "nominated"


@dataclass(frozen=True)
class PastYear:
    year: int
    winner: str  # "" when unknown
    finalists: tuple[str, ...] | None  # None when unknown
    source_url: str


def read_past_winners(path: Path = PAST_WINNERS) -> list[PastYear]:
    """The file's years; parsed again only when the file changes."""
    return _parse_past_winners(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _parse_past_winners(path: Path, _mtime: int) -> list[PastYear]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years = []
    for row in rows:
        finalists = tuple(n.strip() for n in row["finalists"].split(";") if n.strip())
        years.append(
            PastYear(
                year=int(row["year"]),
                winner=row["winner"].strip(),
                finalists=finalists or None,
                source_url=row["source_url"].strip(),
            )
        )
    return years


def name_and_kind(name: str) -> tuple[str, str]:
    """The register name and kind a name in the file means: «Telemark fylkeskommune» is the
    county municipality Telemark; any other name is a kommune."""
    if name.endswith(COUNTY_SUFFIX):
        return name.removesuffix(COUNTY_SUFFIX), MunicipalityKind.FYLKESKOMMUNE
    return name, MunicipalityKind.KOMMUNE


def base_name(register_name: str) -> str:
    return register_name.split(PARALLEL_NAME_SEPARATOR)[0]


class Lineage:
    """The register's predecessor links, read once, to follow a municipality across mergers
    and renumbering without a query per step."""

    def __init__(self):
        through = Municipality.predecessors.through
        self.successors = defaultdict(list)
        self.predecessors = defaultdict(list)
        self.names = {}
        rows = through.objects.values_list(
            "from_municipality_id",
            "to_municipality_id",
            "from_municipality__name",
            "to_municipality__name",
        )
        for later, earlier, later_name, earlier_name in rows:
            self.successors[earlier].append(later)
            self.predecessors[later].append(earlier)
            self.names[later] = later_name
            self.names[earlier] = earlier_name

    def today(self, row_id: int) -> int:
        """The row the municipality lives on in today: through its successors, keeping to the
        one with the same name where it was split (1507 Ålesund → 1508 Ålesund, not Haram)."""
        seen = {row_id}
        current = row_id
        while self.successors.get(current):
            options = sorted(self.successors[current])
            name = base_name(self.names.get(current, ""))
            same = [o for o in options if base_name(self.names.get(o, "")) == name]
            current = (same or options)[0]
            if current in seen:  # a loop in the links: stop rather than hang
                break
            seen.add(current)
        return current

    def family(self, row_id: int) -> set[int]:
        """The row with all its predecessors and successors, transitively (not its siblings:
        Haram's family holds 1507 Ålesund, not 1508 Ålesund)."""
        found = {row_id}
        for links in (self.predecessors, self.successors):
            todo = [row_id]
            while todo:
                for other in links.get(todo.pop(), ()):
                    if other not in found:
                        found.add(other)
                        todo.append(other)
        return found


def match_names(names, lineage: Lineage) -> dict[str, int]:
    """{name in the file: register row of today} for the names that match one municipality."""
    wanted = {name_and_kind(n) for n in names}
    plain = {n for n, _kind in wanted}
    rows = Municipality.objects.filter(
        Q(name__in=plain) | Q(name__contains=PARALLEL_NAME_SEPARATOR)
    ).values_list("pk", "name", "kind")
    by_key = defaultdict(set)
    for pk, name, kind in rows:
        by_key[(base_name(name), kind)].add(lineage.today(pk))
    matched = {}
    for name in names:
        today = by_key.get(name_and_kind(name), set())
        if len(today) == 1:  # none, or two different municipalities of that name: no link
            matched[name] = next(iter(today))
    return matched


@dataclass
class Entry:
    """A winner or finalist of one year, as a source names it."""

    name: str
    role: str
    year: int
    award_name: str
    # The register row meant: the candidate's row of that year, or for the file today's row
    # of that name. None when the name matches no one.
    row_id: int | None
    url: str = ""
    criteria: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)
    municipality: Municipality | None = None  # today's row, for the link and the county
    # The register's name (without "fylkeskommune"), to tell a renamed municipality.
    plain_name: str = ""

    def __post_init__(self):
        self.plain_name = base_name(self.plain_name or name_and_kind(self.name)[0])

    @property
    def county(self):
        if self.municipality is None:
            return None
        if self.municipality.kind == MunicipalityKind.FYLKESKOMMUNE:
            return self.municipality
        return self.municipality.county

    @property
    def is_winner(self) -> bool:
        return self.role == WINNER

    @property
    def page_url(self) -> str:
        """Today's municipality's page here, or "" for a name the register does not know."""
        if self.municipality is None:
            return ""
        return publication.municipality_url(self.municipality.number)


@dataclass
class ArchiveYear:
    award_slug: str
    award_name: str
    year: int
    winner: Entry | None = None
    winner_known: bool = False
    winner_due: datetime.datetime | None = None  # a platform year with no public winner yet
    winner_overdue: bool = False  # its announcement date has passed without a recorded winner
    finalists: list[Entry] = field(default_factory=list)
    finalists_known: bool = False
    announcement_url: str = ""
    finalists_url: str = ""
    source_url: str = ""

    @property
    def entries(self) -> list[Entry]:
        return ([self.winner] if self.winner else []) + self.finalists

    @property
    def other_finalists(self) -> list[Entry]:
        """The finalists besides the winner: only when the winner is known. Where it is not,
        one of the finalists may have won, and none of them is an «other» finalist."""
        return self.finalists if self.winner_known else []

    @property
    def finalists_of_unknown_winner(self) -> list[Entry]:
        """The finalists of a year whose winner is unknown or not yet announced."""
        return [] if self.winner_known else self.finalists


def _criteria(*groups) -> list[tuple[str, str]]:
    """(slug, title) of the criteria titles, each once, in order."""
    found = {}
    for titles in groups:
        for title in titles:
            found.setdefault(slugify(title, allow_unicode=True), title)
    return list(found.items())


def _cited_titles(result_ids, finalists) -> tuple[dict, dict]:
    """The titles of the criteria each justification ({result id: [title]}) and each
    finalist's paragraph ({finalist id: [title]}) speaks to, in the criteria's order: one
    query for both, of plain values."""
    columns = ("criterion__position", "criterion__title")
    justified = Result.justification_criteria.through.objects.filter(
        result_id__in=result_ids
    ).values_list(Value(JUSTIFICATION, output_field=IntegerField()), "result_id", *columns)
    cited = Finalist.criteria.through.objects.filter(
        finalist_id__in=[f.pk for f in finalists]
    ).values_list(Value(PARAGRAPH, output_field=IntegerField()), "finalist_id", *columns)
    by_text = {JUSTIFICATION: defaultdict(list), PARAGRAPH: defaultdict(list)}
    for text, owner, _position, title in sorted(justified.union(cited, all=True)):
        by_text[text][owner].append(title)
    return by_text[JUSTIFICATION], by_text[PARAGRAPH]


# The two kinds of jury text that cite criteria, told apart in _cited_titles' one query.
JUSTIFICATION, PARAGRAPH = 1, 2


def _records():
    """Every published cycle with a result, its finalists by result and the titles their texts
    cite: what the archive shows of the platform's years once public. Unordered: the archive
    sorts the years itself."""
    cycles = list(
        Cycle.objects.published()
        .filter(result__isnull=False)
        .select_related("award", "result__winner__municipality")
        .order_by()
    )
    if not cycles:
        return [], {}, {}, {}
    finalists = defaultdict(list)
    chosen_ones = list(
        Finalist.objects.filter(result_id__in=[c.result.pk for c in cycles])
        .select_related("candidate__municipality__county")
        .order_by("position")
    )
    for finalist in chosen_ones:
        finalists[finalist.result_id].append(finalist)
    justified, cited = _cited_titles([c.result.pk for c in cycles], chosen_ones)
    return cycles, finalists, justified, cited


def _platform_years(now) -> list[ArchiveYear]:
    """The platform's cycles whose finalists or winner are public: the rules of publication
    (publication.announcement_public, finalists_public) decide for each on every request."""
    cycles, finalists, justified, cited = _records()
    years = []
    for cycle in cycles:
        result = cycle.result
        announced = publication.announcement_public(cycle, result, now)
        chosen = publication.public_order(finalists[result.pk], announced)
        if not announced and not publication.finalists_public(cycle, result, bool(chosen), now):
            continue
        page = publication.announcement_url(cycle) if announced else ""
        base = page or publication.finalists_url(cycle)
        year = ArchiveYear(
            award_slug=cycle.award.slug,
            award_name=cycle.award.name,
            year=cycle.year,
            finalists_known=True,
            announcement_url=page,
            finalists_url=publication.finalists_url(cycle) if chosen else "",
        )
        paragraphs = {f.candidate_id: f for f in chosen}
        if announced:
            winner = result.winner
            own = paragraphs.get(winner.pk)
            year.winner = Entry(
                name=winner.municipality.display_name,
                role=WINNER,
                year=cycle.year,
                award_name=cycle.award.name,
                row_id=winner.municipality_id,
                plain_name=winner.municipality.name,
                url=f"{base}#{publication.candidate_anchor(winner)}",
                criteria=_criteria(justified[result.pk], cited[own.pk] if own else ()),
            )
            year.winner_known = True
        else:
            year.winner_due = cycle.announced_at
            year.winner_overdue = now >= cycle.announced_at
        year.finalists = [
            Entry(
                name=f.candidate.municipality.display_name,
                role=FINALIST,
                year=cycle.year,
                award_name=cycle.award.name,
                row_id=f.candidate.municipality_id,
                plain_name=f.candidate.municipality.name,
                url=f"{base}#{publication.candidate_anchor(f.candidate)}",
                criteria=_criteria(cited[f.pk]),
            )
            for f in chosen
            if f.candidate_id != result.winner_id or not announced
        ]
        years.append(year)
    return years


def _file_years(award_name: str, lineage: Lineage) -> list[ArchiveYear]:
    past = read_past_winners()
    names = {p.winner for p in past if p.winner} | {n for p in past for n in p.finalists or ()}
    matched = match_names(names, lineage)
    years = []
    for past_year in past:
        year = ArchiveYear(
            award_slug=PAST_WINNERS_AWARD,
            award_name=award_name,
            year=past_year.year,
            winner_known=bool(past_year.winner),
            finalists_known=past_year.finalists is not None,
            source_url=past_year.source_url,
        )
        if past_year.winner:
            year.winner = Entry(
                past_year.winner,
                WINNER,
                past_year.year,
                award_name,
                matched.get(past_year.winner),
            )
        year.finalists = [
            Entry(name, FINALIST, past_year.year, award_name, matched.get(name))
            for name in past_year.finalists or ()
        ]
        years.append(year)
    return years


def archive_years(now, lineage: Lineage | None = None) -> list[ArchiveYear]:
    """Every year on record, newest first per award; the years in between that no source
    knows are there too, as unknown."""
    lineage = lineage or Lineage()
    awards = {a.slug: a.name for a in Award.objects.all()}
    file_award = awards.get(PAST_WINNERS_AWARD) or str(_("Årets frivillighetskommune"))
    by_key = {(y.award_slug, y.year): y for y in _file_years(file_award, lineage)}
    for year in _platform_years(now):
        key = (year.award_slug, year.year)
        # An announced year of our own is the full record; otherwise the file's row stands.
        if year.winner_known or key not in by_key:
            by_key[key] = year
    for slug in {slug for slug, _year in by_key}:
        known = [y for s, y in by_key if s == slug]
        for missing in set(range(min(known), max(known) + 1)) - set(known):
            name = awards.get(slug) or file_award
            by_key[(slug, missing)] = ArchiveYear(slug, name, missing)
    years = sorted(by_key.values(), key=lambda y: (y.award_name, -y.year))
    _resolve_today(years, lineage)
    return years


def _resolve_today(years: list[ArchiveYear], lineage: Lineage):
    """Give every entry today's municipality (with its county), in one query."""
    entries = [e for y in years for e in y.entries if e.row_id is not None]
    today = {e.row_id: lineage.today(e.row_id) for e in entries}
    rows = Municipality.objects.select_related("county").in_bulk(set(today.values()))
    for entry in entries:
        entry.municipality = rows.get(today[entry.row_id])


def criterion_choices(years: list[ArchiveYear]) -> list[tuple[str, str]]:
    """(slug, title) of every criterion a published text cites: the filter's choices."""
    found = {c for y in years for e in y.entries for c in e.criteria}
    return sorted(found, key=lambda c: c[1].lower())


def matching(years: list[ArchiveYear], county: str = "", criterion: str = "") -> list[Entry]:
    """The winners and finalists in that county (number) that cite that criterion (slug)."""
    return [
        entry
        for year in years
        for entry in year.entries
        if (not county or (entry.county is not None and entry.county.number == county))
        and (not criterion or criterion in {slug for slug, _title in entry.criteria})
    ]


def county_choices(today: datetime.date | None = None):
    """The counties of today, for the archive's filter."""
    today = today or timezone.localdate()
    return Municipality.objects.fylkeskommuner().valid_on(today).order_by("name")


@dataclass
class HistoryRow:
    year: int
    award_name: str
    role: str  # WINNER, FINALIST or NOMINATED
    name_then: str  # the name it had then, where it differs from today's
    page_url: str  # the year's announcement or finalists page here
    source_url: str  # for the years from the file
    nominations: int | None  # None: not counted (years before the platform, or not announced)
    # The year's winner is not known (not recorded, or not announced yet): a finalist may
    # have won. winner_due: the announcement date of a platform year whose winner is not public.
    winner_unknown: bool = False
    winner_due: datetime.datetime | None = None
    winner_overdue: bool = False


@dataclass
class MunicipalityHistory:
    municipality: Municipality
    family: list[Municipality]
    rows: list[HistoryRow]

    @property
    def earlier(self):
        return [m for m in self.family if m.valid_from < self.municipality.valid_from]

    @property
    def later(self):
        return [m for m in self.family if m.valid_from > self.municipality.valid_from]

    @property
    def wins(self) -> int:
        """The wins we know of."""
        return sum(1 for r in self.rows if r.role == WINNER)

    @property
    def unknown_years(self) -> list[HistoryRow]:
        """The years it was a finalist whose winner we do not know: it may have won them."""
        return [r for r in self.rows if r.winner_unknown]

    @property
    def every_year_known(self) -> bool:
        return not self.unknown_years

    @property
    def finalist_places(self) -> int:
        """Times among the finalists, the wins included."""
        return sum(1 for r in self.rows if r.role in (WINNER, FINALIST))


def municipality_history(number: str, now) -> MunicipalityHistory:
    """A municipality's wins, finalist places and nominations over the years, across its
    predecessors and successors. Nominations are counted only for cycles whose winner is
    announced, and never say who nominated. A year it was nominated in without being a
    finalist shows only where the secretariat chose to list the other nominated
    municipalities of that year (Cycle.lists_other_nominees), and never if it was screened out."""
    municipality = (
        Municipality.objects.select_related("county")
        .filter(number=number)
        .order_by("-valid_from")
        .first()
    )
    if municipality is None:
        raise Http404
    lineage = Lineage()
    family_ids = lineage.family(municipality.pk)
    family = list(
        Municipality.objects.filter(pk__in=family_ids - {municipality.pk}).order_by(
            "valid_from", "number"
        )
    )
    today_name = base_name(municipality.name)
    rows = {}
    for year in archive_years(now, lineage):
        for entry in year.entries:
            if entry.row_id in family_ids:
                rows[(year.award_name, year.year)] = HistoryRow(
                    year=year.year,
                    award_name=year.award_name,
                    role=entry.role,
                    name_then=entry.name if entry.plain_name != today_name else "",
                    page_url=year.announcement_url or year.finalists_url,
                    source_url=year.source_url,
                    nominations=None,
                    winner_unknown=not year.winner_known,
                    winner_due=year.winner_due,
                    winner_overdue=year.winner_overdue,
                )
    submitted = Q(
        nominations__status=NominationStatus.SUBMITTED,
        # The municipality's own material added to its candidacy is not a nomination.
        nominations__is_municipality_material=False,
    )
    candidacies = (
        Candidate.objects.filter(
            municipality_id__in=family_ids, cycle__in=publication.announced_cycles(now)
        )
        .select_related("cycle__award", "municipality")
        .annotate(count=Count("nominations", filter=submitted))
    )
    for candidate in candidacies:
        cycle = candidate.cycle
        key = (cycle.award.name, cycle.year)
        # Only the finalists and the winner are public, unless the secretariat chose to list
        # the other nominated municipalities of that year; those screened out never are.
        if key not in rows and not (
            cycle.lists_other_nominees and candidate.eligibility == Eligibility.ELIGIBLE
        ):
            continue
        then = candidate.municipality
        row = rows.get(key) or HistoryRow(
            year=cycle.year,
            award_name=cycle.award.name,
            role=NOMINATED,
            name_then=then.display_name if base_name(then.name) != today_name else "",
            page_url=publication.announcement_url(cycle),
            source_url="",
            nominations=None,
        )
        row.nominations = candidate.count
        rows[key] = row
    ordered = sorted(rows.values(), key=lambda r: (-r.year, r.award_name))
    return MunicipalityHistory(municipality, family, ordered)
