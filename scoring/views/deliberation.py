"""The chair's deliberation pages: the ranking with its tables, the comparison of two or three
candidates, the result (finalists, winner, the jury's texts, the lock and its record), and the
page where every juror reads the texts and signs them off.

The chair and the secretariat reach the first three (deliberation.deliberator: anyone else 404);
every juror of the cycle reaches the sign-off. The rules are in scoring/deliberation.py and the
numbers in scoring/results.py, kept between requests by results.cached(); the views turn
them into rows for the templates and handle the forms.
"""

import math
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nominations.models import Candidate

from .. import access, deliberation, progress, results
from ..readability import readability
from ..result_forms import ChoiceForm, TargetForm, TextsForm, UnlockForm
from .common import juror_page

# The choice of finalists lists the top of the ranking (and whoever is chosen); "show all" the rest.
CHOICE_ROWS = 15


def deliberation_page(view):
    """A page of one cycle's deliberation, called as view(request, deliberator, ...)."""

    @login_required
    @wraps(view)
    def wrapper(request, cycle_id, *args, **kwargs):
        deliberator = deliberation.deliberator(request.user, cycle_id)
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
    state: str  # a results.ReviewState value
    label: str  # what the cell says without a value


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


def _candidates(cycle) -> dict[int, Candidate]:
    return {
        c.pk: c
        for c in Candidate.objects.filter(cycle=cycle)
        .eligible()
        .select_related("municipality__county")
    }


def ranking_rows(computed: results.CycleResults, candidates: dict, members) -> list[Row]:
    """One row per candidate in rank order, with its criterion means and each juror's score."""
    criteria = computed.criteria.to_dict("index")
    scores = computed.jurors.to_dict()  # candidate → juror → score
    status = computed.juror_status.to_dict()
    labels = {state.value: state.label for state in results.ReviewState}
    rows = []
    table = computed.candidates
    # Plain dicts: a pandas row per candidate costs more than the rest of the row together.
    for pk, line in zip(table.index, table.to_dict("records"), strict=True):
        if pk not in candidates:
            continue
        rank = line["rank"]
        rows.append(
            Row(
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
                        state=status.get(pk, {}).get(m.pk, results.ReviewState.MISSING),
                        label=labels[status.get(pk, {}).get(m.pk, results.ReviewState.MISSING)],
                    )
                    for m in members
                ],
            )
        )
    return rows


def _selected(request) -> list[int]:
    """The candidates ticked for comparison (?k=…), in the order given, each once."""
    chosen = [int(v) for v in request.GET.getlist("k") if v.isdigit()]
    return list(dict.fromkeys(chosen))


def _url(name, cycle, query=None) -> str:
    url = reverse(f"scoring:{name}", kwargs={"cycle_id": cycle.pk})
    return f"{url}?{urlencode(query)}" if query else url


# --- The deliberation page -----------------------------------------------------------------------


@deliberation_page
def overview(request, deliberator):
    cycle = deliberator.cycle
    members = deliberation.jury_members(cycle)
    result = deliberation.load_result(cycle)
    show_scores = deliberator.may_see_scores()
    selected = set(_selected(request))
    rows, agreement = _ranking(cycle, members, show_scores)
    criteria = list(cycle.criteria.order_by("position"))
    sign_offs = deliberation.sign_off_rows(result, members)
    return render(
        request,
        "scoring/deliberation.html",
        {
            "cycle": cycle,
            "deliberator": deliberator,
            "in_decision_phase": deliberation.in_decision_phase(cycle),
            "show_scores": show_scores,
            "agreement": agreement,
            "rows": rows,  # the rows of the three tables
            "criteria": criteria,
            "members": members,
            "result": result,
            "finalists": deliberation.finalists_of(result),
            "signed": sum(row.state == deliberation.SignOffState.CURRENT for row in sign_offs),
            "finalists_overdue": deliberation.finalists_overdue(cycle, result),
            "selected": selected,
            "disagreement_range": results.DISAGREEMENT_RANGE,
            "agreement_explanation": results.AGREEMENT_EXPLANATION,
        },
    )


def _ranking(cycle, members, show_scores):
    """The rows of the three tables and the jurors' agreement, from the cycle's figures."""
    computed = results.cached(cycle)
    rows = ranking_rows(computed, _candidates(cycle), members)
    if not show_scores:
        # No order either: before the deliberation the ranking would tell the chair the scores.
        rows.sort(key=lambda row: progress.alphabetical(row.candidate))
    return rows, computed.agreement_summary


