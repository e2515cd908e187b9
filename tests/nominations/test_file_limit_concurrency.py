"""The ten-file limit with posts that arrive at the same moment: several tabs, a script posting
in parallel. Each post is checked when the form is, and counted again under the nomination's
lock in the transaction that stores its file (services.change_attachments), so that the limit
holds however the posts interleave."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nominations import forms
from nominations.models import Attachment, Nomination
from nominations.uploads import MAX_FILES_PER_NOMINATION

from ..concurrency import at_once, threads_share_a_database_file
from .helpers import Clerk, pdf_bytes, step_fields

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 8


@pytest.fixture
def nine_files(client, open_cycle, django_capture_on_commit_callbacks):
    clerk = Clerk(client, open_cycle, django_capture_on_commit_callbacks)
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    files = [SimpleUploadedFile(f"f{n}.pdf", pdf_bytes()) for n in range(9)]
    assert clerk.attachments(files).status_code == 302
    assert Attachment.objects.count() == 9
    return clerk


def test_parallel_uploads_never_pass_the_limit(nine_files, monkeypatch):
    clerk = nine_files
    url = clerk.url("vedlegg")
    fields = step_fields(clerk.client.get(url), "vedlegg")
    # Every post passes the form's own check (9 + 1) before any of them stores its file: the
    # moment the race is lost without a lock.
    checked = threading.Barrier(PARALLEL, timeout=10)
    original = forms._check_file_count

    def check_then_wait(*args, **kwargs):
        original(*args, **kwargs)
        checked.wait()

    monkeypatch.setattr(forms, "_check_file_count", check_then_wait)

    def post(n):
        def call():
            upload = SimpleUploadedFile(f"parallell-{n}.pdf", pdf_bytes())
            payload = {**fields, "vedlegg-files": upload}
            return Client().post(url, payload)

        return call

    with threads_share_a_database_file():
        responses = at_once(*(post(n) for n in range(PARALLEL)))
    errors = [r for r in responses if isinstance(r, Exception)]
    assert not errors, errors
    nomination = Nomination.objects.get(token=clerk.token)
    assert nomination.attachments.count() == MAX_FILES_PER_NOMINATION
    stored = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200]
    assert len(stored) == 1 and len(refused) == PARALLEL - 1
    for response in refused:
        assert "høyst 10 filer" in response.content.decode()
