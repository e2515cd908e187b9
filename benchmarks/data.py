"""The benchmark's data: a full year of the award, built in bulk (not through the wizard), and a
synthetic award ten times its size.

The large cycle is what a real year at its fullest looks like: every municipality and county
municipality of the register as a candidate (372), three nominations each with an answer to
every criterion and two attachments, the six default criteria, a jury of ten that has done
every review (with comments on half the scores), two conflicts of interest per juror and a few
comments in each candidate's discussion. The texts have the lengths nominators and jurors
write, and every one is different (openpyxl's shared strings would flatter repeated ones).

The synthetic award has 3,720 candidates: the register is filled up to ten times its size
with synthetic municipalities (numbers 60xx–95xx, in counties 60–95, which SSB does not use) and
every municipality of it is a candidate.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from nominations.defaults import add_default_criteria, ensure_award
from nominations.models import (
    Answer,
    Attachment,
    Award,
    Candidate,
    Cycle,
    Eligibility,
    Municipality,
    MunicipalityKind,
    Nomination,
    NominationStatus,
    NominatorKind,
)
from scoring.models import (
    Conflict,
    ConflictKind,
    EvidenceMark,
    Jury,
    JuryComment,
    JuryMember,
    Review,
    Score,
)

JURORS = 10
NOMINATIONS_EACH = 3
# The award's real size in a year (about 40 candidates, 80 nominations, a jury of five).
REAL_CANDIDATES = 40
REAL_NOMINATIONS_EACH = 2
REAL_JURORS = 5
CONFLICTS_EACH = 2
COMMENTS_EACH = 3  # in each candidate's discussion
SCALE = 10  # the synthetic award is this many times the large cycle
DAY = datetime.timedelta(days=1)
BATCH = 2000

# Lengths in characters, as people write them (the form allows 1,500 and 3,000).
REASON_LENGTH = (400, 1200)
ANSWER_LENGTH = (300, 1500)
SCORE_COMMENT_LENGTH = (60, 250)
OVERALL_COMMENT_LENGTH = (100, 400)

VOCABULARY = (
    "frivillighet kommunen lag foreninger frivilligsentral dialog møte plan strategi vedtak "
    "kommunestyret samarbeid idrett kultur friluftsliv barn unge helse beredskap innvandring "
    "frivillighetsråd forum lokaler universell utforming tilskudd ordning søknad kartlegging "
    "undersøkelse innspill høring medvirkning samfunnsdel kommuneplan koordinator årlig "
    "konferanse nettverk ressurs utfordring tiltak rapport melding erklæring mandat representert "
    "og i på med for til av som det er en et har vi de ble blir kan skal etter mellom alle "
    "gjennom både også mange flere nye gode viktig lokale felles fast jevnlig bred"
)
WORDS = VOCABULARY.split()


@dataclass
class Year:
    """One cycle built for the benchmark, with the people who use it."""

    cycle: Cycle
    chair: object  # the chair's user
    juror: object  # a juror (not the chair) whose pages are measured
    juror_member: JuryMember
    candidate: Candidate  # a candidate that juror is not in conflict with
    secretariat: object
    jurors: int
    candidates: int
    nominations: int
    reviews: int
    scores: int


class Texts:
    """Different texts of realistic lengths, fast: slices of one long random text."""

    def __init__(self, rng: random.Random, words: int = 400_000):
        self.rng = rng
        self.text = " ".join(rng.choice(WORDS) for _ in range(words))

    def __call__(self, lengths: tuple[int, int], lead: str = "") -> str:
        length = self.rng.randint(*lengths)
        start = self.rng.randrange(0, len(self.text) - length - 1)
        start = self.text.find(" ", start) + 1
        body = self.text[start : start + length].rsplit(" ", 1)[0]
        return f"{lead}{body[:1].upper()}{body[1:]}."


def set_phase(cycle: Cycle, phase: str) -> None:
    """Moves the cycle's later times around now so that it is in the phase (jury,
    deliberation or announced); the deadline and screening stay where they were."""
    now = timezone.now()
    close = cycle.nominations_close_at
    times = {"jury_started_at": close + DAY}
    if phase == "jury":
        times |= {
            "deliberation_started_at": now + 20 * DAY,
            "finalists_published_at": now + 30 * DAY,
            "announced_at": now + 40 * DAY,
        }
    elif phase == "deliberation":
        times |= {
            "deliberation_started_at": now - DAY,
            "finalists_published_at": now + 30 * DAY,
            "announced_at": now + 40 * DAY,
        }
    elif phase == "announced":
        times |= {
            "deliberation_started_at": now - 10 * DAY,
            "finalists_published_at": now - 2 * DAY,
            "announced_at": now - DAY,
        }
    else:
        raise ValueError(phase)
    Cycle.objects.filter(pk=cycle.pk).update(**times)
    for name, value in times.items():
        setattr(cycle, name, value)


def _cycle(award: Award, year: int, now) -> Cycle:
    close = now - 30 * DAY
    cycle = Cycle.objects.create(
        award=award,
        year=year,
        is_published=True,
        nominations_open_at=close - 120 * DAY,
        nominations_close_at=close,
        jury_started_at=close + DAY,
        deliberation_started_at=now + 20 * DAY,
        finalists_published_at=now + 30 * DAY,
        announced_at=now + 40 * DAY,
    )
    add_default_criteria(cycle)
    set_phase(cycle, "jury")
    return cycle


def open_cycle(award: Award, year: int) -> Cycle:
    """Next year's call, open now: the cycle the wizard serves."""
    now = timezone.now()
    cycle = Cycle.objects.create(
        award=award,
        year=year,
        is_published=True,
        nominations_open_at=now - 10 * DAY,
        nominations_close_at=now + 60 * DAY,
        finalists_published_at=now + 120 * DAY,
        announced_at=now + 130 * DAY,
    )
    add_default_criteria(cycle)
    return cycle


