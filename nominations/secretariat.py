"""The secretariat's work in the admin: setting up a cycle, screening the candidates, withdrawing
a nomination on request.

The rules and the queries live here; the admin only asks for input and reports the outcome, so
a command or another page can do the same work the same way.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit, rules, services
from .models import (
    Answer,
    Attachment,
    AuditKind,
    Candidate,
    Criterion,
    Cycle,
    Eligibility,
    Municipality,
    Nomination,
    NominationStatus,
)

# --- Cycles --------------------------------------------------------------------------------------


def _count_per_cycle(rows: models.QuerySet):
    """The number of rows per cycle, as a subquery: counting several relations with joins would
    multiply them (candidates × nominations × criteria rows per cycle)."""
    counted = rows.filter(cycle=models.OuterRef("pk")).order_by().values("cycle")
    counted = counted.annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(counted), 0)


def cycles_with_counts(cycles: models.QuerySet) -> models.QuerySet:
    return cycles.select_related("award").annotate(
        candidate_count=_count_per_cycle(Candidate.objects.all()),
        nomination_count=_count_per_cycle(Nomination.objects.submitted()),
        criterion_count=_count_per_cycle(Criterion.objects.all()),
    )


class CycleExists(Exception):
    """The award has a cycle for that year already."""

    def __init__(self, award, year):
        self.award, self.year = award, year
        super().__init__(f"{award} has a cycle for {year} already")


def copy_to_next_year(cycle: Cycle, *, by=None) -> Cycle:
    """Next year's cycle of the award as a draft, with this one's criteria and settings: in
    the record with every time, setting and criterion it is created with."""
    year = cycle.year + 1
    if Cycle.objects.filter(award_id=cycle.award_id, year=year).exists():
        raise CycleExists(cycle.award, year)
    try:
        with transaction.atomic():
            new = cycle.copy_to_year(year)
            _record_times_and_settings(new, {}, by)
            rules.record_changes({}, rules.snapshots(new.criteria.all()), by=by)
    except IntegrityError as error:
        # Two clicks at once: the constraint lets one of them through.
        raise CycleExists(cycle.award, year) from error
    return new


def _record_times_and_settings(cycle: Cycle, before: dict, by) -> None:
    """An entry for what differs from `before` ({} for a new cycle), if anything does."""
    after = {name: getattr(cycle, name) for name in AUDITED_CYCLE_FIELDS}
    changes = audit.diff(Cycle, before, after, AUDITED_CYCLE_FIELDS)
    if changes:
        audit.record(AuditKind.CYCLE_TIMES, cycle, actor=by, cycle=cycle, changes=changes)


# The times that decide what is public and which phase a cycle is in, and the settings that
# are rules of the year (how long a text may be, how many finalists).
AUDITED_CYCLE_FIELDS = (
    "is_published",
    "year",
    "nominations_open_at",
    "nominations_close_at",
    "jury_started_at",
    "deliberation_started_at",
    "finalists_published_at",
    "announced_at",
    "reason_max_length",
    "answer_max_length",
    "finalist_count",
    "lists_other_nominees",
)


@transaction.atomic
def save_cycle(cycle: Cycle, *, by) -> Cycle:
    """Save a cycle as the secretariat edited it, recording any change of its publication and
    phase times and its settings, a draft's too: a new cycle is recorded with every time and
    setting it is created with. Its criteria are recorded by rules.py."""
    stored = None
    if cycle.pk is not None:
        stored = (
            Cycle.objects.select_for_update()
            .filter(pk=cycle.pk)
            .values(*AUDITED_CYCLE_FIELDS)
            .first()
        )
    cycle.save()
    _record_times_and_settings(cycle, stored or {}, by)
    return cycle


def check_cited_clause(criterion: Criterion, clause) -> None:
    """A criterion cites the agreement its award is based on, not some other platform."""
    platform = criterion.cycle.award.platform
    if clause.platform_id != platform.pk:
        raise ValidationError(
            _("Cite a clause of «%(platform)s», the platform the award is based on.")
            % {"platform": platform.title}
        )


# --- Screening the candidates --------------------------------------------------------------------


def candidates_for_screening(candidates: models.QuerySet) -> models.QuerySet:
    return candidates.with_counts().select_related("cycle__award")


def search_candidates(candidates: models.QuerySet, term: str) -> models.QuerySet:
    """Candidates whose municipality the register's search finds (name or first digits)."""
    if not term.strip():
        return candidates
    return candidates.filter(municipality__in=Municipality.objects.search(term))


def check_decision(eligibility: str, reason: str) -> None:
    """A candidate found not eligible is told why, so the decision needs its reason."""
    if eligibility == Eligibility.INELIGIBLE and not reason.strip():
        raise ValidationError(
            _("Give the reason why the candidate is not eligible."), code="required"
        )


