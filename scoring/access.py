"""Who may see and change what in the jury's work: one truth for pages, exports and commands.

- A juror sees only the cycles of the juries they sit on.
- A juror never sees a candidate they have an active conflict with: its page, nominations,
  scores and comments answer 404, as if it did not exist.
- A juror first goes through the candidates and declares any conflicts; until then (and again
  when candidates are screened in after it) they see none of them.
- Scores can be changed only while the cycle is in the jury phase; after it, read-only.
- A juror sees other jurors' scores for a candidate only after marking their own review of it
  done, and only as the jury's reveal policy allows.
- The secretariat (staff with the permission to view the jury's comments) may read a candidate's
  jury page and take part in the discussion without a seat; it never scores and never sees a
  single juror's scores there. A secretariat user who sits on the jury is treated as a juror.
- The aggregate (the deliberation, the comparison, the result page, the workbook) shows a juror
  in conflict with a candidate, the chair above all, only the candidate's rank and totals: no
  juror's scores, no comments, nothing per criterion (withheld_candidates() says which). The
  secretariat, without a seat, sees all of it.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from nominations.models import Candidate, Cycle, Eligibility, Phase

from .models import Conflict, JuryMember, RevealPolicy, Review

SCORING_PHASES = {Phase.JURY}
REVEAL_PHASES = {Phase.DELIBERATION, Phase.FINALISTS, Phase.ANNOUNCED}
# The jury discusses while it scores and while it chooses finalists and the winner; once the
# winner is announced the discussion is a closed record.
DISCUSSION_PHASES = {Phase.JURY, Phase.DELIBERATION, Phase.FINALISTS}
SECRETARIAT_PERMISSION = "scoring.view_jurycomment"


def seat(user, cycle_pk) -> JuryMember | None:
    """The user's seat on the jury of the cycle, if they have one (a seat decides what a
    person may see of that cycle, whatever other rights they hold). Read with what
    must_declare_conflicts() asks, which every page of the jury asks next."""
    if not user.is_authenticated:
        return None
    member = _seats(user.pk, cycle_pk).first()  # one seat at most
    if member is not None:
        member.user = user  # the very user asked about: no need to read it again
    return member


def _seats(user_pk: int, cycle_pk: int):
    screened_since = _screened_after_declaration(
        OuterRef("jury__cycle_id"), OuterRef("conflicts_declared_at")
    )
    return (
        JuryMember.objects.select_related("jury__cycle__award")
        .annotate(screened_since_declaration=Exists(screened_since))
        .filter(jury__cycle_id=cycle_pk, user_id=user_pk)
        .order_by()  # the default order would join the user for nothing
    )


def seated_cycles(user):
    """The cycles whose jury the user sits on. Their part of the audit record, which holds every
    juror's scores, is hidden from the user (registered in ScoringConfig.ready())."""
    if not user.is_authenticated:
        return Cycle.objects.none()
    return Cycle.objects.filter(jury__members__user=user)


def membership(user, cycle_pk) -> JuryMember:
    """The user's seat on the cycle's jury, or 404."""
    member = seat(user, cycle_pk)
    if member is None:
        raise Http404
    return member


def memberships(user):
    if not user.is_authenticated:
        return JuryMember.objects.none()
    return JuryMember.objects.filter(user=user).select_related("jury__cycle__award")


def candidates_for(member: JuryMember):
    """The eligible candidates of the member's cycle that they are not in conflict with."""
    return visible_candidates(member.pk, member.jury.cycle_id)


def visible_candidates(member_pk: int, cycle_pk: int):
    """candidates_for() by the ids of the seat and its cycle."""
    in_conflict = Conflict.objects.active().filter(member_id=member_pk, candidate=OuterRef("pk"))
    return (
        Candidate.objects.filter(cycle_id=cycle_pk, eligibility=Eligibility.ELIGIBLE)
        .exclude(Exists(in_conflict))
        .select_related("municipality", "municipality__county")
        # Unordered: each page sorts as it shows them (Norwegian order is not the database's),
        # and the default order would join the cycle and the award for every query.
        .order_by()
    )


def candidate_for(member: JuryMember, candidate_pk) -> Candidate:
    """One candidate the member may see, or 404 (also for a conflict: nothing is revealed)."""
    candidate = candidates_for(member).filter(pk=candidate_pk).first()
    if candidate is None:
        raise Http404
    return candidate


