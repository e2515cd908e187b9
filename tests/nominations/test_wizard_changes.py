"""The nomination form keeps what is typed and never lets a change look sent when it is not
(#16): a submitted nomination's unsent changes, «Previous step», saving as one types, and files
kept when another file of the same post is refused."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nominations.models import Attachment, Nomination
from nominations.wizard import MAX_DRAFT_SIZE

from .helpers import pdf_bytes, step_fields

pytestmark = pytest.mark.django_db


def go_back(clerk, step, data):
    """Press «Previous step» on `step` with `data` typed."""
    page = clerk.client.get(clerk.url(step))
    payload = {**step_fields(page, step), "wizard_goto_step": "x"}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    previous = {"innsender": "kandidat", "begrunnelse": "innsender", "kriterier": "begrunnelse"}
    payload["wizard_goto_step"] = previous[step]
    return clerk.client.post(clerk.url(step), payload)


def autosave(client, token, step, data):
    """What the step's script posts, from a page read just now."""
    version = Nomination.objects.get(token=token).draft_version
    return client.post(
        f"/nominer/{token}/{step}/autosave/",
        {"draft_version": version, **{f"{step}-{key}": value for key, value in data.items()}},
        HTTP_ACCEPT="application/json",
    )


def test_a_change_to_a_submitted_nomination_is_named_as_not_sent_until_it_is(clerk):
    clerk.complete()
    nomination = Nomination.objects.get()
    mail.outbox.clear()

    response = clerk.reason("En ny begrunnelse.")
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.reason == "Sømna har et aktivt frivillighetsråd."  # not sent in

    step = clerk.client.get(response["Location"]).content.decode()
    assert "Utkastet ble lagret" not in step
    assert "Endringer som ikke er sendt inn ennå" in step
    assert "Se over og send inn endringene" in step
    private = clerk.client.get(nomination.get_private_url()).content.decode()
    assert "Endringer som ikke er sendt inn ennå" in private
    assert f'href="/nominer/{nomination.token}/begrunnelse/">Begrunnelse</a>' in private
    summary = clerk.client.get(clerk.url("oppsummering")).content.decode()
    assert "Send inn endringene" in summary

    sent = clerk.submit()
    assert sent["Location"] == nomination.get_private_url()
    page = clerk.client.get(sent["Location"]).content.decode()
    assert "Endringene er lagret" in page
    assert "Takk" not in page
    assert "Endringer som ikke er sendt inn ennå" not in page
    nomination.refresh_from_db()
    assert nomination.reason == "En ny begrunnelse."
    (update,) = mail.outbox
    assert update.subject == f"Nominasjonen din {nomination.reference} er oppdatert"
    assert "Endret:\n- Begrunnelse\n" in update.body
    assert "Vi har mottatt" not in update.body


def test_sending_again_without_a_change_says_so(clerk):
    clerk.complete()
    nomination = Nomination.objects.get()
    page = clerk.client.get(clerk.url("oppsummering")).content.decode()
    assert "Du har ikke endret noe siden du sendte inn nominasjonen." in page
    response = clerk.submit()
    assert "Ingenting ble endret" in clerk.client.get(response["Location"]).content.decode()
    assert Nomination.objects.get().reference == nomination.reference


def test_the_summary_shows_every_answer_including_who_nominates(clerk):
    clerk.candidate()
    clerk.nominator(nominator_phone="912 34 567")
    clerk.reason()
    clerk.criteria()
    clerk.attachments()
    page = clerk.client.get(clerk.url("oppsummering")).content.decode()
    assert "<dt>Du nominerer som</dt><dd>En frivillig organisasjon</dd>" in page
    assert "912 34 567" in page


