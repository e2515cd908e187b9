"""What the scoring tests (and the browser tests) share: the public site's calendar and decided
years, the hand-computed example of the score math, and a jury's reviews, texts and sign-offs."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from nominations.defaults import add_default_criteria
from nominations.models import Attachment, Cycle
from nominations.models.cycles import oslo_time
from scoring import decision
from scoring.models import Finalist, Jury, JuryMember, Result, Review, Score

from ..factories import add_candidates

# --- The public site: a year's calendar and its decided result -----------------------------------

YEAR = 2025
NUMBERS = ("1812", "5001", "4601", "1106", "0301")

# The calendar of YEAR (Cycle.default_times): open 1 May, deadline 1 September 23:59, finalists
# 20 November 10:00, winner 5 December 12:00; the jury starts 10 September.
BEFORE_OPENING = oslo_time(YEAR, 4, 30, 23, 59)
OPENED = oslo_time(YEAR, 5, 1, 0, 1)
LAST_DAY = oslo_time(YEAR, 9, 1, 23, 58)
AFTER_DEADLINE = oslo_time(YEAR, 9, 2, 0, 0)
BEFORE_FINALISTS = oslo_time(YEAR, 11, 20, 9, 59)
FINALISTS_OUT = oslo_time(YEAR, 11, 20, 10, 0)
BEFORE_ANNOUNCEMENT = oslo_time(YEAR, 12, 5, 11, 59)
ANNOUNCED = oslo_time(YEAR, 12, 5, 12, 0)


def make_year(award, year, numbers=NUMBERS, published=True):
    cycle = Cycle.objects.create(
        award=award,
        year=year,
        is_published=published,
        jury_started_at=oslo_time(year, 9, 10),
        **Cycle.default_times(year),
    )
    add_default_criteria(cycle)
    add_candidates(cycle, numbers=numbers, nominations_each=2)
    return cycle


def decide(cycle, winner, finalists, *, jury_names=("Leder", "Anne", "Bjørn"), locked=True):
    """The jury's result: the winner among the finalists, texts citing criteria; locked, as a
    result must be to be published (locked=False: as the jury left it, never public)."""
    candidates = {c.municipality.number: c for c in cycle.candidates.select_related("municipality")}
    criteria = {c.position: c for c in cycle.criteria.all()}
    result = Result.objects.create(
        cycle=cycle,
        winner=candidates[winner] if winner else None,
        justification=f"Juryen begrunner kåringen {cycle.year} med et godt frivillighetsråd.",
        # Locked in its own deliberation, before the finalists were published.
        locked_at=oslo_time(cycle.year, 11, 18, 12) if locked else None,
    )
    result.justification_criteria.set([criteria[2], criteria[4]])
    for position, number in enumerate(finalists, start=1):
        finalist = Finalist.objects.create(
            result=result,
            candidate=candidates[number],
            position=position,
            paragraph=f"Juryens avsnitt om {candidates[number].municipality.name}.",
        )
        finalist.criteria.set([criteria[position]])
    jury = Jury.objects.create(cycle=cycle)
    for i, name in enumerate(jury_names):
        user = get_user_model().objects.create_user(
            f"{name.lower()}{cycle.year}", first_name=name, last_name="Jurist"
        )
        JuryMember.objects.create(jury=jury, user=user, is_chair=i == 0)
    return result


def get(client, url, when):
    with time_machine.travel(when, tick=False):
        return client.get(url)


def announcement_url(cycle):
    return reverse("public:announcement", args=[cycle.award.slug, cycle.year])


def finalists_url(cycle):
    return reverse("public:finalists", args=[cycle.award.slug, cycle.year])


# --- The example computed by hand (test_score_math.py), on the fixtures' jury -------------------

WEIGHTS = (2, 1, 1, 3, 3)  # Σw = 10, so a weighted mean is (2·s1 + s2 + s3 + 3·s4 + 3·s5) / 10
HAND_SCORES = {
    # juror: candidate: scores on criteria 1–5. J4 is the lenient juror, in conflict with A; the
    # scores J4 gave A before declaring the conflict must not count.
    "J1": {"A": (4, 4, 3, 4, 3), "B": (3, 2, 3, 3, 4), "C": (2, 4, 4, 3, 3),
           "D": (3, 2, 2, 3, 3), "E": (2, 3, 2, 2, 3)},
    "J2": {"A": (4, 3, 3, 4, 3), "B": (4, 5, 4, 4, 4), "C": (4, 3, 3, 3, 3),
           "D": (2, 3, 4, 2, 2), "E": (3, 2, 3, 3, 3)},
    "J3": {"A": (3, 3, 3, 4, 4), "B": (3, 3, 3, 3, 3), "C": (4, 3, 3, 4, 4),
           "D": (2, 2, 2, 3, 3), "E": (4, 4, 3, 2, 3)},
    "J4": {"A": (5, 5, 5, 5, 5), "B": (4, 4, 4, 5, 4), "C": (5, 4, 5, 5, 5),
           "D": (4, 5, 4, 3, 3), "E": (4, 5, 4, 4, 4)},
}  # fmt: skip

# The hand example on the fixtures' jury and candidates; cato (J4) is in conflict with Oslo (A).
JUROR_NAMES = {"J1": "leder", "J2": "anne", "J3": "bjorn", "J4": "cato"}
CANDIDATE_NUMBERS_BY_LETTER = {"A": "0301", "B": "1812", "C": "5001", "D": "4601", "E": "1106"}


def set_weights(cycle, weights):
    criteria = list(cycle.criteria.order_by("position"))
    for criterion, weight in zip(criteria, weights, strict=True):
        criterion.weight = weight
        criterion.save(update_fields=["weight"])
    return criteria


def review(member, candidate, values, criteria, done=True):
    review = Review.objects.create(
        member=member, candidate=candidate, done_at=timezone.now() if done else None, version=1
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=c, value=v) for c, v in zip(criteria, values, strict=True)
    )
    return review


# --- The jury's reviews, texts and sign-offs (test_deliberation.py) -------------------------------

# Easy to read: LIX 25 (see test_readability.py).
PLAIN = "Kommunen har et frivillighetsråd. Rådet møtes fire ganger i året."

# One long sentence of long words: 13 words, 1 sentence, 12 long → 13 + 100 × 12/13 ≈ 105.3.
HARD = (
    "Frivillighetspolitikkens implementeringsstrategier kjennetegnes av omfattende "
    "interkommunale samarbeidskonstellasjoner, tverrsektorielle koordineringsmekanismer og "
    "systematiske medvirkningsprosesser gjennom hele planleggingsperioden."
)

# How strong each candidate is; each juror adds their own leniency, criterion by criterion.
LEVELS = {"1812": 5, "5001": 4, "4601": 3, "1106": 2, "0301": 1}
LENIENCY = {"leder": 0, "anne": 0, "bjorn": -1, "cato": 1}


def candidate(cycle, number):
    return cycle.candidates.get(municipality__number=number)


def score_everyone(jury, levels=LEVELS):
    """Every juror's review of every candidate they are not in conflict with, done."""
    cycle = jury.cycle
    criteria = list(cycle.criteria.order_by("position"))
    in_conflict = set(
        jury.by_name["cato"].conflicts.active().values_list("member_id", "candidate_id")
    )
    for name, member in jury.by_name.items():
        for number, level in levels.items():
            target = candidate(cycle, number)
            if (member.pk, target.pk) in in_conflict:
                continue
            review = Review.objects.create(
                member=member, candidate=target, done_at=timezone.now(), version=1
            )
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=criterion,
                    value=max(1, min(5, level + LENIENCY[name] + (k % 2) - 1 + (name == "bjorn"))),
                )
                for k, criterion in enumerate(criteria)
            )