@transaction.atomic
def screen(candidates: models.QuerySet, eligibility: str, reason: str = "", *, by=None) -> int:
    """Record one decision for all the candidates; returns how many were screened. The audit
    record gets an entry for each candidate whose decision or reason changed."""
    check_decision(eligibility, reason)
    reason = reason.strip()
    screened_at = None if eligibility == Eligibility.PENDING else timezone.now()
    # By primary key: the admin's queryset carries annotations that an UPDATE cannot take.
    screened = list(
        Candidate.objects.filter(pk__in=candidates.values("pk"))
        .select_related("municipality", "cycle")
        .select_for_update(of=("self",))
    )
    Candidate.objects.filter(pk__in=[c.pk for c in screened]).update(
        eligibility=eligibility, eligibility_reason=reason, screened_at=screened_at
    )
    # update() sends no signal: the jury's score math counts only the eligible (signals.py).
    Cycle.objects.filter(pk__in={c.cycle_id for c in screened}).raise_results_version()
    decided = {"eligibility": eligibility, "eligibility_reason": reason}
    entries = []
    for candidate in screened:
        stored = {name: getattr(candidate, name) for name in decided}
        changes = audit.diff(Candidate, stored, decided, decided)
        if changes:
            entries.append(
                audit.entry(
                    AuditKind.SCREENED,
                    candidate,
                    actor=by,
                    cycle=candidate.cycle_id,
                    object_repr=f"{candidate.municipality.display_name} ({candidate.cycle.year})",
                    changes=changes,
                    at=screened_at,
                )
            )
    audit.record_all(entries)
    return len(screened)


def may_see_nominations(user) -> bool:
    """What nominators wrote, and their files, are for those who may see nominations."""
    return user.has_perm("nominations.view_nomination") or user.has_perm(
        "nominations.change_nomination"
    )


@dataclass
class Cell:
    """One nomination's answer to one criterion, with the files sent as evidence for it."""

    answer: Answer | None
    files: list[Attachment]


@dataclass
class CriterionRow:
    criterion: Criterion
    cells: list[Cell]  # one per nomination, in the order of Comparison.nominations


@dataclass
class Comparison:
    """All the nominations of one candidate side by side, as the screening page shows them."""

    nominations: list[Nomination]
    rows: list[CriterionRow] = field(default_factory=list)
    # The files not tied to a criterion, one list per nomination.
    other_files: list[list[Attachment]] = field(default_factory=list)


def compare_nominations(candidate: Candidate) -> Comparison:
    """The candidate's nominations with their answers and files, in four queries however many
    there are."""
    nominations = list(
        candidate.nominations.order_by("submitted_at", "pk").prefetch_related(
            "answers",
            models.Prefetch("attachments", Attachment.objects.order_by("uploaded_at", "pk")),
        )
    )
    answers = [{a.criterion_id: a for a in n.answers.all()} for n in nominations]
    files = [list(n.attachments.all()) for n in nominations]
    rows = [
        CriterionRow(
            criterion=criterion,
            cells=[
                Cell(
                    own_answers.get(criterion.pk),
                    [f for f in own if f.criterion_id == criterion.pk],
                )
                for own_answers, own in zip(answers, files, strict=True)
            ],
        )
        for criterion in candidate.cycle.criteria.order_by("position")
    ]
    return Comparison(
        nominations=nominations,
        rows=rows,
        other_files=[[f for f in own if f.criterion_id is None] for own in files],
    )


# --- Nominations ---------------------------------------------------------------------------------


def search_nominations(nominations: models.QuerySet, term: str) -> models.QuerySet:
    """By reference, nominator or e-mail, or the municipality as the register's search finds it."""
    term = term.strip()
    if not term:
        return nominations
    return nominations.filter(
        models.Q(reference__icontains=term)
        | models.Q(nominator_name__icontains=term)
        | models.Q(nominator_email__icontains=term)
        | models.Q(organisation_name__icontains=term)
        | models.Q(municipality__in=Municipality.objects.search(term))
    )


def check_withdrawal_reason(reason: str) -> None:
    """The nominator withdraws on their own page; when the secretariat does it for them, the
    record says why."""
    if not reason.strip():
        raise ValidationError(_("Say who asked for the withdrawal, and why."), code="required")


@transaction.atomic
def withdraw_on_request(nominations: models.QuerySet, reason: str, *, by=None) -> list[Nomination]:
    """Withdraw the nominations that are not withdrawn yet; returns those."""
    check_withdrawal_reason(reason)
    pending = list(nominations.exclude(status=NominationStatus.WITHDRAWN))
    for nomination in pending:
        services.withdraw(nomination, reason.strip(), by=by)
    return pending


def check_erasure_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError(_("Say who asked for the erasure, and when."), code="required")


def nominations_for_export(nominations: models.QuerySet) -> models.QuerySet:
    """Everything a row of the export shows, in a constant number of queries."""
    return (
        nominations.select_related("cycle__award", "municipality", "municipality__county")
        .prefetch_related(models.Prefetch("answers", Answer.objects.select_related("criterion")))
        .annotate(attachment_count=models.Count("attachments", distinct=True))
    )


def export_criteria(nominations: models.QuerySet) -> list[tuple[int, str]]:
    """The criterion columns of an export: (position, heading).

    One cycle: headed by the criterion's title. Several: the same position may have other
    titles in other years, so the heading says which position it is ("K1 Dialog med …"), with
    the title of the latest year.
    """
    cycles = nominations.order_by().values("cycle")
    criteria = list(Criterion.objects.filter(cycle__in=cycles).order_by("position", "cycle__year"))
    by_position = {}
    for criterion in criteria:
        by_position[criterion.position] = criterion  # the latest year's wins
    several = len({c.cycle_id for c in criteria}) > 1
    return [
        (position, f"K{position} {c.title}" if several else c.title)
        for position, c in sorted(by_position.items())
    ]
