"""What may be attached to a nomination: the type is read from the file's content, never from
its name, and the size and number are capped.

The office formats are zip archives. They are judged by their table of contents, without
unpacking them; the one part that is read (an ODT's `mimetype`, a few bytes) is read at most as
far as the check needs. An archive whose parts say they unpack to far more than a document holds
(a "zip bomb": a few MB of compressed zeros that unpack to gigabytes) is refused before any of it
is unpacked, here and for whoever opens the file later.
"""

import struct
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES_PER_NOMINATION = 10
ALLOWED_LABEL = "PDF, DOCX, ODT, XLSX, PNG, JPEG"

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# What a real document's zip holds: tens to a few thousand parts (a picture is one), none larger
# unpacked than a few tens of MB, and XML packs at most some tens of times.
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_ENTRY_SIZE = 100 * 1024 * 1024
MAX_ZIP_TOTAL_SIZE = 200 * 1024 * 1024
# Packed this much or more, a part larger than MAX_ZIP_RATIO_FROM is taken for a bomb.
MAX_ZIP_RATIO = 200
MAX_ZIP_RATIO_FROM = 1024 * 1024
# An ODT's first part names its type and nothing else.
MAX_MIMETYPE_SIZE = 100


class SuspiciousArchive(Exception):
    """A zip whose parts would unpack to far more than a document holds."""


def sniff(upload) -> str | None:
    """The content type the file's bytes show, among the allowed ones; None for anything else."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip_document(upload)
    return None


def _sniff_zip_document(upload) -> str | None:
    """Office documents are zip files; which one is told by the parts inside. Raises
    SuspiciousArchive for a zip that would unpack to far more than a document holds."""
    try:
        _check_entry_count(upload)
        with zipfile.ZipFile(upload) as archive:
            _check_sizes(archive)
            names = set(archive.namelist())
            if "mimetype" in names and _read_mimetype(archive) == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, zlib.error):
        return None
    finally:
        upload.seek(0)
    return None


def _check_entry_count(upload):
    """The number of parts, from the archive's end record, before zipfile reads them all."""
    upload.seek(0, 2)
    size = upload.tell()
    tail_size = min(size, 22 + 65535)  # the end record and its longest comment
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return  # not a zip's end: zipfile says so
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries == 0xFFFF or entries > MAX_ZIP_ENTRIES:  # 0xFFFF: more, in a zip64 record
        raise SuspiciousArchive()


def _check_sizes(archive):
    """What the parts say they unpack to. zipfile never unpacks a part beyond its stated size
    (and then fails its checksum), so the stated sizes bound what reading can cost."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise SuspiciousArchive()
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if (
            info.file_size > MAX_ZIP_ENTRY_SIZE
            or total > MAX_ZIP_TOTAL_SIZE
            or (info.file_size > MAX_ZIP_RATIO_FROM and info.file_size / packed > MAX_ZIP_RATIO)
        ):
            raise SuspiciousArchive()


def _read_mimetype(archive) -> bytes:
    info = archive.getinfo("mimetype")
    if info.file_size > MAX_MIMETYPE_SIZE:
        return b""
    with archive.open(info) as part:
        return part.read(MAX_MIMETYPE_SIZE + 1).strip()


def validate_upload(upload) -> str:
    """Check one uploaded file; return its content type as sniffed."""
    if upload.size == 0:
        raise ValidationError(
            _("«%(name)s» is empty. Choose the file again, or another one."),
            params={"name": upload.name},
            code="empty",
        )
    if getattr(upload, "stopped_at_limit", False):
        # Stopped as it arrived (upload_handlers.py): how large it is was never read.
        raise ValidationError(
            _("The file «%(name)s» is larger than %(max)s. Choose a smaller file."),
            params={"name": upload.name, "max": filesizeformat(MAX_FILE_SIZE)},
            code="too_large",
        )
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(
            _("«%(name)s» is %(size)s; a file may be at most %(max)s."),
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_FILE_SIZE),
            },
            code="too_large",
        )
    try:
        content_type = sniff(upload)
    except SuspiciousArchive:
        raise ValidationError(
            _(
                "«%(name)s» unpacks to far more than a document holds, so we cannot accept it. "
                "Save the document again from the program you wrote it in, or send it as PDF."
            ),
            params={"name": upload.name},
            code="archive",
        ) from None
    if content_type is None and upload.name.lower().endswith(".pdf"):
        raise ValidationError(
            _(
                "«%(name)s» is named as a PDF, but its content is not a PDF. Save or export it "
                "as PDF again from the program you made it in, or choose another file."
            ),
            params={"name": upload.name},
            code="not_pdf",
        )
    if content_type is None:
        raise ValidationError(
            _("«%(name)s» is not a file type we accept. Allowed: %(allowed)s."),
            params={"name": upload.name, "allowed": ALLOWED_LABEL},
            code="type",
        )
    return content_type