def chair_of(jury):
    member = jury.by_name["leder"]
    return decision.Deliberator(user=member.user, cycle=jury.cycle, member=member)


def complete_texts(jury, justification=PLAIN):
    cycle = jury.cycle
    result = decision.load_result(cycle)
    criteria = list(cycle.criteria.order_by("position"))
    texts = decision.Texts(
        justification=justification,
        justification_criteria=criteria[:2],
        paragraphs={
            f.pk: (f"{f.candidate.municipality.name} har gode møter.", criteria[2:3])
            for f in decision.finalists_of(result)
        },
    )
    return decision.save_texts(chair_of(jury), texts, decision.text_digest(result))


def sign_all(jury, names=("leder", "anne", "bjorn", "cato")):
    digest = decision.text_digest(decision.load_result(jury.cycle))
    for name in names:
        decision.sign_off(jury.by_name[name], digest)


# --- A juror's pages: addresses, criteria, phases, attachments --------------------------------

DAY = datetime.timedelta(days=1)


def url(name, candidate, **kwargs):
    return reverse(
        f"scoring:{name}",
        kwargs={"cycle_id": candidate.cycle_id, "candidate_id": candidate.pk, **kwargs},
    )


def criteria(cycle):
    return list(cycle.criteria.order_by("position"))


def set_phase(cycle, phase):
    """Move the cycle's times so that it is in `phase` now."""
    now = timezone.now()
    if phase == "jury":
        cycle.deliberation_started_at = now + 20 * DAY
    elif phase == "deliberation":
        cycle.deliberation_started_at = now - DAY
    elif phase == "announced":
        cycle.deliberation_started_at = now - 3 * DAY
        cycle.finalists_published_at = now - 2 * DAY
        cycle.announced_at = now - DAY
    elif phase == "screening":
        cycle.jury_started_at = now + DAY
    cycle.save()


def add_attachment(nomination, name="vedtak.pdf", criterion=None):
    item = Attachment(
        nomination=nomination,
        criterion=criterion,
        original_name=name,
        content_type="application/pdf",
        size=40,
    )
    item.file.save("upload", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    item.save()
    return item
