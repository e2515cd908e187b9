"""Uploaded files: stored outside the static files under random names, their type read from
their bytes, their size capped, and served only through views that check the viewer's right,
as downloads the browser must not sniff.

Tested elsewhere, and not repeated here: a disguised file and an empty or too large one refused
beside the field, ten files at most (test_wizard.py); another nomination's file not found through
a nominator's link (test_wizard.py); the jury's route — a juror without a conflict gets the file,
one in conflict, of another cycle or without a seat gets 404, a withdrawn nomination's files are
gone (tests/scoring/test_review.py); the secretariat's route and staff without the right
(test_screening.py)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from config import settings as production
from nominations.models import Attachment, Candidate, Nomination
from nominations.uploads import (
    DOCX,
    JPEG,
    MAX_FILE_SIZE,
    ODT,
    PDF,
    PNG,
    XLSX,
    sniff,
    validate_upload,
)

from .helpers import Clerk, docx_bytes, pdf_bytes, to_attachments

pytestmark = pytest.mark.django_db


def office(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


KINDS = {
    PDF: pdf_bytes(),
    PNG: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    JPEG: b"\xff\xd8\xff\xe0" + b"\x00" * 40,
    DOCX: docx_bytes(),
    XLSX: office({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
    ODT: office({"mimetype": ODT, "content.xml": "<office:document/>"}),
}


# --- Where and under what name -------------------------------------------------------------------


def test_files_are_stored_in_media_root_never_among_the_static_files():
    # The project's own defaults: uploads under var/uploads, static files elsewhere.
    media = Path(production.MEDIA_ROOT).resolve()
    static = [
        Path(production.STATIC_ROOT).resolve(),
        *(Path(p).resolve() for p in production.STATICFILES_DIRS),
    ]
    for folder in static:
        assert not media.is_relative_to(folder) and not folder.is_relative_to(media)
    assert not hasattr(production, "MEDIA_URL") or production.MEDIA_URL in ("", "/")


def test_an_uploaded_file_gets_a_random_name_and_no_address_of_its_own(clerk, client):
    to_attachments(clerk)
    clerk.attachments(
        [
            SimpleUploadedFile("vedtak.pdf", pdf_bytes()),
            SimpleUploadedFile("vedtak.pdf", pdf_bytes()),
        ]
    )
    first, second = Attachment.objects.order_by("pk")
    for item in (first, second):
        assert re.fullmatch(rf"attachments/{clerk.cycle.year}/[A-Za-z0-9_-]{{43}}", item.file.name)
        assert "vedtak" not in item.file.name and ".pdf" not in item.file.name
        assert item.file.storage.exists(item.file.name)
        if isinstance(item.file.storage, FileSystemStorage):  # else the object store's
            path = Path(item.file.path).resolve()
            assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        # No URL serves the stored file by its path: not /media/, not /static/, not the root.
        for address in (
            f"/media/{item.file.name}",
            f"/static/{item.file.name}",
            f"/{item.file.name}",
        ):
            assert client.get(address).status_code == 404, address
    assert first.file.name != second.file.name
    assert first.original_name == second.original_name == "vedtak.pdf"


# --- What kind of file, and how large ------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_allowed_type_is_known_by_its_bytes_whatever_its_name(kind):
    upload = SimpleUploadedFile("fil.txt", KINDS[kind], content_type="text/html")
    assert sniff(upload) == kind
    assert validate_upload(upload) == kind
    assert upload.tell() == 0  # left at the start, to be stored whole


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03",  # a Windows program
        office({"readme.txt": "ikke et dokument"}),  # a zip that is no office document
        office({"[Content_Types].xml": "<Types/>"}),  # claims to be one, has no body
        b"%PDF",  # too short to be anything
    ],
)
def test_anything_else_is_refused_whatever_it_is_called(content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("vedtak.pdf", content, content_type="application/pdf"))
    # Named as a PDF, so the message says that its content is not one (#16).
    assert refused.value.code in ("not_pdf", "empty")


def test_the_size_limit_is_ten_megabytes_exactly():
    class Sized(SimpleUploadedFile):
        def __init__(self, size):
            super().__init__("stor.pdf", pdf_bytes())
            self.size = size

    assert validate_upload(Sized(MAX_FILE_SIZE)) == PDF
    with pytest.raises(ValidationError) as refused:
        validate_upload(Sized(MAX_FILE_SIZE + 1))
    assert refused.value.code == "too_large"
    assert MAX_FILE_SIZE == 10 * 1024 * 1024


def test_a_file_is_served_as_what_its_bytes_are_not_what_the_browser_said(clerk):
    to_attachments(clerk)
    clerk.attachments([SimpleUploadedFile("notat.html", docx_bytes(), content_type="text/html")])
    item = Attachment.objects.get()
    response = clerk.client.get(f"/nominasjon/{clerk.token}/vedlegg/{item.token}/")
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_with_norwegian_letters_and_quotes_is_kept_in_the_download(clerk):
    to_attachments(clerk)
    name = 'Vedtak "Frivillighetsplan" – Sømna.pdf'
    clerk.attachments([SimpleUploadedFile(name, pdf_bytes())])
    item = Attachment.objects.get()
    response = clerk.client.get(f"/nominasjon/{clerk.token}/vedlegg/{item.token}/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "filename*=utf-8''Vedtak%20%22Frivillighetsplan%22%20%E2%80%93%20S%C3%B8mna.pdf"
        in disposition
    )
    assert "\n" not in disposition and "\r" not in disposition


# --- Zip bombs -----------------------------------------------------------------------------------


def bomb(parts: dict, inflated: int) -> bytes:
    """A document whose `bomb_part` is `inflated` bytes of zeros, deflated to a thousandth."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if content is None:
                with archive.open(name, "w") as part:
                    chunk = bytes(1024 * 1024)
                    for _ in range(inflated // len(chunk)):
                        part.write(chunk)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


BOMB_SIZE = 300 * 1024 * 1024


@pytest.fixture(scope="module")
def bombs():
    return {
        # The issue's: an ODT whose mimetype part unpacks to hundreds of MB.
        "odt": bomb({"mimetype": None, "content.xml": "<office:document/>"}, BOMB_SIZE),
        "docx": bomb({"[Content_Types].xml": "<Types/>", "word/document.xml": None}, BOMB_SIZE),
        "xlsx": bomb({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": None}, BOMB_SIZE),
    }


@pytest.mark.parametrize("kind", ["odt", "docx", "xlsx"])
def test_a_zip_bomb_is_refused_without_unpacking_it(kind, bombs):
    import tracemalloc

    content = bombs[kind]
    assert len(content) < MAX_FILE_SIZE  # under the size limit: only its contents tell
    upload = SimpleUploadedFile(f"plan.{kind}", content)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_upload(upload)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, f"checking the file took {peak} bytes"
    assert refused.value.code == "archive"
    message = refused.value.messages[0]
    assert f"«plan.{kind}»" in message and "pakker ut til langt mer enn" in message


def test_a_zip_bomb_is_refused_beside_the_field_and_not_stored(clerk, bombs):
    to_attachments(clerk)
    page = clerk.attachments([SimpleUploadedFile("plan.odt", bombs["odt"])]).content.decode()
    assert "«plan.odt» pakker ut til langt mer enn" in page
    assert not Attachment.objects.exists()


def test_an_odt_whose_type_part_is_long_is_not_read_whole():
    content = office({"mimetype": ODT + " " * 5000, "content.xml": "<office:document/>"})
    assert sniff(SimpleUploadedFile("plan.odt", content)) is None


def test_an_archive_of_thousands_of_parts_is_refused():
    parts = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    parts.update({f"word/media/{n}.xml": "" for n in range(6000)})
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("mange.docx", office(parts)))
    assert refused.value.code == "archive"


def test_a_real_document_with_a_large_picture_is_accepted():
    import os

    picture = os.urandom(8 * 1024 * 1024)  # a photo does not pack
    parts = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" * 5000}
    parts["word/media/image1.jpeg"] = picture
    assert validate_upload(SimpleUploadedFile("rapport.docx", office(parts))) == DOCX


# --- Who gets a file -----------------------------------------------------------------------------


def test_the_municipalitys_link_gives_its_own_material_and_nothing_else(clerk, open_cycle):
    to_attachments(clerk)
    clerk.attachments([SimpleUploadedFile("nominators-vedlegg.pdf", pdf_bytes())])
    clerk.submit()
    nominators_file = Attachment.objects.get()
    candidate = Candidate.objects.get()

    # The municipality opens its own page and adds its material, with a file.
    municipality = Client()
    response = municipality.post(candidate.get_private_url())
    material = Nomination.objects.get(is_municipality_material=True)
    assert response.status_code == 302
    own = Clerk(municipality, open_cycle, clerk.on_commit)
    own.token = material.token
    own.nominator(nominator_kind="municipality", organisation_name="", organisation_number="")
    own.reason()
    own.criteria()
    own.attachments([SimpleUploadedFile("kommunens-plan.pdf", pdf_bytes())])
    own_file = Attachment.objects.get(nomination=material)

    mine = municipality.get(f"/nominasjon/{material.token}/vedlegg/{own_file.token}/")
    assert mine.status_code == 200 and mine["Content-Disposition"].startswith("attachment")
    # Not the nominator's file, neither through its own link nor through the candidate's token.
    assert (
        municipality.get(
            f"/nominasjon/{material.token}/vedlegg/{nominators_file.token}/"
        ).status_code
        == 404
    )
    assert (
        municipality.get(
            f"/nominasjon/{candidate.token}/vedlegg/{nominators_file.token}/"
        ).status_code
        == 404
    )
    # The candidate's page names no file of anyone.
    page = municipality.get(candidate.get_private_url()).content.decode()
    assert nominators_file.token not in page and "nominators-vedlegg.pdf" not in page


def test_a_file_is_never_reached_by_its_number_or_without_its_token(clerk, client):
    to_attachments(clerk)
    clerk.attachments([SimpleUploadedFile("vedtak.pdf", pdf_bytes())])
    item = Attachment.objects.get()
    stranger = Client()
    assert stranger.get(f"/nominasjon/{clerk.token}/vedlegg/{item.pk}/").status_code == 404
    assert stranger.get(f"/nominasjon/feil/vedlegg/{item.token}/").status_code == 404
    # Anonymous at the secretariat's route: to the login, never the file.
    response = stranger.get(f"/admin/nominations/nomination/attachment/{item.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
