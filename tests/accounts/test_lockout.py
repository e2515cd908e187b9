"""Lockout after repeated failures (django-axes): per username and address, wrong passwords
and wrong codes alike, a cool-off, a plain Norwegian page, and the secretariat can lift it."""

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from accounts.testing import current_code

from .helpers import CODE, LOGIN, PASSWORD, password_step

pytestmark = pytest.mark.django_db


def fail_passwords(client, times, **extra):
    for _ in range(times):
        client.post(LOGIN, {"username": "anne", "password": "feil passord"}, **extra)


def test_five_wrong_passwords_lock_the_username_from_that_address(client, juror, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail_passwords(client, 4)
    # Four are forgiven: the right password still works.
    assert password_step(client)["Location"] == CODE
    client.session.flush()

    fail_passwords(client, 5)
    response = password_step(client)
    html = response.content.decode()

    assert response.status_code == 429
    assert "Innloggingen er sperret en stund" in html
    assert "For mange feil forsøk med dette brukernavnet fra denne adressen" in html
    assert "Prøv igjen om 30 minutter" in html
    assert "sekretariatet" in html
    assert 'role="alert"' in html
    assert SESSION_KEY not in client.session
    assert client.get(CODE)["Location"] == LOGIN  # and no second step either


def test_the_lockout_is_per_address_and_lifts_after_the_cool_off(client, juror):
    fail_passwords(client, 5)
    assert password_step(client).status_code == 429
    # The juror on another network is not locked out by someone guessing elsewhere.
    elsewhere = client.post(
        LOGIN, {"username": "anne", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert elsewhere["Location"] == CODE

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=31), tick=False):
        assert password_step(type(client)())["Location"] == CODE


def test_wrong_codes_count_like_wrong_passwords(client, juror):
    password_step(client)
    right = current_code(juror.device)
    wrong = "000000" if right != "000000" else "111111"
    responses = []
    for second in range(5):
        # A second apart and more: django-otp's own wait after a wrong code is not what
        # stops this, the lockout is.
        at = timezone.now() + timezone.timedelta(seconds=2 ** (second + 1))
        with time_machine.travel(at, tick=False):
            responses.append(client.post(CODE, {"code": wrong}))
    assert [r.status_code for r in responses] == [400, 400, 400, 400, 429]
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=120), tick=False):
        assert client.post(CODE, {"code": current_code(juror.device)}).status_code == 429
        assert password_step(type(client)()).status_code == 429
    assert SESSION_KEY not in client.session


def test_a_quick_second_wrong_code_is_told_to_wait(client, juror):
    password_step(client)
    right = current_code(juror.device)
    wrong = "000000" if right != "000000" else "111111"
    client.post(CODE, {"code": wrong})

    response = client.post(CODE, {"code": right})

    assert response.status_code == 400
    assert "For mange feil koder. Vent til" in response.content.decode()


def test_the_secretariat_lifts_a_lockout_in_the_admin(client, juror, secretariat):
    fail_passwords(type(client)(), 5)
    assert password_step(type(client)()).status_code == 429
    [attempt] = AccessAttempt.objects.filter(username="anne")

    client.force_login(secretariat)
    listing = client.get("/admin/axes/accessattempt/?locked_out=yes")
    assert listing.status_code == 200 and "anne" in listing.content.decode()
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [attempt.pk], "index": 0},
        follow=True,
    )

    assert "1 sperre ble opphevet." in response.content.decode()
    assert not AccessAttempt.objects.filter(username="anne").exists()
    assert password_step(type(client)())["Location"] == CODE


def test_the_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):
    from accounts.lockout import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    # The left one is the visitor's own claim; the proxy appended the real address.
    assert client_ip(request) == "203.0.113.7"
