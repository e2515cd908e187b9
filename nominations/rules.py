"""The rules of a cycle in the audit record: its criteria — the question and the other texts,
the weight, the points of the scale, the clauses cited, and whether a criterion is there at
all — with who changed them, when, before and after (#21). The cycle's own dates and settings
are recorded by secretariat.save_cycle.

A draft's rules are recorded too, from the moment it is created: what the jury judges by must
be traceable to who set it, however early.

Whatever changes criteria takes a snapshot before and after (`recording`, or `snapshots` and
`record_changes` when the two moments are apart, as in the admin's save_model and
save_related) and gets one entry per criterion added, changed or removed, with the fields that
differ. The admin's pages and actions do; a service that changes criteria for the secretariat
should too.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import audit
from .models import AuditKind, Criterion, CriterionClause, ScalePoint

# The criterion's own fields: every editable one (a field added later is recorded too).
FIELDS = [
    f.name
    for f in Criterion._meta.concrete_fields
    if f.editable and not f.primary_key and f.name != "cycle"
]
CLAUSES = "clauses"
SCALE = "scale_points"


def snapshots(criteria: models.QuerySet) -> dict[int, dict]:
    """Each criterion as it is now, by primary key, in three queries."""
    cited = CriterionClause.objects.select_related("clause__section").order_by("position", "pk")
    found = criteria.select_related("cycle__award").prefetch_related(
        models.Prefetch("criterionclause_set", cited),
        models.Prefetch("scale_points", ScalePoint.objects.order_by("value")),
    )
    return {criterion.pk: snapshot(criterion) for criterion in found}


def snapshot(criterion: Criterion) -> dict:
    values = {name: getattr(criterion, name) for name in FIELDS}
    values[CLAUSES] = [c.clause.reference for c in criterion.criterionclause_set.all()]
    values[SCALE] = [f"{p.value}: {p.description}" for p in criterion.scale_points.all()]
    values["_cycle"] = criterion.cycle
    values["_repr"] = f"{criterion} ({criterion.cycle.year})"
    return values


EMPTY = (None, "", [])


def _changes(before: dict, after: dict) -> list[dict]:
    # A field empty on both sides (as a criterion is before it is added) did not change.
    changed = [n for n in FIELDS if not (before.get(n) in EMPTY and after.get(n) in EMPTY)]
    changes = audit.diff(Criterion, before, after, changed)
    if before.get("_cycle") and after.get("_cycle") and before["_cycle"] != after["_cycle"]:
        changes.append(audit.field_change(Criterion, "cycle", before["_cycle"], after["_cycle"]))
    for name, label in (
        (CLAUSES, Criterion._meta.get_field("clauses").verbose_name),
        (SCALE, ScalePoint._meta.verbose_name_plural),
    ):
        if before.get(name, []) != after.get(name, []):
            changes.append(
                audit.change(label, before.get(name, []), after.get(name, []), field=name)
            )
    return changes


def record_changes(before: dict[int, dict], after: dict[int, dict], *, by=None) -> list:
    """One entry per criterion added, changed or removed between two snapshots."""
    content_type = ContentType.objects.get_for_model(Criterion)
    entries = []
    for pk in sorted(before.keys() | after.keys()):
        old, new = before.get(pk, {}), after.get(pk, {})
        cycle = (new or old)["_cycle"]
        changes = _changes(old, new)
        if not changes:
            continue
        kind = (
            AuditKind.CRITERION_ADDED
            if not old
            else AuditKind.CRITERION_REMOVED
            if not new
            else AuditKind.CRITERION_CHANGED
        )
        item = audit.entry(
            kind, None, actor=by, cycle=cycle, changes=changes, object_repr=(new or old)["_repr"]
        )
        item.content_type, item.object_id = content_type, pk
        entries.append(item)
    return audit.record_all(entries)


@contextmanager
def recording(cycle, *, by=None):
    """Record what the block changes in the cycle's criteria."""
    before = snapshots(Criterion.objects.filter(cycle=cycle))
    yield
    record_changes(before, snapshots(Criterion.objects.filter(cycle=cycle)), by=by)
