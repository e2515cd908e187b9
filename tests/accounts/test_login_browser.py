"""The two-step login in a real browser: a first login that sets up the app from the key shown
as text and saves the recovery codes, a later login with the app's code typed with the
keyboard alone, and axe-core finding no violation on the login's pages (WCAG 2.1 A and AA and
best practice, the rules of tests/browser/checks.py that the accessibility statement names).

Uses the shared `browser` fixture (tests/conftest.py): Debian's Chromium through Playwright."""

import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.testing import current_code
from tests.browser.checks import AxeScan

from .helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")
pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install -e '.[dev]'")


def test_first_login_then_a_login_with_the_app(page, live_server, django_user_model):
    scan = AxeScan()
    user = django_user_model.objects.create_user("nils", password=PASSWORD)

    page.goto(live_server.url + "/konto/logg-inn/")
    scan(page, "login: password")
    page.get_by_label("Brukernavn").fill("nils")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    page.wait_for_url("**/konto/logg-inn/sett-opp/")
    scan(page, "login: set up the app")
    assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 100
    key = page.locator("#secret-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    device = TOTPDevice.objects.get(user=user)
    # A wrong code first: the error summary takes the focus and links to the field.
    page.get_by_label("Kode fra autentiseringsappen").fill("123")
    page.get_by_role("button", name="Bekreft").click()
    assert page.locator(".error-summary a[href='#id_code']").is_visible()
    scan(page, "login: set up, wrong code")
    page.get_by_label("Kode fra autentiseringsappen").fill(current_code(device))
    page.get_by_role("button", name="Bekreft").click()

    page.wait_for_url("**/konto/sikkerhet/gjenopprettingskoder/**")
    scan(page, "recovery codes shown once")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_role("button", name="Skriv ut").is_visible()  # shown with JavaScript
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som tekstfil").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in saved for code in codes)
    page.get_by_role("button", name="Jeg har tatt vare på kodene").click()
    page.wait_for_url("**/jury/")

    # Log out, and in again with the keyboard alone.
    page.get_by_role("button", name="Logg ut").click()
    page.goto(live_server.url + "/konto/logg-inn/")
    page.get_by_label("Brukernavn").focus()
    page.keyboard.type("nils")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/logg-inn/kode/")
    scan(page, "login: the code")
    page.get_by_role("link", name="Logg inn med en gjenopprettingskode i stedet").click()
    page.wait_for_url("**/konto/logg-inn/gjenopprettingskode/")
    scan(page, "login: a recovery code")
    page.get_by_role("link", name="Bruk koden fra appen i stedet").click()
    page.wait_for_url("**/konto/logg-inn/kode/")
    field = page.get_by_label("Kode fra autentiseringsappen")
    assert field.get_attribute("autocomplete") == "one-time-code"
    assert field.get_attribute("inputmode") == "numeric"
    field.focus()
    # The next 30-second step: the code typed at the setup is not accepted twice.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31), tick=True):
        page.keyboard.type(current_code(device))
        page.keyboard.press("Enter")
        page.wait_for_url("**/jury/")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies[settings.SESSION_COOKIE_NAME]["httpOnly"]
    for path, name in (
        ("/konto/sikkerhet/", "your login"),
        ("/konto/passord/", "change password"),
        ("/konto/sikkerhet/ny-app/", "set up the app on a new phone"),
        ("/konto/sikkerhet/gjenopprettingskoder/", "recovery codes"),
    ):
        page.goto(live_server.url + path)
        scan(page, name)
    scan.assert_clean()
