"""Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the
login, and the next page says why."""

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import sessions

pytestmark = pytest.mark.django_db


def at(minutes):
    return time_machine.travel(timezone.now() + timezone.timedelta(minutes=minutes), tick=False)


def test_the_defaults(settings):
    assert settings.SESSION_IDLE_MINUTES == 60
    assert settings.SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_an_idle_session_ends_and_the_login_says_why(client, juror):
    client.force_login(juror)
    with at(59):
        assert client.get("/konto/sikkerhet/").status_code == 200
    with at(59 + 61):
        response = client.get("/konto/sikkerhet/", follow=True)
    assert response.redirect_chain[0][0] == "/konto/logg-inn/?next=/konto/sikkerhet/"
    assert "Du ble logget ut etter 60 minutter uten aktivitet" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_activity_keeps_a_session_only_up_to_its_maximum_age(client, juror):
    client.force_login(juror)
    for minutes in range(50, 12 * 60, 50):
        with at(minutes):
            assert client.get("/konto/sikkerhet/").status_code == 200, minutes
    with at(12 * 60 + 1):
        response = client.get("/konto/sikkerhet/", follow=True)
    assert "en innlogging varer høyst 12 timer" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_last_request_is_written_at_most_once_a_minute(client, juror):
    client.force_login(juror)
    with CaptureQueriesContext(connection) as queries:
        client.get("/konto/sikkerhet/")
    assert not any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in queries)
    with at(2), CaptureQueriesContext(connection) as queries:
        client.get("/konto/sikkerhet/")
    assert any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in queries)


def test_the_rule(settings):
    now = 1_000_000
    session = {sessions.LOGGED_IN_AT: now, sessions.SEEN_AT: now}
    assert sessions.expired(session, now + 60 * 60) is None
    assert sessions.expired(session, now + 60 * 60 + 1) == "idle"
    session[sessions.SEEN_AT] = now + 12 * 60 * 60
    assert sessions.expired(session, now + 12 * 60 * 60 + 1) == "max_age"
    assert sessions.expired({}, now) == "max_age"


def test_an_autosave_after_the_session_ended_says_so_in_json(client, jury):
    """The review form's script is told, and keeps what was typed, rather than being sent
    the login page's HTML."""
    member = jury.by_name["anne"]
    candidate = jury.cycle.candidates.first()
    client.force_login(member.user)
    url = f"/jury/{jury.cycle.pk}/kandidater/{candidate.pk}/lagre/"
    with at(61):
        response = client.post(url, {"version": "0"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "du er logget ut" in response.json()["message"]
