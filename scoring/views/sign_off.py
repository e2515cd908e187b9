"""The page where every juror of the cycle reads the jury's texts and signs them off."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import decision
from .common import juror_page

# --- Every juror's sign-off ----------------------------------------------------------------------


def _render_sign_off(request, member, status=200):
    cycle = member.jury.cycle
    result = decision.load_result(cycle)
    members = decision.jury_members(cycle)
    rows = decision.sign_off_rows(result, members)
    own = next((row for row in rows if row.member.pk == member.pk), None)
    pending, confirmable = decision.confirmable(member, result)
    return render(
        request,
        "scoring/sign_off.html",
        {
            "cycle": cycle,
            "member": member,
            "result": result,
            "finalists": decision.finalists_of(result),
            "digest": decision.text_digest(result),
            "missing": decision.missing_texts(result, cycle),
            "in_decision_phase": decision.in_decision_phase(cycle),
            "own": own,
            "sign_offs": rows,
            "signed": sum(row.state == decision.SignOffState.CURRENT for row in rows),
            "pending": {choice.candidate.pk: choice for choice in pending},
            "confirmable": confirmable,
            "locked": result is not None and result.is_locked,
        },
        status=status,
    )


@juror_page
@require_http_methods(["GET", "HEAD", "POST"])
def sign_off(request, member):
    if request.method != "POST":
        return _render_sign_off(request, member)
    try:
        decision.sign_off(member, request.POST.get("digest", ""))
    except decision.Refused as refusal:
        messages.error(request, refusal.message)
        return _render_sign_off(request, member, status=refusal.status)
    messages.success(request, _("You have signed the jury's texts."))
    return redirect("scoring:sign_off", cycle_id=member.jury.cycle_id)


@juror_page
@require_POST
def confirm(request, member):
    """A juror without a conflict with the candidate confirms the choice of a chair in conflict
    with it."""
    candidate = request.POST.get("candidate", "")
    try:
        decision.confirm(
            member.jury.cycle,
            request.user,
            member,
            int(candidate) if candidate.isdigit() else 0,
        )
    except decision.Refused as refusal:
        messages.error(request, refusal.message)
        return _render_sign_off(request, member, status=refusal.status)
    messages.success(request, _("The choice is confirmed. The confirmation is in the record."))
    return redirect("scoring:sign_off", cycle_id=member.jury.cycle_id)
