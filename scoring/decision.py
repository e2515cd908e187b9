"""The jury's decision on a cycle: the finalists and the winner, the jury's texts, every juror's
sign-off, the lock, and the record of it all. One truth for the pages, the admin and the demo.

Who
- The chair (JuryMember.is_chair) sees the deliberation page, chooses the finalists and the
  winner, writes the jury's texts and locks the result.
- The secretariat (staff with scoring.view_result, without a seat on the jury) reads all of it.
  With scoring.change_result it also sets the readability target and may unlock. It does not
  write the texts: they are the jury's words, which every juror signs.
- Every juror reads the texts and signs them off. A juror who is not the chair never sees the
  aggregate: the deliberation pages answer 404, as to anyone outside the jury. A seat decides, as
  in access.py: a secretariat user who sits on the jury is the juror they are.

When
- Before the deliberation (the jury phase or earlier) the chair sees the page with a note that
  the reviews are still open, and no scores: the chair scores too, and jurors are blind until the
  deliberation. The secretariat, which never scores, sees the figures at any time.
- Finalists, winner and texts are chosen, written, signed and locked from the deliberation on,
  also after publication: what guards a published result is the lock and its record, not the
  calendar. The page warns when the finalists' publication time has passed with none chosen.

A chair in conflict
- A chair in conflict with a candidate sees its rank and totals only (access.withheld_candidates)
  and does not choose it alone: chosen as finalist or winner, it waits for a juror without a
  conflict with it (on the sign-off page) or the secretariat (on the result page) to confirm
  that choice (pending_choices, confirm). Which choices wait follows the chair's conflicts as
  they stand: a conflict declared after the choice makes it wait too.

The texts as signed
- A sign-off stores the SHA-256 digest of the texts as they stood: the winner, the finalists in
  order, each finalist's paragraph and cited criteria, the justification and its cited criteria.
  Any change gives a new digest, and earlier sign-offs no longer count.
- The result is locked only when the texts are complete, the justification is within the LIX
  target, every juror has signed the current texts and no choice waits for a confirmation. A
  locked result changes only after an unlock with a reason. Every change, lock, unlock,
  sign-off and confirmation is an entry in the audit record (nominations/audit.py): who, when,
  what, why. The result page shows that part of the record.

The lock and publication
- Nothing is published until the result is locked: the finalists and the winner are public from
  their publication times only from a locked result (scoring/publication.py). The result page
  and the secretariat's home warn when a publication time is near or past and the result is not
  locked.
- Unlocking after publication (the finalists or the winner public at that moment) is allowed,
  with the reason as always, and is a correction: Result.corrected_at is set, and the unlock's
  entry in the record is marked {"after_publication": true}. Until the chair locks the result
  again, its public pages say that the jury is correcting the published result, and show none
  of it; once locked they say that it was corrected, and when, never why. The unlock form warns
  of this when the result is public.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nominations import audit
from nominations.models import AuditKind, Candidate, Criterion, Cycle, Eligibility, Phase

from . import access, publication
from .models import Conflict, Finalist, JuryMember, Result, Score, SignOff
from .readability import readability

DECISION_PHASES = {Phase.DELIBERATION, Phase.FINALISTS, Phase.ANNOUNCED}
VIEW_PERMISSION = "scoring.view_result"
CHANGE_PERMISSION = "scoring.change_result"
TEXT_MAX_LENGTH = 5000
UNLOCK_REASON_MIN_LENGTH = 10
LIX_TARGET_RANGE = (10, 80)


class Refused(Exception):
    """What the rules do not allow now, with a message for the person and an HTTP status;
    `details` lists what is missing, when there is a list."""

    def __init__(self, message, status=403, details=()):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = list(details)


class StaleTexts(Exception):
    """The texts were saved from another window since this form was shown."""

    def __init__(self, digest: str):
        super().__init__(digest)
        self.digest = digest


def _has_staff_permission(user, permission) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(permission)


@dataclass(frozen=True)
class Deliberator:
    """Who looks at a cycle's deliberation: its chair, or the secretariat (member None)."""

    user: object
    cycle: Cycle
    member: JuryMember | None

    @property
    def is_chair(self) -> bool:
        return self.member is not None and self.member.is_chair

    @property
    def is_secretariat(self) -> bool:
        return self.member is None

    @property
    def may_set_target(self) -> bool:
        return self.is_secretariat and _has_staff_permission(self.user, CHANGE_PERMISSION)

    @property
    def may_unlock(self) -> bool:
        return self.is_chair or self.may_set_target

    def may_see_scores(self, now=None) -> bool:
        return self.is_secretariat or in_decision_phase(self.cycle, now)

    def withheld(self, computed) -> frozenset[int]:
        """The candidates of which this viewer sees the rank and totals only (access.py)."""
        return access.withheld_candidates(self.member, computed)


