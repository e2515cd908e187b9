"""The cycle's Excel workbook, for the chair and the secretariat.

Five sheets: Rangering, Kriterier, Jury, Nominasjoner and Om eksporten, and the chart sheet
Diagram (workbook_chart.py), whose chart refers to Rangering's cells. Every number comes from
`score_math.compute(cycle)`, the same frames the chair's page shows, and is stored at full
precision: the two decimals are only the cells' display format. The headers are translated, so
build the workbook with the language wanted active (`language`, Norwegian bokmål by default).

The workbook is written with openpyxl's write-only mode: rows stream to the file as they are
made, so memory stays flat with thousands of candidates; the data is read in a constant number
of queries whatever the size of the cycle.

Who may export what (`export_right`): the chair from the deliberation on, without the
nominators' contact details; the secretariat, with them. A juror never sees the details of a
candidate they are in conflict with (access.withheld_candidates, the rule the deliberation's pages
follow too): the chair's export keeps such a candidate's rank and totals on Rangering, says «you
are in conflict» where the figures of single jurors would be (median, spread, the means per
criterion on Kriterier), and leaves its scores, comments and nominations out of Jury and
Nominasjoner. The secretariat's export is complete.
"""

import datetime
import io
import numbers
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd
from django.conf import settings
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nominations.exports import FORMULA_STARTS
from nominations.models import (
    Answer,
    Candidate,
    Criterion,
    Cycle,
    Eligibility,
    Nomination,
    NominationStatus,
    NominatorKind,
)
from nominations.models.cycles import OSLO

from . import access, score_math, workbook_chart
from .models import EvidenceMark, Finalist, JuryMember, Result, Review, Score

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The sheets keep the Norwegian names the issue gives them whatever the language of the headers,
# so that a reference to a sheet (a formula in another workbook, a macro) works in both.
RANKING, CRITERIA, JURY, NOMINATIONS, ABOUT = (
    "Rangering",
    "Kriterier",
    "Jury",
    "Nominasjoner",
    "Om eksporten",
)
NUMBER_FORMAT = "0.00"  # Excel shows it with the reader's decimal separator
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
MAX_CELL_TEXT = 32_767  # Excel's limit; a longer text makes it "repair" the file
SECRETARIAT_PERMISSIONS = ("scoring.view_result", "nominations.view_nomination")


# --- Who may export -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRight:
    cycle: Cycle
    include_contacts: bool


def is_secretariat(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perms(SECRETARIAT_PERMISSIONS)
    )


def export_right(user, cycle_id, now=None) -> ExportRight:
    """The right to the cycle's workbook, or 404.

    The chair exports from the deliberation on: before it, the workbook would show the chair
    other jurors' scores while the jury still scores blind. A seat decides, as on the jury's
    pages: a juror who is not chair gets 404 even with the secretariat's permissions.
    """
    if not user.is_authenticated:
        raise Http404
    cycle = Cycle.objects.select_related("award").filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404
    member = access.seat(user, cycle.pk)
    if member is not None:
        if member.is_chair and cycle.phase_at(now or timezone.now()) in access.REVEAL_PHASES:
            return ExportRight(cycle, include_contacts=False)
        raise Http404
    if is_secretariat(user):
        return ExportRight(cycle, include_contacts=True)
    raise Http404


def filename(cycle: Cycle) -> str:
    return f"{cycle.award.slug}-{cycle.year}.xlsx"


def exporter_name(user) -> str:
    if user is None:
        return _("the command line")
    return user.get_full_name() or user.get_username()


# --- The data, read once --------------------------------------------------------------------------


@dataclass
class ExportData:
    """Everything the sheets show, read in a constant number of queries."""

    cycle: Cycle
    computed: score_math.CycleResults
    criteria: list[Criterion]
    names: dict[int, str]  # candidate id → the municipality's display name
    finalists: set[int]
    winner: int | None
    jurors: dict[int, str]  # member id → name
    scores: dict[tuple[int, int], dict[int, tuple]]  # (juror, candidate) → criterion → row
    overall_comments: dict[tuple[int, int], str]
    nominations: list[dict]
    answers: dict[int, dict[int, str]]  # nomination id → criterion id → text
    withheld: set[int]  # candidates the exporter is in conflict with
    include_contacts: bool
    exported_by: str
    exported_at: datetime.datetime  # see oslo_cell_time
    positions: dict[int, int] = field(init=False)

    def __post_init__(self):
        self.positions = {pk: i for i, pk in enumerate(self.computed.candidates.index)}

    def shown(self) -> list[int]:
        """The candidates whose details the exporter may see, in rank order."""
        return [pk for pk in self.computed.candidates.index if pk not in self.withheld]


