"""A juror's progress through the candidates: the status of each, the counts and the next one.

The juror's home, the "next" link and any later report share these, so that "7 of 12 reviewed"
means the same everywhere. Each is a fixed number of queries however many candidates there are.
"""

import functools
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from nominations.models import Candidate, Nomination
from nominations.models.register import display_name

from . import access
from .models import JuryMember, Review, ReviewStatus, Score

# Æ, Ø and Å come after Z in Norwegian, in that order; Unicode puts Å before Æ and Ø.
_AFTER_Z = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
_AS_NORWEGIAN = str.maketrans({"ä": "æ", "ö": "ø"})


@functools.lru_cache(maxsize=16384)  # names repeat on every page and every computation
def norwegian_key(text: str) -> str:
    """Sorts names as a Norwegian reader expects: case and accents ignored, ÆØÅ last."""
    kept = []
    for char in text.casefold().translate(_AS_NORWEGIAN):
        # "Kárášjohka" sorts as "Karasjohka"; æ, ø and å are letters of their own.
        kept.append(char if char in "æøå" else unicodedata.normalize("NFD", char)[0])
    return "".join(kept).translate(_AFTER_Z)


def name_order(name: str, county: str, pk: int):
    """The sort key of a candidate by its municipality's name and county."""
    # Two municipalities may share a name (Herøy, Våler): then by county.
    return norwegian_key(name), norwegian_key(county), pk


def alphabetical(candidate: Candidate):
    municipality = candidate.municipality
    county = municipality.county.name if municipality.county else ""
    return name_order(municipality.name, county, candidate.pk)


@dataclass(frozen=True)
class ListedCandidate:
    """A candidate as the juror's list shows it. Plain values rather than model instances: the
    list holds every candidate of the year, and a candidate, its municipality and its county
    as model instances cost more than the rest of the page."""

    pk: int
    name: str  # the municipality's name in the register
    display_name: str  # as a sentence uses it ("Agder county municipality")
    number: str
    county: str  # the county's name; "" for a county municipality
    nomination_count: int
    review_status: ReviewStatus  # this juror's


def candidates_with_status(member: JuryMember) -> list[ListedCandidate]:
    """The candidates the member may see, alphabetical, with the member's review status of each
    and its number of submitted nominations. One query.

    In progress means something is saved — a score, a mark or a comment — and the review is not
    marked done; a review opened but left empty is not started.
    """
    rows = _status_rows(member.pk, member.jury.cycle_id)
    listed = [
        ListedCandidate(
            pk=pk,
            name=name,
            display_name=display_name(name, kind),
            number=number,
            county=county or "",
            nomination_count=count,
            # The enum member, so that pages can show its label.
            review_status=ReviewStatus(status),
        )
        for pk, name, kind, number, county, count, status in rows
    ]
    return sorted(listed, key=lambda c: name_order(c.name, c.county, c.pk))


def _status_rows(member_pk: int, cycle_pk: int) -> list[tuple]:
    """The rows of candidates_with_status(), as plain values: the list holds every candidate."""
    reviews = Review.objects.filter(member_id=member_pk, candidate=OuterRef("pk"))
    typed = Score.objects.filter(
        review__member_id=member_pk, review__candidate=OuterRef("pk")
    ).filter(Q(value__isnull=False) | ~Q(comment="") | ~Q(evidence=""))
    nominations = (
        Nomination.objects.submitted()
        .filter(candidate=OuterRef("pk"))
        .order_by()
        .values("candidate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    candidates = access.visible_candidates(member_pk, cycle_pk).annotate(
        nomination_count=Coalesce(Subquery(nominations), 0),
        review_status=Case(
            When(Exists(reviews.filter(done_at__isnull=False)), then=Value(ReviewStatus.DONE)),
            When(
                Exists(typed) | Exists(reviews.exclude(overall_comment="")),
                then=Value(ReviewStatus.IN_PROGRESS),
            ),
            default=Value(ReviewStatus.NOT_STARTED),
        ),
    )
    return list(
        candidates.values_list(
            "pk",
            "municipality__name",
            "municipality__kind",
            "municipality__number",
            "municipality__county__name",
            "nomination_count",
            "review_status",
        )
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @classmethod
    def of(cls, candidates: list[ListedCandidate]) -> "Progress":
        done = sum(1 for c in candidates if c.review_status == ReviewStatus.DONE)
        return cls(done=done, total=len(candidates))

    @property
    def remaining(self) -> int:
        return self.total - self.done


def next_candidate(member: JuryMember) -> ListedCandidate | None:
    """The first candidate, alphabetically, whose review the member has not marked done."""
    for candidate in candidates_with_status(member):
        if candidate.review_status != ReviewStatus.DONE:
            return candidate
    return None