def deliberator(user, cycle_id) -> Deliberator:
    """The right to a cycle's deliberation pages, or 404."""
    if not user.is_authenticated:
        raise Http404
    member = access.seat(user, cycle_id)
    if member is not None:
        if not member.is_chair:
            raise Http404
        return Deliberator(user=user, cycle=member.jury.cycle, member=member)
    if _has_staff_permission(user, VIEW_PERMISSION):
        cycle = Cycle.objects.select_related("award").filter(pk=cycle_id).first()
        if cycle is not None:
            return Deliberator(user=user, cycle=cycle, member=None)
    raise Http404


def in_decision_phase(cycle: Cycle, now=None) -> bool:
    return cycle.phase_at(now or timezone.now()) in DECISION_PHASES


def finalists_overdue(cycle: Cycle, result: Result | None, now=None) -> bool:
    """The finalists should have been published by now, and none are chosen."""
    now = now or timezone.now()
    chosen = result is not None and bool(finalists_of(result))
    return now >= cycle.finalists_published_at and not chosen


def reviews_open_message() -> str:
    return _(
        "The reviews are still open: the finalists and the winner are chosen, and the texts "
        "written, from the deliberation on."
    )


def locked_message() -> str:
    return _("The result is locked. It can be changed only after it is unlocked, with a reason.")


# --- Reading -------------------------------------------------------------------------------------


def load_result(cycle: Cycle) -> Result | None:
    """The cycle's result with everything the pages show, in a fixed number of queries; its
    part of the audit record is read by record_of(), on the page that shows it."""
    # The criteria by position: their default order would join the cycle and the award.
    criteria = Criterion.objects.order_by("position")
    return (
        Result.objects.filter(cycle=cycle)
        .select_related("winner__municipality__county", "locked_by")
        .prefetch_related(
            Prefetch(
                "finalists",
                Finalist.objects.select_related("candidate__municipality__county")
                .prefetch_related(Prefetch("criteria", criteria))
                .order_by("position", "pk"),
            ),
            Prefetch("justification_criteria", criteria),
            Prefetch("sign_offs", SignOff.objects.select_related("member__user")),
        )
        .first()
    )


def lix_target(result: Result | None) -> int:
    """The result's readability target, or the default before there is a result."""
    if result is not None:
        return result.lix_target
    return Result._meta.get_field("lix_target").default


def jury_members(cycle: Cycle) -> list[JuryMember]:
    """Everyone who signs: the chair first."""
    return list(JuryMember.objects.filter(jury__cycle=cycle).select_related("user"))


def finalists_of(result: Result | None) -> list[Finalist]:
    if result is None:
        return []
    return sorted(result.finalists.all(), key=lambda f: (f.position, f.pk))


def _criteria_pks(criteria) -> list[int]:
    return sorted(c.pk for c in criteria)


def texts_of(result: Result | None) -> dict:
    """What a juror signs, as plain data."""
    if result is None:
        return {"winner": None, "finalists": [], "justification": "", "justification_criteria": []}
    return {
        "winner": result.winner_id,
        "finalists": [
            {
                "candidate": f.candidate_id,
                "paragraph": f.paragraph,
                "criteria": _criteria_pks(f.criteria.all()),
            }
            for f in finalists_of(result)
        ],
        "justification": result.justification,
        "justification_criteria": _criteria_pks(result.justification_criteria.all()),
    }


