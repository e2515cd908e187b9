"""Nominators' personal data: anonymised after the retention period (content and statistics
kept, drafts deleted), and one person's data exported or erased on request — by command and in
the admin — each in the audit record, with the privacy page saying what happens."""

import datetime
import io
import json

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation

from nominations import personal_data
from nominations.models import (
    Answer,
    Attachment,
    AuditEntry,
    AuditKind,
    Candidate,
    Cycle,
    Municipality,
    Nomination,
    NominationStatus,
    NominatorKind,
)

from .helpers import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

DAY = datetime.timedelta(days=1)
KARI = "kari@example.org"


def months_ago(months, days=0):
    return personal_data.add_months(timezone.now(), -months) - days * DAY


def past_cycle(award, year, announced_at):
    return Cycle.objects.create(
        award=award,
        year=year,
        is_published=True,
        nominations_open_at=announced_at - 200 * DAY,
        nominations_close_at=announced_at - 100 * DAY,
        finalists_published_at=announced_at - 10 * DAY,
        announced_at=announced_at,
    )


def wizard_state(email, name="Kari Nordmann"):
    return {
        "step": "oppsummering",
        "step_data": {
            "innsender": {
                "innsender-nominator_name": [name],
                "innsender-nominator_email": [email],
                "innsender-nominator_phone": ["+47 900 00 000"],
            },
            "begrunnelse": {"begrunnelse-reason": ["Et utkast om frivillighetsrådet."]},
        },
        "step_files": {},
        "extra_data": {},
    }


def nominate(cycle, number, email=KARI, status=NominationStatus.SUBMITTED, kind="person"):
    municipality = Municipality.objects.valid_in(cycle.year).get(number=number)
    candidate = None
    if status != NominationStatus.DRAFT:
        candidate, _ = Candidate.objects.get_or_create(cycle=cycle, municipality=municipality)
    nomination = Nomination.objects.create(
        cycle=cycle,
        municipality=municipality,
        candidate=candidate,
        status=status,
        reference=None if status == NominationStatus.DRAFT else cycle.next_reference(),
        nominator_name="Kari Nordmann",
        nominator_email=email,
        nominator_phone="+47 900 00 000",
        nominator_kind=kind,
        organisation_name="Sømna frivilligsentral" if kind == "organisation" else "",
        organisation_number="974760673" if kind == "organisation" else "",
        reason="" if status == NominationStatus.DRAFT else "Sømna har et frivillighetsråd.",
        wizard_state=wizard_state(email),
        draft_link_sent_to=email,
        consent_at=None if status == NominationStatus.DRAFT else cycle.nominations_close_at - DAY,
        submitted_at=None if status == NominationStatus.DRAFT else cycle.nominations_close_at - DAY,
    )
    if status != NominationStatus.DRAFT:
        for criterion in cycle.criteria.all():
            Answer.objects.create(nomination=nomination, criterion=criterion, text="Et svar.")
    return nomination


def attach(nomination, name="vedtak.pdf"):
    return Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(pdf_bytes(), name="upload"),
        original_name=name,
        content_type="application/pdf",
        size=len(pdf_bytes()),
    )


@pytest.fixture
def past(award):
    """Last year's cycle, announced 13 months ago: its retention period is over."""
    from nominations.defaults import add_default_criteria

    cycle = past_cycle(award, timezone.localdate().year - 1, months_ago(13))
    add_default_criteria(cycle)
    return cycle


@pytest.fixture
def recent(award):
    """A cycle announced 11 months ago: still within the period."""
    return past_cycle(award, timezone.localdate().year - 2, months_ago(11))


@pytest.fixture
def stored(past, recent):
    """In the past cycle: two submitted nominations (one by an organisation), one withdrawn, a
    draft with a file; in the recent one, a submitted nomination."""
    kari = nominate(past, "1812")
    org = nominate(past, "1812", email="leder@frivillig.no", kind="organisation")
    withdrawn = nominate(past, "5001", email="ola@example.org", status=NominationStatus.WITHDRAWN)
    draft = nominate(past, "4601", email="per@example.org", status=NominationStatus.DRAFT)
    return {
        "kari": kari,
        "kari_file": attach(kari),
        "org": org,
        "withdrawn": withdrawn,
        "draft": draft,
        "draft_file": attach(draft, "utkast.pdf"),
        "recent": nominate(recent, "0301", email="nina@example.org"),
    }


