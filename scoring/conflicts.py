"""Conflicts of interest: a juror declares them, the secretariat adds or lifts them.

A conflict is never deleted: lifting it records who lifted it, when and why, and the juror sees
the candidate again. Only the secretariat lifts a conflict, and only with a reason.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations import audit
from nominations.models import AuditKind, Candidate, Cycle

from .models import Conflict, ConflictKind, JuryMember


@dataclass
class Declaration:
    candidate: Candidate
    kind: str
    note: str = ""


def check_declaration(kind: str, note: str) -> None:
    """A conflict of the kind "other" says what it is; the other kinds speak for themselves."""
    if kind not in ConflictKind.values:
        raise ValidationError(_("Choose the kind of conflict."), code="kind")
    if kind == ConflictKind.OTHER and not note.strip():
        raise ValidationError(_("Say in the note what the conflict is."), code="note")


def check_candidate(member: JuryMember, candidate: Candidate) -> None:
    if candidate.cycle_id != member.jury.cycle_id:
        raise ValidationError(
            _("The candidate belongs to another cycle than the juror's jury."), code="cycle"
        )


def check_lift_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError(_("Give a reason for lifting the conflict."), code="reason")


@transaction.atomic
def declare(member: JuryMember, declarations: list[Declaration], *, by) -> list[Conflict]:
    """The juror's declaration: any new conflicts, and the confirmation that there are no
    others. All of it or nothing. Candidates already in an active conflict are left as they are
    (a second tab, or the secretariat, may have added one meanwhile)."""
    for declaration in declarations:
        check_candidate(member, declaration.candidate)
        check_declaration(declaration.kind, declaration.note)
    # Locks the member's row, so that two submits at once cannot both add the same conflict.
    JuryMember.objects.select_for_update().only("pk").get(pk=member.pk)
    active = set(
        Conflict.objects.active().filter(member=member).values_list("candidate_id", flat=True)
    )
    new = Conflict.objects.bulk_create(
        Conflict(
            member=member,
            candidate=declaration.candidate,
            kind=declaration.kind,
            note=declaration.note.strip(),
            declared_by=by,
        )
        for declaration in declarations
        if declaration.candidate.pk not in active
    )
    if new:  # bulk_create() sends no signal: the math leaves out reviews in conflict
        Cycle.objects.filter(pk=member.jury.cycle_id).raise_results_version()
    audit.record_all(_declared(conflict, by) for conflict in new)
    member.conflicts_declared_at = timezone.now()
    member.save(update_fields=["conflicts_declared_at"])
    # What access.seat() read with the member no longer holds: nothing is screened after now.
    member.screened_since_declaration = False
    return new


@transaction.atomic
def add(conflict: Conflict, *, by) -> Conflict:
    """A conflict the secretariat adds on a juror's behalf (the admin's form has checked it)."""
    conflict.declared_by = by
    conflict.save()
    audit.record_all([_declared(conflict, by)])
    return conflict


def _label(conflict: Conflict) -> str:
    return f"{conflict.member} – {conflict.candidate.municipality.display_name}"


def _declared(conflict: Conflict, by):
    return audit.entry(
        AuditKind.CONFLICT_DECLARED,
        conflict,
        actor=by,
        cycle=conflict.candidate.cycle_id,
        object_repr=_label(conflict),
        changes=[
            audit.field_change(Conflict, "kind", "", conflict.kind),
            *([audit.field_change(Conflict, "note", "", conflict.note)] if conflict.note else []),
        ],
        at=conflict.declared_at,
    )


@transaction.atomic
def lift(conflicts, *, by, reason: str) -> int:
    """Lift the active ones among the conflicts, keeping the record; returns how many."""
    check_lift_reason(reason)
    reason = reason.strip()
    # By primary key: the admin's queryset may carry joins that an UPDATE cannot take.
    active = (
        Conflict.objects.active()
        .filter(pk__in=conflicts.values("pk"))
        .select_related("member__user", "candidate__municipality")
        .select_for_update(of=("self",))
    )
    lifted = list(active)
    now = timezone.now()
    Conflict.objects.filter(pk__in=[c.pk for c in lifted]).update(
        lifted_at=now, lifted_by=by, lift_reason=reason
    )
    # update() sends no signal: a lifted conflict counts the review again (signals.py).
    Cycle.objects.filter(candidates__conflicts__in=lifted).raise_results_version()
    audit.record_all(
        audit.entry(
            AuditKind.CONFLICT_LIFTED,
            conflict,
            actor=by,
            cycle=conflict.candidate.cycle_id,
            object_repr=_label(conflict),
            changes=[audit.field_change(Conflict, "lifted_at", None, now)],
            reason=reason,
            at=now,
        )
        for conflict in lifted
    )
    return len(lifted)
