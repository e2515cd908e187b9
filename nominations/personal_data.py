"""Nominators' personal data: kept while the award needs it, then anonymised; and one person's
data exported or erased on request. The commands (anonymise_nominators, export_personal_data,
erase_personal_data) and the admin's actions do their work here, and each is in the audit record.

What is personal, and goes: the nominator's name, e-mail address and phone number, the address
the draft link was sent to, and the form's saved state (which repeats them). A nomination never
stored the nominator's IP address. The private link stops working (a new random token): it
would tie the nomination to the person's mailbox.

What stays: the nomination's content (the reason, the answers and their evidence, the files),
the candidate, the reference, the times, who nominated as what kind (municipality,
organisation, person …) and an organisation's name and number (an organisation's, not a
person's) — the award's record of the year and its statistics stay the same.

Drafts never submitted are deleted, with their files, rather than anonymised: a draft is not a
nomination, is in no statistic and was never consented to (consent is given on submitting), so
there is nothing left to keep once its contact details are gone.

The audit record names the nominations by reference, never by the person: erasing someone's
data must not leave it behind in the record of the erasure. The reasons the secretariat types
for a withdrawal, an export or an erasure on request may name the person who asked, though:
they are blanked (AuditEntry.objects.remove_reasons, the one change the append-only record
allows) for the nominations erased on request, and for the whole cycle once its retention
period is over. The entry of an erasure keeps its reason, who asked and when, until then: it
shows that the request was carried out.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import audit
from .models import (
    Answer,
    Attachment,
    AuditEntry,
    AuditKind,
    Cycle,
    Nomination,
    NominationStatus,
)
from .models.entries import new_token

CONTACT_FIELDS = ("nominator_name", "nominator_email", "nominator_phone", "draft_link_sent_to")
EXPORT_FORMAT_VERSION = 1
# The audit record's kinds whose reason, typed by the secretariat, may name the nominator.
PERSONAL_REASON_KINDS = (AuditKind.WITHDRAWN, AuditKind.DATA_EXPORTED, AuditKind.DATA_ERASED)


def retention_months() -> int:
    return settings.PERSONAL_DATA_RETENTION_MONTHS


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same time of day `months` later in Norwegian time (31 January + 1 → 28/29 February)."""
    local = timezone.localtime(moment)
    month = local.month - 1 + months
    year, month = local.year + month // 12, month % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def retention_ends(cycle: Cycle) -> datetime.datetime:
    return add_months(cycle.announced_at, retention_months())


# --- After the retention period ------------------------------------------------------------------


@dataclass
class CyclePlan:
    """What the retention rule does to one cycle whose retention period is over."""

    cycle: Cycle
    ends: datetime.datetime
    anonymise: list[Nomination] = field(default_factory=list)
    drafts: list[Nomination] = field(default_factory=list)
    draft_files: int = 0
    audit_reasons: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.anonymise or self.drafts or self.audit_reasons)


def _not_anonymised():
    return Nomination.objects.filter(anonymised_at__isnull=True).exclude(
        status=NominationStatus.DRAFT
    )


def retention_plan(now=None) -> list[CyclePlan]:
    """Every cycle past its retention period, with what is left to do there (nothing, when the
    rule has been applied already: the plan is empty then)."""
    now = now or timezone.now()
    # A cycle whose announcement is later than `now - months` cannot be past it.
    candidates = Cycle.objects.filter(announced_at__lte=now).select_related("award")
    plans = []
    for cycle in candidates.order_by("announced_at"):
        ends = retention_ends(cycle)
        if ends > now:
            continue
        plan = CyclePlan(cycle=cycle, ends=ends)
        plan.anonymise = list(_not_anonymised().filter(cycle=cycle).order_by("pk"))
        drafts = Nomination.objects.filter(cycle=cycle, status=NominationStatus.DRAFT)
        plan.drafts = list(drafts.annotate(files=Count("attachments")).order_by("pk"))
        plan.draft_files = sum(d.files for d in plan.drafts)
        plan.audit_reasons = _personal_reasons(cycle).count()
        plans.append(plan)
    return plans


def _personal_reasons(cycle):
    """The cycle's audit entries whose reason may name a nominator, not yet blanked."""
    return AuditEntry.objects.filter(
        cycle=cycle, kind__in=PERSONAL_REASON_KINDS, reason_removed_at__isnull=True
    ).exclude(reason="")


def _anonymise(nominations: list[Nomination], now) -> None:
    for nomination in nominations:
        for name in CONTACT_FIELDS:
            setattr(nomination, name, "")
        nomination.wizard_state = {}
        nomination.token = new_token()
        nomination.anonymised_at = now
    Nomination.objects.bulk_update(
        nominations,
        [*CONTACT_FIELDS, "wizard_state", "token", "anonymised_at"],
        batch_size=500,
    )