def test_previous_step_keeps_what_was_typed_even_when_it_is_not_complete(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    too_long = "x" * (open_cycle.reason_max_length + 5)
    response = go_back(clerk, "begrunnelse", {"reason": too_long})
    assert response.status_code == 302
    assert response["Location"] == clerk.url("innsender")
    nomination = Nomination.objects.get()
    assert nomination.wizard_state["step_data"]["begrunnelse"] == {"begrunnelse-reason": [too_long]}

    # Back on the step, the text is as typed, without an error until it is saved.
    page = clerk.client.get(clerk.url("begrunnelse")).content.decode()
    assert too_long in page
    assert "Feil:" not in page
    # The form does not go past a step that is not complete.
    assert clerk.client.get(clerk.url("kriterier"))["Location"] == clerk.url("begrunnelse")


def test_previous_step_saves_a_complete_step_as_save_does(clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    go_back(clerk, "begrunnelse", {"reason": "Skrevet før jeg gikk tilbake."})
    page = clerk.client.get(clerk.url("begrunnelse")).content.decode()
    assert "Skrevet før jeg gikk tilbake." in page
    assert clerk.client.get(clerk.url("kriterier")).status_code == 200


def test_the_step_is_saved_as_it_is_typed_with_only_its_own_fields(clerk):
    clerk.candidate()
    clerk.nominator()
    response = autosave(
        clerk.client,
        clerk.token,
        "begrunnelse",
        {"reason": "Halvveis skrevet", "evil": "kept?", "../innsender-nominator_email": "x"},
    )
    assert response.status_code == 200
    assert "Utkastet ble lagret kl." in response.json()["message"]
    state = Nomination.objects.get().wizard_state
    assert state["step_data"]["begrunnelse"] == {"begrunnelse-reason": ["Halvveis skrevet"]}
    assert state["step_data"]["innsender"]["innsender-nominator_email"] == ["kari@example.org"]
    # A reload shows it.
    assert "Halvveis skrevet" in clerk.client.get(clerk.url("begrunnelse")).content.decode()


def test_saving_as_one_types_needs_the_csrf_token_and_respects_the_size_cap(clerk):
    clerk.candidate()
    clerk.nominator()
    strict = Client(enforce_csrf_checks=True)
    assert autosave(strict, clerk.token, "begrunnelse", {"reason": "Uten token"}).status_code == 403

    huge = autosave(clerk.client, clerk.token, "begrunnelse", {"reason": "å" * MAX_DRAFT_SIZE})
    assert huge.status_code == 413
    assert "for lang" in huge.json()["message"]
    assert "begrunnelse" not in Nomination.objects.get().wizard_state["step_data"]
    assert autosave(clerk.client, clerk.token, "oppsummering", {"consent": "on"}).status_code == 404


def test_typing_in_a_submitted_nomination_is_said_to_be_not_sent_in(clerk):
    clerk.complete()
    response = autosave(clerk.client, clerk.token, "begrunnelse", {"reason": "Ny tekst"})
    assert "ikke sendt inn" in response.json()["message"]
    nomination = Nomination.objects.get()
    assert nomination.reason != "Ny tekst"
    assert (
        "Endringer som ikke er sendt inn"
        in clerk.client.get(nomination.get_private_url()).content.decode()
    )


def test_a_withdrawn_nomination_is_not_saved_as_one_types(clerk):
    clerk.complete()
    nomination = Nomination.objects.get()
    clerk.client.post(f"/nominasjon/{nomination.token}/trekk-tilbake/", {"reason": ""})
    response = autosave(clerk.client, clerk.token, "begrunnelse", {"reason": "Etterpå"})
    assert response.status_code == 403
    assert json.dumps(Nomination.objects.get().wizard_state).count("Etterpå") == 0


def test_good_attachments_are_kept_when_another_in_the_same_post_is_refused(clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    good = SimpleUploadedFile("vedtak.pdf", pdf_bytes(), "application/pdf")
    bad = SimpleUploadedFile("bilde.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = clerk.attachments([good, bad])
    page = response.content.decode()
    assert response.status_code == 200
    assert [a.original_name for a in Attachment.objects.all()] == ["vedtak.pdf"]
    assert "Lagret: «vedtak.pdf»." in page
    assert "«bilde.pdf» heter PDF, men innholdet er ikke en PDF" in page
    assert page.count("vedtak.pdf") >= 2  # in the message and in the list of attached files


def test_a_good_evidence_file_is_kept_when_another_criterion_s_file_is_refused(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    first, second = open_cycle.criteria.order_by("position")[:2]
    files = {
        f"evidence_file_{first.pk}": SimpleUploadedFile("plan.pdf", pdf_bytes()),
        f"evidence_file_{second.pk}": SimpleUploadedFile("tom.pdf", b""),
    }
    response = clerk.criteria(files=files)
    page = response.content.decode()
    assert response.status_code == 200
    (stored,) = Attachment.objects.all()
    assert (stored.original_name, stored.criterion_id) == ("plan.pdf", first.pk)
    assert "Lagret: «plan.pdf»." in page
    assert "«tom.pdf» er tom" in page
    assert "Fjern «plan.pdf»" in page  # shown as the criterion's evidence file


def test_a_good_evidence_file_is_kept_when_a_link_beside_it_is_wrong(clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    first = open_cycle.criteria.order_by("position").first()
    page = clerk.post(
        "kriterier",
        {f"answer_{first.pk}": "Svar.", f"evidence_url_{first.pk}": "ikke en lenke"},
        {f"evidence_file_{first.pk}": SimpleUploadedFile("plan.pdf", pdf_bytes())},
    ).content.decode()
    assert Attachment.objects.get().original_name == "plan.pdf"
    assert "Lagret: «plan.pdf».</p>" in page
    assert "Skriv en hel nettadresse" in page


def test_previous_step_with_a_refused_file_says_so_and_keeps_the_good_one(clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    page = clerk.client.get(clerk.url("vedlegg"))
    response = clerk.client.post(
        clerk.url("vedlegg"),
        {
            **step_fields(page, "vedlegg"),
            "wizard_goto_step": "kriterier",
            "vedlegg-files": [
                SimpleUploadedFile("vedtak.pdf", pdf_bytes()),
                SimpleUploadedFile("tom.pdf", b""),
            ],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "«tom.pdf» er tom" in html and "Lagret: «vedtak.pdf»." in html
    assert Attachment.objects.get().original_name == "vedtak.pdf"
