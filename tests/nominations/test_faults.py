"""Faults while nominating: a database error in the middle of a submit, the deadline passing
during one, and a double submit racing itself. Nothing is lost or half written, and the
nominator is told what happened."""

import datetime
import time

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client

from nominations import services
from nominations.models import Answer, Attachment, Candidate, Cycle, Nomination
from tests.concurrency import at_once, needs_parallel_writers

from .helpers import Clerk, pdf_bytes, step_fields

pytestmark = pytest.mark.django_db


def up_to_the_review(clerk):
    """Every step filled in, with a file and a file as evidence, ready to send."""
    clerk.candidate()
    clerk.nominator()
    clerk.reason("Sømna har et frivillighetsråd som møtes hver måned.")
    first = clerk.cycle.criteria.get(position=1)
    clerk.criteria(
        answers={1: "Dialogmøter hvert år."},
        files={f"evidence_file_{first.pk}": SimpleUploadedFile("vedtak.pdf", pdf_bytes())},
    )
    clerk.attachments([SimpleUploadedFile("plan.pdf", pdf_bytes())])
    return Nomination.objects.get(token=clerk.token)


class FailingDatabase:
    """A database error the moment the submit writes the first answer: after the candidate, the
    reference number and the nomination's own row — the middle of the submit. Records what
    reached the database before it."""

    def __init__(self, table="nominations_answer"):
        self.table = table
        self.before = []

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE")) and f'"{self.table}"' in sql:
            raise OperationalError("could not extend file: No space left on device")
        self.before.append(sql)
        return execute(sql, params, many, context)

    def reached(self, fragment):
        return any(fragment in sql for sql in self.before)


def snapshot(nomination):
    nomination.refresh_from_db()
    return {
        "status": nomination.status,
        "reference": nomination.reference,
        "candidate": nomination.candidate_id,
        "reason": nomination.reason,
        "steps": {
            k: v for k, v in nomination.wizard_state["step_data"].items() if k != "oppsummering"
        },
        "files": sorted(nomination.attachments.values_list("original_name", "file")),
        "answers": list(
            Answer.objects.filter(nomination=nomination).values_list("text", flat=True)
        ),
    }


def test_a_database_error_in_the_middle_of_a_submit_keeps_the_draft_and_says_so(clerk, open_cycle):
    draft = up_to_the_review(clerk)
    before = snapshot(draft)
    counter = Cycle.objects.get(pk=open_cycle.pk).reference_counter
    failing = FailingDatabase()
    mail.outbox.clear()

    with connection.execute_wrapper(failing):
        response = clerk.submit()

    # It failed where it hurts: the candidate, the number and the nomination were written.
    assert failing.reached('INSERT INTO "nominations_candidate"')
    assert failing.reached('UPDATE "nominations_cycle"')
    assert failing.reached('UPDATE "nominations_nomination"')
    page = response.content.decode()
    assert response.status_code == 503
    assert "Nominasjonen ble ikke sendt: noe gikk galt hos oss" in page
    assert "Ingenting er tapt" in page and 'role="alert"' in page
    # What was typed is on the page, and the consent stays ticked.
    assert "Sømna har et frivillighetsråd som møtes hver måned." in page
    assert "vedtak.pdf" in page and "plan.pdf" in page
    assert (
        'name="oppsummering-consent"' in page
        and "checked" in page.split('name="oppsummering-consent"')[1].split(">")[0]
    )
    # Nothing half written: no candidate, no number used, no answers, the draft as it was.
    assert snapshot(draft) == before
    assert before["status"] == "draft" and before["reference"] is None
    assert not Candidate.objects.exists()
    assert Cycle.objects.get(pk=open_cycle.pk).reference_counter == counter
    for item in Attachment.objects.filter(nomination=draft):
        assert item.file.storage.exists(item.file.name)
    assert mail.outbox == []

    # Once the database is back, the same draft is sent, with the first number.
    response = clerk.submit()
    assert response.status_code == 302 and "/kvittering/" in response["Location"]
    sent = Nomination.objects.get()
    assert sent.status == "submitted" and sent.reference.endswith("-0001")
    assert sent.answers.get(criterion__position=1).text == "Dialogmøter hvert år."
    assert Candidate.objects.count() == 1


