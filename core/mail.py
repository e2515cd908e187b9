"""E-mail through a task queue (django-tasks), with retries, so that an SMTP outage in the
deadline hour delays receipts instead of losing them.

`queue()` is called inside the transaction of the change that causes the e-mail. With the
database backend (django-tasks-db, TASKS_BACKEND=database) the e-mail is a row in the same
transaction: it is stored exactly when the nomination is, and a rolled-back change sends
nothing. A worker (`manage.py db_worker`) sends it; a failure to send is tried again later, with
a doubling wait (`backoff`), up to MAX_ATTEMPTS in all; an e-mail that still fails is left FAILED
in the admin's list of tasks for the secretariat to see. Nothing of this ever blocks or undoes
the change itself.

With the immediate backend (the default: `make run`, the tests) there is no queue: the e-mail
is sent once the transaction has committed, as before, and a failure is logged.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def backoff(attempt: int) -> datetime.timedelta:
    """The wait after the given attempt failed: settings.EMAIL_RETRY_SECONDS (60) after the
    first, doubled after each further one: 1, 2, 4 … 64 minutes, some two hours in all before
    an e-mail is given up."""
    return datetime.timedelta(seconds=settings.EMAIL_RETRY_SECONDS) * (2 ** (attempt - 1))


def queued() -> bool:
    """Whether e-mails wait in a durable queue (a backend that can run a task later)."""
    return task_backends[send_email.backend].supports_defer


@task()
def send_email(subject: str, body: str, to: list[str], attempt: int = 1) -> dict:
    """Send one e-mail; on failure, enqueue the next attempt, later, while attempts are left."""
    try:
        send_mail(subject, body, None, to)
    except Exception as error:
        if attempt >= MAX_ATTEMPTS or not queued():
            # The subject, not the address: the logs keep no nominator's personal data.
            logger.exception("E-mail not sent (attempt %d): %s", attempt, subject)
            raise
        wait = backoff(attempt)
        send_email.using(run_after=timezone.now() + wait).enqueue(
            subject, body, to, attempt=attempt + 1
        )
        logger.warning(
            "E-mail not sent (attempt %d of %d), tried again in %s: %s",
            attempt,
            MAX_ATTEMPTS,
            wait,
            error,
        )
        # This attempt is done; the next one is its own task.
        return {"sent": False, "attempt": attempt, "next_in_seconds": wait.total_seconds()}
    return {"sent": True, "attempt": attempt}


def queue(subject: str, body: str, to: str) -> None:
    """Send the e-mail as part of the current transaction's change (see the module)."""
    if queued():
        send_email.enqueue(subject, body, [to])
    else:
        transaction.on_commit(partial(send_email.enqueue, subject, body, [to]), robust=True)
