"""The nomination form from the first step to the receipt, as a clerk would use it."""

import datetime
import re
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from core import mail as core_mail
from nominations.defaults import DEFAULT_CRITERIA
from nominations.models import Answer, Attachment, Candidate, Municipality, Nomination

from .helpers import VALID_ORG_NUMBER, docx_bytes, municipality, pdf_bytes, step_fields

pytestmark = pytest.mark.django_db


def municipality_options(page):
    select = page.split('name="kandidat-municipality"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d+)"', select)


def test_the_call_page_explains_the_form_and_links_each_criterion_to_its_clause(client, open_cycle):
    page = client.get("/nominer/").content.decode()
    assert "Start nominasjonen" in page
    assert "Fast møtestruktur" in page
    assert "/plattformer/frivillighet-norge-ks/#relasjonen-1e" in page
    assert "/plattformer/frivillighet-norge-ks/#relasjonen-1f" in page


def test_the_whole_form_creates_one_nomination_with_everything_entered(clerk, open_cycle):
    response = clerk.complete()
    assert response.status_code == 302
    assert response["Location"].endswith("/kvittering/")
    nomination = Nomination.objects.get()
    assert nomination.status == "submitted"
    assert nomination.reference == f"AFK-{open_cycle.year}-0001"
    assert nomination.municipality.number == "1812"
    assert nomination.candidate.municipality == nomination.municipality
    assert nomination.organisation_number == VALID_ORG_NUMBER
    assert nomination.answers.count() == len(DEFAULT_CRITERIA)
    assert Answer.objects.filter(text="Svar på Fast møtestruktur.").exists()

    receipt = clerk.client.get(response["Location"]).content.decode()
    assert nomination.reference in receipt
    assert "Sømna har et aktivt frivillighetsråd." in receipt
    subjects = [m.subject for m in mail.outbox]
    assert any(nomination.reference in s for s in subjects)
    receipt_mail = next(m for m in mail.outbox if nomination.reference in m.subject)
    assert nomination.get_private_url() in receipt_mail.body
    assert receipt_mail.to == ["kari@example.org"]


def test_every_step_shows_the_progress_with_each_step_named(clerk):
    page = clerk.client.get("/arets-frivillighetskommune/nominer/ny/").content.decode()
    for title in ("Kandidat", "Om deg", "Begrunnelse", "Kriterier", "Vedlegg", "Oppsummering"):
        assert title in page
    assert 'aria-current="step"' in page


def test_the_draft_survives_a_closed_browser_and_continues_from_the_emailed_link(
    clerk, client, django_user_model
):
    clerk.candidate()
    clerk.nominator()
    clerk.reason("Et utkast som ikke må bli borte.")
    link_mail = next(m for m in mail.outbox if "lagret" in m.subject)
    link = re.search(r"http://\S+", link_mail.body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]

    # Another device: a fresh client with no session at all.
    from django.test import Client

    other = Client()
    response = other.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/kriterier/")
    page = other.get(f"/nominer/{clerk.token}/begrunnelse/").content.decode()
    assert "Et utkast som ikke må bli borte." in page


def test_the_draft_link_is_sent_once_after_the_second_step(clerk):
    clerk.candidate()
    assert not mail.outbox
    clerk.nominator()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari@example.org"]
    clerk.nominator()
    assert len(mail.outbox) == 1


def test_a_double_submit_makes_one_nomination(clerk):
    clerk.complete()
    again = clerk.submit()
    assert again.status_code == 302
    assert Nomination.objects.count() == 1
    assert Nomination.objects.get().reference.endswith("-0001")


def test_nominations_for_the_same_municipality_gather_under_one_candidate(
    clerk, another_clerk, open_cycle
):
    clerk.complete("1812")
    another_clerk().complete("1812")
    another_clerk().complete("5001")
    assert Candidate.objects.count() == 2
    assert Candidate.objects.get(municipality__number="1812").nominations.count() == 2
    references = sorted(Nomination.objects.values_list("reference", flat=True))
    assert references == [f"AFK-{open_cycle.year}-000{n}" for n in (1, 2, 3)]


