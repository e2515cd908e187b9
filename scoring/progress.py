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


def alphabetical(candidate: Candidate):
    municipality = candidate.municipality
    county = municipality.county.name if municipality.county else ""
    # Two municipalities may share a name (Herøy, Våler): then by county.
    return norwegian_key(municipality.name), norwegian_key(county), candidate.pk


def candidates_with_status(member: JuryMember) -> list[Candidate]:
    """The candidates the member may see, alphabetical, each with `review_status` (a ReviewStatus)
    for this member and `nomination_count` (submitted nominations). One query.

    In progress means something is saved — a score, a mark or a comment — and the review is not
    marked done; a review opened but left empty is not started.
    """
    reviews = Review.objects.filter(member=member, candidate=OuterRef("pk"))
    typed = Score.objects.filter(review__member=member, review__candidate=OuterRef("pk")).filter(
        Q(value__isnull=False) | ~Q(comment="") | ~Q(evidence="")
    )
    nominations = (
        Nomination.objects.submitted()
        .filter(candidate=OuterRef("pk"))
        .order_by()
        .values("candidate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    candidates = access.candidates_for(member).annotate(
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
    candidates = sorted(candidates, key=alphabetical)
    for candidate in candidates:
        # The enum member, so that pages can show its label.
        candidate.review_status = ReviewStatus(candidate.review_status)
    return candidates


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @classmethod
    def of(cls, candidates: list[Candidate]) -> "Progress":
        done = sum(1 for c in candidates if c.review_status == ReviewStatus.DONE)
        return cls(done=done, total=len(candidates))

    @property
    def remaining(self) -> int:
        return self.total - self.done


def next_candidate(member: JuryMember) -> Candidate | None:
    """The first candidate, alphabetically, whose review the member has not marked done."""
    for candidate in candidates_with_status(member):
        if candidate.review_status != ReviewStatus.DONE:
            return candidate
    return None
