"""A cycle's results_version follows what the jury's score math reads of this app: the reviews
(which are done) and their scores, the conflicts (active or lifted), and who sits on the jury.

Every save and delete of those rows, however made (a service, the admin, a command), raises the
version of the cycle concerned in the same transaction as the change (nominations/signals.py
does the same for the candidates and the criteria). A queryset's update() or bulk_create() sends
no signal, so the services that change these rows in bulk raise it themselves
(conflicts.declare and lift; reviews.save saves its review after its scores, which raises it).
"""

from django.db.models.signals import post_delete, post_save

from nominations.models import Cycle

from .models import Conflict, Jury, JuryMember, Review, Score


def _review_changed(sender, instance, **kwargs):
    Cycle.objects.filter(candidates=instance.candidate_id).raise_results_version()


def _score_changed(sender, instance, **kwargs):
    Cycle.objects.filter(candidates__reviews=instance.review_id).raise_results_version()


def _conflict_changed(sender, instance, **kwargs):
    Cycle.objects.filter(candidates=instance.candidate_id).raise_results_version()


def _member_changed(sender, instance, **kwargs):
    Cycle.objects.filter(jury=instance.jury_id).raise_results_version()


def _jury_changed(sender, instance, **kwargs):
    Cycle.objects.filter(pk=instance.cycle_id).raise_results_version()


def connect() -> None:
    """Called from ScoringConfig.ready()."""
    for model, receiver in (
        (Review, _review_changed),
        (Score, _score_changed),
        (Conflict, _conflict_changed),
        (JuryMember, _member_changed),
        (Jury, _jury_changed),
    ):
        uid = f"results-version-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
