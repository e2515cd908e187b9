"""Two tabs on one nomination draft (#21): the second tab's save is told that the draft changed,
as the jury's form does, and nothing typed in either tab is lost. One tab is never taken for
two. A "tab" here is a page of a step read with a GET; its saves post what that page carries."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nominations import draft_versions
from nominations.models import Attachment, Nomination

from .helpers import draft_version, pdf_bytes, step_fields

pytestmark = pytest.mark.django_db

CHANGED = "Utkastet er endret i en annen fane eller et annet vindu"
REASON = "begrunnelse-reason"


def open_tab(clerk, step):
    """A step's page, read now: what its form posts besides its fields."""
    page = clerk.client.get(clerk.url(step))
    assert page.status_code == 200
    return step_fields(page, step)


def type_in(clerk, tab, text, step="begrunnelse", tab_id=""):
    """What the step's script posts as the reason is typed, from the page `tab`."""
    data = {"draft_version": tab["draft_version"], f"{step}-reason": text}
    if tab_id:
        data["tab"] = tab_id
    return clerk.client.post(
        f"/nominer/{clerk.token}/{step}/autosave/", data, HTTP_ACCEPT="application/json"
    )


def press_save(clerk, page, text, **extra):
    """«Lagre og gå videre» on the reason's step of the page `page` (no JavaScript)."""
    return clerk.client.post(clerk.url("begrunnelse"), {**page, REASON: text, **extra})


def stored_reason():
    return Nomination.objects.get().wizard_state["step_data"]["begrunnelse"][REASON]


@pytest.fixture
def on_reason(clerk):
    """A draft with its first three steps saved."""
    clerk.candidate()
    clerk.nominator()
    clerk.reason("Den første begrunnelsen.")
    return clerk


# --- Saved as one types ------------------------------------------------------------------------


def test_the_second_tab_is_told_and_does_not_overwrite_the_first(on_reason):
    clerk = on_reason
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")

    saved = type_in(clerk, first, "Skrevet i den første fanen.")
    assert saved.status_code == 200
    refused = type_in(clerk, second, "Skrevet i den andre fanen.")

    assert refused.status_code == 409
    message = refused.json()["message"]
    assert message.startswith("Ikke lagret: utkastet er endret i en annen fane eller et annet")
    assert "Det du skrev, står her fortsatt." in message
    assert refused.json()["version"] == saved.json()["version"]
    assert stored_reason() == ["Skrevet i den første fanen."]


def test_in_the_other_order_the_other_tab_is_refused(on_reason):
    clerk = on_reason
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")

    assert type_in(clerk, second, "Den andre var først.").status_code == 200
    assert type_in(clerk, first, "Den første kom etter.").status_code == 409
    assert stored_reason() == ["Den andre var først."]


def test_one_tab_s_successive_saves_each_name_the_version_the_last_one_returned(on_reason):
    clerk = on_reason
    tab = open_tab(clerk, "begrunnelse")
    for text in ("Én", "Én setning", "Én setning til."):
        response = type_in(clerk, tab, text)
        assert response.status_code == 200, response.json()
        tab["draft_version"] = str(response.json()["version"])
    # «Lagre og gå videre» right after: its post names the last save's version.
    response = press_save(clerk, tab, "Én setning til, og ferdig.")
    assert response.status_code == 302
    assert response["Location"] == clerk.url("kriterier")
    assert stored_reason() == ["Én setning til, og ferdig."]


def test_a_save_that_lands_after_the_reloaded_page_was_read_is_the_same_tab_s(on_reason):
    """A reload right after typing: the page is read before the save sent as it was left lands,
    and the new page's first save names the version it read. Same tab: never refused."""
    clerk = on_reason
    before_reload = open_tab(clerk, "begrunnelse")
    reloaded = open_tab(clerk, "begrunnelse")
    assert type_in(clerk, before_reload, "Sendt idet siden ble lastet på nytt.", tab_id="t1")
    response = type_in(clerk, reloaded, "Skrevet etter.", tab_id="t1")
    assert response.status_code == 200
    assert stored_reason() == ["Skrevet etter."]
    # Another tab's id is another tab.
    assert type_in(clerk, reloaded, "Fra en annen fane.", tab_id="t2").status_code == 409
    # The tab's buttons send its id too: the step is saved.
    assert press_save(clerk, reloaded, "Lagret med knappen.", tab="t1").status_code == 302
    assert stored_reason() == ["Lagret med knappen."]


def test_moving_between_steps_in_another_tab_changes_nothing_typed(on_reason):
    clerk = on_reason
    tab = open_tab(clerk, "begrunnelse")
    open_tab(clerk, "innsender")
    open_tab(clerk, "kriterier")
    assert type_in(clerk, tab, "Ingen annen fane skrev noe.").status_code == 200