@deliberation_page
def compare(request, deliberator):
    cycle = deliberator.cycle
    if not deliberator.may_see_scores():
        messages.error(request, deliberation.reviews_open_message())
        return redirect(_url("deliberation", cycle))
    chosen = _selected(request)
    computed = results.cached(cycle)
    known = [pk for pk in chosen if pk in computed.candidates.index]
    if not 2 <= len(known) <= 3 or len(known) != len(chosen):
        messages.error(request, _("Choose two or three candidates to compare."))
        return redirect(_url("deliberation", cycle, [("k", pk) for pk in known]) + "#compare")
    members = deliberation.jury_members(cycle)
    candidates = _candidates(cycle)
    by_pk = {row.candidate.pk: row for row in ranking_rows(computed, candidates, members)}
    columns = [by_pk[pk] for pk in known]
    scores = deliberation.juror_scores(cycle, known)
    criteria = list(cycle.criteria.order_by("position"))
    blocks = []
    for index, criterion in enumerate(criteria):
        juror_rows = []
        for m_index, member in enumerate(members):
            cells = []
            for column in columns:
                cell = column.jurors[m_index]
                value = scores.get((member.pk, column.candidate.pk, criterion.pk))
                counted = cell.state == results.ReviewState.DONE
                cells.append(JurorCell(value if counted else None, cell.state, cell.label))
            juror_rows.append((member, cells))
        blocks.append(
            {
                "criterion": criterion,
                "means": [column.criteria[index] for column in columns],
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
            "back_url": _url("deliberation", cycle, [("k", pk) for pk in known]),
        },
    )


# --- The result: finalists, winner, texts, lock ----------------------------------------------


def _shown_for_choice(request, form, rows):
    """The top of the ranking and whoever is ticked; everyone with ?alle=1."""
    if request.GET.get("alle") == "1":
        return [row.candidate for row in rows], True
    ticked = form.chosen_pks() | ({form["winner"].value()} - {None, ""})
    ticked = {int(v) for v in ticked if str(v).isdigit()}
    shown = [
        row.candidate
        for i, row in enumerate(rows)
        if (i < CHOICE_ROWS and row.rank is not None) or row.candidate.pk in ticked
    ]
    return shown, len(shown) == len(rows)


def _render_result(
    request,
    deliberator,
    *,
    choice_form=None,
    texts_form=None,
    target_form=None,
    unlock_form=None,
    status=200,
):
    cycle = deliberator.cycle
    members = deliberation.jury_members(cycle)
    result = deliberation.load_result(cycle)
    finalists = deliberation.finalists_of(result)
    show_scores = deliberator.may_see_scores()
    computed = results.cached(cycle)
    candidates = _candidates(cycle)
    rows = ranking_rows(computed, candidates, members)
    if not show_scores:
        rows.sort(key=lambda row: progress.alphabetical(row.candidate))
    editable = True
    try:
        deliberation.check_may_change(deliberator, result)
    except deliberation.Refused:
        editable = False
    locked = result is not None and result.is_locked
    choice_rows, showing_all, typed_texts = [], True, texts_form
    if editable:
        if choice_form is None:
            choice_form = ChoiceForm(
                cycle=cycle, candidates=[row.candidate for row in rows], result=result
            )
        shown, showing_all = _shown_for_choice(request, choice_form, rows)
        by_pk = {row.candidate.pk: row for row in rows}
        choice_rows = [(by_pk[c.pk], box, radio) for c, box, radio in choice_form.rows(shown)]
        if finalists and texts_form is None:
            texts_form = TextsForm(
                criteria=list(cycle.criteria.order_by("position")),
                finalists=finalists,
                result=result,
            )
    else:
        choice_form = texts_form = None
    if not (deliberator.may_set_target and not locked):
        target_form = None
    elif target_form is None:
        target_form = TargetForm(initial={"lix_target": deliberation.lix_target(result)})
    if not (locked and deliberator.may_unlock):
        unlock_form = None
    elif unlock_form is None:
        unlock_form = UnlockForm()
    target = deliberation.lix_target(result)
    events = deliberation.record_of(result)
    return render(
        request,
        "scoring/result.html",
        {
            "cycle": cycle,
            "deliberator": deliberator,
            "in_decision_phase": deliberation.in_decision_phase(cycle),
            "show_scores": show_scores,
            "result": result,
            "finalists": finalists,
            "finalist_texts": [
                {"finalist": f, "lix": _lix(f.paragraph, target, enforced=False)} for f in finalists
            ],
            "justification_lix": _lix(result.justification if result else "", target),
            "text_blocks": _text_blocks(texts_form, target) if texts_form else None,
            "unsaved": _unsaved(typed_texts) if typed_texts and not editable else [],
            "lix_target": target,
            "editable": editable,
            "choice_form": choice_form,
            "choice_rows": choice_rows,
            "showing_all": showing_all,
            "all_url": _url("result", cycle, {"alle": "1"}) + "#choice",
            "texts_form": texts_form,
            "target_form": target_form,
            "unlock_form": unlock_form,
            "sign_offs": deliberation.sign_off_rows(result, members),
            "missing": deliberation.missing_texts(result, cycle),
            "blockers": deliberation.lock_blockers(result, cycle, members),
            "events": [(event, deliberation.changes_of(event)) for event in events],
            "finalists_overdue": deliberation.finalists_overdue(cycle, result),
        },
        status=status,
    )


