"""The demo that `make run` loads: the award, a cycle open for nominations today, last year's
cycle with nominations, and demo accounts (listed in the README). Never loaded in production:
only `manage.py bootstrap --demo` does it. Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from .defaults import add_default_criteria, ensure_award
from .models import Answer, Candidate, Cycle, Municipality, Nomination, NominationStatus

DEMO_PASSWORD = "frivillig-demo"
SECRETARIAT_GROUP = "Sekretariat"

PAST_NOMINATIONS = (
    (
        "1812",
        "Sømna frivilligsentral",
        "organisation",
        "Frivilligsentralen og kommunen har et felles frivillighetsråd med fast møteplan.",
    ),
    (
        "5001",
        "Idrettsrådet i Trondheim",
        "organisation",
        "Trondheim har en vedtatt frivillighetsmelding og en årlig frivillighetskonferanse.",
    ),
    (
        "4601",
        "Bergen kommune",
        "municipality",
        "Bergen har vedtatt en frivillighetsstrategi i bystyret og frivillighetsråd i bydelene.",
    ),
    (
        "3222",
        "Lørenskog idrettsråd",
        "organisation",
        "Lørenskog har frivillighetsråd, frivillighetsmelding og en frivillighetskoordinator.",
    ),
    (
        "4207",
        "Flekkefjord kommune",
        "municipality",
        "Flekkefjord har en samarbeidsplattform med lag og foreninger og et årlig dialogmøte.",
    ),
    (
        "3103",
        "Ola Nordmann",
        "person",
        "Moss har gratis lokaler for lag og foreninger i et universelt utformet frivillighetshus.",
    ),
    (
        "4001",
        "Porsgrunn frivilligsentral",
        "organisation",
        "Porsgrunn har frivillighetsforum med barne- og ungdomsorganisasjoner og beredskap.",
    ),
    (
        "1106",
        "Kari Nordmann",
        "person",
        "Haugesund inviterer frivilligheten inn i arbeidet med kommuneplanens samfunnsdel.",
    ),
    (
        "5001",
        "Trondheim frivilligsentral",
        "organisation",
        "Kommunen har gjort frivillighetshuset universelt utformet og gratis for lagene.",
    ),
)


def current_cycle_year(now: datetime.datetime) -> int:
    """This year's cycle while nominations can still be open, otherwise next year's."""
    local = timezone.localtime(now)
    return local.year if local.month < 9 else local.year + 1


@transaction.atomic
def load_demo(now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    award = ensure_award()
    year = current_cycle_year(now)
    times = Cycle.default_times(year)
    # Open for nominations today, whatever day `make run` is run.
    times["nominations_open_at"] = min(
        times["nominations_open_at"], now - datetime.timedelta(days=1)
    )
    times["nominations_close_at"] = max(
        times["nominations_close_at"], now + datetime.timedelta(days=30)
    )
    current, _ = Cycle.objects.get_or_create(
        award=award, year=year, defaults={**times, "is_published": True}
    )
    add_default_criteria(current)

    past_year = year - 1
    past, created = Cycle.objects.get_or_create(
        award=award,
        year=past_year,
        defaults={**Cycle.default_times(past_year), "is_published": True},
    )
    add_default_criteria(past)
    if created:
        _past_nominations(past)
    accounts = _accounts()
    return {"current": current, "past": past, "accounts": accounts}


def _past_nominations(cycle: Cycle):
    criteria = list(cycle.criteria.all())
    municipalities = {m.number: m for m in Municipality.objects.valid_in(cycle.year)}
    for number, name, kind, reason in PAST_NOMINATIONS:
        municipality = municipalities[number]
        candidate, _ = Candidate.objects.get_or_create(cycle=cycle, municipality=municipality)
        submitted = cycle.nominations_close_at - datetime.timedelta(days=10)
        nomination = Nomination.objects.create(
            cycle=cycle,
            municipality=municipality,
            candidate=candidate,
            status=NominationStatus.SUBMITTED,
            reference=None,
            nominator_name=name,
            nominator_email="demo@example.org",
            nominator_kind=kind,
            organisation_name=name if kind == "organisation" else "",
            reason=reason,
            consent_at=submitted,
            submitted_at=submitted,
        )
        nomination.reference = cycle.next_reference()
        nomination.save(update_fields=["reference"])
        Answer.objects.bulk_create(
            Answer(
                nomination=nomination,
                criterion=criterion,
                text=f"{reason} (Demosvar på «{criterion.title}».)",
            )
            for criterion in criteria
        )


def _accounts() -> list[tuple[str, str, str]]:
    """The demo accounts: (username, password, role)."""
    users = get_user_model()
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            # axes: the failed logins, to lift a lockout.
            content_type__app_label__in=["platforms", "nominations", "scoring", "axes"]
        )
    )
    accounts = []
    for username, role, superuser in (
        ("admin", "Administrator (all rights)", True),
        ("sekretariat", "Secretariat (KS / Frivillighet Norge)", False),
    ):
        user, created = users.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": superuser}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if not superuser:
            user.groups.add(group)
        accounts.append((username, DEMO_PASSWORD, role))
    return accounts