def load(cycle: Cycle, user, *, include_contacts: bool, exported_by: str, now=None) -> ExportData:
    result = Result.objects.filter(cycle=cycle).values("winner_id").first()
    members = list(JuryMember.objects.filter(jury__cycle=cycle).select_related("user"))
    nominations, answers = _nominations(cycle, include_contacts)
    computed = score_math.compute(cycle)
    return ExportData(
        cycle=cycle,
        computed=computed,
        criteria=list(Criterion.objects.filter(cycle=cycle).with_clauses().order_by("position")),
        names=_display_names(cycle),
        finalists=set(
            Finalist.objects.filter(result__cycle=cycle).values_list("candidate_id", flat=True)
        ),
        winner=result["winner_id"] if result else None,
        jurors={m.pk: str(m) for m in members},
        scores=_scores(cycle),
        overall_comments=_overall_comments(cycle),
        nominations=nominations,
        answers=answers,
        withheld=_withheld(members, user, computed),
        include_contacts=include_contacts,
        exported_by=exported_by,
        exported_at=oslo_cell_time(now or timezone.now()),
    )


def _display_names(cycle: Cycle) -> dict[int, str]:
    candidates = Candidate.objects.filter(cycle=cycle).eligible().select_related("municipality")
    return {c.pk: c.municipality.display_name for c in candidates}


def _scores(cycle: Cycle) -> dict[tuple[int, int], dict[int, tuple]]:
    """The criterion scores of every done review: the only ones the results count."""
    rows = Score.objects.filter(
        review__member__jury__cycle=cycle,
        review__candidate__cycle=cycle,
        review__done_at__isnull=False,
    ).values_list(
        "review__member_id", "review__candidate_id", "criterion_id", "value", "evidence", "comment"
    )
    scores = defaultdict(dict)
    for juror, candidate, criterion, *row in rows:
        scores[juror, candidate][criterion] = tuple(row)
    return scores


def _overall_comments(cycle: Cycle) -> dict[tuple[int, int], str]:
    rows = Review.objects.filter(member__jury__cycle=cycle, done_at__isnull=False).values_list(
        "member_id", "candidate_id", "overall_comment"
    )
    return {(juror, candidate): comment for juror, candidate, comment in rows}


NOMINATION_FIELDS = [
    "pk",
    "candidate_id",
    "reference",
    "nominator_name",
    "nominator_kind",
    "organisation_name",
    "reason",
    "submitted_at",
]
CONTACT_FIELDS = ["nominator_email", "nominator_phone"]


def _nominations(cycle: Cycle, include_contacts: bool) -> tuple[list[dict], dict]:
    """The submitted nominations of the eligible candidates, and their answers. The contact
    details are not even read unless they are to be shown."""
    fields = NOMINATION_FIELDS + (CONTACT_FIELDS if include_contacts else [])
    nominations = Nomination.objects.filter(
        cycle=cycle,
        status=NominationStatus.SUBMITTED,
        candidate__eligibility=Eligibility.ELIGIBLE,
    )
    rows = list(nominations.order_by("submitted_at", "pk").values(*fields))
    answers = defaultdict(dict)
    for nomination, criterion, text in Answer.objects.filter(
        nomination__in=nominations
    ).values_list("nomination_id", "criterion_id", "text"):
        answers[nomination][criterion] = text
    return rows, answers


def _withheld(members, user, computed) -> set[int]:
    """The candidates the exporter's seat is in conflict with (none for the secretariat)."""
    if user is None or not user.is_authenticated:
        return set()
    seat = next((m for m in members if m.user_id == user.pk), None)
    return set(access.withheld_candidates(seat, computed))


# --- The sheets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in characters; widened to fit the header


@dataclass(frozen=True)
class Table:
    """A sheet with a bold, frozen header row and an autofilter over its rows."""

    title: str
    columns: list[Column]
    rows: Iterable[list]
    frozen_columns: int = 0


def candidate_columns() -> list[Column]:
    """The columns that say which candidate a row of Rangering or Kriterier is."""
    return [Column(_("Rank"), 7), Column(_("Candidate"), 28), Column(_("Municipality number"), 12)]


def candidate_cells(data: ExportData, pk: int, row: pd.Series) -> list:
    return [row["rank"], data.names[pk], row["number"]]


