"""The accessibility statement says what the browser tests (tests/browser/) check: when the
scans' rules or the tested sizes change, this test asks for the statement to change too."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.checks import AXE_RULES_LEFT_OUT, AXE_TAGS

pytestmark = pytest.mark.django_db


def test_the_statement_says_what_is_tested_and_how(client):
    # What the statement below describes; change both together.
    assert AXE_TAGS == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    assert AXE_RULES_LEFT_OUT == {}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = " ".join(client.get(reverse("accessibility")).content.decode().split())
    for phrase in (
        "axe-core against its rules for WCAG 2.0 and 2.1 at levels A and AA",
        "against its best practices",
        "all six steps",
        "checked in nynorsk and English as well",
        "a recovery code, setting up the app",
        "with the keyboard alone",
        "the first stop is the link that skips to the main content",
        "320 pixels wide and at 200 % zoom of a 1280 pixel wide window",
        "The tests run in Chromium only.",
        "Tell us about a problem",
    ):
        assert phrase in text, phrase


def test_the_statement_is_in_bokmal_by_default(client):
    text = client.get(reverse("accessibility")).content.decode()
    assert "Tilgjengelighetserklæring" in text
    assert "tastaturet" in text