def withheld_candidates(member: JuryMember | None, computed) -> frozenset[int]:
    """The candidates whose per-juror figures and comments this viewer may not see in the
    jury's aggregate: those the seat is in active conflict with (the cycle's figures mark them,
    so this costs no query). The secretariat without a seat (member None) sees them all.
    Pages, comparisons and the workbook ask this, and only this."""
    from .score_math import ReviewState  # score_math reads progress, which reads this module

    if member is None:
        return frozenset()
    status = computed.juror_status  # score_math.CycleResults
    if member.pk not in status.index:
        return frozenset()
    row = status.loc[member.pk]
    return frozenset(int(pk) for pk in row.index[row == ReviewState.CONFLICT.value])


def is_current(cycle: Cycle, now=None) -> bool:
    """The jury's work on the cycle is not over: the winner is not yet announced."""
    return cycle.phase_at(now or timezone.now()) != Phase.ANNOUNCED


def declarable_candidates(member: JuryMember):
    """Every eligible candidate of the member's cycle, conflicts too: the list a juror goes
    through to declare conflicts. Only names are shown from it."""
    return Candidate.objects.filter(
        cycle=member.jury.cycle_id, eligibility=Eligibility.ELIGIBLE
    ).select_related("municipality", "municipality__county")


def _screened_after_declaration(cycle, declared_at):
    return Candidate.objects.filter(
        cycle=cycle, eligibility=Eligibility.ELIGIBLE, screened_at__gt=declared_at
    )


def must_declare_conflicts(member: JuryMember) -> bool:
    """The juror must declare conflicts before seeing any candidate: they never have, or
    candidates were screened in after they last did (so those were never on their list)."""
    if member.conflicts_declared_at is None:
        return True
    known = getattr(member, "screened_since_declaration", None)  # read with the seat
    if known is not None:
        return known
    cycle = member.jury.cycle_id
    return _screened_after_declaration(cycle, member.conflicts_declared_at).exists()


def may_score(member: JuryMember, now=None) -> bool:
    return member.jury.cycle.phase_at(now or timezone.now()) in SCORING_PHASES


def may_see_others(member: JuryMember, review: Review | None, now=None) -> bool:
    """Blind first: others' scores only after one's own review is done, and as the policy says."""
    if review is None or not review.is_done:
        return False
    return reveals_others(member, now)


def reveals_others(member: JuryMember, now=None) -> bool:
    """The jury's policy, in the phase the cycle is in, shows the other jurors' reviews to a
    juror whose own review is done."""
    policy = member.jury.reveal_policy
    if policy == RevealPolicy.AFTER_OWN_REVIEW:
        return True
    if policy == RevealPolicy.IN_DELIBERATION:
        return member.jury.cycle.phase_at(now or timezone.now()) in REVEAL_PHASES
    return False


def is_secretariat(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(SECRETARIAT_PERMISSION)
    )


@dataclass(frozen=True)
class CandidateAccess:
    """Who looks at a candidate's jury page: a juror without a conflict, or the secretariat."""

    candidate: Candidate
    cycle: Cycle
    member: JuryMember | None  # None: the secretariat, reading without a seat

    @property
    def is_secretariat(self) -> bool:
        return self.member is None


def candidate_access(user, cycle_pk, candidate_pk) -> CandidateAccess:
    """The right to a candidate's jury page, or 404 (also for a juror in conflict, even when
    they are secretariat as well: a seat decides)."""
    if not user.is_authenticated:
        raise Http404
    member = seat(user, cycle_pk)
    if member is not None:
        return CandidateAccess(candidate_for(member, candidate_pk), member.jury.cycle, member)
    if is_secretariat(user):
        candidate = (
            Candidate.objects.filter(
                cycle_id=cycle_pk, pk=candidate_pk, eligibility=Eligibility.ELIGIBLE
            )
            .select_related("cycle__award", "municipality", "municipality__county")
            .first()
        )
        if candidate is not None:
            return CandidateAccess(candidate, candidate.cycle, None)
    raise Http404


def may_discuss(access: CandidateAccess, now=None) -> bool:
    return access.cycle.phase_at(now or timezone.now()) in DISCUSSION_PHASES
