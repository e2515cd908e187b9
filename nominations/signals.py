"""A cycle's results_version follows what the jury's score math reads of this app: the
candidates (which are eligible, their municipalities' names, numbers and counties, by which
ties are listed), the criteria (weights, order) and their scales.

Every save and delete of those rows, however made (a service, the admin, a command), raises the
version of the cycles concerned in the same transaction as the change; a queryset's update()
sends no signal, so the services that change these rows in bulk raise it themselves
(secretariat.screen, defaults.add_default_criteria, Criterion.copy_to). scoring/signals.py does
the same for the reviews, scores, conflicts and the jury.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from .models import Candidate, Criterion, Cycle, Municipality, ScalePoint


def _candidate_changed(sender, instance, **kwargs):
    Cycle.objects.filter(pk=instance.cycle_id).raise_results_version()


def _criterion_changed(sender, instance, **kwargs):
    Cycle.objects.filter(pk=instance.cycle_id).raise_results_version()


def _scale_point_changed(sender, instance, **kwargs):
    Cycle.objects.filter(criteria=instance.criterion_id).raise_results_version()


def _municipality_changed(sender, instance, created=False, **kwargs):
    if created:
        return  # no candidate of it yet
    Cycle.objects.filter(
        Q(candidates__municipality=instance.pk) | Q(candidates__municipality__county=instance.pk)
    ).raise_results_version()


def connect() -> None:
    """Called from NominationsConfig.ready()."""
    for model, receiver in (
        (Candidate, _candidate_changed),
        (Criterion, _criterion_changed),
        (ScalePoint, _scale_point_changed),
        (Municipality, _municipality_changed),
    ):
        uid = f"results-version-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
