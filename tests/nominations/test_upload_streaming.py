"""Uploads to the nomination form are capped while they arrive (#21): a file over 10 MB is not
written whole to a temporary file first, the form says so beside the field, and a request over
the total cap is refused before it is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from nominations import upload_handlers
from nominations.models import Attachment
from nominations.uploads import MAX_FILE_SIZE

from .helpers import pdf_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def disk(settings, tmp_path, monkeypatch):
    """The folder of temporary upload files, and how many bytes were written to them."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    written = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counted(self, raw_data, start):
        written.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counted)
    return tmp_path, written


def to_attachments(clerk):
    for response in (clerk.candidate(), clerk.nominator(), clerk.reason(), clerk.criteria()):
        assert response.status_code == 302


def pdf(name, size):
    return SimpleUploadedFile(
        name, pdf_bytes() + b"0" * (size - len(pdf_bytes())), "application/pdf"
    )


def test_a_file_over_10_mb_is_stopped_as_it_arrives_and_refused_beside_the_field(clerk, disk):
    folder, written = disk
    to_attachments(clerk)
    response = clerk.attachments([pdf("stor.pdf", 12 * MB), pdf("liten.pdf", 2000)])
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert errors == ["Filen «stor.pdf» er større enn 10,0\xa0MB. Velg en mindre fil."]
    assert "Filen «stor.pdf» er større enn 10,0\xa0MB" in response.content.decode()
    # At most the limit went to disk, and that is deleted: nothing is left in the folder.
    assert sum(written) <= MAX_FILE_SIZE + 2000
    assert list(folder.iterdir()) == []
    # The good file in the same post is kept (#16): only the one over the limit is refused.
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["liten.pdf"]


def test_evidence_over_10_mb_is_refused_beside_its_criterion(clerk, open_cycle, disk):
    folder, _written = disk
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    first = open_cycle.criteria.order_by("position").first()
    response = clerk.criteria(files={f"evidence_file_{first.pk}": pdf("vedtak.pdf", 11 * MB)})
    assert response.status_code == 200
    assert response.context["form"].errors[f"evidence_file_{first.pk}"] == [
        "Filen «vedtak.pdf» er større enn 10,0\xa0MB. Velg en mindre fil."
    ]
    assert list(folder.iterdir()) == []


def test_a_file_of_just_under_10_mb_is_kept(clerk, disk):
    to_attachments(clerk)
    response = clerk.attachments([pdf("akkurat.pdf", MAX_FILE_SIZE)])
    assert response.status_code == 302
    assert Attachment.objects.get().size == MAX_FILE_SIZE


def test_a_request_over_the_total_cap_is_refused_before_it_is_read(client, clerk, disk):
    folder, written = disk
    to_attachments(clerk)
    body = b"--grense\r\n"  # what the request says it holds is what counts: nothing is read
    response = client.generic(
        "POST",
        clerk.url("vedlegg"),
        body,
        content_type="multipart/form-data; boundary=grense",
        CONTENT_LENGTH=str(upload_handlers.MAX_REQUEST_SIZE + 1),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "For mye å sende på én gang" in page and "110,0\xa0MB" in page
    assert written == [] and list(folder.iterdir()) == []
    assert not Attachment.objects.exists()


def test_the_form_still_checks_the_csrf_token(open_cycle):
    """The handlers are installed before the body is read, so the view makes the CSRF check
    itself rather than the middleware: a post without the token is still refused."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    form = "/arets-frivillighetskommune/nominer/ny/"
    assert browser.get(form).status_code == 200
    assert browser.post(form, {"kandidat-municipality": "1"}).status_code == 403
    token = browser.cookies["csrftoken"].value
    answered = browser.post(form, {"kandidat-municipality": "1", "csrfmiddlewaretoken": token})
    assert answered.status_code != 403
