"""The load test's integrity check finds what it is there to find: a receipt's nomination
stored with a changed answer or file, or twice (loadtest/checks.py)."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from loadtest import checks, content
from loadtest.nominator import Expected, ExpectedFile
from nominations import services
from nominations.models import Municipality, Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(open_cycle):
    """A nomination as a simulated nominator sent it, and what they were told."""
    import random

    rng = random.Random(1)
    somna = Municipality.objects.valid_in(open_cycle.year).get(number="1812")
    criteria = list(open_cycle.criteria.all())
    nomination = services.start_draft(open_cycle, somna)
    pdf = content.pdf(rng, "Frivillighetsmelding Sømna", 5000)
    services.store_attachment(
        nomination, ContentFile(pdf, name="Melding Sømna.pdf"), "application/pdf", criteria[0]
    )
    fields = {
        "nominator_name": "Kari Nordmann",
        "nominator_email": "kari@lasttest.example.org",
        "nominator_phone": "",
        "nominator_kind": "person",
        "organisation_name": "",
        "organisation_number": "",
        "reason": "Et aktivt frivillighetsråd.\r\n\r\nOg gratis lokaler.",
    }
    answers = {c.pk: (f"Svar på {c.title}.", "") for c in criteria}
    data = {"municipality": somna, **fields}
    data.update({f"answer_{pk}": text for pk, (text, _url) in answers.items()})
    stored = services.submit(nomination, data, criteria)
    expected = Expected(
        email=fields["nominator_email"],
        municipality_id=somna.pk,
        municipality_number="1812",
        fields=fields,
        answers=answers,
        files=[
            ExpectedFile(
                criteria[0].pk,
                "Melding Sømna.pdf",
                len(pdf),
                hashlib.sha256(pdf).hexdigest(),
                "application/pdf",
            )
        ],
        token=stored.token,
        reference=stored.reference,
    )
    return expected, stored


def check(open_cycle, expected):
    return checks.nominations(
        [expected], open_cycle.pk, open_cycle.award.reference_prefix, open_cycle.year
    )


def test_a_receipt_stored_as_sent_passes(open_cycle, receipt):
    expected, _nomination = receipt
    assert check(open_cycle, expected) == []


def test_a_file_whose_bytes_changed_is_found(open_cycle, receipt):
    expected, nomination = receipt
    stored = nomination.attachments.get()
    # Rewritten in place, in whichever storage holds it (local files or an object store).
    storage, name = stored.file.storage, stored.file.name
    with storage.open(name, "rb") as handle:
        content = handle.read()
    storage.delete(name)
    assert storage.save(name, ContentFile(content[:-10] + b"0123456789")) == name
    assert check(open_cycle, expected) == [
        f"{expected.reference}: 1 files stored, 1 sent, or their bytes differ"
    ]


def test_a_changed_answer_is_found(open_cycle, receipt):
    expected, nomination = receipt
    answer = nomination.answers.order_by("criterion__position").last()
    answer.text = "Noe annet."
    answer.save()
    assert check(open_cycle, expected) == [
        f"{expected.reference}: the answers to criteria [{answer.criterion_id}] differ"
    ]


def test_a_second_nomination_from_the_same_nominator_is_found(open_cycle, receipt):
    expected, nomination = receipt
    Nomination.objects.create(
        cycle=open_cycle, municipality=nomination.municipality, nominator_email=expected.email
    )
    assert check(open_cycle, expected) == [f"{expected.email} has 2 nominations, not one"]
