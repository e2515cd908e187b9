"""An e-mail backend that writes each message to a file of its own.

Django's file backend appends every message of a connection to one file named by time and
object id, which several forked gunicorn workers can share; one file per message, written
under a temporary name and renamed, is never read half-written or interleaved.
"""

import email
import os
import uuid
from email import policy
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.LOADTEST_MAILBOX)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = uuid.uuid4().hex
            partial = folder / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, folder / f"{name}.eml")
        return len(email_messages)


def read_all(folder) -> list[email.message.EmailMessage]:
    """Every message written to the folder."""
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(Path(folder).glob("*.eml"))
    ]