def run(*args, **options):
    """A command's output, in English (the msgids; the bokmål is the catalogue's)."""
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=out, **options)
    return out.getvalue()


def statistics(cycle):
    """What the archive and the workbook count: nominations per kind and per candidate."""
    per_kind = dict(
        Nomination.objects.filter(cycle=cycle)
        .exclude(status=NominationStatus.DRAFT)
        .values_list("nominator_kind")
        .annotate(n=Count("pk"))
    )
    per_candidate = {
        c.pk: c.nomination_count for c in Candidate.objects.with_counts().filter(cycle=cycle)
    }
    return per_kind, per_candidate


# --- The retention period ------------------------------------------------------------------------


def test_twelve_months_after_the_announcement_by_default(settings, past):
    assert settings.PERSONAL_DATA_RETENTION_MONTHS == 12
    ends = personal_data.retention_ends(past)
    assert ends == personal_data.add_months(past.announced_at, 12)
    start = datetime.datetime(2025, 1, 31, 12, tzinfo=datetime.UTC)
    assert personal_data.add_months(start, 1).date() == datetime.date(2025, 2, 28)
    december = datetime.datetime(2025, 12, 5, 11, tzinfo=datetime.UTC)  # 12:00 in Oslo
    later = personal_data.add_months(december, 12)
    assert (later.date(), timezone.localtime(later).hour) == (datetime.date(2026, 12, 5), 12)


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(stored, past):
    before = list(Nomination.objects.order_by("pk").values())
    said = run("anonymise_nominators", dry_run=True)
    assert f"{past}" in said
    assert (
        "would anonymise nominations: 3; would delete drafts never submitted: 1 (files: 1)" in said
    )
    assert "Dry run: nothing was changed." in said
    assert list(Nomination.objects.order_by("pk").values()) == before
    assert not AuditEntry.objects.exists()


def test_past_the_period_contact_details_go_and_content_and_statistics_stay(
    client, stored, past, recent
):
    kari, draft = stored["kari"], stored["draft"]
    old_link = kari.get_private_url()
    assert client.get(old_link).status_code == 200
    counted = statistics(past)
    kept_file = stored["kari_file"].file

    said = run("anonymise_nominators")
    assert str(past) in said and str(recent) not in said
    assert "anonymised nominations: 3; deleted drafts never submitted: 1 (files: 1)." in said

    for key in ("kari", "org", "withdrawn"):
        nomination = Nomination.objects.get(pk=stored[key].pk)
        assert (
            nomination.nominator_name,
            nomination.nominator_email,
            nomination.nominator_phone,
            nomination.draft_link_sent_to,
            nomination.wizard_state,
        ) == ("", "", "", "", {})
        assert nomination.anonymised_at is not None
    kari.refresh_from_db()
    # What was written, the candidate, the reference and the files stay.
    assert kari.reason == "Sømna har et frivillighetsråd."
    assert kari.answers.count() == past.criteria.count()
    assert kari.reference == stored["kari"].reference and kari.candidate is not None
    assert kari.nominator_kind == NominatorKind.PERSON and kari.submitted_at is not None
    assert kari.attachments.get().original_name == "vedtak.pdf"
    assert kept_file.storage.exists(kept_file.name)
    org = Nomination.objects.get(pk=stored["org"].pk)
    assert (org.organisation_name, org.organisation_number) == (
        "Sømna frivilligsentral",
        "974760673",
    )
    assert statistics(past) == counted
    # The private link no longer opens anything.
    assert client.get(old_link).status_code == 404
    # The draft never submitted is gone, with its file once the transaction committed.
    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert not Attachment.objects.filter(pk=stored["draft_file"].pk).exists()
    # The recent cycle is untouched.
    assert Nomination.objects.get(pk=stored["recent"].pk).nominator_email == "nina@example.org"

    entry = AuditEntry.objects.get(kind=AuditKind.RETENTION)
    assert entry.cycle == past and entry.actor is None
    assert entry.actor_name.startswith("manage.py anonymise_nominators")
    assert sorted(entry.details["anonymised"]) == sorted(
        stored[k].reference for k in ("kari", "org", "withdrawn")
    )
    assert (entry.details["deleted_drafts"], entry.details["deleted_files"]) == (1, 1)
    assert KARI not in json.dumps([entry.changes, entry.details, entry.object_repr])


