"""The chair's deliberation: the ranking with its three tables and the comparison of two or three
candidates. The chair and the secretariat reach them (decision.deliberator: anyone else 404). The
rules are in scoring/decision.py and the numbers in scoring/score_math.py, kept between requests
by score_math.cached(); the views turn them into rows for the templates. The result's pages are
in decision.py beside this module, every juror's sign-off in sign_off.py.
"""

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from nominations.models import Candidate

from .. import access, decision, pictures, progress, score_math


def deliberation_page(view):
    """A page of one cycle's deliberation, called as view(request, deliberator, ...)."""

    @login_required
    @wraps(view)
    def wrapper(request, cycle_id, *args, **kwargs):
        deliberator = decision.deliberator(request.user, cycle_id)
        member = deliberator.member
        if member is not None and access.must_declare_conflicts(member):
            return redirect("scoring:conflicts", cycle_id=cycle_id)
        return view(request, deliberator, *args, **kwargs)

    return wrapper


# --- Rows for the tables -------------------------------------------------------------------------


def _number(value) -> float | None:
    """A figure for the page: None where the frame has no value (NaN, NA)."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class JurorCell:
    value: float | None
    state: str  # a score_math.ReviewState value, or WITHHELD
    label: str  # what the cell says without a value


# The state of a cell the viewer may not see: they are in conflict with the candidate.
WITHHELD = "withheld"


def withheld_label() -> str:
    return _("You are in conflict")


@dataclass(frozen=True)
class Row:
    candidate: Candidate
    rank: int | None
    tied: bool
    mean: float | None
    median: float | None
    std: float | None
    spread: float | None
    normalised: float | None
    normalised_scaled: float | None
    reviews: int
    conflicts: int
    missing: int
    first_places: int
    disagreement: bool
    criteria: list
    jurors: list
    withheld: bool = False  # rank and totals only: the viewer is in conflict with it


def candidates_by_pk(cycle) -> dict[int, Candidate]:
    return {
        c.pk: c
        for c in Candidate.objects.filter(cycle=cycle)
        .eligible()
        .select_related("municipality__county")
    }


def ranking_rows(
    computed: score_math.CycleResults, candidates: dict, members, withheld=frozenset()
) -> list[Row]:
    """One row per candidate in rank order, with its criterion means and each juror's score;
    of a candidate in `withheld` (Deliberator.withheld) only the rank and the totals."""
    criteria = computed.criteria.to_dict("index")
    scores = computed.jurors.to_dict()  # candidate → juror → score
    status = computed.juror_status.to_dict()
    labels = {state.value: state.label for state in score_math.ReviewState}
    rows = []
    table = computed.candidates
    # Plain dicts: a pandas row per candidate costs more than the rest of the row together.
    for pk, line in zip(table.index, table.to_dict("records"), strict=True):
        if pk not in candidates:
            continue
        rank = line["rank"]
        row = Row(
            candidate=candidates[pk],
            rank=None if pd.isna(rank) else int(rank),
            tied=bool(line["tied"]),
            mean=_number(line["mean"]),
            median=_number(line["median"]),
            std=_number(line["std"]),
            spread=_number(line["range"]),
            normalised=_number(line["normalised"]),
            normalised_scaled=_number(line["normalised_scaled"]),
            reviews=int(line["reviews"]),
            conflicts=int(line["conflicts"]),
            missing=int(line["missing"]),
            first_places=int(line["first_places"]),
            disagreement=bool(line["disagreement"]),
            criteria=[_number(criteria.get(pk, {}).get(c)) for c in computed.criteria.columns],
            jurors=[
                JurorCell(
                    value=_number(scores.get(pk, {}).get(m.pk)),
                    state=status.get(pk, {}).get(m.pk, score_math.ReviewState.MISSING),
                    label=labels[status.get(pk, {}).get(m.pk, score_math.ReviewState.MISSING)],
                )
                for m in members
            ],
        )
        rows.append(_withheld(row, members) if pk in withheld else row)
    return rows


def _withheld(row: Row, members) -> Row:
    """The row as a viewer in conflict with its candidate sees it: the rank and the totals
    (normalised, mean), the counts of reviews; no figure that shows single jurors' scores."""
    label = withheld_label()
    return dataclasses.replace(
        row,
        median=None,
        std=None,
        spread=None,
        disagreement=False,
        first_places=0,
        criteria=[None] * len(row.criteria),
        jurors=[JurorCell(None, WITHHELD, label) for _member in members],
        withheld=True,
    )


def _selected(request) -> list[int]:
    """The candidates ticked for comparison (?k=…), in the order given, each once."""
    chosen = [int(v) for v in request.GET.getlist("k") if v.isdigit()]
    return list(dict.fromkeys(chosen))


def page_url(name, cycle, query=None) -> str:
    url = reverse(f"scoring:{name}", kwargs={"cycle_id": cycle.pk})
    return f"{url}?{urlencode(query)}" if query else url


# --- The deliberation page -----------------------------------------------------------------------