def _lix(text, target, enforced=True) -> dict:
    """The readability of a text against the target; only the justification must meet it."""
    measured = readability(text or "")
    return {
        "r": measured,
        "target": target,
        "enforced": enforced,
        "within": measured.within(target),
    }


def _text_blocks(form: TextsForm, target) -> dict:
    """The texts form's fields in the page's order, each text with its readability as typed."""

    def typed(name):
        return form[name].value() or ""

    return {
        "justification": {
            "text": form["justification"],
            "criteria": form["justification_criteria"],
            "lix": _lix(typed("justification"), target),
        },
        "finalists": [
            {
                "finalist": f,
                "text": form[f"p{f.pk}-paragraph"],
                "criteria": form[f"p{f.pk}-criteria"],
                "lix": _lix(typed(f"p{f.pk}-paragraph"), target, enforced=False),
            }
            for f in form.finalists
        ],
    }


def _unsaved(form: TextsForm) -> list[tuple[str, str]]:
    """What was typed into a form the page can no longer offer (the result got locked)."""
    if not form.is_bound:
        return []
    return [
        (form[name].label, form.data.get(name, ""))
        for name in ["justification", *(f"p{f.pk}-paragraph" for f in form.finalists)]
        if form.data.get(name, "").strip()
    ]


def _refused(request, deliberator, refusal: deliberation.Refused, **forms):
    messages.error(request, refusal.message)
    for detail in refusal.details:
        messages.error(request, detail)
    return _render_result(request, deliberator, status=refusal.status, **forms)


def _result_url(cycle, anchor=""):
    return _url("result", cycle) + anchor


def _pre_check(request, deliberator):
    """The chair's right to change the result now, before any form is read."""
    try:
        deliberation.check_may_change(deliberator, deliberation.load_result(deliberator.cycle))
    except deliberation.Refused as refusal:
        return _refused(request, deliberator, refusal)
    return None


@deliberation_page
@require_http_methods(["GET", "HEAD"])
def result(request, deliberator):
    return _render_result(request, deliberator)


def _ranked_candidates(cycle) -> list[Candidate]:
    computed = results.cached(cycle)
    candidates = _candidates(cycle)
    return [candidates[pk] for pk in computed.candidates.index if pk in candidates]


@deliberation_page
@require_POST
def choose(request, deliberator):
    if response := _pre_check(request, deliberator):
        return response
    cycle = deliberator.cycle
    form = ChoiceForm(request.POST, cycle=cycle, candidates=_ranked_candidates(cycle))
    if not form.is_valid():
        return _render_result(request, deliberator, choice_form=form, status=400)
    try:
        deliberation.choose(
            deliberator, form.cleaned_data["finalists"], form.cleaned_data["winner"]
        )
    except deliberation.Refused as refusal:
        return _refused(request, deliberator, refusal, choice_form=form)
    messages.success(request, _("The finalists and the winner are saved."))
    return redirect(_result_url(cycle, "#texts"))