def test_running_again_changes_nothing(stored, past):
    run("anonymise_nominators")
    after = list(Nomination.objects.order_by("pk").values())
    said = run("anonymise_nominators")
    assert list(Nomination.objects.order_by("pk").values()) == after
    assert AuditEntry.objects.filter(kind=AuditKind.RETENTION).count() == 1
    assert f"{past} (retention period ended" in said and "nothing left to do." in said


def test_a_longer_period_keeps_the_details(settings, stored):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 24
    said = run("anonymise_nominators")
    assert said.strip() == (
        "No cycle is past its retention period (24 months after the announcement)."
    )
    assert Nomination.objects.get(pk=stored["kari"].pk).nominator_email == KARI


def test_the_draft_files_are_removed_from_the_storage_after_commit(
    stored, django_capture_on_commit_callbacks
):
    draft_file = stored["draft_file"].file
    kept_file = stored["kari_file"].file
    with django_capture_on_commit_callbacks(execute=True):
        run("anonymise_nominators")
    assert not draft_file.storage.exists(draft_file.name)
    assert kept_file.storage.exists(kept_file.name)


def test_a_failed_run_keeps_everything(stored, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(personal_data.audit, "record", broken)
    with pytest.raises(RuntimeError):
        run("anonymise_nominators")
    assert Nomination.objects.get(pk=stored["kari"].pk).nominator_email == KARI
    assert Nomination.objects.filter(pk=stored["draft"].pk).exists()


def test_past_the_period_the_reasons_that_may_name_a_nominator_leave_the_audit_record(
    admin_client, admin_user, stored, recent
):
    """The secretariat's reasons for a withdrawal or an export name who asked: they are the one
    thing anonymisation changes in the append-only record, which says when it was done."""
    from nominations import services

    with transaction.atomic():
        services.withdraw(stored["org"], "Leder Ola Hansen ba om det.", by=admin_user)
    run("export_personal_data", KARI, reason="Kari Nordmann ringte.")
    run("export_personal_data", "nina@example.org", reason="Nina skrev.")
    said = run("anonymise_nominators", dry_run=True)
    assert "would remove reasons that may name a nominator from the audit record: 2." in said

    said = run("anonymise_nominators")
    assert "reasons that may name a nominator removed from the audit record: 2." in said
    withdrawal = AuditEntry.objects.get(kind=AuditKind.WITHDRAWN)
    export = AuditEntry.objects.get(kind=AuditKind.DATA_EXPORTED, cycle=stored["kari"].cycle)
    for entry in (withdrawal, export):
        assert entry.reason == "" and entry.reason_removed_at is not None
    assert withdrawal.changes and export.details["nominations"] == [stored["kari"].reference]
    # The recent cycle's are kept, and the run says how many it removed.
    assert AuditEntry.objects.get(cycle=recent).reason == "Nina skrev."
    retention = AuditEntry.objects.get(kind=AuditKind.RETENTION)
    assert retention.details["removed_reasons"] == 2
    page = admin_client.get(f"/admin/nominations/auditentry/{withdrawal.pk}/change/")
    assert "Removed with the personal data" in page.content.decode()
    assert "Ola Hansen" not in page.content.decode()
    # Nothing is left to do the next time.
    assert "nothing left to do." in run("anonymise_nominators")


def test_an_erasure_removes_the_reasons_about_the_persons_nominations_and_keeps_its_own(
    admin_user, stored
):
    from nominations import services

    with transaction.atomic():
        services.withdraw(stored["kari"], "Kari Nordmann ba om det.", by=admin_user)
        services.withdraw(stored["org"], "Leder Ola Hansen ba om det.", by=admin_user)
    run("export_personal_data", KARI, reason="Kari Nordmann ringte.")

    run("erase_personal_data", KARI, reason="Kari Nordmann skrev 3. mars.")
    kari = AuditEntry.objects.for_object(stored["kari"]).get(kind=AuditKind.WITHDRAWN)
    export = AuditEntry.objects.get(kind=AuditKind.DATA_EXPORTED)
    assert (kari.reason, export.reason) == ("", "")
    assert kari.reason_removed_at and export.reason_removed_at
    org = AuditEntry.objects.for_object(stored["org"]).get(kind=AuditKind.WITHDRAWN)
    assert org.reason == "Leder Ola Hansen ba om det."
    erasure = AuditEntry.objects.get(kind=AuditKind.DATA_ERASED)
    assert erasure.reason == "Kari Nordmann skrev 3. mars."
    assert erasure.details["removed_reasons"] == 2


# --- One person, on request ----------------------------------------------------------------------


def test_the_export_holds_everything_stored_about_the_person(tmp_path, stored, open_cycle):
    draft = nominate(open_cycle, "1812", status=NominationStatus.DRAFT)
    attach(draft, "plan.pdf")
    target = tmp_path / "kari.json"
    run("export_personal_data", "KARI@example.org", output=target)
    data = json.loads(target.read_text(encoding="utf-8"))

    assert [n["reference"] for n in data["nominations"]] == [stored["kari"].reference, None]
    submitted, saved = data["nominations"]
    assert submitted["nominator"]["email"] == KARI
    assert submitted["nominator"]["name"] == "Kari Nordmann"
    assert submitted["nominator"]["phone"] == "+47 900 00 000"
    assert submitted["reason"] == "Sømna har et frivillighetsråd."
    assert len(submitted["answers"]) == stored["kari"].cycle.criteria.count()
    assert submitted["attachments"][0]["file_name"] == "vedtak.pdf"
    assert saved["status"] == "draft" and saved["attachments"][0]["file_name"] == "plan.pdf"
    assert saved["draft_form"]["reason"] == "Et utkast om frivillighetsrådet."
    assert saved["draft_link_sent_to"] == KARI
    # Nobody else's.
    assert "ola@example.org" not in target.read_text(encoding="utf-8")

    entries = AuditEntry.objects.filter(kind=AuditKind.DATA_EXPORTED)
    assert {e.cycle for e in entries} == {stored["kari"].cycle, open_cycle}
    assert all(KARI not in json.dumps([e.details, e.object_repr]) for e in entries)


def test_the_export_as_text_reads_as_a_letter(stored):
    text = run("export_personal_data", KARI, format="text")
    assert "Personopplysninger for kari@example.org" in text
    assert stored["kari"].reference in text and "Sømna har et frivillighetsråd." in text
    assert "vedtak.pdf" in text


def test_nothing_stored_is_said(stored):
    said = run("export_personal_data", "ukjent@example.org", format="text")
    assert "Nominations and drafts found for ukjent@example.org: 0." in said
    assert not AuditEntry.objects.exists()


def test_erasure_removes_the_persons_details_and_drafts_and_nobody_elses(stored, open_cycle):
    draft = nominate(open_cycle, "1812", status=NominationStatus.DRAFT)
    with pytest.raises(CommandError):
        run("erase_personal_data", KARI, reason="  ")
    dry = run("erase_personal_data", KARI, reason="E-post 3. mars.", dry_run=True)
    assert stored["kari"].reference in dry
    assert Nomination.objects.get(pk=stored["kari"].pk).nominator_email == KARI

    said = run("erase_personal_data", KARI, reason="E-post 3. mars.")
    assert stored["kari"].reference in said
    kari = Nomination.objects.get(pk=stored["kari"].pk)
    assert (kari.nominator_name, kari.nominator_email, kari.nominator_phone) == ("", "", "")
    assert kari.reason and kari.answers.exists() and kari.attachments.exists()
    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert Nomination.objects.get(pk=stored["org"].pk).nominator_email == "leder@frivillig.no"
    assert not personal_data.nominations_of(KARI).exists()

    entries = AuditEntry.objects.filter(kind=AuditKind.DATA_ERASED)
    assert {e.reason for e in entries} == {"E-post 3. mars."}
    assert {e.cycle for e in entries} == {stored["kari"].cycle, open_cycle}
    assert all(KARI not in json.dumps([e.details, e.object_repr]) for e in entries)


def test_a_staff_member_handling_the_request_is_named(stored, admin_user):
    run("erase_personal_data", KARI, reason="Telefon.", by=admin_user.username)
    assert AuditEntry.objects.get(kind=AuditKind.DATA_ERASED).actor == admin_user
    with pytest.raises(CommandError):
        run("export_personal_data", KARI, by="ingen")


# --- In the admin --------------------------------------------------------------------------------

NOMINATIONS = "/admin/nominations/nomination/"


def test_the_secretariat_exports_one_nominators_data(admin_client, admin_user, stored):
    response = admin_client.post(
        NOMINATIONS + "?status=all",
        {"action": "export_personal_data", "_selected_action": [stored["kari"].pk], "index": 0},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["email"] == KARI and data["nominations"][0]["nominator"]["name"] == "Kari Nordmann"
    assert AuditEntry.objects.get(kind=AuditKind.DATA_EXPORTED).actor == admin_user


def test_one_nominator_at_a_time(admin_client, stored):
    response = admin_client.post(
        NOMINATIONS,
        {
            "action": "export_personal_data",
            "_selected_action": [stored["kari"].pk, stored["org"].pk],
            "index": 0,
        },
        follow=True,
    )
    assert "Choose the nominations of one nominator (one e-mail address)" in (
        response.content.decode()
    )
    assert not AuditEntry.objects.exists()


def test_the_secretariat_erases_one_nominators_data_with_the_request(
    admin_client, admin_user, stored
):
    payload = {"action": "erase_personal_data", "_selected_action": [stored["kari"].pk]}
    page = admin_client.post(NOMINATIONS, {**payload, "index": 0})
    assert page.status_code == 200
    assert stored["kari"].reference in page.content.decode()

    refused = admin_client.post(NOMINATIONS, {**payload, "confirm": "yes", "reason": ""})
    assert refused.status_code == 200
    assert Nomination.objects.get(pk=stored["kari"].pk).nominator_email == KARI

    done = admin_client.post(NOMINATIONS, {**payload, "confirm": "yes", "reason": "Brev 1. mai."})
    assert done.status_code == 302
    assert Nomination.objects.get(pk=stored["kari"].pk).nominator_email == ""
    entry = AuditEntry.objects.get(kind=AuditKind.DATA_ERASED)
    assert (entry.actor, entry.reason) == (admin_user, "Brev 1. mai.")


# --- What the privacy page says ------------------------------------------------------------------


def test_the_privacy_page_says_what_happens_and_when(client, settings):
    page = client.get("/personvern/").content.decode()
    assert "til 12 måneder etter at årets vinner er kunngjort" in page
    assert "Da fjernes de automatisk" in page
    assert "Ingenting slettes automatisk" not in page
    settings.PERSONAL_DATA_RETENTION_MONTHS = 1
    assert (
        "til 1 måned etter at årets vinner er kunngjort"
        in client.get("/personvern/").content.decode()
    )


def test_with_time_passing_the_period_ends_on_its_own(stored, recent):
    with time_machine.travel(personal_data.retention_ends(recent) + DAY):
        run("anonymise_nominators")
    assert Nomination.objects.get(pk=stored["recent"].pk).nominator_email == ""