def ranking_table(data: ExportData) -> Table:
    columns = [
        *candidate_columns(),
        Column(_("County"), 20),
        Column(_("Mean"), 12),
        Column(_("Normalised (points)"), 14),
        Column(_("Normalised (z-score)"), 14),
        Column(_("Median"), 10),
        Column(_("Standard deviation"), 12),
        Column(_("Range (max − min)"), 12),
        Column(capfirst(_("reviews")), 12),
        Column(_("In conflict"), 10),
        Column(_("Missing"), 10),
        Column(_("The jury disagrees"), 12),
        Column(capfirst(_("finalist")), 10),
        Column(capfirst(_("winner")), 10),
    ]
    yes = _("Yes")
    in_conflict = _("You are in conflict")

    def rows():
        for pk, row in data.computed.candidates.iterrows():
            withheld = pk in data.withheld
            spread = [in_conflict] * 3 if withheld else [row["median"], row["std"], row["range"]]
            yield [
                *candidate_cells(data, pk, row),
                row["county"],
                row["mean"],
                row["normalised_scaled"],
                row["normalised"],
                *spread,
                row["reviews"],
                row["conflicts"],
                row["missing"],
                yes if row["disagreement"] and not withheld else None,
                yes if pk in data.finalists else None,
                yes if pk == data.winner else None,
            ]

    return Table(RANKING, columns, rows(), frozen_columns=2)


def weight_text(weight: Decimal) -> str:
    """1 as "1,0", 1.5 as "1,5", 1.25 as "1,25" (in the active language's notation)."""
    places = max(1, -Decimal(weight).normalize().as_tuple().exponent)
    return number_format(weight, decimal_pos=places)


