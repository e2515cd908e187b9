"""A cycle in its jury phase with a jury (a chair and three members), eligible candidates with
nominations, and helpers to log in as each kind of person."""

import datetime

import pytest
from django.utils import timezone

from nominations.defaults import add_default_criteria, ensure_award
from nominations.models import (
    Answer,
    Candidate,
    Cycle,
    Eligibility,
    Municipality,
    Nomination,
    NominationStatus,
)
from scoring.models import Conflict, ConflictKind, Jury, JuryMember

CANDIDATE_NUMBERS = ("1812", "5001", "4601", "1106", "0301")


def make_cycle(award, year, phase="jury"):
    """A published cycle whose times put it in the given phase now."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    close = now - 10 * day
    cycle = Cycle.objects.create(
        award=award,
        year=year,
        is_published=True,
        nominations_open_at=close - 90 * day,
        nominations_close_at=close,
        jury_started_at=close + day,
        deliberation_started_at=(now - day) if phase == "deliberation" else now + 20 * day,
        finalists_published_at=now + 30 * day,
        announced_at=now + 40 * day,
    )
    add_default_criteria(cycle)
    return cycle


def add_candidates(cycle, numbers=CANDIDATE_NUMBERS, nominations_each=2):
    criteria = list(cycle.criteria.all())
    candidates = []
    for number in numbers:
        municipality = Municipality.objects.valid_in(cycle.year).get(number=number)
        candidate = Candidate.objects.create(
            cycle=cycle, municipality=municipality, eligibility=Eligibility.ELIGIBLE
        )
        for n in range(nominations_each):
            nomination = Nomination.objects.create(
                cycle=cycle,
                municipality=municipality,
                candidate=candidate,
                status=NominationStatus.SUBMITTED,
                reference=cycle.next_reference(),
                nominator_name=f"Innsender {n} for {municipality.name}",
                nominator_email=f"innsender{n}@example.org",
                nominator_kind="organisation",
                reason=f"Begrunnelse {n} for {municipality.name}.",
                submitted_at=cycle.nominations_close_at - datetime.timedelta(days=3),
            )
            Answer.objects.bulk_create(
                Answer(nomination=nomination, criterion=c, text=f"Svar {n} på {c.title}.")
                for c in criteria
            )
        candidates.append(candidate)
    return candidates


@pytest.fixture
def jury_cycle(award_platform, register):
    award = ensure_award()
    cycle = make_cycle(award, timezone.localtime().year)
    add_candidates(cycle)
    return cycle


@pytest.fixture
def jury(jury_cycle, django_user_model):
    """The chair and three members; every one has declared their conflicts (none)."""
    jury = Jury.objects.create(cycle=jury_cycle)
    members = {}
    for username, is_chair in (("leder", True), ("anne", False), ("bjorn", False), ("cato", False)):
        user = django_user_model.objects.create_user(
            username, password="pw", first_name=username.title(), last_name="Jurymedlem"
        )
        members[username] = JuryMember.objects.create(
            jury=jury, user=user, is_chair=is_chair, conflicts_declared_at=timezone.now()
        )
    jury.by_name = members
    return jury


@pytest.fixture
def conflict(jury):
    """Cato lives in Oslo: in conflict with that candidate."""
    member = jury.by_name["cato"]
    oslo = jury.cycle.candidates.get(municipality__number="0301")
    return Conflict.objects.create(
        member=member, candidate=oslo, kind=ConflictKind.LIVES_OR_WORKS, declared_by=member.user
    )


@pytest.fixture
def login(client):
    def as_member(member):
        client.force_login(member.user)
        return client

    return as_member


@pytest.fixture
def other_juror(jury_cycle, django_user_model):
    """Dina, on the jury of another cycle (last year's), which has a candidate of its own."""
    other = make_cycle(jury_cycle.award, jury_cycle.year - 1)
    add_candidates(other, numbers=("1812",), nominations_each=1)
    user = django_user_model.objects.create_user("dina", password="pw", first_name="Dina")
    return JuryMember.objects.create(
        jury=Jury.objects.create(cycle=other), user=user, conflicts_declared_at=timezone.now()
    )


@pytest.fixture
def english(client, settings):
    """Pages in English, the msgids, whatever the Norwegian catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
