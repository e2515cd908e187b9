"""The nomination form in a real browser, as a person uses it (#16): by visible labels and
roles. A change to a submitted nomination is never taken for sent before it is; «Previous step»,
a reload and a closed tab lose nothing typed; a good file is kept when another is refused, and
a file over 10 MB is refused before it is sent. Two tabs on one draft (#21): the older one is
told, keeps what it typed, and overwrites the newer only when asked to.

Pages in English, to find the elements by the texts the templates are written in."""

import pytest
from django.urls import reverse

from nominations.models import Attachment, Nomination
from tests.nominations.helpers import Clerk, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")
expect = sync_api.expect


@pytest.fixture
def clerk(client, open_cycle, django_capture_on_commit_callbacks):
    return Clerk(client, open_cycle, django_capture_on_commit_callbacks)


def step_path(token, step):
    return reverse("nominations:wizard", kwargs={"token": token, "step": step})


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def test_a_change_to_a_sent_nomination_says_it_is_not_sent_until_it_is(open_page, clerk):
    clerk.complete()
    nomination = Nomination.objects.get()
    page = open_page(nomination.get_private_url(), language="en")
    page.get_by_role("link", name="Change the nomination").click()
    page.get_by_role("link", name="Change the reason").click()
    expect(page.get_by_text("What you change here counts only when you send")).to_be_visible()
    page.get_by_label("Why do you nominate this candidate?").fill("A better reason.")
    save_and_continue(page)

    # The next step, and the private page, say that the change is not in.
    expect(page.get_by_role("heading", name="Changes not sent in yet")).to_be_visible()
    expect(page.get_by_text("Draft saved")).to_have_count(0)
    nomination.refresh_from_db()
    assert nomination.reason == "Sømna har et aktivt frivillighetsråd."
    page.goto(page.url.split("/nominer/")[0] + nomination.get_private_url())
    unsent = page.locator("#unsent")
    expect(unsent.get_by_role("heading", name="Changes not sent in yet")).to_be_visible()
    expect(unsent.get_by_role("link", name="Reason")).to_be_visible()

    # Sending them: «The changes are saved», not the first receipt's thanks.
    unsent.get_by_role("link", name="Review and send the changes").click()
    page.get_by_label("I have read the privacy statement").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send the changes").click()
    expect(page.get_by_text("The changes are saved.")).to_be_visible()
    expect(page.get_by_text("Thank you")).to_have_count(0)
    expect(page.get_by_role("heading", name="Changes not sent in yet")).to_have_count(0)
    nomination.refresh_from_db()
    assert nomination.reason == "A better reason."


def test_previous_step_and_a_reload_keep_what_was_typed(open_page, clerk, open_cycle):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    criteria = list(open_cycle.criteria.order_by("position"))
    page = open_page(step_path(clerk.token, "kriterier"), language="en")
    for criterion in criteria:
        page.get_by_label(criterion.question).fill(f"A long answer on {criterion.title}.")
    with page.expect_navigation():
        page.get_by_role("button", name="Previous step").click()
    expect(page.get_by_role("heading", name="Reason", level=1)).to_be_visible()
    save_and_continue(page)
    for criterion in criteria:
        expect(page.get_by_label(criterion.question)).to_have_value(
            f"A long answer on {criterion.title}."
        )

    # Typed and saved as it is typed: the status says when, and a reload shows it.
    reason_path = step_path(clerk.token, "begrunnelse")
    page.goto(page.url.split("/nominer/")[0] + reason_path)
    field = page.get_by_label("Why do you nominate this candidate?")
    field.fill("Typed, never sent with a button.")
    status = page.get_by_role("status").filter(has_text="Draft saved at")
    expect(status).to_be_visible(timeout=10_000)
    assert page.locator("#wizard-save-status").get_attribute("aria-live") == "polite"
    page.reload()
    expect(page.get_by_label("Why do you nominate this candidate?")).to_have_value(
        "Typed, never sent with a button."
    )
    # Reloaded at once, before the save's delay: the save sent as the page is left may land
    # after the new page was read, and the new page shows the newest all the same.
    page.get_by_label("Why do you nominate this candidate?").fill("Typed a second ago.")
    page.reload()
    if page.get_by_role("heading", name="Something went wrong on our side").count():
        # The live server's in-memory SQLite (shared cache) refuses a read while the save
        # writes ("database table is locked"), where the production file database in WAL mode
        # lets it read: reload once more, as a person would.
        page.reload()
    expect(page.get_by_label("Why do you nominate this candidate?")).to_have_value(
        "Typed a second ago."
    )
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    state = Nomination.objects.get().wizard_state
    assert state["step_data"]["begrunnelse"]["begrunnelse-reason"] == ["Typed a second ago."]


