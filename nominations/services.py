"""What happens when a nomination is saved, submitted or withdrawn: one place for the rules
that the wizard, the private pages and the admin share."""

from django.db import transaction
from django.utils import timezone

from . import audit, changes, emails
from .models import (
    Answer,
    Attachment,
    AuditKind,
    Candidate,
    Cycle,
    Nomination,
    NominationStatus,
    NominatorKind,
)
from .uploads import MAX_FILES_PER_NOMINATION


class NominationClosed(Exception):
    """The cycle does not take nominations now (before opening or after the deadline)."""


class TooManyFiles(Exception):
    """Storing the files would take the nomination past MAX_FILES_PER_NOMINATION."""

    def __init__(self, present: int, adding: int):
        super().__init__(present, adding)
        self.present, self.adding = present, adding


def start_draft(cycle: Cycle, municipality, **fields) -> Nomination:
    return Nomination.objects.create(cycle=cycle, municipality=municipality, **fields)


def store_attachment(nomination: Nomination, upload, content_type: str, criterion=None):
    """Store an uploaded file at once, so a closed browser loses no file either."""
    return Attachment.objects.create(
        nomination=nomination,
        criterion=criterion,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
    )


def change_attachments(nomination: Nomination, add=(), remove=()):
    """Remove some of a nomination's files and store new ones (upload, content type, criterion),
    all or nothing, keeping it at MAX_FILES_PER_NOMINATION files at most (TooManyFiles).

    The files are counted with the nomination's row locked, in the transaction that stores
    them: posts that arrive at the same moment (several tabs, a double click, a script) are
    counted one after another, so the limit holds however many there are. (On SQLite the whole
    database is locked from the start of the transaction, see SQLITE_OPTIONS.) The removed
    files leave the disk once the transaction has committed.
    """
    remove = list(remove)
    with transaction.atomic():
        Nomination.objects.select_for_update(no_key=True).only("pk").get(pk=nomination.pk)
        present = nomination.attachments.exclude(pk__in=[a.pk for a in remove]).count()
        if add and present + len(add) > MAX_FILES_PER_NOMINATION:
            raise TooManyFiles(present + len(remove), len(add) - len(remove))
        for attachment in remove:
            file = attachment.file
            attachment.delete()
            transaction.on_commit(lambda file=file: file.delete(save=False))
        return [
            store_attachment(nomination, upload, content_type, criterion)
            for upload, content_type, criterion in add
        ]


@transaction.atomic
def submit(nomination: Nomination, data: dict, criteria) -> Nomination:
    """Store the whole nomination as submitted, or refuse it past the deadline.

    The nomination's ``changed`` attribute lists what an update changed (changes.differences).

    Runs with the row locked: a double click or a resubmitted POST updates the one nomination
    and never creates a second, and the reference is given once. Only the nomination's own row
    is locked (not the cycle and award read with it), and with the weaker NO KEY lock, so that
    other nominators' drafts, files and submits for the same cycle go on meanwhile.
    """
    locked = (
        Nomination.objects.select_for_update(of=("self",), no_key=True)
        .select_related("cycle__award")
        .get(pk=nomination.pk)
    )
    cycle = locked.cycle
    if not cycle.is_open:
        raise NominationClosed()
    if locked.status == NominationStatus.WITHDRAWN:
        raise NominationClosed()

    first_submit = locked.status == NominationStatus.DRAFT
    # What this update changes, for the nominator's e-mail (a first submit changes everything).
    changed = [] if first_submit else changes.differences(locked, data, criteria)
    candidate, _created = Candidate.objects.get_or_create(
        cycle=cycle, municipality=data["municipality"]
    )
    locked.municipality = data["municipality"]
    locked.candidate = candidate
    for field in (
        "nominator_name",
        "nominator_email",
        "nominator_phone",
        "nominator_kind",
        "organisation_name",
        "organisation_number",
        "reason",
    ):
        setattr(locked, field, data.get(field) or "")
    if locked.nominator_kind != NominatorKind.ORGANISATION:
        locked.organisation_name = locked.organisation_number = ""
    now = timezone.now()
    locked.consent_at = now
    if first_submit:
        locked.status = NominationStatus.SUBMITTED
        locked.submitted_at = now
        locked.reference = cycle.next_reference()
    locked.save()

    for criterion in criteria:
        Answer.objects.update_or_create(
            nomination=locked,
            criterion=criterion,
            defaults={
                "text": data.get(f"answer_{criterion.pk}", ""),
                "evidence_url": data.get(f"evidence_url_{criterion.pk}", ""),
            },
        )
    locked.answers.exclude(criterion__in=criteria).delete()
    locked.changed = changed

    # The receipt and the municipality's notice are queued in this transaction, so that they
    # are stored exactly when the nomination is (core/mail.py); sending them is the worker's
    # business, and a failing e-mail never undoes or blocks the nomination.
    emails.send_receipt(locked, first_submit, changed)
    if first_submit and _others_nominate(locked):
        notify_municipality(candidate.pk)
    return locked