@deliberation_page
def overview(request, deliberator):
    cycle = deliberator.cycle
    members = decision.jury_members(cycle)
    result = decision.load_result(cycle)
    show_scores = deliberator.may_see_scores()
    selected = set(_selected(request))
    computed = score_math.cached(cycle)
    withheld = deliberator.withheld(computed)
    pending = decision.pending_choices(result, decision.chair_conflicts(members, computed))
    criteria = list(cycle.criteria.order_by("position"))
    sign_offs = decision.sign_off_rows(result, members)
    finalists = decision.finalists_of(result)
    # The long tables and the pictures are made only where the page's fragment is not in the
    # cache (templates/scoring/deliberation.html, {% cache %}): lazily, when the template asks.
    rows = SimpleLazyObject(lambda: _rows(cycle, computed, members, withheld, show_scores))
    drawn = (
        SimpleLazyObject(lambda: _pictures(computed, rows, members, criteria, finalists, selected))
        if show_scores
        else None
    )
    return render(
        request,
        "scoring/deliberation.html",
        {
            "cycle": cycle,
            "deliberator": deliberator,
            "in_decision_phase": decision.in_decision_phase(cycle),
            "show_scores": show_scores,
            "agreement": computed.agreement_summary,
            "rows": rows,  # the rows of the three tables
            "criteria": criteria,
            "members": members,
            "result": result,
            "finalists": finalists,
            "pending": {choice.candidate.pk: choice for choice in pending},
            "signed": sum(row.state == decision.SignOffState.CURRENT for row in sign_offs),
            "finalists_overdue": decision.finalists_overdue(cycle, result),
            "selected": selected,
            "disagreement_range": score_math.DISAGREEMENT_RANGE,
            "agreement_explanation": score_math.AGREEMENT_EXPLANATION,
            "pictures": drawn,
            "tables_version": _tables_version(
                cycle, show_scores, withheld, selected, pending, finalists, result, members
            ),
        },
    )


def _tables_version(cycle, show_scores, withheld, selected, pending, finalists, result, members):
    """What the cached tables and pictures are made from besides the cycle's figures (whose
    results_version covers the scores, conflicts, criteria, jury and the candidates' names):
    what differs between viewers and requests, and the decision's choices. The language is
    added by the template."""
    parts = (
        cycle.results_version,
        show_scores,
        sorted(withheld),
        sorted(selected),
        sorted(choice.candidate.pk for choice in pending),
        [finalist.candidate_id for finalist in finalists],
        getattr(result, "winner_id", None),
        [(member.pk, str(member), member.is_chair) for member in members],
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _pictures(computed, rows, members, criteria, finalists, selected) -> dict:
    """The deliberation's pictures (scoring/pictures.py), from the rows the tables show: a
    value the table leaves out is not drawn either."""
    low, high = computed.scale_min, computed.scale_max
    leniency_rows = pictures.leniency_rows(rows, members, computed)
    profiled, are_finalists = pictures.profile_rows(rows, finalists, selected)
    return {
        "agreement": pictures.agreement(rows, members, low, high),
        "leniency_rows": leniency_rows,
        "leniency": pictures.leniency(leniency_rows, computed, low, high),
        "profiles": pictures.profiles(profiled, are_finalists, criteria, low, high),
    }


def _rows(cycle, computed, members, withheld, show_scores):
    """The rows of the three tables, from the cycle's figures."""
    rows = ranking_rows(computed, candidates_by_pk(cycle), members, withheld)
    if not show_scores:
        # No order either: before the deliberation the ranking would tell the chair the scores.
        rows.sort(key=lambda row: progress.alphabetical(row.candidate))
    return rows


@deliberation_page
def compare(request, deliberator):
    cycle = deliberator.cycle
    if not deliberator.may_see_scores():
        messages.error(request, decision.reviews_open_message())
        return redirect(page_url("deliberation", cycle))
    chosen = _selected(request)
    computed = score_math.cached(cycle)
    known = [pk for pk in chosen if pk in computed.candidates.index]
    if not 2 <= len(known) <= 3 or len(known) != len(chosen):
        messages.error(request, _("Choose two or three candidates to compare."))
        return redirect(page_url("deliberation", cycle, [("k", pk) for pk in known]) + "#compare")
    members = decision.jury_members(cycle)
    candidates = candidates_by_pk(cycle)
    withheld = deliberator.withheld(computed)
    rows = ranking_rows(computed, candidates, members, withheld)
    by_pk = {row.candidate.pk: row for row in rows}
    columns = [by_pk[pk] for pk in known]
    # Not even read for a candidate the viewer is in conflict with.
    scores = decision.juror_scores(cycle, [pk for pk in known if pk not in withheld])
    criteria = list(cycle.criteria.order_by("position"))
    blocks = []
    for index, criterion in enumerate(criteria):
        juror_rows = []
        for m_index, member in enumerate(members):
            cells = []
            for column in columns:
                cell = column.jurors[m_index]
                if column.withheld:
                    cells.append(cell)
                    continue
                value = scores.get((member.pk, column.candidate.pk, criterion.pk))
                counted = cell.state == score_math.ReviewState.DONE
                cells.append(JurorCell(value if counted else None, cell.state, cell.label))
            juror_rows.append((member, cells))
        blocks.append(
            {
                "criterion": criterion,
                "means": [column.criteria[index] for column in columns],
                # As shown: (mean, withheld) per column.
                "mean_cells": [(column.criteria[index], column.withheld) for column in columns],
                "jurors": juror_rows,
            }
        )
    return render(
        request,
        "scoring/compare.html",
        {
            "cycle": cycle,
            "columns": columns,
            "weighted": [
                (member, [column.jurors[i] for column in columns])
                for i, member in enumerate(members)
            ],
            "blocks": blocks,
            "back_url": page_url("deliberation", cycle, [("k", pk) for pk in known]),
        },
    )