def text_digest(result: Result | None) -> str:
    payload = json.dumps(texts_of(result), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def missing_texts(result: Result | None, cycle: Cycle) -> list[str]:
    """What must be there before the jurors can sign: empty when the texts are complete."""
    finalists = finalists_of(result)
    if not finalists:
        return [_("Choose the finalists and the winner.")]
    missing = []
    if len(finalists) != cycle.finalist_count:
        missing.append(
            ngettext(
                "Choose %(count)d finalist: %(chosen)d are chosen.",
                "Choose %(count)d finalists: %(chosen)d are chosen.",
                cycle.finalist_count,
            )
            % {"count": cycle.finalist_count, "chosen": len(finalists)}
        )
    if result.winner_id is None:
        missing.append(_("Choose the winner."))
    if not result.justification.strip():
        missing.append(_("Write the jury's justification for the winner."))
    if not result.justification_criteria.all():
        missing.append(_("Mark the criteria the justification speaks to."))
    for finalist in finalists:
        name = finalist.candidate.municipality.display_name
        if not finalist.paragraph.strip():
            missing.append(_("Write the paragraph on %(name)s.") % {"name": name})
        if not finalist.criteria.all():
            missing.append(
                _("Mark the criteria the paragraph on %(name)s speaks to.") % {"name": name}
            )
    return missing


class SignOffState(models.TextChoices):
    CURRENT = "current", gettext_lazy("Signed")
    EARLIER = "earlier", gettext_lazy("Signed an earlier version")
    NONE = "none", gettext_lazy("Not signed")


@dataclass(frozen=True)
class SignOffRow:
    member: JuryMember
    state: SignOffState
    signed_at: object = None


def sign_off_rows(result: Result | None, members: Sequence[JuryMember]) -> list[SignOffRow]:
    """Each juror's sign-off, measured against the texts as they stand now."""
    digest = text_digest(result)
    signed = {s.member_id: s for s in result.sign_offs.all()} if result else {}
    rows = []
    for member in members:
        sign_off = signed.get(member.pk)
        if sign_off is None:
            rows.append(SignOffRow(member, SignOffState.NONE))
        elif sign_off.text_digest == digest:
            rows.append(SignOffRow(member, SignOffState.CURRENT, sign_off.signed_at))
        else:
            rows.append(SignOffRow(member, SignOffState.EARLIER, sign_off.signed_at))
    return rows


def chair_conflicts(members: Sequence[JuryMember], computed) -> frozenset[int]:
    """The candidates a chair of the jury is in conflict with, from the cycle's figures
    (score_math.cached: no query): their choice waits for a confirmation."""
    withheld = [access.withheld_candidates(m, computed) for m in members if m.is_chair]
    return frozenset().union(*withheld)


@dataclass(frozen=True)
class PendingChoice:
    """A choice of a chair in conflict with the candidate, not yet confirmed."""

    candidate: Candidate
    as_finalist: bool
    as_winner: bool


def pending_choices(result: Result | None, conflicts) -> list[PendingChoice]:
    """The finalists and the winner chosen by a chair in conflict with them (`conflicts`, see
    chair_conflicts) that wait for a juror without a conflict or the secretariat to confirm."""
    pending = []
    for finalist in finalists_of(result):
        if finalist.candidate_id not in conflicts:
            continue
        as_finalist = finalist.confirmed_by_id is None
        as_winner = (
            finalist.candidate_id == result.winner_id and result.winner_confirmed_by_id is None
        )
        if as_finalist or as_winner:
            pending.append(PendingChoice(finalist.candidate, as_finalist, as_winner))
    return pending


def lock_blockers(
    result: Result | None,
    cycle: Cycle,
    members: Sequence[JuryMember],
    now=None,
    *,
    conflicts=frozenset(),
) -> list[str]:
    """Everything that stands in the way of locking; empty when the result can be locked.
    `conflicts`: the candidates a chair is in conflict with (chair_conflicts)."""
    blockers = []
    if not in_decision_phase(cycle, now):
        blockers.append(reviews_open_message())
    blockers += missing_texts(result, cycle)
    if result is not None and result.justification.strip():
        measured = readability(result.justification)
        if not measured.within(result.lix_target):
            # Rounded first, as the page's floatformat shows it: number_format cuts decimals off.
            blockers.append(
                _(
                    "The justification is harder to read than the target: LIX %(lix)s, "
                    "target %(target)s. Use shorter sentences and shorter words."
                )
                % {"lix": number_format(round(measured.lix, 1), 1), "target": result.lix_target}
            )
    unsigned = [
        str(row.member)
        for row in sign_off_rows(result, members)
        if row.state != SignOffState.CURRENT
    ]
    if unsigned and not missing_texts(result, cycle):
        blockers.append(
            _("Not every juror has signed the current texts. Still to sign: %(names)s.")
            % {"names": ", ".join(unsigned)}
        )
    pending = pending_choices(result, conflicts)
    if pending:
        blockers.append(
            _(
                "The chair is in conflict with %(names)s: the choice waits for confirmation "
                "from a juror without a conflict or the secretariat."
            )
            % {"names": ", ".join(_name(choice.candidate) for choice in pending)}
        )
    return blockers


def juror_scores(cycle: Cycle, candidate_ids) -> dict[tuple[int, int, int], int]:
    """(juror, candidate, criterion) → score, from the done reviews of the candidates given.
    Whether a review counts (a conflict voids it) is results.compute's juror_status to say."""
    rows = Score.objects.filter(
        review__candidate_id__in=list(candidate_ids),
        review__candidate__cycle=cycle,
        review__member__jury__cycle=cycle,
        review__done_at__isnull=False,
        value__isnull=False,
    ).values_list("review__member_id", "review__candidate_id", "criterion_id", "value")
    return {(juror, candidate, criterion): value for juror, candidate, criterion, value in rows}


# --- The record ----------------------------------------------------------------------------------

FIELD_LABELS = {
    "finalists": gettext_lazy("Finalists"),
    "winner": gettext_lazy("Winner"),
    "justification": gettext_lazy("The jury's justification"),
    "justification_criteria": gettext_lazy("Criteria the justification speaks to"),
    "paragraph": gettext_lazy("Paragraph"),
    "paragraph_criteria": gettext_lazy("Criteria the paragraph speaks to"),
    "lix_target": gettext_lazy("Readability target (LIX)"),
    "finalist_confirmation": gettext_lazy("The choice of finalist"),
    "winner_confirmation": gettext_lazy("The choice of winner"),
}


TEXT_FIELDS = {"justification", "paragraph"}


def changes_of(entry) -> list[audit.ShownChange]:
    """The changes of one entry of the result's record, ready to show."""
    return audit.shown_changes(entry)


def record_of(result: Result | None) -> list:
    """The result's part of the audit record, oldest first (read once per result)."""
    if result is None:
        return []
    if not hasattr(result, "loaded_record"):
        result.loaded_record = list(result.audit_entries.order_by("at", "pk"))
    return result.loaded_record


def _labelled(change: dict) -> dict:
    """A change as the audit record keeps it: with its label, long texts marked."""
    field = change.get("field", "")
    labelled = {**change, "label": audit.msgid(FIELD_LABELS.get(field, field))}
    if field in TEXT_FIELDS:
        labelled["type"] = "text"
    return labelled


def _record(result, kind, user, cycle, *, changes=(), reason="", extra=None, at=None):
    """Every change, lock, unlock and sign-off of a result goes to the audit record, and that
    record is what the result page shows: one record, never two that could disagree."""
    return audit.record(
        kind,
        result,
        actor=user,
        cycle=cycle.pk,
        object_repr=_("Result %(cycle)s") % {"cycle": cycle},
        changes=[_labelled(change) for change in changes],
        reason=reason,
        details=extra or {},
        at=at,
    )


# --- Choosing and writing ------------------------------------------------------------------------


def check_may_change(actor: Deliberator, result: Result | None, now=None):
    if not actor.is_chair:
        raise Refused(
            _("Only the jury's chair chooses the finalists and the winner and writes the texts.")
        )
    if not in_decision_phase(actor.cycle, now):
        raise Refused(reviews_open_message())
    if result is not None and result.is_locked:
        raise Refused(locked_message())


def _result_for_update(cycle: Cycle, *, create=False) -> Result | None:
    """The cycle's result with its row locked until the transaction ends."""
    if create:
        Result.objects.get_or_create(cycle=cycle)
    return Result.objects.select_for_update().filter(cycle=cycle).first()


def _name(candidate: Candidate | None) -> str:
    return candidate.municipality.display_name if candidate else ""


def _titles(criteria) -> list[str]:
    return [str(c) for c in sorted(criteria, key=lambda c: c.position)]


def validate_choice(cycle: Cycle, finalists: Sequence[Candidate], winner: Candidate | None):
    """The cycle's number of finalists, all eligible candidates of the cycle, and the winner
    one of them. Raises ValidationError keyed by "finalists" and "winner"."""
    errors = {}
    count = cycle.finalist_count
    if len(finalists) != count:
        errors["finalists"] = ngettext(
            "Choose exactly %(count)d finalist; you chose %(chosen)d.",
            "Choose exactly %(count)d finalists; you chose %(chosen)d.",
            count,
        ) % {"count": count, "chosen": len(finalists)}
    elif len({c.pk for c in finalists}) != len(finalists) or any(
        c.cycle_id != cycle.pk or c.eligibility != Eligibility.ELIGIBLE for c in finalists
    ):
        errors["finalists"] = _("The finalists must be different eligible candidates.")
    if winner is None:
        errors["winner"] = _("Choose the winner.")
    elif winner.pk not in {c.pk for c in finalists}:
        errors["winner"] = _("The winner must be one of the finalists.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def choose(
    actor: Deliberator, finalists: Sequence[Candidate], winner: Candidate, now=None
) -> Result:
    """Sets the finalists (in the order given) and the winner. A finalist taken off loses its
    paragraph; the record keeps it."""
    check_may_change(actor, None, now)
    validate_choice(actor.cycle, finalists, winner)
    result = _result_for_update(actor.cycle, create=True)
    check_may_change(actor, result, now)  # the lock, read with the row held
    before = list(
        result.finalists.select_related("candidate__municipality").order_by("position", "pk")
    )
    by_candidate = {f.candidate_id: f for f in before}
    chosen = {c.pk for c in finalists}
    changes = []
    names_before = [_name(f.candidate) for f in before]
    names_after = [_name(c) for c in finalists]
    if names_before != names_after:
        changes.append({"field": "finalists", "before": names_before, "after": names_after})
    removed = [f for f in before if f.candidate_id not in chosen]
    for finalist in removed:
        if finalist.paragraph:
            changes.append(
                {
                    "field": "paragraph",
                    "subject": _name(finalist.candidate),
                    "before": finalist.paragraph,
                    "after": "",
                }
            )
    Finalist.objects.filter(pk__in=[f.pk for f in removed]).delete()
    for position, candidate in enumerate(finalists, start=1):
        finalist = by_candidate.get(candidate.pk)
        if finalist is None:
            Finalist.objects.create(result=result, candidate=candidate, position=position)
        elif finalist.position != position:
            finalist.position = position
            finalist.save(update_fields=["position"])
    if result.winner_id != winner.pk:
        changes.append({"field": "winner", "before": _name(result.winner), "after": _name(winner)})
        result.winner = winner
        # A new winner is a new choice: any confirmation was of the one before.
        result.winner_confirmed_by, result.winner_confirmed_at = None, None
    if changes:
        result.save()
        _record(result, AuditKind.RESULT_CHANGED, actor.user, actor.cycle, changes=changes, at=now)
    return result


def clean_text(text: str) -> str:
    """As stored and signed: the browser's line ends made one, no space around."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class Texts:
    justification: str
    justification_criteria: Sequence[Criterion]
    # By finalist pk: (paragraph, criteria it speaks to). A finalist left out is left as it is.
    paragraphs: dict = field(default_factory=dict)


def _check_criteria(cycle: Cycle, criteria):
    if any(c.cycle_id != cycle.pk for c in criteria):
        raise ValidationError(_("Cite only the criteria of this cycle."))


@transaction.atomic
def save_texts(actor: Deliberator, texts: Texts, shown_digest: str, now=None) -> Result:
    """Saves the justification and the finalists' paragraphs with the criteria they cite.
    `shown_digest` is the digest of the texts the form was made from: when someone saved
    since, StaleTexts is raised and nothing is saved."""
    check_may_change(actor, None, now)
    result = _result_for_update(actor.cycle)
    if result is None or not result.finalists.exists():
        raise Refused(_("Choose the finalists and the winner first."), status=400)
    check_may_change(actor, result, now)
    current = text_digest(result)
    if current != shown_digest:
        raise StaleTexts(current)
    _check_criteria(actor.cycle, texts.justification_criteria)
    changes = []
    justification = clean_text(texts.justification)
    if justification != result.justification:
        changes.append(
            {"field": "justification", "before": result.justification, "after": justification}
        )
        result.justification = justification
    cited_before = list(result.justification_criteria.all())
    if _criteria_pks(cited_before) != _criteria_pks(texts.justification_criteria):
        changes.append(
            {
                "field": "justification_criteria",
                "before": _titles(cited_before),
                "after": _titles(texts.justification_criteria),
            }
        )
        result.justification_criteria.set(texts.justification_criteria)
    finalists = result.finalists.select_related("candidate__municipality").prefetch_related(
        "criteria"
    )
    for finalist in finalists:
        if finalist.pk not in texts.paragraphs:
            continue
        paragraph, criteria = texts.paragraphs[finalist.pk]
        _check_criteria(actor.cycle, criteria)
        name, paragraph = _name(finalist.candidate), clean_text(paragraph)
        if paragraph != finalist.paragraph:
            changes.append(
                {
                    "field": "paragraph",
                    "subject": name,
                    "before": finalist.paragraph,
                    "after": paragraph,
                }
            )
            finalist.paragraph = paragraph
            finalist.save(update_fields=["paragraph"])
        cited_before = list(finalist.criteria.all())
        if _criteria_pks(cited_before) != _criteria_pks(criteria):
            changes.append(
                {
                    "field": "paragraph_criteria",
                    "subject": name,
                    "before": _titles(cited_before),
                    "after": _titles(criteria),
                }
            )
            finalist.criteria.set(criteria)
    if changes:
        result.save()
        _record(result, AuditKind.RESULT_CHANGED, actor.user, actor.cycle, changes=changes, at=now)
    return result


@transaction.atomic
def set_lix_target(actor: Deliberator, target: int, now=None) -> Result:
    if not actor.may_set_target:
        raise Refused(_("Only the secretariat sets the readability target."))
    low, high = LIX_TARGET_RANGE
    if not low <= target <= high:
        raise ValidationError(
            {
                "lix_target": _("Choose a target from %(low)d to %(high)d.")
                % {"low": low, "high": high}
            }
        )
    result = _result_for_update(actor.cycle, create=True)
    if result.is_locked:
        raise Refused(locked_message())
    if result.lix_target != target:
        change = {"field": "lix_target", "before": result.lix_target, "after": target}
        result.lix_target = target
        result.save()
        _record(result, AuditKind.RESULT_CHANGED, actor.user, actor.cycle, changes=[change], at=now)
    return result


# --- Signing, locking and unlocking --------------------------------------------------------------


@transaction.atomic
def sign_off(member: JuryMember, shown_digest: str, now=None) -> SignOff:
    """The juror approves the texts they were shown; refused when they changed since."""
    cycle = member.jury.cycle
    if not in_decision_phase(cycle, now):
        raise Refused(reviews_open_message())
    result = _result_for_update(cycle)
    if result is None or missing_texts(result, cycle):
        raise Refused(_("The texts are not finished yet: there is nothing to sign."), status=400)
    if result.is_locked:
        raise Refused(locked_message())
    digest = text_digest(result)
    if digest != shown_digest:
        raise Refused(
            _("The texts were changed while you read them. Read them again before you sign."),
            status=409,
        )
    signed, _created = SignOff.objects.update_or_create(
        result=result,
        member=member,
        defaults={"text_digest": digest, "signed_at": now or timezone.now()},
    )
    _record(
        result, AuditKind.RESULT_SIGNED, member.user, cycle, extra={"text_digest": digest}, at=now
    )
    return signed


@transaction.atomic
def lock(actor: Deliberator, now=None) -> Result:
    if not actor.is_chair:
        raise Refused(_("Only the jury's chair locks the result."))
    result = _result_for_update(actor.cycle)
    if result is not None and result.is_locked:
        raise Refused(_("The result is locked already."), status=409)
    blockers = lock_blockers(
        result,
        actor.cycle,
        jury_members(actor.cycle),
        now,
        conflicts=_chair_conflicts_now(actor.cycle),
    )
    if blockers:
        raise Refused(_("The result cannot be locked yet:"), details=blockers)
    now = now or timezone.now()
    result.locked_at, result.locked_by = now, actor.user
    result.save()
    measured = readability(result.justification)
    _record(
        result,
        AuditKind.RESULT_LOCKED,
        actor.user,
        actor.cycle,
        extra={"text_digest": text_digest(result), "lix": round(measured.lix, 1)},
        at=now,
    )
    return result


def _chair_conflicts_now(cycle: Cycle) -> frozenset[int]:
    """chair_conflicts, read from the database itself: for the lock and the confirmation,
    which must not trust figures kept from before a conflict was declared."""
    conflicts = Conflict.objects.active().filter(member__jury__cycle=cycle, member__is_chair=True)
    return frozenset(conflicts.values_list("candidate_id", flat=True))


def may_confirm(user, member: JuryMember | None, candidate_id: int, conflicts) -> bool:
    """A juror without a conflict with the candidate (`conflicts`: their own), or the
    secretariat with the right to change the result, confirms a chair's choice of it."""
    if member is None:
        return _has_staff_permission(user, CHANGE_PERMISSION)
    return candidate_id not in conflicts


@transaction.atomic
def confirm(cycle: Cycle, user, member: JuryMember | None, candidate_id: int, now=None) -> Result:
    """Confirms the choice of a candidate, as finalist and (if it is) as winner, that a chair in
    conflict with it made. `member`: the confirming juror's seat; None for the secretariat."""
    own = set()
    if member is not None:
        own = set(
            Conflict.objects.active()
            .filter(member=member, candidate_id=candidate_id)
            .values_list("candidate_id", flat=True)
        )
    if not may_confirm(user, member, candidate_id, own):
        raise Refused(
            _(
                "Only a juror without a conflict with the candidate, or the secretariat, "
                "confirms the choice."
            )
        )
    result = _result_for_update(cycle)
    if result is not None and result.is_locked:
        raise Refused(locked_message())
    finalist = (
        result.finalists.select_related("candidate__municipality")
        .filter(candidate_id=candidate_id)
        .first()
        if result is not None
        else None
    )
    waiting = pending_choices(result, _chair_conflicts_now(cycle)) if finalist else []
    choice = next((c for c in waiting if c.candidate.pk == candidate_id), None)
    if choice is None:
        raise Refused(_("There is no choice of this candidate waiting for confirmation."), 409)
    now = now or timezone.now()
    name = _name(finalist.candidate)
    waiting_label = audit.msgid(gettext_lazy("Waiting for confirmation"))
    confirmed_label = audit.msgid(gettext_lazy("Confirmed"))
    changes = []
    for field_name, pending in (
        ("finalist_confirmation", choice.as_finalist),
        ("winner_confirmation", choice.as_winner),
    ):
        if pending:
            changes.append(
                {
                    "field": field_name,
                    "subject": name,
                    "before": "waiting",
                    "after": "confirmed",
                    "before_label": waiting_label,
                    "after_label": confirmed_label,
                }
            )
    if choice.as_finalist:
        finalist.confirmed_by, finalist.confirmed_at = user, now
        finalist.save(update_fields=["confirmed_by", "confirmed_at"])
    if choice.as_winner:
        result.winner_confirmed_by, result.winner_confirmed_at = user, now
    result.save()
    _record(result, AuditKind.RESULT_CHANGED, user, cycle, changes=changes, at=now)
    return result


def confirmable(member: JuryMember, result: Result | None):
    """For the sign-off page: the choices that wait for a confirmation, and the candidates among
    them this juror may confirm (those they are not in conflict with), in one query."""
    if not finalists_of(result):
        return [], set()
    rows = (
        Conflict.objects.active()
        .filter(member__jury__cycle=member.jury.cycle_id)
        .filter(models.Q(member__is_chair=True) | models.Q(member=member))
        .values_list("member_id", "member__is_chair", "candidate_id")
    )
    chairs, own = set(), set()
    for member_id, is_chair, candidate_id in rows:
        if is_chair:
            chairs.add(candidate_id)
        if member_id == member.pk:
            own.add(candidate_id)
    pending = pending_choices(result, chairs)
    return pending, {c.candidate.pk for c in pending if c.candidate.pk not in own}


def check_unlock_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < UNLOCK_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "Write why the result is unlocked, in at least %(count)d characters: it is "
                    "kept in the record."
                )
                % {"count": UNLOCK_REASON_MIN_LENGTH}
            }
        )
    return reason


@transaction.atomic
def unlock(actor: Deliberator, reason: str, now=None) -> Result:
    if not actor.may_unlock:
        raise Refused(_("Only the jury's chair or the secretariat unlocks the result."))
    reason = check_unlock_reason(reason)
    result = _result_for_update(actor.cycle)
    if result is None or not result.is_locked:
        raise Refused(_("The result is not locked."), status=409)
    now = now or timezone.now()
    # A correction when anything of it was public as it stood, locked, at this moment.
    published = publication.result_public(actor.cycle, result, result.finalists.exists(), now)
    result.locked_at, result.locked_by = None, None
    if published:
        result.corrected_at = now
    result.save()
    _record(
        result,
        AuditKind.RESULT_UNLOCKED,
        actor.user,
        actor.cycle,
        reason=reason,
        extra={"after_publication": True} if published else None,
        at=now,
    )
    return result