def test_a_good_file_is_kept_when_another_is_refused(open_page, clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    page = open_page(step_path(clerk.token, "vedlegg"), language="en")
    page.get_by_label("Add files").set_input_files(
        [
            {"name": "vedtak.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
            {"name": "bilde.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 no"},
        ]
    )
    save_and_continue(page)
    expect(page.get_by_text("Stored: «vedtak.pdf».")).to_be_visible()
    expect(
        page.get_by_text("«bilde.pdf» is named as a PDF, but its content is not a PDF").first
    ).to_be_visible()
    expect(page.get_by_role("link", name="vedtak.pdf")).to_be_visible()
    assert [a.original_name for a in Attachment.objects.all()] == ["vedtak.pdf"]


def test_a_file_over_ten_megabytes_is_refused_before_it_is_sent(open_page, clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
    page = open_page(step_path(clerk.token, "vedlegg"), language="en")
    files = page.get_by_label("Add files")
    files.set_input_files(
        [
            {"name": "stor.pdf", "mimeType": "application/pdf", "buffer": b"0" * 10_500_000},
            {"name": "vedtak.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
        ]
    )
    expect(page.get_by_role("alert")).to_contain_text("«stor.pdf» is larger than 10 MB")
    assert files.evaluate("input => Array.from(input.files).map(f => f.name)") == ["vedtak.pdf"]
    save_and_continue(page)
    assert [a.original_name for a in Attachment.objects.all()] == ["vedtak.pdf"]


# --- Two tabs on one draft (#21) ------------------------------------------------------------


def reason_field(page):
    return page.get_by_label("Why do you nominate this candidate?")


def stored_reason():
    return Nomination.objects.get().wizard_state["step_data"]["begrunnelse"]["begrunnelse-reason"]


def test_two_tabs_on_one_draft_the_second_is_told_and_keeps_what_it_typed(open_page, clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    page = open_page(step_path(clerk.token, "begrunnelse"), language="en")
    other = page.context.new_page()
    other.goto(page.url)

    reason_field(page).fill("Typed in the first tab.")
    expect(page.locator("#wizard-save-status")).to_contain_text("Draft saved at", timeout=10_000)
    reason_field(other).fill("Typed in the second tab.")

    status = other.locator("#wizard-save-status")
    expect(status).to_contain_text("changed in another tab or window", timeout=10_000)
    assert status.get_attribute("aria-live") == "polite"
    expect(reason_field(other)).to_have_value("Typed in the second tab.")
    keep = other.get_by_role("button", name="Keep what I typed here")
    expect(keep).to_be_visible()
    expect(other.get_by_role("button", name="See the newer version")).to_be_visible()
    assert stored_reason() == ["Typed in the first tab."]
    # Typing on after the refusal saves nothing over the first tab's text either.
    reason_field(other).fill("Typed in the second tab, and more.")
    other.wait_for_timeout(1500)
    assert stored_reason() == ["Typed in the first tab."]

    # Kept, on request: the second tab's text is now the newest.
    keep.click()
    expect(status).to_contain_text("Draft saved at", timeout=10_000)
    expect(keep).to_be_hidden()
    assert stored_reason() == ["Typed in the second tab, and more."]

    # Now the first tab is the older one: it is told, and can see the newer version.
    reason_field(page).fill("The first tab again.")
    expect(page.locator("#wizard-save-status")).to_contain_text(
        "changed in another tab or window", timeout=10_000
    )
    with page.expect_navigation():
        page.get_by_role("button", name="See the newer version").click()
    expect(reason_field(page)).to_have_value("Typed in the second tab, and more.")
    assert stored_reason() == ["Typed in the second tab, and more."]


def test_save_and_continue_right_after_saving_as_one_types_is_not_another_tab(open_page, clerk):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    page = open_page(step_path(clerk.token, "begrunnelse"), language="en")
    reason_field(page).fill("Typed, then saved as typed.")
    expect(page.locator("#wizard-save-status")).to_contain_text("Draft saved at", timeout=10_000)
    reason_field(page).fill("Typed again, and the button pressed as it saves.")
    page.wait_for_timeout(1050)  # the save as one types is under way
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Criteria", level=1)).to_be_visible()
    expect(page.get_by_text("changed in another tab")).to_have_count(0)
    assert stored_reason() == ["Typed again, and the button pressed as it saves."]


def test_the_button_of_an_older_tab_shows_the_step_again_and_saves_only_when_pressed_again(
    open_page, clerk, axe_scan
):
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    page = open_page(step_path(clerk.token, "begrunnelse"), language="en")
    other = page.context.new_page()
    other.goto(page.url)
    reason_field(page).fill("Typed in the first tab.")
    expect(page.locator("#wizard-save-status")).to_contain_text("Draft saved at", timeout=10_000)

    reason_field(other).fill("Typed in the second tab.")
    save_and_continue(other)
    summary = other.locator("#error-summary")
    expect(summary).to_contain_text("The draft has been changed in another tab or window")
    expect(reason_field(other)).to_have_value("Typed in the second tab.")
    expect(other.get_by_role("button", name="Keep what I typed here")).to_be_visible()
    axe_scan(other, "step begrunnelse, changed in another tab")
    axe_scan.assert_clean()
    # Shown again, the step is not saved as it is typed until the text is kept.
    reason_field(other).fill("Typed in the second tab, shown again.")
    other.wait_for_timeout(1500)
    assert stored_reason() == ["Typed in the first tab."]
    save_and_continue(other)
    expect(other.get_by_role("heading", name="Criteria", level=1)).to_be_visible()
    assert stored_reason() == ["Typed in the second tab, shown again."]