def test_the_same_text_from_an_older_page_is_no_conflict(on_reason):
    clerk = on_reason
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")
    type_in(clerk, first, "Likt i begge.")
    response = type_in(clerk, second, "Likt i begge.")
    assert response.status_code == 200
    assert str(response.json()["version"]) == str(Nomination.objects.get().draft_version)


# --- The step's button, without JavaScript ---------------------------------------------------


def test_an_older_page_s_post_shows_the_step_again_with_what_was_typed(on_reason):
    clerk = on_reason
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")
    assert press_save(clerk, second, "Lagret i den andre fanen.").status_code == 302

    response = press_save(clerk, first, "Skrevet i den første fanen.")

    assert response.status_code == 409
    html = response.content.decode()
    assert CHANGED in html
    assert 'class="error-summary" role="alert"' in html
    assert "<title>Feil:" in html
    assert "Skrevet i den første fanen.</textarea>" in html
    assert stored_reason() == ["Lagret i den andre fanen."]
    # The page names the newer version: pressing the button again keeps what was typed here.
    assert draft_version(response) == str(Nomination.objects.get().draft_version)
    again = press_save(clerk, step_fields(response, "begrunnelse"), "Skrevet i den første fanen.")
    assert again.status_code == 302
    assert stored_reason() == ["Skrevet i den første fanen."]