def test_a_municipality_nominated_by_others_is_told_and_can_add_its_material(
    clerk, another_clerk, open_cycle
):
    somna = municipality("1812", open_cycle.year)
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()
    clerk.complete("1812")
    notice = [m for m in mail.outbox if m.to == ["postmottak@somna.kommune.no"]]
    assert len(notice) == 1
    candidate = Candidate.objects.get()
    assert candidate.get_private_url() in notice[0].body

    from django.test import Client

    municipality_clerk = Client()
    page = municipality_clerk.get(candidate.get_private_url()).content.decode()
    assert "1 nominasjon" in page
    response = municipality_clerk.post(candidate.get_private_url())
    assert response.status_code == 302
    material = Nomination.objects.get(is_municipality_material=True)
    assert material.municipality == somna

    # A second nomination does not tell the municipality again.
    another_clerk().complete("1812")
    assert len([m for m in mail.outbox if m.to == ["postmottak@somna.kommune.no"]]) == 1


def test_the_municipality_nominating_itself_is_not_notified(clerk, open_cycle):
    somna = municipality("1812", open_cycle.year)
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()
    clerk.candidate()
    clerk.nominator(nominator_kind="municipality", organisation_name="", organisation_number="")
    clerk.reason()
    clerk.criteria()
    clerk.attachments()
    clerk.submit()
    assert not [m for m in mail.outbox if m.to == ["postmottak@somna.kommune.no"]]


def test_a_mail_server_failing_after_the_submit_still_shows_the_receipt(
    clerk, open_cycle, monkeypatch, caplog
):
    """The nomination is stored: the nominator gets the receipt page, not an error page that
    makes them send it again, and the failure is logged for the operators."""
    somna = municipality("1812", open_cycle.year)
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()

    def mail_server_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(core_mail, "send_mail", mail_server_down)
    response = clerk.complete("1812")
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert response["Location"] == f"/nominasjon/{nomination.token}/kvittering/"
    assert nomination.reference == f"AFK-{open_cycle.year}-0001"
    assert nomination.reference in clerk.client.get(response["Location"]).content.decode()
    assert "Connection unexpectedly closed" in caplog.text


