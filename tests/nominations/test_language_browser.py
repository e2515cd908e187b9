"""The language menu in a real browser: on a public page and on a step of the nomination form
the visitor changes the language, stays on the same page and sees it in the chosen language,
with nothing typed on the step lost.

Uses the shared `browser` fixture (tests/conftest.py): Debian's Chromium through Playwright."""

import pytest
from django.urls import reverse

from nominations.models import Nomination

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")


def change_language(page, language):
    page.select_option("#language-select", language)
    with page.expect_navigation():
        page.click(".language-form button")


def test_the_language_changes_on_a_public_page_and_the_visitor_stays_there(
    page, live_server, open_cycle
):
    where = reverse("public:archive") + "?fylke=18"
    page.goto(live_server.url + where)
    assert page.get_attribute("html", "lang") == "nb"
    assert page.locator("h1").inner_text() == "Arkiv"

    change_language(page, "nn")
    assert page.url == live_server.url + where
    assert page.get_attribute("html", "lang") == "nn"
    assert page.locator("label[for=id_fylke]").inner_text() == "Fylke"
    sync_api.expect(page.locator("#main")).to_contain_text("Finn gode døme")
    assert page.locator(".skip-link").inner_text() == "Hopp til hovudinnhaldet"

    change_language(page, "en")
    assert page.url == live_server.url + where
    assert page.get_attribute("html", "lang") == "en"
    sync_api.expect(page.locator("#main")).to_contain_text("Find good examples")
    # The choice holds on the next page.
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "en"
    sync_api.expect(page.locator(".site-footer")).to_contain_text("Accessibility statement")


def test_the_language_changes_on_a_step_and_nothing_typed_is_lost(page, live_server, open_cycle):
    page.goto(live_server.url + reverse("nominations:wizard_new"))
    page.select_option("#id_kandidat-municipality", label="Sømna (1812)")
    with page.expect_navigation():
        page.click("button:has-text('Lagre og gå videre')")
    draft = Nomination.objects.get()
    step = f"/nominer/{draft.token}/innsender/"
    assert page.url == live_server.url + step

    # Half a step typed, then English: the same step, in English, with what was typed.
    page.fill("#id_innsender-nominator_name", "Kari Nordmann")
    page.fill("#id_innsender-nominator_phone", "912 34 567")
    change_language(page, "en")
    assert page.url == live_server.url + step
    assert page.get_attribute("html", "lang") == "en"
    sync_api.expect(page.locator("h1")).to_have_text("About you")
    assert page.input_value("#id_innsender-nominator_name") == "Kari Nordmann"
    assert page.input_value("#id_innsender-nominator_phone") == "912 34 567"
    assert page.locator(".errorlist").count() == 0

    # The rest of the step, saved in English; the next step's text, then nynorsk.
    page.fill("#id_innsender-nominator_email", "kari@example.org")
    page.check("input[name='innsender-nominator_kind'][value='person']")
    with page.expect_navigation():
        page.click("button:has-text('Save and continue')")
    reason = "Sømna har eit aktivt frivilligråd som møtest kvar månad."
    page.fill("#id_begrunnelse-reason", reason)
    change_language(page, "nn")
    assert page.url == live_server.url + f"/nominer/{draft.token}/begrunnelse/"
    assert page.get_attribute("html", "lang") == "nn"
    sync_api.expect(page.locator("h1")).to_have_text("Grunngiving")
    assert page.input_value("#id_begrunnelse-reason") == reason
    sync_api.expect(page.locator(".form-actions button").first).to_have_text("Lagre og gå vidare")
    # The whole step was complete: stored, so the next step is open.
    draft.refresh_from_db()
    assert draft.wizard_state["step_data"]["begrunnelse"]["begrunnelse-reason"] == [reason]
