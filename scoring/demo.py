"""The jury part of the demo (bootstrap --demo): a chair and three members on the current
cycle's jury and on last year's, whose reviews are all done, with two conflicts. Safe to run
again: a jury that exists is left as it is."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from nominations.demo import DEMO_PASSWORD
from nominations.models import Cycle, Eligibility

from .demo_result import decide_past_cycle
from .models import Conflict, ConflictKind, Jury, JuryMember, Review, Score

JURORS = (
    ("juryleder", "Gunn", "Leder", True),
    ("jurymedlem1", "Kjell", "Medlem", False),
    ("jurymedlem2", "Stian", "Medlem", False),
    ("jurymedlem3", "Hege", "Medlem", False),
)
# (juror, municipality number): who is in conflict with whom in last year's cycle.
PAST_CONFLICTS = (("jurymedlem2", "5001"), ("jurymedlem3", "1106"))


@transaction.atomic
def load_jury_demo(current, past) -> list[tuple[str, str, str]]:
    users = _users()
    _jury(current, users)
    if not hasattr(past, "jury"):
        _scored_past_cycle(past, _jury(past, users))
    decide_past_cycle(past)
    return [
        (username, DEMO_PASSWORD, "Jury chair" if chair else "Jury member")
        for username, _first, _last, chair in JURORS
    ]


def _users():
    model = get_user_model()
    users = {}
    for username, first, last, _chair in JURORS:
        user, created = model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


def _jury(cycle, users) -> Jury:
    jury, _ = Jury.objects.get_or_create(cycle=cycle)
    for username, _first, _last, chair in JURORS:
        JuryMember.objects.get_or_create(
            jury=jury,
            user=users[username],
            defaults={"is_chair": chair, "conflicts_declared_at": timezone.now()},
        )
    return jury


def _scored_past_cycle(cycle, jury: Jury):
    """Every candidate eligible, every review done, scores that differ between jurors."""
    close = cycle.nominations_close_at
    cycle.jury_started_at = close + datetime.timedelta(days=7)
    cycle.deliberation_started_at = close + datetime.timedelta(days=40)
    cycle.save(update_fields=["jury_started_at", "deliberation_started_at"])
    cycle.candidates.update(eligibility=Eligibility.ELIGIBLE, screened_at=cycle.jury_started_at)
    members = {m.user.username: m for m in jury.members.select_related("user")}
    candidates = list(cycle.candidates.select_related("municipality").order_by("pk"))
    for username, number in PAST_CONFLICTS:
        candidate = next(c for c in candidates if c.municipality.number == number)
        Conflict.objects.create(
            member=members[username],
            candidate=candidate,
            kind=ConflictKind.LIVES_OR_WORKS,
            declared_by=members[username].user,
        )
    conflicts = set(PAST_CONFLICTS)
    criteria = list(cycle.criteria.all())
    for j, (username, member) in enumerate(sorted(members.items())):
        for c, candidate in enumerate(candidates):
            if (username, candidate.municipality.number) in conflicts:
                continue
            review = Review.objects.create(
                member=member, candidate=candidate, done_at=cycle.jury_started_at, version=1
            )
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=criterion,
                    value=_demo_score(c, j, k, lenient=username == "jurymedlem1"),
                    evidence="documented" if (c + k) % 3 else "claimed",
                )
                for k, criterion in enumerate(criteria)
            )
    # update() and bulk_create() send no signal: the math is made anew (scoring/signals.py).
    Cycle.objects.filter(pk=cycle.pk).raise_results_version()


# How strong each demo candidate is, in the order they were created; the jurors differ a
# little around it, and one of them is lenient, so the deliberation page has something to show.
CANDIDATE_LEVELS = (4.2, 3.1, 3.7, 2.4, 3.0, 2.0, 4.5, 2.8)


def _demo_score(candidate: int, juror: int, criterion: int, *, lenient: bool) -> int:
    level = CANDIDATE_LEVELS[candidate % len(CANDIDATE_LEVELS)]
    noise = ((juror * 7 + candidate * 3 + criterion * 5) % 5 - 2) * 0.45
    return max(1, min(5, round(level + noise) + (1 if lenient else 0)))
