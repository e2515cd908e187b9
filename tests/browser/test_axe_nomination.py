"""axe-core finds nothing on the nominator's pages: every step of the form, each as it first
looks, with the messages of a wrong or missing answer, and with what was stored; the receipt,
the private page of a draft and of a sent nomination, the withdrawal, the municipality's own
page and its form, and the form before it opens and after the deadline."""

import pytest
from django.urls import reverse

from nominations.models import Candidate, Nomination, NominationStatus, Phase
from tests.nominations.helpers import pdf_bytes

from .scenes import place_in_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = {"name": "vedtak.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
NOT_A_PDF = {"name": "virus.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00binary"}
EMPTY = {"name": "tom.pdf", "mimeType": "application/pdf", "buffer": b""}


def send(page):
    """The form's main button: Save and continue, or Send on the last step."""
    with page.expect_navigation():
        page.locator(".wizard-form .form-actions button[type=submit]").first.click()


def test_every_step_of_the_form_with_and_without_errors(open_page, url, axe_scan, open_cycle):
    criteria = list(open_cycle.criteria.order_by("position"))
    page = open_page(reverse("nominations:start"))
    axe_scan(page, "the call")
    page.locator("main a.button").click()

    # 1 Candidate
    axe_scan(page, "step kandidat")
    send(page)
    axe_scan(page, "step kandidat, nothing chosen")
    page.goto(url(reverse("nominations:wizard_new") + "?q=Sømna"))
    axe_scan(page, "step kandidat, a search sent")
    page.select_option("#id_kandidat-municipality", label="Sømna (1812)")
    send(page)

    # 2 About you
    axe_scan(page, "step innsender")
    page.check("input[name=innsender-nominator_kind][value=organisation]")
    page.fill("#id_innsender-nominator_email", "ikke en adresse")
    page.fill("#id_innsender-organisation_number", "123")
    send(page)
    axe_scan(page, "step innsender, with errors")
    page.fill("#id_innsender-nominator_name", "Kari Nordmann")
    page.fill("#id_innsender-nominator_email", "kari@example.org")
    page.fill("#id_innsender-organisation_name", "Sømna frivilligsentral")
    page.fill("#id_innsender-organisation_number", "974760673")
    send(page)

    # 3 Reason
    axe_scan(page, "step begrunnelse")
    send(page)
    axe_scan(page, "step begrunnelse, empty")
    page.fill("#id_begrunnelse-reason", "x" * (open_cycle.reason_max_length + 5))
    send(page)
    axe_scan(page, "step begrunnelse, too long")
    page.fill("#id_begrunnelse-reason", "Sømna har et aktivt frivillighetsråd.")
    send(page)

    # 4 Criteria
    axe_scan(page, "step kriterier")
    first, second = criteria[0].pk, criteria[1].pk
    page.fill(f"#id_kriterier-answer_{first}", "Dialogmøter hvert år.")
    page.fill(f"#id_kriterier-evidence_url_{first}", "ikke en lenke")
    page.set_input_files(f"#id_kriterier-evidence_file_{second}", NOT_A_PDF)
    page.locator("details.cited-clauses").first.evaluate("d => d.open = true")
    send(page)
    axe_scan(page, "step kriterier, with errors and a clause opened")
    page.fill(f"#id_kriterier-evidence_url_{first}", "https://somna.kommune.no/vedtak")
    page.set_input_files(f"#id_kriterier-evidence_file_{second}", PDF)
    send(page)

    # 5 Attachments
    axe_scan(page, "step vedlegg")
    page.set_input_files("#id_vedlegg-files", [EMPTY, NOT_A_PDF])
    send(page)
    axe_scan(page, "step vedlegg, with errors")
    page.set_input_files("#id_vedlegg-files", PDF)
    send(page)

    # 6 Review and send
    axe_scan(page, "step oppsummering")
    send(page)
    axe_scan(page, "step oppsummering, without consent")
    page.check("#id_oppsummering-consent")
    send(page)
    axe_scan(page, "receipt")

    nomination = Nomination.objects.get(status=NominationStatus.SUBMITTED)
    token = nomination.token
    for step in ("kriterier", "vedlegg"):
        page.goto(url(reverse("nominations:wizard", kwargs={"token": token, "step": step})))
        axe_scan(page, f"step {step}, with stored files")
    # A change not sent in yet: the next step and the private page say so.
    page.goto(url(reverse("nominations:wizard", kwargs={"token": token, "step": "begrunnelse"})))
    page.fill("#id_begrunnelse-reason", "En endret begrunnelse.")
    send(page)
    axe_scan(page, "a step of a sent nomination with changes not sent in")
    page.goto(url(nomination.get_private_url()))
    axe_scan(page, "the nominator's private page, with changes not sent in")
    page.goto(url(reverse("nominations:withdraw", kwargs={"token": token})))
    axe_scan(page, "withdraw")

    # Someone else's draft, and the municipality's own page and form.
    draft = Nomination.objects.create(
        cycle=open_cycle, municipality=nomination.municipality, nominator_email="a@example.org"
    )
    page.goto(url(draft.get_private_url()))
    axe_scan(page, "the private page of a draft")
    candidate = Candidate.objects.get(municipality=nomination.municipality)
    page.goto(url(candidate.get_private_url()))
    axe_scan(page, "the municipality's page")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/innsender/")  # the municipality is given
    axe_scan(page, "step innsender of the municipality's own material")
    page.goto(url(candidate.get_private_url()))
    axe_scan(page, "the municipality's page, material begun")

    # Before opening and after the deadline.
    step_url = url(reverse("nominations:wizard", kwargs={"token": token, "step": "begrunnelse"}))
    page.goto(step_url)
    place_in_phase(open_cycle, Phase.SCREENING)
    page.fill("#id_begrunnelse-reason", "Skrevet etter fristen.")
    page.locator(".wizard-form .form-actions button[type=submit]").first.click()
    page.wait_for_selector("text=Skrevet etter fristen.")
    axe_scan(page, "closed: what was typed after the deadline")
    page.goto(step_url)
    axe_scan(page, "closed: after the deadline")
    page.goto(url(nomination.get_private_url()))
    axe_scan(page, "the private page after the deadline")
    page.goto(url(candidate.get_private_url()))
    axe_scan(page, "the municipality's page after the deadline")
    place_in_phase(open_cycle, Phase.UPCOMING)
    page.goto(step_url)
    axe_scan(page, "closed: not open yet")

    axe_scan.assert_clean()
