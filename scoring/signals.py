"""A cycle's results_version follows what the jury's score math reads of this app: the reviews
(which are done) and their scores, the conflicts (active or lifted), and who sits on the jury.

Every save and delete of those rows, however made (a service, the admin, a command), raises the
version of the cycle concerned in the same transaction as the change (nominations/signals.py
does the same for the candidates and the criteria). A queryset's update() or bulk_create() sends
no signal, so the services that change these rows in bulk raise it themselves
(conflicts.declare and lift; reviews.save saves its review after its scores, which raises it).
"""

from nominations.models import Cycle
from nominations.signals import connect_results_version

from .models import Conflict, Jury, JuryMember, Review, Score


def _cycles_of_review(review):
    return Cycle.objects.filter(candidates=review.candidate_id)


def _cycles_of_score(score):
    return Cycle.objects.filter(candidates__reviews=score.review_id)


def _cycles_of_conflict(conflict):
    return Cycle.objects.filter(candidates=conflict.candidate_id)


def _cycles_of_member(member):
    return Cycle.objects.filter(jury=member.jury_id)


def _cycles_of_jury(jury):
    return Cycle.objects.filter(pk=jury.cycle_id)


def connect() -> None:
    """Called from ScoringConfig.ready()."""
    for model, cycles_of in (
        (Review, _cycles_of_review),
        (Score, _cycles_of_score),
        (Conflict, _cycles_of_conflict),
        (JuryMember, _cycles_of_member),
        (Jury, _cycles_of_jury),
    ):
        connect_results_version(model, cycles_of)
