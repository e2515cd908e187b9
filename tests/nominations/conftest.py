import datetime
import io
import zipfile

import pytest
from django.utils import timezone

from nominations.defaults import add_default_criteria, ensure_award
from nominations.models import Cycle


@pytest.fixture
def award(award_platform, register):
    return ensure_award()


@pytest.fixture
def open_cycle(award):
    """A cycle open for nominations now, closing in ten days."""
    now = timezone.now()
    cycle = Cycle.objects.create(
        award=award,
        year=timezone.localtime(now).year,
        is_published=True,
        nominations_open_at=now - datetime.timedelta(days=30),
        nominations_close_at=now + datetime.timedelta(days=10),
        finalists_published_at=now + datetime.timedelta(days=40),
        announced_at=now + datetime.timedelta(days=50),
    )
    add_default_criteria(cycle)
    return cycle


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
