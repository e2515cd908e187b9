"""A cycle's results_version follows what the jury's score math reads of this app: the
candidates (which are eligible, their municipalities' names, numbers and counties, by which
ties are listed), the criteria (weights, order) and their scales.

Every save and delete of those rows, however made (a service, the admin, a command), raises the
version of the cycles concerned in the same transaction as the change (not while loaddata
restores a backup: the versions come back as they were dumped); a queryset's update()
sends no signal, so the services that change these rows in bulk raise it themselves
(secretariat.screen, defaults.add_default_criteria, Criterion.copy_to). scoring/signals.py does
the same for the reviews, scores, conflicts and the jury.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from .models import Candidate, Criterion, Cycle, Municipality, ScalePoint


def _cycles_of_candidate(candidate):
    return Cycle.objects.filter(pk=candidate.cycle_id)


def _cycles_of_criterion(criterion):
    return Cycle.objects.filter(pk=criterion.cycle_id)


def _cycles_of_scale_point(point):
    return Cycle.objects.filter(criteria=point.criterion_id)


def _cycles_of_municipality(municipality):
    # Its name, number and county name are the candidates' (a county's name too).
    return Cycle.objects.filter(
        Q(candidates__municipality=municipality.pk)
        | Q(candidates__municipality__county=municipality.pk)
    )


def connect() -> None:
    """Called from NominationsConfig.ready()."""
    for model, cycles_of in (
        (Candidate, _cycles_of_candidate),
        (Criterion, _cycles_of_criterion),
        (ScalePoint, _cycles_of_scale_point),
        (Municipality, _cycles_of_municipality),
    ):
        connect_results_version(model, cycles_of)


def connect_results_version(model, cycles_of) -> None:
    """Every save and delete of the model's rows raises the version of cycles_of(row)."""

    def changed(sender, instance, raw=False, **kwargs):
        if not raw:  # loaddata restores the versions as they were dumped
            cycles_of(instance).raise_results_version()

    uid = f"results-version-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)