def criteria_table(data: ExportData) -> Table:
    columns = candidate_columns() + [
        Column(
            _("%(criterion)s (weight %(weight)s)")
            % {"criterion": c.title, "weight": weight_text(c.weight)},
            max(16, len(c.title) // 2),
        )
        for c in data.criteria
    ]
    # The results have a column for every criterion of the cycle, in the criteria's order.
    means = data.computed.criteria.to_dict("index")
    in_conflict = _("You are in conflict")

    def rows():
        for pk, row in data.computed.candidates.iterrows():
            if pk in data.withheld:
                yield candidate_cells(data, pk, row) + [in_conflict] * len(data.criteria)
                continue
            yield candidate_cells(data, pk, row) + [means[pk].get(c.pk) for c in data.criteria]

    return Table(CRITERIA, columns, rows(), frozen_columns=2)


def jury_table(data: ExportData) -> Table:
    """A row per juror × candidate × criterion of a done review, and one for the juror's
    weighted score with their overall comment; a conflict or a missing review is one row
    saying so."""
    columns = [
        Column(_("Juror"), 22),
        Column(_("Candidate"), 28),
        Column(_("Municipality number"), 12),
        Column(_("Status"), 12),
        Column(_("Criterion"), 30),
        Column(_("Score"), 10),
        Column(capfirst(_("the material shows")), 16),
        Column(_("Comment"), 60),
    ]
    status = data.computed.juror_status.to_dict()  # candidate → juror → state
    weighted = data.computed.jurors.to_dict()
    numbers = data.computed.candidates["number"].to_dict()
    labels = {state.value: str(state.label) for state in score_math.ReviewState}
    # Translated once, not once per score.
    evidence_labels = {"": "", **{mark.value: str(mark.label) for mark in EvidenceMark}}
    overall = _("All criteria (weighted)")

    def rows():
        for candidate in data.shown():
            for juror in data.computed.jurors.index:  # the jury's order: the chair first
                state = status[candidate][juror]
                name = data.jurors.get(juror, "")
                start = [name, data.names[candidate], numbers[candidate], labels[state]]
                if state != score_math.ReviewState.DONE:
                    yield start
                    continue
                scores = data.scores.get((juror, candidate), {})
                for criterion in data.criteria:
                    value, evidence, comment = scores.get(criterion.pk, (None, "", ""))
                    yield start + [criterion.title, value, evidence_labels[evidence], comment]
                yield start + [
                    overall,
                    weighted[candidate][juror],
                    None,
                    data.overall_comments.get((juror, candidate), ""),
                ]

    return Table(JURY, columns, rows(), frozen_columns=2)


def nominations_table(data: ExportData) -> Table:
    contacts = [Column(_("E-mail"), 28), Column(_("Phone"), 14)] if data.include_contacts else []
    columns = [
        Column(_("Reference"), 16),
        Column(_("Candidate"), 28),
        Column(_("Municipality number"), 12),
        Column(_("Nominator"), 28),
        Column(_("Nominated by"), 24),
        Column(_("Organisation"), 28),
        *contacts,
        Column(_("Submitted"), 17),
        Column(_("Reason"), 60),
    ] + [Column(c.title, 50) for c in data.criteria]
    numbers = data.computed.candidates["number"].to_dict()
    shown = [n for n in data.nominations if n["candidate_id"] not in data.withheld]
    # By rank, then as submitted: the order in which the jury reads them.
    shown.sort(key=lambda n: data.positions[n["candidate_id"]])

    def rows():
        for n in shown:
            answers = data.answers.get(n["pk"], {})
            yield [
                n["reference"],
                data.names[n["candidate_id"]],
                numbers[n["candidate_id"]],
                n["nominator_name"],
                str(NominatorKind(n["nominator_kind"]).label) if n["nominator_kind"] else "",
                n["organisation_name"],
                *([n[f] for f in CONTACT_FIELDS] if data.include_contacts else []),
                oslo_cell_time(n["submitted_at"]),
                n["reason"],
            ] + [answers.get(c.pk, "") for c in data.criteria]

    return Table(NOMINATIONS, columns, rows(), frozen_columns=2)


def oslo_cell_time(moment: datetime.datetime | None) -> datetime.datetime | None:
    """The time as a date cell: naive, in Oslo's time (Excel has no time zones), to the second
    (Excel keeps milliseconds at most)."""
    if moment is None:
        return None
    return timezone.localtime(moment, OSLO).replace(tzinfo=None, microsecond=0)


def method_lines() -> list[str]:
    """The method in a few lines; README.md ("The score math") has it with the formulas."""
    return [
        _(
            "Only reviews marked done count, and never one by a juror in conflict with the "
            "candidate."
        ),
        _(
            "A juror's score for a candidate is the weighted mean of their criterion scores: "
            "Σ weight × points / Σ weight."
        ),
        _(
            "Mean and median: of the jurors' weighted scores for the candidate. Spread: the "
            "standard deviation (divided by the number of reviews, not one less) and the range "
            "(highest minus lowest)."
        ),
        _("The jury disagrees where the range is %(range)s points or more.")
        % {"range": number_format(score_math.DISAGREEMENT_RANGE, decimal_pos=1)},
        _(
            "Normalised (z-score): each juror's scores minus the juror's mean, divided by the "
            "juror's standard deviation, over the candidates the juror reviewed; averaged per "
            "candidate. A lenient or a strict juror thus weighs the same."
        ),
        _(
            "Normalised (points): the mean of all weighted scores plus the z-score times the "
            "spread of the jurors' scores around their own means, kept within the scale (both "
            "figures are above)."
        ),
        _(
            "Rank: by the normalised score, then the mean, then the median, then the number of "
            "jurors who gave the candidate their highest score. Candidates equal on all four "
            "share a rank; candidates without a counted review have none."
        ),
        _("The cells hold the full numbers; two decimals are only how they are shown."),
    ]


def about_rows(data: ExportData) -> Iterator[list]:
    """Om eksporten: (label, value) pairs, the criteria and the method. Labels are bold."""
    cycle, computed = data.cycle, data.computed
    yes_no = {True: _("Yes"), False: _("No")}
    yield [Bold(capfirst(_("award"))), cycle.award.name]
    yield [Bold(_("Year")), cycle.year]
    yield [Bold(_("Exported")), data.exported_at]
    yield [Bold(_("Exported by")), data.exported_by]
    yield [Bold(_("Nominators' contact details")), yes_no[data.include_contacts]]
    if data.withheld:
        count = len(data.withheld)
        left_out = ngettext(
            "%(count)d candidate you are in conflict with: only its rank and totals are in "
            "Rangering; its figures per criterion, scores, comments and nominations are not "
            "in the sheets Kriterier, Jury and Nominasjoner.",
            "%(count)d candidates you are in conflict with: only their rank and totals are in "
            "Rangering; their figures per criterion, scores, comments and nominations are not "
            "in the sheets Kriterier, Jury and Nominasjoner.",
            count,
        )
        yield [Bold(_("Left out")), left_out % {"count": count}]
    yield [Bold(_("Agreement (Kendall's W)")), computed.kendall_w, computed.agreement_text]
    yield [Bold(_("Mean of all weighted scores")), computed.grand_mean]
    yield [Bold(_("Spread within jurors")), computed.pooled_std]
    yield []
    yield [Bold(_("Criterion")), Bold(_("Weight")), Bold(capfirst(_("cited clauses")))]
    for criterion in data.criteria:
        clauses = "; ".join(clause.reference for clause in criterion.clauses.all())
        yield [str(criterion), float(criterion.weight), clauses]
    yield []
    yield [Bold(_("Method"))]
    for line in method_lines():
        yield [line]


# --- Writing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bold:
    """A text shown in bold."""

    text: str


class SheetWriter:
    """Turns plain values into cells: numbers as numbers with two decimals shown, date-times as
    date cells, texts as texts that never become formulas."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.bold = Font(bold=True)

    def row(self, values: Iterable) -> list:
        return [self.cell(value) for value in values]

    def cell(self, value) -> Any:
        value = _plain(value)
        if isinstance(value, Bold):
            cell = WriteOnlyCell(self.sheet, _safe_text(value.text))
            cell.font = self.bold
            return _as_text(cell)
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, float):
            return self._formatted(value, NUMBER_FORMAT)
        if isinstance(value, datetime.datetime):
            return self._formatted(value, DATETIME_FORMAT)
        return value  # None, or an int: points, counts, ranks, the year

    def _formatted(self, value, number_format_: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value)
        cell.number_format = number_format_
        return cell

    def _text(self, text: str):
        text = _safe_text(text)
        if not text.startswith(FORMULA_STARTS):
            return text  # a plain value is cheaper to write than a cell
        return _as_text(WriteOnlyCell(self.sheet, text))


def _as_text(cell: WriteOnlyCell) -> WriteOnlyCell:
    # openpyxl takes a text starting with "=" for a formula; what people wrote is text.
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _plain(value):
    """pandas' and numpy's values as Python's: NaN and NA as empty, integers as int, lazy
    translations as text."""
    if value is None or isinstance(value, (str, Bold, datetime.datetime)):
        return value
    if isinstance(value, Promise):
        return str(value)
    if pd.isna(value):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)


def _safe_text(text: str) -> str:
    # Control characters pasted from a word processor would make the file unreadable.
    text = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def write_table(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(table.title)
    # Widths and panes go before the first row: write-only mode writes them first.
    for index, column in enumerate(table.columns, start=1):
        width = max(column.width, len(column.header) + 4)  # room for the filter's arrow
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}2"
    writer = SheetWriter(sheet)
    sheet.append(writer.row(Bold(column.header) for column in table.columns))
    rows = 0
    for values in table.rows:
        sheet.append(writer.row(values))
        rows += 1
    # The filter is written after the rows, so it can cover however many there were.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{rows + 1}"


def write_about(workbook: Workbook, rows: Iterable[list]) -> None:
    sheet = workbook.create_sheet(ABOUT)
    for letter, width in zip("ABC", (34, 60, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    writer = SheetWriter(sheet)
    for values in rows:
        sheet.append(writer.row(values))


TABLES: list[Callable[[ExportData], Table]] = [
    ranking_table,
    criteria_table,
    jury_table,
    nominations_table,
]


def write_workbook(
    stream,
    cycle: Cycle,
    user,
    *,
    include_contacts: bool,
    language: str | None = None,
    exported_by: str | None = None,
    now=None,
) -> None:
    """Write the cycle's workbook to a binary file-like object.

    user: who exports (None from the command line); their conflicts are left out.
    exported_by: the name shown as the exporter; the user's name by default.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        data = load(
            cycle,
            user,
            include_contacts=include_contacts,
            exported_by=exported_by or exporter_name(user),
            now=now,
        )
        workbook = Workbook(write_only=True)
        for make_table in TABLES:
            write_table(workbook, make_table(data))
        write_about(workbook, about_rows(data))
        workbook_chart.add_ranking_chart(
            workbook,
            RANKING,
            ranking_table(data).columns,
            len(data.computed.candidates),
            _chart_scale(data.computed),
        )
        workbook.save(stream)


def _chart_scale(computed: score_math.CycleResults):
    """The criteria's scale for the chart's axis, where known."""
    if computed.scale_min is None or computed.scale_max is None:
        return None
    return (computed.scale_min, computed.scale_max)


def workbook_file(cycle: Cycle, user, *, include_contacts: bool, **options):
    """The cycle's workbook in a temporary file, rewound, for the download to stream from disk:
    a large workbook is then never held in memory, let alone twice (as bytes and as the
    response). See write_workbook for the options; the caller closes the file."""
    stream = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    try:
        write_workbook(stream, cycle, user, include_contacts=include_contacts, **options)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    return stream


def build_workbook(cycle: Cycle, user, *, include_contacts: bool, **options) -> bytes:
    """The cycle's workbook as bytes; see write_workbook for the options."""
    stream = io.BytesIO()
    write_workbook(stream, cycle, user, include_contacts=include_contacts, **options)
    return stream.getvalue()
