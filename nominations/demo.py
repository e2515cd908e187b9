"""The demo that `make run` loads: the award with four cycles, so that a newcomer can try every
role at once, whatever the date:

- this year's cycle (next year's after August), open for nominations today;
- last year's, with the jury at work and no candidate scored yet;
- the year before, fully scored and in deliberation, for the chair;
- the year before that, decided and announced.

The dates of the first three are set relative to today each time the demo is loaded; the last
keeps the usual calendar of its year, which always lies in the past. Every municipality without
a contact address gets an invented one (`.example`), so that the notice a municipality gets when
someone else nominates it can be seen. Never loaded in production: only
`manage.py bootstrap --demo` does it. Safe to run again."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from .defaults import add_default_criteria, ensure_award
from .models import Answer, Candidate, Cycle, Municipality, Nomination, NominationStatus

DEMO_PASSWORD = "frivillig-demo"
SECRETARIAT_GROUP = "Sekretariat"
DAY = datetime.timedelta(days=1)
# The demo cycles' weights by criterion position: the dialogue counts double, so that the
# weights change the ranking.
DEMO_WEIGHTS = {1: Decimal("2"), 4: Decimal("1.5")}

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
        "1103",
        "Stavanger idrettsråd",
        "organisation",
        "Stavanger har frivillighetsråd, frivillighetsmelding og en frivillighetskoordinator.",
    ),
    (
        "4207",
        "Flekkefjord kommune",
        "municipality",
        "Flekkefjord har en samarbeidsplattform med lag og foreninger og et årlig dialogmøte.",
    ),
    (
        "3403",
        "Ola Nordmann",
        "person",
        "Hamar har gratis lokaler for lag og foreninger i et universelt utformet frivillighetshus.",
    ),
    (
        "4204",
        "Kristiansand frivilligsentral",
        "organisation",
        "Kristiansand har frivillighetsforum med barne- og ungdomsorganisasjoner og beredskap.",
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


# What a nominator might answer, by criterion position; {name} is the municipality. Several
# per criterion, so that the candidates do not all read alike.
ANSWERS = {
    1: (
        "{name} holdt tre dialogmøter med lag og foreninger før frivillighetsplanen ble skrevet. "
        "Over 200 lag svarte på en spørreundersøkelse om hva de trenger, og svarene er "
        "vedlegg til planen.",
        "Kommunen kartla frivilligheten i 2022 sammen med frivilligsentralen. Lagene har "
        "vært med i en arbeidsgruppe som skrev utkastet til ny frivillighetspolitikk.",
        "Vi har et åpent dialogmøte hver vår der alle lag kan komme. Referatene ligger på "
        "kommunens nettsider, og innspillene følges opp av frivillighetskoordinatoren.",
    ),
    2: (
        "Kommunestyret vedtok frivillighetspolitikken enstemmig, og den er en del av "
        "samfunnsdelen i kommuneplanen. Ordføreren leder arbeidet med oppfølgingen.",
        "Frivillighetsstrategien ble vedtatt av bystyret og rulleres hvert fjerde år. "
        "Handlingsplanen har egne tiltak og penger i budsjettet.",
        "{name} har en frivillighetserklæring signert av ordfører og frivillighetsrådet. "
        "Den ble behandlet i formannskapet og følges opp i årsmeldingen.",
    ),
    3: (
        "Hvert år arrangerer kommunen en frivillighetskonferanse med rundt 150 deltakere fra "
        "lag, foreninger, politikere og administrasjon.",
        "Frivillighetshuset er gratis for alle lag, universelt utformet og åpent på kveldstid. "
        "Der holdes også kurs i søknadsskriving og styrearbeid.",
        "Vi holder frivillighetens dag i sentrum hver høst, der lagene viser seg fram og møter "
        "politikerne.",
    ),
    4: (
        "Frivillighetsrådet har ni medlemmer fra idrett, kultur, friluftsliv, barn og unge, "
        "helse, innvandrerorganisasjoner og beredskap. Rådet møtes fire ganger i året og har "
        "mandat fra kommunestyret.",
        "Et frivillighetsforum møtes to ganger i året. Alle lag kan melde seg på, og forumet "
        "velger representanter til kommunens råd.",
        "{name} har ikke et eget frivillighetsråd ennå, men idrettsrådet og kulturrådet møter "
        "kommunen fast hvert halvår.",
    ),
    5: (
        "Frivilligheten var med i verksteder om kommuneplanens samfunnsdel, og lagene får "
        "planer på høring direkte.",
        "Frivillighetsrådet uttaler seg om alle store planer før de går til politisk behandling.",
        "Lagene ble invitert til å gi innspill til områdeplanen for sentrum, og flere av "
        "innspillene kom med i den vedtatte planen.",
    ),
}
OTHER_ANSWER = "Se vedlagt frivillighetsplan og referat fra frivillighetsrådet."


def current_cycle_year(now: datetime.datetime) -> int:
    """This year's cycle while nominations can still be open, otherwise next year's."""
    local = timezone.localtime(now)
    return local.year if local.month < 9 else local.year + 1


def demo_times(role: str, year: int, now: datetime.datetime) -> dict:
    """The times of a demo cycle in its role (open, jury, deliberation, announced) at `now`."""
    if role == "open":
        times = Cycle.default_times(year)
        times["nominations_open_at"] = min(times["nominations_open_at"], now - DAY)
        times["nominations_close_at"] = max(times["nominations_close_at"], now + 30 * DAY)
        return {**times, "jury_started_at": None, "deliberation_started_at": None}
    if role == "jury":
        return {
            "nominations_open_at": now - 150 * DAY,
            "nominations_close_at": now - 90 * DAY,
            "jury_started_at": now - 60 * DAY,
            "deliberation_started_at": None,
            "finalists_published_at": now + 30 * DAY,
            "announced_at": now + 45 * DAY,
        }
    if role == "deliberation":
        return {
            "nominations_open_at": now - 240 * DAY,
            "nominations_close_at": now - 180 * DAY,
            "jury_started_at": now - 150 * DAY,
            "deliberation_started_at": now - 7 * DAY,
            "finalists_published_at": now + 20 * DAY,
            "announced_at": now + 40 * DAY,
        }
    # Announced: the usual calendar of a year that lies in the past.
    times = Cycle.default_times(year)
    close = times["nominations_close_at"]
    return {
        **times,
        "jury_started_at": close + 7 * DAY,
        "deliberation_started_at": close + 40 * DAY,
    }


ROLES = ("open", "jury", "deliberation", "announced")


@transaction.atomic
def load_demo(now: datetime.datetime | None = None) -> dict:
    """The demo's cycles by role ("current" is the open one) and its accounts."""
    now = now or timezone.now()
    award = ensure_award()
    year = current_cycle_year(now)
    loaded = {}
    for offset, role in enumerate(ROLES):
        cycle_year = year - offset
        times = demo_times(role, cycle_year, now)
        cycle, created = Cycle.objects.update_or_create(
            award=award, year=cycle_year, defaults={**times, "is_published": True}
        )
        add_default_criteria(cycle)
        if role != "open":
            _weigh(cycle)
            if not cycle.nominations.exists():
                _past_nominations(cycle)
        loaded[role] = cycle
    loaded["current"] = loaded["open"]
    _contact_addresses()
    loaded["accounts"] = _accounts()
    return loaded


