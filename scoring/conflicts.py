"""Conflicts of interest: a juror declares them, the secretariat adds or lifts them.

A conflict is never deleted: lifting it records who lifted it, when and why, and the juror sees
the candidate again. Only the secretariat lifts a conflict, and only with a reason.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate

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
    member.conflicts_declared_at = timezone.now()
    member.save(update_fields=["conflicts_declared_at"])
    return new


def lift(conflicts, *, by, reason: str) -> int:
    """Lift the active ones among the conflicts, keeping the record; returns how many."""
    check_lift_reason(reason)
    # By primary key: the admin's queryset may carry joins that an UPDATE cannot take.
    return (
        Conflict.objects.active()
        .filter(pk__in=conflicts.values("pk"))
        .update(lifted_at=timezone.now(), lifted_by=by, lift_reason=reason.strip())
    )