def test_an_older_page_s_post_of_files_says_to_choose_them_again(on_reason, open_cycle):
    clerk = on_reason
    clerk.criteria()
    criterion = open_cycle.criteria.order_by("position").first()
    answer = f"kriterier-answer_{criterion.pk}"
    old = open_tab(clerk, "kriterier")
    newer = open_tab(clerk, "kriterier")
    clerk.client.post(
        f"/nominer/{clerk.token}/kriterier/autosave/",
        {**newer, answer: "Svar fra den andre fanen."},
        HTTP_ACCEPT="application/json",
    )
    response = clerk.client.post(
        clerk.url("kriterier"),
        {
            **old,
            answer: "Svar fra denne fanen.",
            f"kriterier-evidence_file_{criterion.pk}": SimpleUploadedFile(
                "vedtak.pdf", pdf_bytes()
            ),
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Filene du valgte, ble ikke lagret: velg dem på nytt." in html
    assert "Svar fra denne fanen.</textarea>" in html
    assert not Attachment.objects.exists()
    state = Nomination.objects.get().wizard_state["step_data"]["kriterier"]
    assert state[answer] == ["Svar fra den andre fanen."]


def test_the_attachments_step_keeps_nothing_typed_so_another_tab_is_no_conflict(on_reason):
    clerk = on_reason
    clerk.criteria()
    old = open_tab(clerk, "vedlegg")
    type_in(clerk, open_tab(clerk, "begrunnelse"), "Endret i en annen fane.")
    response = clerk.client.post(
        clerk.url("vedlegg"),
        {**old, "vedlegg-files": SimpleUploadedFile("vedtak.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "vedtak.pdf"
    assert stored_reason() == ["Endret i en annen fane."]


def test_a_second_click_of_the_button_is_not_another_tab(on_reason):
    clerk = on_reason
    tab = open_tab(clerk, "begrunnelse")
    assert press_save(clerk, tab, "Dobbeltklikk.").status_code == 302
    assert press_save(clerk, tab, "Dobbeltklikk.").status_code == 302


def test_previous_step_from_an_older_page_is_refused_too(on_reason):
    clerk = on_reason
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")
    type_in(clerk, second, "Fra den andre fanen.")
    response = press_save(clerk, first, "Halvferdig", wizard_goto_step="innsender")
    assert response.status_code == 409
    assert "Halvferdig</textarea>" in response.content.decode()
    assert stored_reason() == ["Fra den andre fanen."]


def test_a_page_without_the_version_is_refused_rather_than_overwrite(on_reason):
    clerk = on_reason
    tab = open_tab(clerk, "begrunnelse")
    del tab["draft_version"]
    assert press_save(clerk, tab, "Uten versjon.").status_code == 409
    assert stored_reason() == ["Den første begrunnelsen."]


def test_the_refused_page_keeps_a_constant_number_of_queries(
    on_reason, django_assert_max_num_queries
):
    clerk = on_reason
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")
    press_save(clerk, second, "Lagret i den andre fanen.")
    # The draft, the criteria with their clauses, the municipality and the step it points to.
    with django_assert_max_num_queries(5):
        assert press_save(clerk, first, "Skrevet her.").status_code == 409


# --- A submitted nomination, changed through its private link ---------------------------------


def test_a_sent_nomination_s_steps_are_kept_from_two_tabs_too(clerk):
    clerk.complete()
    first, second = open_tab(clerk, "begrunnelse"), open_tab(clerk, "begrunnelse")
    assert type_in(clerk, first, "Endret i den første fanen.").status_code == 200
    assert type_in(clerk, second, "Endret i den andre fanen.").status_code == 409
    response = press_save(clerk, second, "Endret i den andre fanen.")
    assert response.status_code == 409
    assert "Endret i den andre fanen.</textarea>" in response.content.decode()
    assert stored_reason() == ["Endret i den første fanen."]
    assert Nomination.objects.get().reason == "Sømna har et aktivt frivillighetsråd."


def test_the_last_step_sends_only_what_its_page_showed(clerk):
    clerk.complete()
    summary = open_tab(clerk, "oppsummering")
    type_in(clerk, open_tab(clerk, "begrunnelse"), "Endret i en annen fane.")

    response = clerk.client.post(
        clerk.url("oppsummering"), {**summary, "oppsummering-consent": "on"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert CHANGED in html
    assert "så den ble ikke sendt. Oppsummeringen nedenfor viser nå det som er lagret" in html
    assert "Endret i en annen fane." in html  # the summary shows what would be sent now
    assert Nomination.objects.get().reason == "Sømna har et aktivt frivillighetsråd."
    again = clerk.client.post(
        clerk.url("oppsummering"),
        {**step_fields(response, "oppsummering"), "oppsummering-consent": "on"},
    )
    assert again.status_code == 302
    assert Nomination.objects.get().reason == "Endret i en annen fane."


def test_sending_in_is_no_change_to_another_tab(clerk):
    clerk.complete()
    tab = open_tab(clerk, "begrunnelse")
    assert clerk.submit().status_code == 302  # sent again from another tab
    assert type_in(clerk, tab, "Skrevet etterpå.").status_code == 200


# --- Two saves at the same moment ----------------------------------------------------------


def test_a_save_that_came_in_meanwhile_is_kept_when_it_changed_another_step(on_reason):
    nomination = Nomination.objects.get()
    before = copy.deepcopy(nomination.wizard_state)
    # Another tab saves the reason while this request works on the nominator's step.
    type_in(on_reason, {"draft_version": nomination.draft_version}, "Fra den andre fanen.")
    after = copy.deepcopy(before)
    after["step_data"]["innsender"]["innsender-nominator_phone"] = ["912 34 567"]

    assert draft_versions.store(nomination, before, after)

    state = Nomination.objects.get().wizard_state
    assert state["step_data"]["begrunnelse"][REASON] == ["Fra den andre fanen."]
    assert state["step_data"]["innsender"]["innsender-nominator_phone"] == ["912 34 567"]


def test_a_save_that_came_in_meanwhile_on_the_same_step_is_not_overwritten(on_reason):
    nomination = Nomination.objects.get()
    before = copy.deepcopy(nomination.wizard_state)
    type_in(on_reason, {"draft_version": nomination.draft_version}, "Fra den andre fanen.")
    after = copy.deepcopy(before)
    after["step_data"]["begrunnelse"][REASON] = ["Fra denne."]

    assert not draft_versions.store(nomination, before, after)
    assert stored_reason() == ["Fra den andre fanen."]


def another_tab_saves_meanwhile(monkeypatch, step, key, value):
    """While the step's post is at work, another tab's save of `step` lands."""
    from nominations.wizard import NominationWizard

    real = NominationWizard.process_step

    def meanwhile(self, form):
        nomination = Nomination.objects.get()
        state = copy.deepcopy(nomination.wizard_state)
        state["step_data"][step][key] = [value]
        Nomination.objects.filter(pk=nomination.pk).update(
            wizard_state=state, draft_version=nomination.draft_version + 1
        )
        return real(self, form)

    monkeypatch.setattr(NominationWizard, "process_step", meanwhile)


def test_a_step_posted_as_another_tab_saves_the_same_step_is_shown_again(on_reason, monkeypatch):
    clerk = on_reason
    tab = open_tab(clerk, "begrunnelse")
    another_tab_saves_meanwhile(monkeypatch, "begrunnelse", REASON, "Lagret i mellomtiden.")

    response = press_save(clerk, tab, "Skrevet her.")

    assert response.status_code == 409
    html = response.content.decode()
    assert CHANGED in html and "Skrevet her.</textarea>" in html
    assert stored_reason() == ["Lagret i mellomtiden."]


def test_a_step_posted_as_another_tab_saves_another_step_keeps_both(on_reason, monkeypatch):
    clerk = on_reason
    tab = open_tab(clerk, "begrunnelse")
    phone = "innsender-nominator_phone"
    another_tab_saves_meanwhile(monkeypatch, "innsender", phone, "912 34 567")

    assert press_save(clerk, tab, "Skrevet her.").status_code == 302

    state = Nomination.objects.get().wizard_state["step_data"]
    assert state["begrunnelse"][REASON] == ["Skrevet her."]
    assert state["innsender"][phone] == ["912 34 567"]