@deliberation_page
@require_POST
def texts(request, deliberator):
    if response := _pre_check(request, deliberator):
        return response
    cycle = deliberator.cycle
    result = deliberation.load_result(cycle)
    finalists = deliberation.finalists_of(result)
    if not finalists:
        messages.error(request, _("Choose the finalists and the winner first."))
        return redirect(_result_url(cycle, "#choice"))
    criteria = list(cycle.criteria.order_by("position"))
    form = TextsForm(request.POST, criteria=criteria, finalists=finalists)
    if not form.is_valid():
        return _render_result(request, deliberator, texts_form=form, status=400)
    try:
        deliberation.save_texts(deliberator, form.texts(), form.cleaned_data["digest"])
    except deliberation.StaleTexts as stale:
        messages.error(
            request,
            _(
                "The texts were saved from another window after you opened this page. What you "
                "typed is still in the form: save again to replace the stored texts with it, or "
                "reload the page to keep them."
            ),
        )
        return _render_result(
            request, deliberator, texts_form=form.with_digest(stale.digest), status=409
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_result(request, deliberator, texts_form=form, status=400)
    except deliberation.Refused as refusal:
        return _refused(request, deliberator, refusal, texts_form=form)
    messages.success(
        request,
        _("The texts are saved. Every juror must sign the texts as they stand now."),
    )
    return redirect(_result_url(cycle, "#texts"))


@deliberation_page
@require_POST
def target(request, deliberator):
    form = TargetForm(request.POST)
    if not deliberator.may_set_target:
        return _refused(
            request,
            deliberator,
            deliberation.Refused(_("Only the secretariat sets the readability target.")),
        )
    if not form.is_valid():
        return _render_result(request, deliberator, target_form=form, status=400)
    try:
        deliberation.set_lix_target(deliberator, form.cleaned_data["lix_target"])
    except deliberation.Refused as refusal:
        return _refused(request, deliberator, refusal)
    except ValidationError as error:
        form.add_error("lix_target", error.message_dict["lix_target"])
        return _render_result(request, deliberator, target_form=form, status=400)
    messages.success(request, _("The readability target is saved."))
    return redirect(_result_url(deliberator.cycle, "#readability-target"))


@deliberation_page
@require_POST
def lock(request, deliberator):
    try:
        deliberation.lock(deliberator)
    except deliberation.Refused as refusal:
        return _refused(request, deliberator, refusal)
    messages.success(request, _("The result is locked."))
    return redirect(_result_url(deliberator.cycle, "#lock"))


@deliberation_page
@require_POST
def unlock(request, deliberator):
    form = UnlockForm(request.POST)
    if not deliberator.may_unlock:
        return _refused(
            request,
            deliberator,
            deliberation.Refused(_("Only the jury's chair or the secretariat unlocks the result.")),
        )
    if not form.is_valid():
        return _render_result(request, deliberator, unlock_form=form, status=400)
    try:
        deliberation.unlock(deliberator, form.cleaned_data["reason"])
    except deliberation.Refused as refusal:
        return _refused(request, deliberator, refusal)
    messages.success(request, _("The result is unlocked. The change is in the record."))
    return redirect(_result_url(deliberator.cycle, "#lock"))


# --- Every juror's sign-off ----------------------------------------------------------------------


def _render_sign_off(request, member, status=200):
    cycle = member.jury.cycle
    result = deliberation.load_result(cycle)
    members = deliberation.jury_members(cycle)
    rows = deliberation.sign_off_rows(result, members)
    own = next((row for row in rows if row.member.pk == member.pk), None)
    return render(
        request,
        "scoring/sign_off.html",
        {
            "cycle": cycle,
            "member": member,
            "result": result,
            "finalists": deliberation.finalists_of(result),
            "digest": deliberation.text_digest(result),
            "missing": deliberation.missing_texts(result, cycle),
            "in_decision_phase": deliberation.in_decision_phase(cycle),
            "own": own,
            "sign_offs": rows,
            "signed": sum(row.state == deliberation.SignOffState.CURRENT for row in rows),
        },
        status=status,
    )


@juror_page
@require_http_methods(["GET", "HEAD", "POST"])
def sign_off(request, member):
    if request.method != "POST":
        return _render_sign_off(request, member)
    try:
        deliberation.sign_off(member, request.POST.get("digest", ""))
    except deliberation.Refused as refusal:
        messages.error(request, refusal.message)
        return _render_sign_off(request, member, status=refusal.status)
    messages.success(request, _("You have signed the jury's texts."))
    return redirect("scoring:sign_off", cycle_id=member.jury.cycle_id)
