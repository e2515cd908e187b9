"""The result's record moves into the audit record (nominations.AuditEntry): every ResultEvent
becomes an entry with the same who, when, what and why, and the old table goes, so that there is
one record of a result and never two that could disagree."""

from django.db import migrations

KINDS = {"change": "result_changed", "lock": "result_locked", "unlock": "result_unlocked"}
# deliberation.FIELD_LABELS as English msgids.
LABELS = {
    "finalists": "Finalists",
    "winner": "Winner",
    "justification": "The jury's justification",
    "justification_criteria": "Criteria the justification speaks to",
    "paragraph": "Paragraph",
    "paragraph_criteria": "Criteria the paragraph speaks to",
    "lix_target": "Readability target (LIX)",
}
TEXT_FIELDS = {"justification", "paragraph"}


def _name(user):
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username


def _change(change):
    field = change.get("field", "")
    moved = {**change, "label": LABELS.get(field, field)}
    if field in TEXT_FIELDS:
        moved["type"] = "text"
    return moved


def forwards(apps, schema_editor):
    ResultEvent = apps.get_model("scoring", "ResultEvent")
    AuditEntry = apps.get_model("nominations", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    events = ResultEvent.objects.select_related("user", "result__cycle__award").order_by("at", "pk")
    if not events.exists():
        return
    result_type, _created = ContentType.objects.get_or_create(app_label="scoring", model="result")
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=event.at,
            kind=KINDS.get(event.action, "result_changed"),
            actor=event.user,
            actor_name=_name(event.user),
            cycle_id=event.result.cycle_id,
            content_type=result_type,
            object_id=event.result_id,
            object_repr=f"Resultat {event.result.cycle.award.name} {event.result.cycle.year}",
            changes=[_change(c) for c in event.details.get("changes", [])],
            reason=event.reason,
            details={k: v for k, v in event.details.items() if k != "changes"},
        )
        for event in events
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("nominations", "0003_audit_record"),
        ("scoring", "0002_results"),
    ]

    operations = [
        # Backwards: the entries stay in the audit record; the old table comes back empty.
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="ResultEvent"),
    ]
