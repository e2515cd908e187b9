"""Writing and reading the audit record (models/audit.py): who changed what, when, before and
after.

Writing: the service that makes a change calls `record` (or `entry` for each of many, then
`record_all`, one INSERT) in the same transaction, after the change. If the change fails, its
entry is rolled back with it, and the other way round; `record` refuses to run outside a
transaction so that no caller can get this wrong. Both the nominations and the scoring app
write here (scoring depends on nominations, never the other way).

What is stored: each change names its field, a label as an English msgid (shown in the
reader's language), an optional subject (the criterion, the finalist) and the values before and
after, as plain JSON. Names of what changed are stored as they were (object_repr), so the record
reads the same after the object has changed again.

Reading: a user who sits on a cycle's jury does not read that cycle's entries (they hold every
juror's scores). Which cycles those are is the scoring app's to say: it registers a function
with `register_seated_cycles` from its AppConfig.ready(), since this app imports nothing from
scoring.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

from .models import AuditEntry, Cycle

# Who acted, when nobody was logged in.
BY_NOMINATOR = gettext_noop("The nominator, through the private link")


class OutsideTransaction(RuntimeError):
    """An entry written outside the change's transaction could outlive a failed change."""


def msgid(text) -> str:
    """The English msgid of a (lazy) translation: stored, then translated for each reader."""
    with translation.override(None):
        return str(text)


def plain(value):
    """A value as JSON holds it: times in Norwegian time, decimals as text, objects by name."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def change(label, before, after, *, field="", subject="", choices=None, text=False) -> dict:
    """One changed thing. `choices` maps stored values to their labels (a field's choices);
    `text` marks a long text, which is shown folded."""
    item = {"field": field, "label": msgid(label), "before": plain(before), "after": plain(after)}
    if subject:
        item["subject"] = str(subject)
    if isinstance(before, datetime.datetime) or isinstance(after, datetime.datetime):
        item["type"] = "time"
    elif text:
        item["type"] = "text"
    if choices:
        labels = dict(choices)
        for side, value in (("before", before), ("after", after)):
            if value in labels:
                item[f"{side}_label"] = msgid(labels[value])
    return item


def field_change(model, name: str, before, after, *, subject="") -> dict:
    """A change of one model field, labelled with the field's own name."""
    field = model._meta.get_field(name)
    return change(
        field.verbose_name,
        before,
        after,
        field=name,
        subject=subject,
        choices=field.flatchoices or None,
        text=isinstance(field, models.TextField),
    )


def diff(model, before: dict, after: dict, fields) -> list[dict]:
    """The fields whose values differ between two snapshots (dicts by field name)."""
    return [
        field_change(model, name, before.get(name), after.get(name))
        for name in fields
        if before.get(name) != after.get(name)
    ]


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()


def entry(
    kind,
    obj,
    *,
    actor=None,
    actor_name="",
    cycle=None,
    changes=(),
    reason="",
    details=None,
    at=None,
    object_repr=None,
) -> AuditEntry:
    """An unsaved entry: `obj` is what changed; `cycle` (object or pk) what it belongs to."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry(
        at=at or timezone.now(),
        kind=kind,
        actor=actor,
        actor_name=(actor_name or (name_of(actor) if actor else ""))[:200],
        cycle_id=getattr(cycle, "pk", cycle),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=str(object_repr if object_repr is not None else obj)[:300],
        changes=list(changes),
        reason=reason,
        details=details or {},
    )


def _check_in_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransaction("Write audit entries inside the change's transaction.")


def record(kind, obj, **kwargs) -> AuditEntry:
    _check_in_transaction()
    item = entry(kind, obj, **kwargs)
    item.save()
    return item


def record_all(entries) -> list[AuditEntry]:
    """Many entries in one INSERT."""
    entries = list(entries)
    if entries:
        _check_in_transaction()
        AuditEntry.objects.bulk_create(entries)
    return entries


# --- Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownChange:
    label: str
    subject: str
    before: str
    after: str
    is_text: bool  # a long text, shown folded


def shown_value(item: dict, side: str) -> str:
    label = item.get(f"{side}_label")
    if label:
        return gettext(label)
    value = item.get(side)
    if value in ("", None, []):
        return "–"
    if item.get("type") == "time":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return date_format(timezone.localtime(moment), "j. F Y H:i")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def shown_changes(item: AuditEntry) -> list[ShownChange]:
    return [
        ShownChange(
            label=capfirst(
                gettext(change["label"]) if change.get("label") else change.get("field")
            ),
            subject=change.get("subject", ""),
            before=shown_value(change, "before"),
            after=shown_value(change, "after"),
            is_text=change.get("type") == "text",
        )
        for change in item.changes
    ]


def summary(item: AuditEntry) -> str:
    """One line for the list: each change as «label (subject): before → after», long texts only
    named."""
    parts = []
    for shown in shown_changes(item):
        name = f"{shown.label} ({shown.subject})" if shown.subject else shown.label
        if shown.is_text:
            parts.append(gettext("%(name)s: changed") % {"name": name})
        else:
            parts.append(f"{name}: {shown.before} → {shown.after}")
    return "; ".join(parts)


def actor_display(item: AuditEntry) -> str:
    if item.actor_id is not None:
        return item.actor_name
    return gettext(item.actor_name) if item.actor_name else "–"


_seated_cycle_functions = []


def register_seated_cycles(func):
    """Add a function of a user that returns the cycles whose audit record the user may not
    read (the cycles whose jury they sit on). Registering the same function twice adds it once."""
    if func not in _seated_cycle_functions:
        _seated_cycle_functions.append(func)
    return func


def seated_cycles(user):
    """The cycles whose entries are hidden from the user: what the registered functions say,
    as one queryset (none registered: no cycle)."""
    cycles = Cycle.objects.none()
    for func in _seated_cycle_functions:
        cycles = cycles | func(user)
    return cycles
