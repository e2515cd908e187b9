"""The nomination form, its receipt, the nominator's private pages and e-mails in the three
languages: all nynorsk in nynorsk (errors too), English in English, the deadline written as each
language writes it, the municipality told in bokmål, and a change of language on a step that
keeps what was typed."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.defaults import add_default_criteria
from nominations.models import Cycle, Nomination
from nominations.models.cycles import oslo_time

from ..languages import bokmal_fallbacks_marked, bokmal_in, choose, fallbacks_in
from .helpers import Clerk, municipality, pdf_bytes, step_fields

pytestmark = pytest.mark.django_db

YEAR = 2026
DURING_THE_CALL = oslo_time(YEAR, 6, 2, 10, 15)  # the deadline: 1 September 23:59
AFTER_THE_DEADLINE = oslo_time(YEAR, 9, 2, 9, 0)


@pytest.fixture
def call_cycle(award):
    """The call of YEAR, with the default criteria (the clock is set by during_the_call)."""
    call_cycle = Cycle.objects.create(
        award=award, year=YEAR, is_published=True, **Cycle.default_times(YEAR)
    )
    add_default_criteria(call_cycle)
    return call_cycle


@pytest.fixture
def during_the_call():
    with time_machine.travel(DURING_THE_CALL, tick=False) as traveller:
        yield traveller


def clerk_in(language, client, call_cycle, on_commit):
    return Clerk(choose(client, language), call_cycle, on_commit)


@pytest.fixture
def nynorsk_clerk(client, call_cycle, during_the_call, django_capture_on_commit_callbacks):
    return clerk_in("nn", client, call_cycle, django_capture_on_commit_callbacks)


def html(response):
    return response.content.decode()


# --- Nynorsk through the whole form ---------------------------------------------------------------


def test_the_whole_form_its_errors_receipt_private_pages_and_e_mails_are_all_nynorsk(
    nynorsk_clerk, call_cycle, during_the_call
):
    clerk = nynorsk_clerk
    somna = municipality("1812", YEAR)
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()
    shown = {}

    def look(name, response):
        assert response.status_code in (200, 403), (name, response.status_code)
        page = html(response)
        if fallbacks_in(page):
            shown[name] = fallbacks_in(page)
        assert '<html lang="nn">' in page, name
        return page

    first = call_cycle.criteria.get(position=1)
    with bokmal_fallbacks_marked():
        look("the call", clerk.client.get("/nominer/"))
        look("step 1", clerk.client.get(clerk.url("kandidat")))
        look("step 1, searched", clerk.client.get(clerk.url("kandidat"), {"q": "søm"}))
        look("step 1, nothing chosen", clerk.post("kandidat", {"municipality": ""}))
        clerk.candidate()
        look("step 2", clerk.client.get(clerk.url("innsender")))
        look(
            "step 2, errors",
            clerk.post(
                "innsender",
                {
                    "nominator_name": "",
                    "nominator_email": "kari@",
                    "nominator_phone": "12",
                    "nominator_kind": "organisation",
                    "organisation_number": "974760674",
                },
            ),
        )
        look("step 2, no kind", clerk.post("innsender", {"nominator_name": "Kari"}))
        clerk.nominator()
        look("step 3", clerk.client.get(clerk.url("begrunnelse")))
        look("step 3, empty", clerk.post("begrunnelse", {"reason": ""}))
        look("step 3, too long", clerk.post("begrunnelse", {"reason": "x" * 5000}))
        clerk.reason()
        look("step 4", clerk.client.get(clerk.url("kriterier")))
        look(
            "step 4, errors",
            clerk.post(
                "kriterier",
                {f"answer_{first.pk}": "x" * 9000, f"evidence_url_{first.pk}": "ikkje ei adresse"},
                {f"evidence_file_{first.pk}": SimpleUploadedFile("tom.pdf", b"")},
            ),
        )
        clerk.criteria(
            files={f"evidence_file_{first.pk}": SimpleUploadedFile("v.pdf", pdf_bytes())}
        )
        look("step 4, with a file", clerk.client.get(clerk.url("kriterier")))
        look("step 5", clerk.client.get(clerk.url("vedlegg")))
        look(
            "step 5, wrong file",
            clerk.attachments([SimpleUploadedFile("bilde.pdf", b"MZ\x90\x00", "application/pdf")]),
        )
        clerk.attachments([SimpleUploadedFile("vedtak.pdf", pdf_bytes(), "application/pdf")])
        look("step 5, attached", clerk.client.get(clerk.url("vedlegg")))
        look("step 6", clerk.client.get(clerk.url("oppsummering")))
        look("step 6, no consent", clerk.submit(consent=False))
        receipt = clerk.submit()
        assert receipt.status_code == 302
        nomination = Nomination.objects.get(token=clerk.token)
        look("receipt", clerk.client.get(receipt["Location"]))
        look("the nomination", clerk.client.get(nomination.get_private_url()))
        look("changing it", clerk.client.get(clerk.url("oppsummering")))
        look("withdrawing it", clerk.client.get(f"/nominasjon/{nomination.token}/trekk-tilbake/"))
        candidate = nomination.candidate
        look("the municipality's page", clerk.client.get(candidate.get_private_url()))
        with time_machine.travel(AFTER_THE_DEADLINE, tick=False):
            look(
                "the nomination after the deadline", clerk.client.get(nomination.get_private_url())
            )
            look("a step after the deadline", clerk.post("begrunnelse", {"reason": "Seint."}))
            look("the call after the deadline", clerk.client.get("/nominer/"))
        nominators_mail = [m for m in mail.outbox if m.to == ["kari@example.org"]]
        assert len(nominators_mail) == 2  # the draft's link and the receipt
        for message in nominators_mail:
            if fallbacks_in(message.subject + message.body):
                shown[message.subject] = fallbacks_in(message.subject + message.body)
    assert shown == {}, "shown in bokmål for want of nynorsk"

    link, receipt_mail = nominators_mail
    assert link.subject == "Nominasjonen din av Sømna er lagra"
    assert f"Nominasjonen må sendast inn innan 1. september {YEAR} kl. 23.59." in link.body
    assert receipt_mail.subject == f"Kvittering for nominasjonen din {nomination.reference}"
    assert f"Fram til fristen, 1. september {YEAR} kl. 23.59, kan du lese" in receipt_mail.body


def test_an_english_nominator_reads_every_step_error_page_and_e_mail_in_english(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("en", client, call_cycle, django_capture_on_commit_callbacks)
    criteria = [
        text
        for row in call_cycle.criteria.values_list("title", "question", "help_text")
        for text in row
    ]
    # The cited clauses are quoted as the agreement has them, and the secretariat's name is
    # a setting: both stay as written.
    criteria += [
        clause.text.split("[^")[0]
        for criterion in call_cycle.criteria.all()
        for clause in criterion.clauses.all()
    ]
    criteria.append(settings.SECRETARIAT_NAME)
    found = {}

    def look(name, response):
        page = html(response)
        assert '<html lang="en">' in page, name
        if bokmal_in(page, criteria):
            found[name] = bokmal_in(page, criteria)

    look("the call", clerk.client.get("/nominer/"))
    look("step 1, nothing chosen", clerk.post("kandidat", {"municipality": ""}))
    clerk.candidate()
    look("step 2, errors", clerk.post("innsender", {"nominator_email": "kari@"}))
    clerk.nominator()
    look("step 3, too long", clerk.post("begrunnelse", {"reason": "x" * 5000}))
    clerk.reason()
    look("step 4", clerk.client.get(clerk.url("kriterier")))
    clerk.criteria()
    look("step 5, wrong file", clerk.attachments([SimpleUploadedFile("x.pdf", b"MZ")]))
    clerk.attachments()
    look("step 6, no consent", clerk.submit(consent=False))
    receipt = clerk.submit()
    nomination = Nomination.objects.get(token=clerk.token)
    look("receipt", clerk.client.get(receipt["Location"]))
    look("the nomination", clerk.client.get(nomination.get_private_url()))
    look("withdrawing it", clerk.client.get(f"/nominasjon/{nomination.token}/trekk-tilbake/"))
    for message in mail.outbox:
        if bokmal_in(message.subject + message.body, criteria):
            found[message.subject] = bokmal_in(message.subject + message.body, criteria)
    assert found == {}, "bokmål on an English page"
    assert "Add files" in html(clerk.client.get(clerk.url("vedlegg")))
    assert "at most 10 MB each and 10 files in all" in html(clerk.client.get(clerk.url("vedlegg")))


def test_the_municipality_is_told_in_bokmal_whatever_the_nominator_reads(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    somna = municipality("1812", YEAR)
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()
    clerk_in("en", client, call_cycle, django_capture_on_commit_callbacks).complete("1812")
    receipt = next(
        m for m in mail.outbox if m.to == ["kari@example.org"] and "Receipt" in m.subject
    )
    assert f"Until the deadline, 1 September {YEAR} at 23:59, you can read" in receipt.body
    notice = next(m for m in mail.outbox if m.to == ["postmottak@somna.kommune.no"])
    assert notice.subject == "Sømna er nominert til Årets frivillighetskommune"
    assert f"Materiale kan legges til fram til 1. september {YEAR} kl. 23.59." in notice.body


@pytest.mark.parametrize(
    "language, deadline, saved",
    [
        (
            "nb",
            f"Frist 1. september {YEAR} kl. 23.59",
            f"Utkastet ble lagret 2. juni {YEAR} kl. 10.15.",
        ),
        (
            "nn",
            f"Frist 1. september {YEAR} kl. 23.59",
            f"Utkastet vart lagra 2. juni {YEAR} kl. 10.15.",
        ),
        ("en", f"Deadline 1 September {YEAR} at 23:59", f"Draft saved 2 June {YEAR} at 10:15."),
    ],
)
def test_a_step_gives_the_deadline_and_the_time_saved_as_the_language_writes_them(
    client,
    call_cycle,
    during_the_call,
    django_capture_on_commit_callbacks,
    language,
    deadline,
    saved,
):
    clerk = clerk_in(language, client, call_cycle, django_capture_on_commit_callbacks)
    clerk.candidate()
    page = html(clerk.client.get(clerk.url("innsender")))
    assert deadline in page and saved in page


# --- The language menu on a step ------------------------------------------------------------------


def switch(clerk, step, language, data):
    """What site.js posts when the visitor changes the language on a step: the step's own form
    with the language."""
    page = clerk.client.get(clerk.url(step))
    payload = {**step_fields(page, step), "language": language}
    payload["change_language"] = "1"
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return clerk.client.post(clerk.url(step), payload)


def test_changing_the_language_on_a_complete_step_stores_it_and_stays_there(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("nb", client, call_cycle, django_capture_on_commit_callbacks)
    clerk.candidate()
    clerk.nominator()
    response = switch(clerk, "begrunnelse", "nn", {"reason": "Sømna har eit aktivt frivilligråd."})
    assert response.status_code == 302 and response["Location"] == clerk.url("begrunnelse")
    assert response.cookies["django_language"].value == "nn"
    page = html(clerk.client.get(response["Location"]))
    assert '<html lang="nn">' in page and "Kvifor nominerer du denne kandidaten?" in page
    assert "Sømna har eit aktivt frivilligråd.</textarea>" in page
    assert 'class="error' not in page and "feil i skjemaet" not in page
    # Stored as "Save and continue" stores it: the next step is open, the text is in the draft.
    stored = Nomination.objects.get(token=clerk.token).wizard_state
    assert stored["step_data"]["begrunnelse"]["begrunnelse-reason"] == [
        "Sømna har eit aktivt frivilligråd."
    ]
    assert clerk.client.get(clerk.url("kriterier")).status_code == 200


def test_changing_the_language_on_an_incomplete_step_keeps_what_was_typed(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("nb", client, call_cycle, django_capture_on_commit_callbacks)
    clerk.candidate()
    typed = {"nominator_name": "Kari Nordmann", "nominator_phone": "912 34 567"}
    typed["nominator_kind"] = "person"
    response = switch(clerk, "innsender", "en", typed)
    assert response.status_code == 302 and response["Location"] == clerk.url("innsender")
    for _visit in range(2):  # and again after a reload
        page = html(clerk.client.get(response["Location"]))
        assert '<html lang="en">' in page and "Your e-mail address" in page
        assert 'value="Kari Nordmann"' in page and 'value="912 34 567"' in page
        assert re.search(r'value="person"[^>]*checked', page)
        assert "Write your e-mail address." not in page  # not checked: not asked to save
    # Nothing is stored: the step is not done, no link is sent.
    assert "innsender" not in Nomination.objects.get(token=clerk.token).wizard_state["step_data"]
    assert not mail.outbox
    # Saving it for real then works as ever, and what was kept is gone.
    assert clerk.nominator().status_code == 302
    assert 'value="Kari Nordmann"' in html(clerk.client.get(clerk.url("innsender")))
    assert "Write your e-mail address." not in html(clerk.client.get(clerk.url("innsender")))


def test_changing_the_language_on_the_first_step_before_any_draft(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("nb", client, call_cycle, django_capture_on_commit_callbacks)
    response = switch(clerk, "kandidat", "nn", {"municipality": municipality("1812", YEAR).pk})
    assert response.status_code == 302
    draft = Nomination.objects.get()
    assert response["Location"] == f"/nominer/{draft.token}/kandidat/"
    page = html(clerk.client.get(response["Location"]))
    assert '<html lang="nn">' in page and "Vel ein kommune" in page
    assert re.search(rf'<option value="{draft.municipality_id}" selected>Sømna', page)


def test_changing_the_language_on_the_last_step_never_sends(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("nb", client, call_cycle, django_capture_on_commit_callbacks)
    for step in (clerk.candidate, clerk.nominator, clerk.reason, clerk.criteria, clerk.attachments):
        step()
    response = switch(clerk, "oppsummering", "en", {"consent": "on"})
    assert response["Location"] == clerk.url("oppsummering")
    assert Nomination.objects.get().is_draft
    page = html(clerk.client.get(clerk.url("oppsummering")))
    assert "Send the nomination" in page and re.search(
        r'name="oppsummering-consent"[^>]*checked', page
    )


def test_every_step_has_the_menu_posting_with_the_steps_form(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("nb", client, call_cycle, django_capture_on_commit_callbacks)
    page = html(clerk.client.get(clerk.url("kandidat")))
    assert 'data-post-with="wizard-form"' in page and 'id="wizard-form"' in page
    options = re.findall(r'<option value="(nb|nn|en)" lang="\1"', page)
    assert options == ["nb", "nn", "en"]
    # Elsewhere the menu is a form of its own.
    assert "data-post-with" not in html(clerk.client.get("/nominer/"))


def test_a_late_change_of_language_keeps_the_draft_as_it_was(
    client, call_cycle, during_the_call, django_capture_on_commit_callbacks
):
    clerk = clerk_in("nb", client, call_cycle, django_capture_on_commit_callbacks)
    clerk.candidate()
    clerk.nominator()
    before = Nomination.objects.get().wizard_state
    with time_machine.travel(AFTER_THE_DEADLINE + datetime.timedelta(hours=1), tick=False):
        response = switch(clerk, "begrunnelse", "nn", {"reason": "For seint."})
    assert response.status_code == 403
    assert "For seint." in html(response)  # shown so that it can be copied
    assert Nomination.objects.get().wizard_state == before