def _weigh(cycle: Cycle):
    for position, weight in DEMO_WEIGHTS.items():
        cycle.criteria.filter(position=position).update(weight=weight)


def _contact_addresses():
    """An invented address for every municipality the secretariat has not given one."""
    missing = list(Municipality.objects.filter(contact_email=""))
    for municipality in missing:
        municipality.contact_email = f"postmottak@k{municipality.number}.kommune.example"
    Municipality.objects.bulk_update(missing, ["contact_email"], batch_size=500)


def _past_nominations(cycle: Cycle):
    criteria = list(cycle.criteria.all())
    municipalities = {m.number: m for m in Municipality.objects.valid_in(cycle.year)}
    for n, (number, name, kind, reason) in enumerate(PAST_NOMINATIONS):
        municipality = municipalities.get(number)
        if municipality is None:  # not in that year's register
            continue
        candidate, _ = Candidate.objects.get_or_create(cycle=cycle, municipality=municipality)
        submitted = cycle.nominations_close_at - 10 * DAY
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
                text=_answer(criterion.position, n, municipality.display_name),
            )
            for criterion in criteria
        )


def _answer(position: int, n: int, name: str) -> str:
    variants = ANSWERS.get(position)
    if not variants:
        return OTHER_ANSWER
    return variants[(n + position) % len(variants)].format(name=name)


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
