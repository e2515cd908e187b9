"""The jury's decision, for the chair and the secretariat: the finalists and the winner, the
jury's texts with their readability, the lock and its record (the rules in scoring/decision.py).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nominations.models import Candidate

from .. import decision, progress, publication, score_math
from ..decision_forms import ChoiceForm, TargetForm, TextsForm, UnlockForm
from ..readability import readability
from .deliberation import candidates_by_pk, deliberation_page, page_url, ranking_rows

# The choice of finalists lists the top of the ranking (and whoever is chosen); "show all" the rest.
CHOICE_ROWS = 15


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
    members = decision.jury_members(cycle)
    result = decision.load_result(cycle)
    finalists = decision.finalists_of(result)
    show_scores = deliberator.may_see_scores()
    computed = score_math.cached(cycle)
    candidates = candidates_by_pk(cycle)
    rows = ranking_rows(computed, candidates, members, deliberator.withheld(computed))
    conflicts = decision.chair_conflicts(members, computed)
    pending = decision.pending_choices(result, conflicts)
    if not show_scores:
        rows.sort(key=lambda row: progress.alphabetical(row.candidate))
    editable = True
    try:
        decision.check_may_change(deliberator, result)
    except decision.Refused:
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
        target_form = TargetForm(initial={"lix_target": decision.lix_target(result)})
    if not (locked and deliberator.may_unlock):
        unlock_form = None
    elif unlock_form is None:
        unlock_form = UnlockForm()
    target = decision.lix_target(result)
    events = decision.record_of(result)
    now = timezone.now()
    return render(
        request,
        "scoring/result.html",
        {
            "cycle": cycle,
            "deliberator": deliberator,
            "in_decision_phase": decision.in_decision_phase(cycle),
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
            "all_url": page_url("result", cycle, {"alle": "1"}) + "#choice",
            "texts_form": texts_form,
            "target_form": target_form,
            "unlock_form": unlock_form,
            "sign_offs": decision.sign_off_rows(result, members),
            "missing": decision.missing_texts(result, cycle),
            "blockers": decision.lock_blockers(result, cycle, members, conflicts=conflicts),
            "pending": {choice.candidate.pk: choice for choice in pending},
            "may_confirm": deliberator.may_set_target and not locked,
            "withheld_any": any(row.withheld for row in rows),
            "events": [(event, decision.changes_of(event)) for event in events],
            "finalists_overdue": decision.finalists_overdue(cycle, result, now),
            # Nothing is published until the result is locked (scoring/publication.py).
            "unlocked_warning": publication.unlocked_warning(cycle, result, now),
            "published": publication.result_public(cycle, result, bool(finalists), now),
            "under_correction": publication.under_correction(result),
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


def _refused(request, deliberator, refusal: decision.Refused, **forms):
    messages.error(request, refusal.message)
    for detail in refusal.details:
        messages.error(request, detail)
    return _render_result(request, deliberator, status=refusal.status, **forms)


def _result_url(cycle, anchor=""):
    return page_url("result", cycle) + anchor


def _pre_check(request, deliberator):
    """The chair's right to change the result now, before any form is read."""
    try:
        decision.check_may_change(deliberator, decision.load_result(deliberator.cycle))
    except decision.Refused as refusal:
        return _refused(request, deliberator, refusal)
    return None


@deliberation_page
@require_http_methods(["GET", "HEAD"])
def result(request, deliberator):
    return _render_result(request, deliberator)


def _ranked_candidates(cycle) -> list[Candidate]:
    computed = score_math.cached(cycle)
    candidates = candidates_by_pk(cycle)
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
        decision.choose(deliberator, form.cleaned_data["finalists"], form.cleaned_data["winner"])
    except decision.Refused as refusal:
        return _refused(request, deliberator, refusal, choice_form=form)
    messages.success(request, _("The finalists and the winner are saved."))
    return redirect(_result_url(cycle, "#texts"))


@deliberation_page
@require_POST
def confirm(request, deliberator):
    """The secretariat (or a chair without a conflict with the candidate) confirms a choice
    that a chair in conflict with the candidate made."""
    candidate = request.POST.get("candidate", "")
    try:
        decision.confirm(
            deliberator.cycle,
            request.user,
            deliberator.member,
            int(candidate) if candidate.isdigit() else 0,
        )
    except decision.Refused as refusal:
        return _refused(request, deliberator, refusal)
    messages.success(request, _("The choice is confirmed. The confirmation is in the record."))
    return redirect(_result_url(deliberator.cycle, "#pending"))


@deliberation_page
@require_POST
def texts(request, deliberator):
    if response := _pre_check(request, deliberator):
        return response
    cycle = deliberator.cycle
    result = decision.load_result(cycle)
    finalists = decision.finalists_of(result)
    if not finalists:
        messages.error(request, _("Choose the finalists and the winner first."))
        return redirect(_result_url(cycle, "#choice"))
    criteria = list(cycle.criteria.order_by("position"))
    form = TextsForm(request.POST, criteria=criteria, finalists=finalists)
    if not form.is_valid():
        return _render_result(request, deliberator, texts_form=form, status=400)
    try:
        decision.save_texts(deliberator, form.texts(), form.cleaned_data["digest"])
    except decision.StaleTexts as stale:
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
    except decision.Refused as refusal:
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
            decision.Refused(_("Only the secretariat sets the readability target.")),
        )
    if not form.is_valid():
        return _render_result(request, deliberator, target_form=form, status=400)
    try:
        decision.set_lix_target(deliberator, form.cleaned_data["lix_target"])
    except decision.Refused as refusal:
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
        decision.lock(deliberator)
    except decision.Refused as refusal:
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
            decision.Refused(_("Only the jury's chair or the secretariat unlocks the result.")),
        )
    if not form.is_valid():
        return _render_result(request, deliberator, unlock_form=form, status=400)
    try:
        decision.unlock(deliberator, form.cleaned_data["reason"])
    except decision.Refused as refusal:
        return _refused(request, deliberator, refusal)
    messages.success(request, _("The result is unlocked. The change is in the record."))
    return redirect(_result_url(deliberator.cycle, "#lock"))
