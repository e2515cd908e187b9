"""The jury part of the demo (bootstrap --demo): a chair and three members on every demo cycle's
jury (nominations/demo.py). Last year's jury is at work with no candidate scored; the year
before is fully scored and in deliberation, for the chair; the year before that is decided,
signed, locked and announced. The jurors score differently, criterion by criterion, and one is
lenient, so that weights and normalisation change the ranking. Safe to run again: what exists
is left as it is."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from nominations.demo import DEMO_PASSWORD
from nominations.models import Cycle, Eligibility

from .demo_decision import decide_past_cycle
from .models import Conflict, ConflictKind, Jury, JuryMember, Review, Score

JURORS = (
    ("juryleder", "Gunn", "Leder", True),
    ("jurymedlem1", "Kjell", "Medlem", False),
    ("jurymedlem2", "Stian", "Medlem", False),
    ("jurymedlem3", "Hege", "Medlem", False),
)
# (juror, municipality number): who is in conflict with whom in the demo's past cycles.
PAST_CONFLICTS = (("jurymedlem2", "5001"), ("jurymedlem3", "1106"))


@transaction.atomic
def load_jury_demo(loaded: dict) -> list[tuple[str, str, str]]:
    """The juries of the cycles nominations.demo.load_demo() returned, by their roles."""
    users = _users()
    _jury(loaded["open"], users)
    for role in ("jury", "deliberation", "announced"):
        cycle = loaded[role]
        jury = _jury(cycle, users)
        _screen(cycle)
        _conflicts(cycle, jury)
        if role != "jury":
            _score_everything(cycle, jury)
    announced = loaded["announced"]
    # Decided in the deliberation of its own year, before its finalists were published.
    decide_past_cycle(announced, now=announced.finalists_published_at - datetime.timedelta(days=2))
    return [
        (username, DEMO_PASSWORD, "Jury chair" if chair else "Jury member")
        for username, _first, _last, chair in JURORS
    ]


def _users():
    model = get_user_model()
    users = {}
    for username, first, last, _chair in JURORS:
        user, created = model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                # Reminders and invitations in the demo go to the console (README).
                "email": f"{username}@example.org",
            },
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
            defaults={
                "is_chair": chair,
                "invited_at": timezone.now(),
                "conflicts_declared_at": timezone.now(),
            },
        )
    return jury


def _screen(cycle):
    """Every candidate eligible, screened when the jury started."""
    cycle.candidates.filter(screened_at__isnull=True).update(
        eligibility=Eligibility.ELIGIBLE, screened_at=cycle.jury_started_at
    )


def _conflicts(cycle, jury: Jury):
    members = {m.user.username: m for m in jury.members.select_related("user")}
    candidates = {c.municipality.number: c for c in cycle.candidates.select_related("municipality")}
    for username, number in PAST_CONFLICTS:
        if number in candidates:
            Conflict.objects.get_or_create(
                member=members[username],
                candidate=candidates[number],
                defaults={
                    "kind": ConflictKind.LIVES_OR_WORKS,
                    "declared_by": members[username].user,
                },
            )


def _score_everything(cycle, jury: Jury):
    """Every review not in conflict done, with scores that differ between jurors."""
    members = {m.user.username: m for m in jury.members.select_related("user")}
    candidates = list(cycle.candidates.select_related("municipality").order_by("pk"))
    conflicts = set(
        Conflict.objects.filter(member__jury=jury).values_list("member_id", "candidate_id")
    )
    reviewed = set(
        Review.objects.filter(member__jury=jury).values_list("member_id", "candidate_id")
    )
    criteria = list(cycle.criteria.all())
    for j, (username, member) in enumerate(sorted(members.items())):
        for c, candidate in enumerate(candidates):
            key = (member.pk, candidate.pk)
            if key in conflicts or key in reviewed:
                continue
            review = Review.objects.create(
                member=member, candidate=candidate, done_at=cycle.jury_started_at, version=1
            )
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=criterion,
                    value=_demo_score(c + cycle.year, j, k, lenient=username == "jurymedlem1"),
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
    # Each candidate is stronger on some criteria than others, and each juror weighs the
    # criteria a little differently.
    profile = ((candidate * 5 + criterion * 3) % 5 - 2) * 0.5
    noise = ((juror * 7 + candidate * 3 + criterion * 5) % 5 - 2) * 0.45
    return max(1, min(5, round(level + profile + noise) + (1 if lenient else 0)))