def _delete_drafts(drafts: list[Nomination]) -> int:
    """Deletes the drafts with their answers and attachments; the files go once the transaction
    has committed, so that a failure keeps every file its rows still point at."""
    pks = [d.pk for d in drafts]
    files = list(Attachment.objects.filter(nomination__in=pks).values_list("file", flat=True))
    Attachment.objects.filter(nomination__in=pks).delete()
    Answer.objects.filter(nomination__in=pks).delete()
    Nomination.objects.filter(pk__in=pks).delete()
    storage = Attachment._meta.get_field("file").storage

    def remove_files():
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(files)


@transaction.atomic
def apply_retention(plans: list[CyclePlan], *, actor_name: str, now=None) -> None:
    now = now or timezone.now()
    for plan in plans:
        if plan.is_empty:
            continue
        # Read again under lock: what a dry run listed may have changed since.
        locked = list(
            Nomination.objects.select_for_update().filter(pk__in=[n.pk for n in plan.anonymise])
        )
        _anonymise([n for n in locked if n.anonymised_at is None], now)
        drafts = list(
            Nomination.objects.select_for_update().filter(
                pk__in=[d.pk for d in plan.drafts], status=NominationStatus.DRAFT
            )
        )
        deleted_files = _delete_drafts(drafts)
        reasons = _personal_reasons(plan.cycle).remove_reasons(now)
        audit.record(
            AuditKind.RETENTION,
            plan.cycle,
            actor_name=actor_name,
            cycle=plan.cycle,
            at=now,
            details={
                "retention_months": retention_months(),
                "retention_ended": plan.ends.isoformat(timespec="minutes"),
                "anonymised": [n.reference or f"#{n.pk}" for n in locked],
                "deleted_drafts": len(drafts),
                "deleted_files": deleted_files,
                "removed_reasons": reasons,
            },
        )


# --- One person, on request ----------------------------------------------------------------------


def nominations_of(email: str):
    """Everything stored about the nominator with this e-mail address: nominations and drafts,
    by the address they gave or the one the draft link went to."""
    email = email.strip()
    if not email:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(
            Q(nominator_email__iexact=email) | Q(draft_link_sent_to__iexact=email)
        )
        .select_related("cycle__award", "municipality", "candidate")
        .prefetch_related("answers__criterion", "attachments__criterion")
        .order_by("cycle__year", "created_at", "pk")
    )


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _draft_form(state: dict) -> dict:
    """What a draft's form holds as typed (a draft's answers live only there until submitted)."""
    typed = {}
    for step, data in (state or {}).get("step_data", {}).items():
        for key, values in data.items():
            if key.endswith("csrfmiddlewaretoken") or key.endswith("current_step"):
                continue
            value = values[0] if isinstance(values, list) and len(values) == 1 else values
            if value not in ("", [], None):
                typed[key.removeprefix(f"{step}-")] = value
    return typed


def export_nomination(nomination: Nomination) -> dict:
    return {
        "reference": nomination.reference,
        "award": nomination.cycle.award.name,
        "year": nomination.cycle.year,
        "status": nomination.status,
        "nominated_municipality": nomination.municipality.display_name,
        "the_municipalitys_own_material": nomination.is_municipality_material,
        "nominator": {
            "name": nomination.nominator_name,
            "email": nomination.nominator_email,
            "phone": nomination.nominator_phone,
            "nominates_as": nomination.nominator_kind,
            "organisation": nomination.organisation_name,
            "organisation_number": nomination.organisation_number,
        },
        "draft_link_sent_to": nomination.draft_link_sent_to,
        "reason": nomination.reason,
        "answers": [
            {
                "criterion": str(answer.criterion),
                "answer": answer.text,
                "evidence_url": answer.evidence_url,
            }
            for answer in nomination.answers.all()
        ],
        "attachments": [
            {
                "file_name": item.original_name,
                "type": item.content_type,
                "size_bytes": item.size,
                "evidence_for": str(item.criterion) if item.criterion else None,
                "uploaded_at": _moment(item.uploaded_at),
            }
            for item in nomination.attachments.all()
        ],
        "draft_form": _draft_form(nomination.wizard_state) if nomination.is_draft else {},
        "created_at": _moment(nomination.created_at),
        "last_saved_at": _moment(nomination.updated_at),
        "consent_given_at": _moment(nomination.consent_at),
        "submitted_at": _moment(nomination.submitted_at),
        "withdrawn_at": _moment(nomination.withdrawn_at),
        "withdrawal_reason": nomination.withdrawal_reason,
        "anonymised_at": _moment(nomination.anonymised_at),
    }


