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

from .models import Candidate, Criterion, Cycle, Eligibility, Municipality, ScalePoint

# What of a candidate the score math reads: whether it is eligible, and which municipality of
# which cycle it is. A new candidate waits for screening and counts only once eligible, so a
# submit in the deadline hour does not take the cycle's row lock for nothing (and the mark that
# the municipality was told changes nothing the math reads).
CANDIDATE_FIELDS = {"eligibility", "municipality", "cycle"}


def _candidate_counts(candidate, created, update_fields) -> bool:
    if created:
        return candidate.eligibility == Eligibility.ELIGIBLE
    return update_fields is None or bool(CANDIDATE_FIELDS & set(update_fields))


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
    connect_results_version(Candidate, _cycles_of_candidate, saved_counts=_candidate_counts)
    for model, cycles_of in (
        (Criterion, _cycles_of_criterion),
        (ScalePoint, _cycles_of_scale_point),
        (Municipality, _cycles_of_municipality),
    ):
        connect_results_version(model, cycles_of)


def connect_results_version(model, cycles_of, saved_counts=None) -> None:
    """Every save and delete of the model's rows raises the version of cycles_of(row); a save
    only where saved_counts(row, created, update_fields) says it changes what the math reads."""

    def saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
        if raw:  # loaddata restores the versions as they were dumped
            return
        if saved_counts is None or saved_counts(instance, created, update_fields):
            cycles_of(instance).raise_results_version()

    def deleted(sender, instance, **kwargs):
        cycles_of(instance).raise_results_version()

    uid = f"results-version-{model._meta.label_lower}"
    post_save.connect(saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(deleted, sender=model, dispatch_uid=uid, weak=False)
