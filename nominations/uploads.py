"""What may be attached to a nomination: the type is read from the file's content, never from
its name, and the size and number are capped."""

import zipfile

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
    """Office documents are zip files; which one is told by the parts inside."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


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
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(
            _("«%(name)s» is not a file type we accept. Allowed: %(allowed)s."),
            params={"name": upload.name, "allowed": ALLOWED_LABEL},
            code="type",
        )
    return content_type
