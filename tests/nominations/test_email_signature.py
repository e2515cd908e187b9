"""Every e-mail says who sends it and where to ask; it comes from an address that takes no
replies (#18)."""

import pytest
from django.core import mail

from .helpers import municipality

pytestmark = pytest.mark.django_db

SIGNATURE = (
    "Sendt av sekretariatet for Årets frivillighetskommune i KS og Frivillighet Norge.\n"
    "Spørsmål? Skriv til post@frivillighetskommune.no. Svar på denne e-posten blir ikke lest."
)


@pytest.fixture
def sent(clerk):
    somna = municipality("1812", clerk.cycle.year)
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()
    clerk.complete("1812")
    return {message.to[0]: message for message in mail.outbox}, mail.outbox


def test_every_e_mail_to_nominator_and_municipality_ends_with_the_signature(sent):
    _by_address, outbox = sent
    templates = {m.subject.split()[0] for m in outbox}
    assert len(outbox) >= 3 and len(templates) >= 3  # the draft link, the receipt, the notice
    for message in outbox:
        assert message.body.rstrip().endswith(SIGNATURE), message.subject
        assert "Hold lenken for deg selv" not in message.body


def test_the_links_are_not_to_be_shared(sent):
    _by_address, outbox = sent
    receipt = next(m for m in outbox if m.subject.startswith("Kvittering"))
    assert (
        "Ikke del lenken med andre: alle som har den, kan lese og endre nominasjonen."
        in receipt.body
    )


def test_the_notice_to_the_municipality_explains_the_award(sent):
    by_address, _outbox = sent
    notice = by_address["postmottak@somna.kommune.no"]
    assert (
        "Årets frivillighetskommune er prisen KS og Frivillighet Norge gir hvert år til kommunen "
        "eller fylkeskommunen som jobber best med frivillighetspolitikk."
    ) in notice.body
    assert "vurderer kandidatene etter samarbeidsplattformen mellom dem" in notice.body


def test_the_signature_follows_the_settings(clerk, settings):
    settings.SECRETARIAT_NAME = "prissekretariatet"
    settings.SECRETARIAT_EMAIL = "pris@example.org"
    clerk.complete("1812")
    for message in mail.outbox:
        assert "Sendt av prissekretariatet." in message.body
        assert "Skriv til pris@example.org." in message.body