def test_a_failed_change_of_a_sent_nomination_keeps_it_as_it_was_sent(clerk):
    clerk.complete()
    sent = Nomination.objects.get()
    clerk.reason("En ny begrunnelse.")
    clerk.criteria()
    clerk.attachments()

    with connection.execute_wrapper(FailingDatabase(table="nominations_nomination")):
        response = clerk.submit()

    assert response.status_code == 503
    assert "Endringene dine ble ikke lagret" in response.content.decode()
    sent.refresh_from_db()
    assert sent.reason == "Sømna har et aktivt frivillighetsråd."
    assert sent.reference.endswith("-0001") and sent.status == "submitted"


def test_the_deadline_passing_during_the_submit_keeps_the_draft_and_says_so(
    clerk, open_cycle, monkeypatch
):
    """The page was open when the request came in; the deadline passed before the row lock."""
    draft = up_to_the_review(clerk)
    before = snapshot(draft)
    real_submit = services.submit

    def late(*args, **kwargs):
        with time_machine.travel(open_cycle.nominations_close_at + datetime.timedelta(seconds=1)):
            return real_submit(*args, **kwargs)

    monkeypatch.setattr(services, "submit", late)
    response = clerk.submit()
    page = response.content.decode()
    assert response.status_code == 403
    assert "Fristen var" in page
    assert (
        "Utkastet ditt er tatt vare på slik det sist ble lagret, men det ble ikke sendt inn."
        in page
    )
    assert snapshot(draft) == before
    assert not Candidate.objects.exists()


def test_a_submit_after_the_deadline_writes_nothing(clerk, open_cycle):
    draft = up_to_the_review(clerk)
    data = {"municipality": draft.municipality, "nominator_name": "Kari", "reason": "Sent."}
    with (
        time_machine.travel(open_cycle.nominations_close_at + datetime.timedelta(minutes=1)),
        pytest.raises(services.NominationClosed),
    ):
        services.submit(draft, data, list(open_cycle.criteria.all()))
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.reference is None and draft.reason == ""
    assert not Candidate.objects.exists()


# --- Racing requests (PostgreSQL: SQLite lets one writer in at a time) ---------------------------


@needs_parallel_writers
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_make_one_nomination(open_cycle, monkeypatch):
    real = Cycle.next_reference

    def slow(cycle):
        # A moment between reading the draft and numbering it: without the row lock, the other
        # submit would read it as a draft too, and number it again.
        time.sleep(0.5)
        return real(cycle)

    monkeypatch.setattr(Cycle, "next_reference", slow)
    clerk = Clerk(Client(), open_cycle, _no_capture)
    up_to_the_review(clerk)
    url = clerk.url("oppsummering")
    payload = {**step_fields(clerk.client.get(url), "oppsummering"), "oppsummering-consent": "on"}
    first, second = Client(), Client()

    responses = at_once(lambda: first.post(url, payload), lambda: second.post(url, payload))

    assert [r.status_code for r in responses] == [302, 302]
    assert Nomination.objects.count() == 1
    sent = Nomination.objects.get()
    assert sent.reference.endswith("-0001") and sent.status == "submitted"
    assert Cycle.objects.get(pk=open_cycle.pk).reference_counter == 1
    assert Candidate.objects.count() == 1
    assert sent.answers.count() == open_cycle.criteria.count()


class _no_capture:
    """Clerk's on_commit capture, where every request commits for real."""

    def __init__(self, execute=False):
        pass

    def __enter__(self):
        return []

    def __exit__(self, *exc):
        return False