def test_files_are_checked_by_content_and_stored_at_once(clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    good = [
        SimpleUploadedFile("vedtak.pdf", pdf_bytes(), "application/pdf"),
        SimpleUploadedFile("mandat.docx", docx_bytes(), "application/octet-stream"),
    ]
    assert clerk.attachments(good).status_code == 302
    stored = {a.original_name: a.content_type for a in Attachment.objects.all()}
    assert stored["vedtak.pdf"] == "application/pdf"
    assert stored["mandat.docx"].endswith("wordprocessingml.document")

    disguised = SimpleUploadedFile("bilde.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = clerk.attachments([disguised])
    page = response.content.decode()
    assert response.status_code == 200
    assert "«bilde.pdf» heter PDF, men innholdet er ikke en PDF" in page
    assert Attachment.objects.count() == 2


def test_an_empty_or_too_large_file_is_refused_beside_the_field(clerk, settings):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    empty = SimpleUploadedFile("tom.pdf", b"", "application/pdf")
    page = clerk.attachments([empty]).content.decode()
    assert "«tom.pdf» er tom" in page
    big = SimpleUploadedFile("stor.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024), "application/pdf")
    page = clerk.attachments([big]).content.decode()
    assert "«stor.pdf» er" in page and "10,0" in page
    assert not Attachment.objects.exists()


def test_at_most_ten_files(clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    files = [SimpleUploadedFile(f"f{n}.pdf", pdf_bytes(), "application/pdf") for n in range(11)]
    page = clerk.attachments(files).content.decode()
    assert "høyst 10 filer" in page
    assert not Attachment.objects.exists()


def test_evidence_per_criterion_as_link_or_file(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    first = open_cycle.criteria.get(position=1)
    response = clerk.post(
        "kriterier",
        {
            **{f"answer_{c.pk}": "Svar" for c in open_cycle.criteria.all()},
            f"evidence_url_{first.pk}": "https://somna.kommune.no/vedtak",
        },
        {f"evidence_file_{first.pk}": SimpleUploadedFile("vedtak.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert Attachment.objects.get().criterion == first
    clerk.attachments()
    clerk.submit()
    answer = Answer.objects.get(criterion=first)
    assert answer.evidence_url == "https://somna.kommune.no/vedtak"


BAD_INPUT = {
    "invalid e-mail": ("innsender", {"nominator_email": "kari@"}, "gyldig e-postadresse"),
    "wrong check digit": (
        "innsender",
        {"organisation_number": "974760674"},
        "ikke et gyldig organisasjonsnummer",
    ),
    "too short organisation number": ("innsender", {"organisation_number": "12345"}, "9 sifre"),
    "organisation without number": (
        "innsender",
        {"organisation_number": ""},
        "Skriv organisasjonsnummeret",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_nominator_details_get_a_message_beside_the_field_and_keep_the_rest(clerk, case):
    clerk.candidate()
    step, wrong, message = BAD_INPUT[case]
    response = clerk.nominator(**wrong)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'class="error-summary"' in page
    assert 'aria-invalid="true"' in page
    assert "Kari Nordmann" in page  # what else was typed is still there
    assert "Sømna frivilligsentral" in page


def test_an_answer_over_its_limit_is_refused_and_kept(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    long_answer = "x" * (open_cycle.answer_max_length + 5)
    page = clerk.criteria({1: long_answer}).content.decode()
    assert "høyst 3000 er tillatt" in page
    assert long_answer in page
    assert "Svar på Politisk forankring." in page


def test_a_reason_over_its_limit_is_refused(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    page = clerk.reason("y" * (open_cycle.reason_max_length + 1)).content.decode()
    assert "Forkort den med 1 tegn" in page


def test_a_municipality_not_valid_in_the_cycle_year_cannot_be_chosen(clerk, open_cycle):
    old_alesund = Municipality.objects.get(number="1507")
    response = clerk.post("kandidat", {"municipality": old_alesund.pk})
    assert response.status_code == 200
    assert "kan ikke nomineres i år" in response.content.decode()
    assert not Nomination.objects.exists()


def test_the_list_offers_only_municipalities_valid_in_the_year(clerk):
    page = clerk.client.get("/arets-frivillighetskommune/nominer/ny/").content.decode()
    assert "Haram (1580)" in page
    assert "(1507)" not in page
    # 357 municipalities and 15 counties, less Oslo, which has no county municipality of its
    # own and is nominated as the municipality 0301.
    assert len(municipality_options(page)) == 357 + 15 - 1


def test_going_back_to_the_first_step_shows_the_municipality_chosen(clerk):
    clerk.candidate("1812")
    page = clerk.client.get(clerk.url("kandidat")).content.decode()
    somna = municipality("1812", clerk.cycle.year).pk
    assert re.findall(r'<option value="(\d+)" selected>', page) == [str(somna)]
    assert f'<option value="{somna}" selected>Sømna (1812)</option>' in page


def test_searching_without_javascript_narrows_the_list(clerk):
    page = clerk.client.get("/arets-frivillighetskommune/nominer/ny/?q=sømna").content.decode()
    assert "Sømna (1812)" in page
    assert len(municipality_options(page)) == 1
    assert "1 treff" in page


def test_skipping_a_step_by_editing_the_url_leads_back(clerk):
    clerk.candidate()
    response = clerk.client.get(f"/nominer/{clerk.token}/kriterier/")
    assert response.status_code == 302
    assert response["Location"].endswith("/innsender/")
    response = clerk.post("oppsummering", {"consent": "on"})
    assert response.status_code == 302
    assert response["Location"].endswith("/innsender/")
    assert Nomination.objects.get().status == "draft"


def test_the_done_url_does_not_submit(clerk):
    clerk.candidate()
    response = clerk.client.get(f"/nominer/{clerk.token}/ferdig/")
    assert response.status_code == 302
    assert Nomination.objects.get().status == "draft"


def test_submitting_without_consent_is_refused(clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    clerk.attachments()
    response = clerk.submit(consent=False)
    assert response.status_code == 200
    assert "Kryss av" in response.content.decode()
    assert Nomination.objects.get().status == "draft"


def test_a_wrong_private_link_is_not_found(client, clerk):
    clerk.complete()
    assert client.get("/nominasjon/feil-lenke/").status_code == 404
    assert client.get("/nominer/feil-lenke/innsender/").status_code == 404
    assert client.get("/kandidat/feil-lenke/").status_code == 404


def test_an_attachment_of_another_nomination_is_not_found(client, another_clerk, clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    clerk.attachments([SimpleUploadedFile("vedtak.pdf", pdf_bytes())])
    mine = Attachment.objects.get()
    another_clerk().complete("5001")
    other_nomination = Nomination.objects.get(municipality__number="5001")
    url = f"/nominasjon/{other_nomination.token}/vedlegg/{mine.token}/"
    assert client.get(url).status_code == 404
    own = client.get(f"/nominasjon/{clerk.token}/vedlegg/{mine.token}/")
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert own["X-Content-Type-Options"] == "nosniff"


def test_a_submitted_nomination_can_be_changed_and_withdrawn_until_the_deadline(clerk):
    clerk.complete()
    nomination = Nomination.objects.get()
    page = clerk.client.get(nomination.get_private_url()).content.decode()
    assert "Endre nominasjonen" in page and "Trekk tilbake nominasjonen" in page

    clerk.reason("En bedre begrunnelse.")
    clerk.criteria()
    clerk.attachments()
    assert clerk.submit().status_code == 302
    nomination.refresh_from_db()
    assert nomination.reason == "En bedre begrunnelse."
    assert nomination.reference.endswith("-0001")
    assert Nomination.objects.count() == 1

    response = clerk.client.post(f"/nominasjon/{nomination.token}/trekk-tilbake/", {"reason": ""})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    assert "Trukket tilbake" in clerk.client.get(nomination.get_private_url()).content.decode()


def test_after_the_deadline_a_post_is_refused_and_the_draft_stays(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason("Lagret før fristen.")
    draft = Nomination.objects.get()
    state_before = draft.wizard_state
    after_deadline = open_cycle.nominations_close_at + datetime.timedelta(minutes=1)
    with time_machine.travel(after_deadline, tick=False):
        response = clerk.post("begrunnelse", {"reason": "Skrevet etter fristen."})
        page = response.content.decode()
        assert response.status_code == 403
        assert "Fristen var" in page
        assert "Utkastet ditt er tatt vare på" in page
        assert "Skrevet etter fristen." in page  # shown again so it can be copied
        submit = clerk.post("oppsummering", {"consent": "on"})
        assert submit.status_code == 403
    draft.refresh_from_db()
    assert draft.wizard_state == state_before
    assert draft.status == "draft"


def test_just_before_the_deadline_a_submit_is_accepted(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    clerk.attachments()
    with time_machine.travel(open_cycle.nominations_close_at - datetime.timedelta(seconds=5)):
        assert clerk.submit().status_code == 302
    assert Nomination.objects.get().status == "submitted"


def test_before_opening_the_form_says_when_it_opens(client, open_cycle):
    with time_machine.travel(open_cycle.nominations_open_at - datetime.timedelta(days=1)):
        page = client.get("/nominer/").content.decode()
        assert "åpner" in page
        response = client.get("/arets-frivillighetskommune/nominer/ny/")
        assert "er ikke åpent ennå" in response.content.decode()


def test_form_pages_keep_a_constant_number_of_queries(
    clerk, open_cycle, django_assert_max_num_queries
):
    # The whole register (372 choices) in one query, however long the list is.
    with django_assert_max_num_queries(6):
        assert clerk.client.get("/arets-frivillighetskommune/nominer/ny/").status_code == 200
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    with django_assert_max_num_queries(12):
        assert clerk.client.get(f"/nominer/{clerk.token}/kriterier/").status_code == 200
    # Twice the criteria, each citing clauses: the same number of queries.
    from nominations.models import Criterion, CriterionClause

    for position in range(len(DEFAULT_CRITERIA) + 1, 2 * len(DEFAULT_CRITERIA) + 1):
        extra = Criterion.objects.create(
            cycle=open_cycle, position=position, title=f"Ekstra {position}", question="Hvordan?"
        )
        for clause in open_cycle.award.platform.clauses.all()[:3]:
            CriterionClause.objects.create(criterion=extra, clause=clause)
    assert open_cycle.criteria.count() == 2 * len(DEFAULT_CRITERIA)
    with django_assert_max_num_queries(12):
        assert clerk.client.get(f"/nominer/{clerk.token}/kriterier/").status_code == 200


def test_the_private_page_keeps_a_constant_number_of_queries(clerk, django_assert_max_num_queries):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    clerk.attachments(
        [SimpleUploadedFile(f"f{n}.pdf", pdf_bytes(), "application/pdf") for n in range(8)]
    )
    clerk.submit()
    nomination = Nomination.objects.get()
    with django_assert_max_num_queries(5):
        page = clerk.client.get(nomination.get_private_url()).content.decode()
    assert page.count("/vedlegg/") == 8


def test_pages_are_norwegian_whatever_language_the_browser_asks_for(client, open_cycle):
    page = client.get("/nominer/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nb">' in page
    assert "Start nominasjonen" in page


def test_a_forged_step_in_the_post_does_not_submit(clerk):
    clerk.candidate()
    page = clerk.client.get(f"/nominer/{clerk.token}/innsender/")
    response = clerk.client.post(
        f"/nominer/{clerk.token}/innsender/",
        {**step_fields(page, "oppsummering"), "oppsummering-consent": "on"},
    )
    assert response.status_code == 302
    assert Nomination.objects.get().status == "draft"
    assert not mail.outbox