def _others_nominate(nomination: Nomination) -> bool:
    return (
        nomination.nominator_kind != NominatorKind.MUNICIPALITY
        and not nomination.is_municipality_material
    )


def notify_municipality(candidate_pk: int) -> bool:
    """Tell the municipality once that it has been nominated, with its own private link: the
    notice is queued with the mark that it was sent, in one transaction (the caller's, if any)."""
    # Mostly the municipality was told already: that is read without a lock, so that the
    # submits for one municipality do not wait for each other's transactions here.
    waiting = Candidate.objects.filter(pk=candidate_pk, municipality_notified_at__isnull=True)
    if not waiting.exclude(municipality__contact_email="").exists():
        return False
    with transaction.atomic():
        # The candidate's row only. Locking the cycle and municipality read with it too made
        # this wait for any submit in progress, which in turn waits for them when it commits
        # (its foreign keys are checked then): a deadlock, seen in the load test.
        candidate = (
            Candidate.objects.select_for_update(of=("self",), no_key=True)
            .select_related("municipality", "cycle__award")
            .get(pk=candidate_pk)
        )
        if candidate.municipality_notified_at or not candidate.municipality.contact_email:
            return False
        candidate.municipality_notified_at = timezone.now()
        candidate.save(update_fields=["municipality_notified_at"])
        emails.send_municipality_notice(candidate)
    return True


@transaction.atomic
def withdraw(nomination: Nomination, reason: str = "", *, by=None) -> None:
    """Withdrawn by the nominator through their link, or by the secretariat (`by`) on request.
    The audit record keeps the secretariat's reason; a nominator's own words stay with the
    nomination only, so that anonymising it later reaches them."""
    locked = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
    if locked.status == NominationStatus.WITHDRAWN:
        return
    status = locked.status
    locked.withdraw(reason)
    audit.record(
        AuditKind.WITHDRAWN,
        locked,
        actor=by,
        actor_name="" if by else audit.BY_NOMINATOR,
        cycle=locked.cycle_id,
        object_repr=locked.reference or _draft_label(locked),
        changes=[audit.field_change(Nomination, "status", status, locked.status)],
        reason=reason if by else "",
        at=locked.withdrawn_at,
    )


def _draft_label(nomination: Nomination) -> str:
    return f"#{nomination.pk} ({nomination.get_status_display()})"


def start_municipality_material(candidate: Candidate) -> Nomination:
    """A draft in which the municipality adds its own material to its candidacy."""
    existing = (
        candidate.cycle.nominations.filter(candidate=candidate, is_municipality_material=True)
        .exclude(status=NominationStatus.WITHDRAWN)
        .first()
        or Nomination.objects.filter(
            cycle=candidate.cycle,
            municipality=candidate.municipality,
            is_municipality_material=True,
            status=NominationStatus.DRAFT,
        ).first()
    )
    if existing:
        return existing
    return start_draft(
        candidate.cycle,
        candidate.municipality,
        is_municipality_material=True,
        nominator_kind=NominatorKind.MUNICIPALITY,
        wizard_state={
            "step": "innsender",
            "step_data": {"kandidat": {"kandidat-municipality": [str(candidate.municipality_id)]}},
            "step_files": {},
            "extra_data": {},
        },
    )
