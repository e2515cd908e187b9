"""Builders of test data that several test packages share: a cycle in a given phase, eligible
candidates with nominations, and staff users with given rights. The fixtures built on them are
in tests/conftest.py."""

import datetime

from django.utils import timezone

from nominations.defaults import add_default_criteria
from nominations.models import (
    Answer,
    Candidate,
    Cycle,
    Eligibility,
    Municipality,
    Nomination,
    NominationStatus,
)

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


# The rights the demo gives the secretariat's group (nominations/demo.py): everything in the three
# apps, and axes' failed logins, to lift a lockout.
SECRETARIAT_APPS = ("platforms", "nominations", "scoring", "axes")


def staff_user(username, *permissions, **fields):
    """A staff user with the given rights, each as "app_label.codename"."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username, password="pw", is_staff=True, **fields)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def secretariat_user(username="sekretariat", **fields):
    """Staff in the secretariat's group, with the rights the demo gives it."""
    from django.contrib.auth.models import Group, Permission

    from nominations.demo import SECRETARIAT_GROUP

    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS))
    user = staff_user(username, **fields)
    user.groups.add(group)
    return user