def export(email: str, nominations=None) -> dict:
    nominations = list(nominations if nominations is not None else nominations_of(email))
    return {
        "format": EXPORT_FORMAT_VERSION,
        "email": email.strip(),
        "exported_at": _moment(timezone.now()),
        "nominations": [export_nomination(n) for n in nominations],
    }


def export_text(data: dict) -> str:
    """The export as a plain text a person can read."""
    lines = [
        f"Personopplysninger for {data['email']}",
        f"Utlevert {data['exported_at']}",
        f"{len(data['nominations'])} nominasjoner og utkast.",
        "",
    ]
    for item in data["nominations"]:
        lines += [
            "=" * 72,
            f"{item['reference'] or 'Utkast'} – {item['award']} {item['year']} – {item['status']}",
            f"Nominert kommune: {item['nominated_municipality']}",
        ]
        for key, value in item["nominator"].items():
            if value:
                lines.append(f"{key}: {value}")
        for key in (
            "draft_link_sent_to",
            "created_at",
            "last_saved_at",
            "consent_given_at",
            "submitted_at",
            "withdrawn_at",
            "withdrawal_reason",
            "anonymised_at",
        ):
            if item[key]:
                lines.append(f"{key}: {item[key]}")
        if item["reason"]:
            lines += ["", "Begrunnelse:", item["reason"]]
        for answer in item["answers"]:
            lines += ["", f"{answer['criterion']}:", answer["answer"] or "–"]
            if answer["evidence_url"]:
                lines.append(answer["evidence_url"])
        if item["attachments"]:
            lines += ["", "Vedlegg:"]
            lines += [
                f"- {a['file_name']} ({a['type']}, {a['size_bytes']} byte)"
                for a in item["attachments"]
            ]
        if item["draft_form"]:
            lines += ["", "Utkastet slik det er lagret:"]
            lines += [f"{key}: {value}" for key, value in item["draft_form"].items()]
        lines.append("")
    return "\n".join(lines)


def _by_cycle(nominations):
    grouped = defaultdict(list)
    for nomination in nominations:
        grouped[nomination.cycle].append(nomination)
    return grouped.items()


def _references(nominations) -> list[str]:
    return [n.reference or f"#{n.pk}" for n in nominations]


@transaction.atomic
def record_export(nominations, *, by=None, actor_name="", reason="") -> None:
    """The export goes in the audit record, by the nominations' references."""
    audit.record_all(
        audit.entry(
            AuditKind.DATA_EXPORTED,
            cycle,
            actor=by,
            actor_name=actor_name,
            cycle=cycle,
            object_repr=", ".join(_references(items)),
            reason=reason,
            details={"nominations": _references(items)},
        )
        for cycle, items in _by_cycle(nominations)
    )


@dataclass
class Erasure:
    anonymised: list[str] = field(default_factory=list)
    deleted_drafts: int = 0
    deleted_files: int = 0


@transaction.atomic
def erase(email: str, *, by=None, actor_name="", reason: str) -> Erasure:
    """The person's contact details removed from every nomination, their drafts deleted."""
    now = timezone.now()
    found = list(nominations_of(email).select_for_update(of=("self",)))
    done = Erasure()
    entries = []
    for cycle, items in _by_cycle(found):
        drafts = [n for n in items if n.is_draft]
        kept = [n for n in items if not n.is_draft]
        _anonymise(kept, now)
        files = _delete_drafts(drafts)
        done.anonymised += _references(kept)
        done.deleted_drafts += len(drafts)
        done.deleted_files += files
        entries.append(
            audit.entry(
                AuditKind.DATA_ERASED,
                cycle,
                actor=by,
                actor_name=actor_name,
                cycle=cycle,
                object_repr=", ".join(_references(kept)) or str(cycle),
                reason=reason,
                at=now,
                details={
                    "anonymised": _references(kept),
                    "deleted_drafts": len(drafts),
                    "deleted_files": files,
                    "removed_reasons": _remove_reasons_about(cycle, items, now),
                },
            )
        )
    audit.record_all(entries)
    return done


def _remove_reasons_about(cycle, nominations, now) -> int:
    """Blank the reasons of the entries about these nominations: their withdrawals, and the
    exports and erasures that name them (by reference, or #pk for a draft)."""
    nomination_type = ContentType.objects.get_for_model(Nomination)
    pks = {n.pk for n in nominations}
    named = set(_references(nominations))
    found = _personal_reasons(cycle).only("kind", "content_type_id", "object_id", "details")
    about = [
        entry.pk
        for entry in found
        if (entry.content_type_id == nomination_type.pk and entry.object_id in pks)
        or named & {*entry.details.get("nominations", []), *entry.details.get("anonymised", [])}
    ]
    return AuditEntry.objects.filter(pk__in=about).remove_reasons(now)
