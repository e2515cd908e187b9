"""E-mails through the task queue (core/mail.py): with the database backend they are stored in
the same transaction as the nomination, sent by the worker (here: one pass of django-tasks-db's
`db_worker --batch`), tried again later while the mail server is down, each sent once, and a
failure never blocks or undoes the nomination. The immediate backend, the default, sends after
the commit (the rest of the suite)."""

import datetime
import socket

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail as queue
from nominations.models import Nomination

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    assert queue.queued()


@pytest.fixture(autouse=True)
def connections_kept(monkeypatch):
    """The worker closes the database connection between tasks, as Django does between
    requests; here the connection holds the test's transaction, so it is kept (as Django's test
    client keeps it after each request)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def worker_pass():
    """The worker, once over every task that is due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """The real SMTP backend, at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_TIMEOUT = 2


def smtp_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def subjects():
    return sorted(m.subject for m in mail.outbox)


def test_a_submit_queues_its_receipt_and_the_worker_sends_it_once(database_tasks, clerk):
    response = clerk.complete()
    assert response.status_code == 302
    assert Nomination.objects.get().status == "submitted"
    # Queued with the nomination, not sent in the request.
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 2  # the draft link and the receipt

    worker_pass()
    assert len(mail.outbox) == 2
    receipt = [m for m in mail.outbox if m.to == ["kari@example.org"] and "AFK-" in m.body]
    assert len(receipt) == 1
    worker_pass()
    assert len(mail.outbox) == 2  # nothing twice


def test_with_the_mail_server_down_the_nomination_is_stored_and_the_receipt_comes_later(
    database_tasks, clerk, smtp_down, settings
):
    response = clerk.complete()
    assert response.status_code == 302 and "/kvittering/" in response["Location"]
    sent = Nomination.objects.get()
    assert sent.status == "submitted" and sent.reference

    worker_pass()  # the first attempts fail
    assert mail.outbox == []
    assert Nomination.objects.get().status == "submitted"
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 2
    assert all(t.args_kwargs["kwargs"]["attempt"] == 2 for t in waiting)
    worker_pass()  # not due yet: nothing is tried
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    smtp_back(settings)
    with time_machine.travel(timezone.now() + queue.backoff(1) + datetime.timedelta(seconds=5)):
        worker_pass()
    assert len(mail.outbox) == 2
    assert len([m for m in mail.outbox if sent.reference in m.body]) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        worker_pass()
    assert len(mail.outbox) == 2  # each once
    assert not DBTaskResult.objects.filter(status__in=["READY", "FAILED"]).exists()


def test_an_e_mail_that_keeps_failing_is_given_up_and_shown_to_the_secretariat(
    database_tasks, smtp_down, admin_client
):
    with transaction.atomic():
        queue.queue("Kvittering", "Takk.", "kari@example.org")
    now = timezone.now()
    for attempt in range(1, queue.MAX_ATTEMPTS + 1):
        with time_machine.travel(now):
            worker_pass()
        now += queue.backoff(attempt) + datetime.timedelta(seconds=1)
    assert DBTaskResult.objects.count() == queue.MAX_ATTEMPTS
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.args_kwargs["kwargs"] == {"attempt": queue.MAX_ATTEMPTS}
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert mail.outbox == []

    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200
    assert str(failed.id) in page.content.decode()


def test_the_backoff_doubles_and_gives_up_after_about_two_hours():
    waits = [queue.backoff(n) for n in range(1, queue.MAX_ATTEMPTS)]
    assert waits[0] == datetime.timedelta(minutes=1)
    assert all(b == 2 * a for a, b in zip(waits, waits[1:], strict=False))
    assert (
        datetime.timedelta(hours=2)
        <= sum(waits, datetime.timedelta())
        < datetime.timedelta(hours=2, minutes=10)
    )


def test_a_change_rolled_back_queues_no_e_mail(database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue.queue("Kvittering", "Takk.", "kari@example.org")
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()


def test_without_a_queue_the_e_mail_goes_after_the_commit_and_a_failure_is_only_logged(
    smtp_down, django_capture_on_commit_callbacks, caplog
):
    assert not queue.queued()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue.queue("Kvittering", "Takk.", "kari@example.org")
        assert mail.outbox == []
    assert mail.outbox == []
    assert "not sent" in caplog.text
