"""What is in the fresh database before the first request (run in the harness's own process,
with Django set up on the same settings and database as the server).

- `manage.py bootstrap`: the platform texts, the municipality register, the award.
- The deadline: Årets frivillighetskommune's cycle, open with the default criteria, closing in
  an hour. A pool of municipalities gets contact addresses, so that a municipality nominated by
  others is told (once) and the check can count the notices.
- The jury: a second award's cycle in its jury phase, with eligible candidates, each with
  submitted nominations (answers and a file), and its jurors, conflicts already declared (one
  juror has a conflict, so their list is one shorter). A second award because one award's cycle
  cannot be open and in the jury at once; it has the same year as the open cycle, as two awards
  may (the call at /nominer/ is the one open, and the form's address names its award).
"""

import datetime
import io
import random
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from . import content

JURY_AWARD_SLUG = "lasttest-jurykaaring"
JURY_CANDIDATES = 12
# Municipalities many nominate (the deadline's popular candidates): a nominator picks one of
# these most of the time, so candidates gather several nominations and are created in races.
POPULAR = (
    "0301", "1812", "5001", "4601", "1103", "3201", "4204", "1508", "5501", "3905",
    "3301", "1804", "4003", "3403", "1505", "3101", "4621", "5401", "1106", "3205",
)  # fmt: skip


@dataclass
class Juror:
    username: str
    password: str
    totp_key: str = ""  # the hex key of the juror's authenticator, to compute login codes


@dataclass
class Scenario:
    open_cycle_id: int
    open_year: int
    reference_prefix: str
    popular: tuple[str, ...]
    jury_cycle_id: int
    jurors: list[Juror]

    def as_dict(self):
        return {
            "open_cycle_id": self.open_cycle_id,
            "jury_cycle_id": self.jury_cycle_id,
            "jurors": [j.username for j in self.jurors],
        }


def prepare(juror_count: int, seed: int) -> Scenario:
    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("bootstrap", verbosity=0, stdout=quiet, stderr=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    with transaction.atomic():
        open_cycle = _open_cycle()
        _contact_addresses(open_cycle)
        jury_cycle, jurors = _jury_cycle(open_cycle, juror_count, random.Random(seed))
    return Scenario(
        open_cycle_id=open_cycle.pk,
        open_year=open_cycle.year,
        reference_prefix=open_cycle.award.reference_prefix,
        popular=POPULAR,
        jury_cycle_id=jury_cycle.pk,
        jurors=jurors,
    )


def _open_cycle():
    from nominations.defaults import add_default_criteria, ensure_award
    from nominations.demo import current_cycle_year
    from nominations.models import Cycle

    now = timezone.now()
    year = current_cycle_year(now)
    cycle = Cycle.objects.create(
        award=ensure_award(),
        year=year,
        is_published=True,
        nominations_open_at=now - datetime.timedelta(days=120),
        nominations_close_at=now + datetime.timedelta(hours=1),
        finalists_published_at=now + datetime.timedelta(days=60),
        announced_at=now + datetime.timedelta(days=75),
    )
    add_default_criteria(cycle)
    return cycle


def contact_address(number: str) -> str:
    return f"postmottak@k{number}.kommune.test"


def _contact_addresses(cycle):
    from nominations.models import Municipality

    for municipality in Municipality.objects.valid_in(cycle.year).filter(number__in=POPULAR):
        municipality.contact_email = contact_address(municipality.number)
        municipality.save(update_fields=["contact_email"])


def _jury_cycle(open_cycle, juror_count: int, rng: random.Random):
    from accounts.testing import verified_device
    from nominations import services
    from nominations.defaults import add_default_criteria
    from nominations.models import (
        Answer,
        Award,
        Candidate,
        Cycle,
        Eligibility,
        Municipality,
        Nomination,
        NominationStatus,
        NominatorKind,
    )
    from scoring.models import Conflict, ConflictKind, Jury, JuryMember

    now = timezone.now()
    award = Award.objects.create(
        name="Lasttestens jurykåring",
        slug=JURY_AWARD_SLUG,
        platform=open_cycle.award.platform,
        reference_prefix="LTJ",
    )
    cycle = Cycle.objects.create(
        award=award,
        year=open_cycle.year,
        is_published=True,
        nominations_open_at=now - datetime.timedelta(days=200),
        nominations_close_at=now - datetime.timedelta(days=30),
        jury_started_at=now - datetime.timedelta(days=7),
        finalists_published_at=now + datetime.timedelta(days=30),
        announced_at=now + datetime.timedelta(days=40),
    )
    criteria = add_default_criteria(cycle)
    screened = cycle.jury_started_at - datetime.timedelta(days=1)
    municipalities = list(
        Municipality.objects.valid_in(cycle.year).filter(kind="kommune").order_by("number")
    )
    candidates = []
    for municipality in rng.sample(municipalities, JURY_CANDIDATES):
        candidate = Candidate.objects.create(
            cycle=cycle,
            municipality=municipality,
            eligibility=Eligibility.ELIGIBLE,
            screened_at=screened,
        )
        candidates.append(candidate)
        for _n in range(2):
            nomination = Nomination.objects.create(
                cycle=cycle,
                municipality=municipality,
                candidate=candidate,
                status=NominationStatus.SUBMITTED,
                reference=cycle.next_reference(),
                nominator_name=content.person(rng),
                nominator_email=f"{secrets.token_hex(4)}@example.org",
                nominator_kind=NominatorKind.PERSON,
                reason=content.text(rng, cycle.reason_max_length),
                consent_at=screened,
                submitted_at=cycle.nominations_close_at - datetime.timedelta(days=3),
            )
            Answer.objects.bulk_create(
                Answer(nomination=nomination, criterion=c, text=content.text(rng, 1200))
                for c in criteria
            )
            name = content.document_name(rng, municipality.name, "pdf")
            upload = ContentFile(content.pdf(rng, name, 60_000), name=name)
            services.store_attachment(nomination, upload, "application/pdf", criteria[0])

    jury = Jury.objects.create(cycle=cycle)
    jurors = []
    model = get_user_model()
    for index in range(1, juror_count + 1):
        juror = Juror(f"lasttest-jurymedlem{index}", secrets.token_urlsafe(16))
        user = model.objects.create_user(
            juror.username,
            password=juror.password,
            first_name=content.NAMES[index % len(content.NAMES)],
            last_name="Jurymedlem",
        )
        member = JuryMember.objects.create(
            jury=jury, user=user, is_chair=index == 1, conflicts_declared_at=now
        )
        if index == 2:
            Conflict.objects.create(
                member=member,
                candidate=candidates[0],
                kind=ConflictKind.LIVES_OR_WORKS,
                declared_by=user,
            )
        juror.totp_key = verified_device(user).key
        jurors.append(juror)
    return cycle, jurors