def secretariat_user():
    """Staff with the secretariat's rights over the award's data (the export's contacts)."""
    users = get_user_model()
    user, created = users.objects.get_or_create(
        username="bench-sekretariat", defaults={"is_staff": True, "first_name": "Sekretariat"}
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["platforms", "nominations", "scoring"]
            )
        )
    return users.objects.get(pk=user.pk)  # fresh: no stale permission cache


def _jurors(prefix: str, count: int) -> list:
    users = get_user_model()
    made = users.objects.bulk_create(
        users(
            username=f"{prefix}-{n}",
            first_name=f"Jurymedlem {n}",
            last_name=prefix.title(),
            password="!",  # unusable: the benchmark logs in with force_login
        )
        for n in range(1, count + 1)
    )
    return list(users.objects.filter(pk__in=[u.pk for u in made]).order_by("pk"))


def synthetic_municipalities(count: int, valid_from: datetime.date) -> list[Municipality]:
    """count register rows in counties 60, 61, …: each county municipality and 92 kommuner."""
    per_county = 93
    counties = Municipality.objects.bulk_create(
        Municipality(
            number=f"{60 + c:02d}",
            name=f"Syntetisk fylke {60 + c}",
            kind=MunicipalityKind.FYLKESKOMMUNE,
            valid_from=valid_from,
        )
        for c in range((count + per_county - 1) // per_county)
    )
    counties = list(Municipality.objects.filter(pk__in=[c.pk for c in counties]).order_by("pk"))
    rows = [
        Municipality(
            number=f"{county.number}{k:02d}",
            name=f"Syntetisk {county.number}{k:02d}",
            kind=MunicipalityKind.KOMMUNE,
            county=county,
            valid_from=valid_from,
        )
        for county in counties
        for k in range(1, per_county)
    ]
    Municipality.objects.bulk_create(rows[: count - len(counties)], batch_size=BATCH)
    return list(Municipality.objects.filter(name__startswith="Syntetisk ").order_by("number"))


@transaction.atomic
def build_year(
    award: Award,
    year: int,
    municipalities,
    prefix: str,
    seed: int = 2026,
    jurors: int = JURORS,
    nominations_each: int = NOMINATIONS_EACH,
) -> Year:
    """A cycle whose jury has done every review, for every municipality given."""
    rng = random.Random(seed)
    texts = Texts(rng)
    now = timezone.now()
    cycle = _cycle(award, year, now)
    criteria = list(cycle.criteria.order_by("position"))
    screened = cycle.nominations_close_at + DAY / 2
    candidates = Candidate.objects.bulk_create(
        (
            Candidate(
                cycle=cycle,
                municipality=m,
                eligibility=Eligibility.ELIGIBLE,
                screened_at=screened,
            )
            for m in municipalities
        ),
        batch_size=BATCH,
    )
    by_municipality = {m.pk: m for m in municipalities}
    submitted = cycle.nominations_close_at - 5 * DAY
    kinds = [k for k, _label in NominatorKind.choices]
    counter = 0
    nominations = []
    for candidate in candidates:
        name = by_municipality[candidate.municipality_id].name
        for n in range(nominations_each):
            counter += 1
            kind = kinds[(counter + n) % len(kinds)]
            nominations.append(
                Nomination(
                    cycle=cycle,
                    municipality_id=candidate.municipality_id,
                    candidate=candidate,
                    status=NominationStatus.SUBMITTED,
                    reference=f"{award.reference_prefix}-{year}-{counter:05d}",
                    nominator_name=f"Innsender {counter}",
                    nominator_email=f"innsender{counter}@example.org",
                    nominator_phone="912 34 567",
                    nominator_kind=kind,
                    organisation_name=f"{name} idrettsråd" if kind == "organisation" else "",
                    reason=texts(REASON_LENGTH, f"{name}: "),
                    consent_at=submitted,
                    submitted_at=submitted + datetime.timedelta(minutes=counter % 7000),
                )
            )
    nominations = Nomination.objects.bulk_create(nominations, batch_size=BATCH)
    Cycle.objects.filter(pk=cycle.pk).update(reference_counter=counter)
    Answer.objects.bulk_create(
        (
            Answer(
                nomination=nomination,
                criterion=criterion,
                text=texts(ANSWER_LENGTH),
                evidence_url="https://kommune.example.org/vedtak" if k == 1 else "",
            )
            for nomination in nominations
            for k, criterion in enumerate(criteria)
        ),
        batch_size=BATCH,
    )
    Attachment.objects.bulk_create(
        (
            Attachment(
                nomination=nomination,
                criterion=criterion,
                file=f"attachments/{year}/bench-{nomination.pk}-{i}",
                original_name=name,
                content_type="application/pdf",
                size=250_000,
            )
            for nomination in nominations
            for i, (name, criterion) in enumerate((("plan.pdf", None), ("vedtak.pdf", criteria[1])))
        ),
        batch_size=BATCH,
    )

    users = _jurors(prefix, jurors)
    jury = Jury.objects.create(cycle=cycle)
    declared = cycle.jury_started_at + datetime.timedelta(hours=1)
    members = JuryMember.objects.bulk_create(
        JuryMember(jury=jury, user=user, is_chair=i == 0, conflicts_declared_at=declared)
        for i, user in enumerate(users)
    )
    # Juror j is in conflict with candidates 2j + 1 and 2j + 2 (never with candidate 0, the one
    # whose page is measured).
    conflicts = {
        (m.pk, candidates[CONFLICTS_EACH * j + c + 1].pk)
        for j, m in enumerate(members)
        for c in range(CONFLICTS_EACH)
    }
    Conflict.objects.bulk_create(
        Conflict(
            member_id=member,
            candidate_id=candidate,
            kind=ConflictKind.LIVES_OR_WORKS,
            declared_by_id=next(m.user_id for m in members if m.pk == member),
            declared_at=declared,
        )
        for member, candidate in sorted(conflicts)
    )

    levels = {c.pk: rng.uniform(1.8, 4.6) for c in candidates}
    leniency = {m.pk: rng.choice((-0.5, 0, 0, 0.3, 0.6)) for m in members}
    done_at = cycle.jury_started_at + 10 * DAY
    reviews = Review.objects.bulk_create(
        (
            Review(
                member=m,
                candidate=c,
                done_at=done_at,
                version=3,
                overall_comment=texts(OVERALL_COMMENT_LENGTH),
            )
            for m in members
            for c in candidates
            if (m.pk, c.pk) not in conflicts
        ),
        batch_size=BATCH,
    )
    marks = [EvidenceMark.DOCUMENTED, EvidenceMark.DOCUMENTED, EvidenceMark.CLAIMED, ""]

    def points(review, k):
        value = levels[review.candidate_id] + leniency[review.member_id] + rng.gauss(0, 0.7)
        return max(1, min(5, round(value + (k - 2) * 0.1)))

    scores = Score.objects.bulk_create(
        (
            Score(
                review=review,
                criterion=criterion,
                value=points(review, k),
                evidence=rng.choice(marks),
                comment=texts(SCORE_COMMENT_LENGTH) if rng.random() < 0.5 else "",
            )
            for review in reviews
            for k, criterion in enumerate(criteria)
        ),
        batch_size=BATCH,
    )
    JuryComment.objects.bulk_create(
        (
            JuryComment(candidate=c, author=users[(i + n) % jurors], text=texts((80, 400)))
            for i, c in enumerate(candidates)
            for n in range(COMMENTS_EACH)
        ),
        batch_size=BATCH,
    )
    juror_member = members[1]
    return Year(
        cycle=cycle,
        chair=users[0],
        juror=users[1],
        juror_member=JuryMember.objects.select_related("jury__cycle").get(pk=juror_member.pk),
        candidate=candidates[0],
        secretariat=secretariat_user(),
        jurors=jurors,
        candidates=len(candidates),
        nominations=len(nominations),
        reviews=len(reviews),
        scores=len(scores),
    )


def build_real(year: int) -> Year:
    """The award as it really is in a year: 40 candidates with two nominations each and a jury
    of five (the year before the large cycle's, so that both can stand side by side)."""
    award = ensure_award()
    municipalities = list(Municipality.objects.valid_in(year).order_by("number")[:REAL_CANDIDATES])
    return build_year(
        award,
        year,
        municipalities,
        prefix="reell",
        seed=2025,
        jurors=REAL_JURORS,
        nominations_each=REAL_NOMINATIONS_EACH,
    )


def build_large(year: int) -> Year:
    """The real award's year: every municipality and county municipality of the register."""
    award = ensure_award()
    municipalities = list(Municipality.objects.valid_in(year).order_by("number"))
    return build_year(award, year, municipalities, prefix="jury")


def build_synthetic(year: int, platform) -> Year:
    """A synthetic award ten times the large cycle, over a register filled up to ten times."""
    real = list(Municipality.objects.valid_in(year).order_by("number"))
    synthetic = synthetic_municipalities(
        SCALE * len(real) - len(real), valid_from=datetime.date(year - 2, 1, 1)
    )
    award, _created = Award.objects.get_or_create(
        slug="syntetisk-pris",
        defaults={
            "name": "Syntetisk pris",
            "platform": platform,
            "reference_prefix": "SYN",
            "description": "Ti ganger et fullt år, for å måle hvordan kostnaden vokser.",
        },
    )
    return build_year(award, year, real + synthetic, prefix="syn", seed=2027)
