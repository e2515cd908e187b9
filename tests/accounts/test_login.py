"""The real two-step login, end to end through the pages (no shim): a password, then a code
from the authenticator app or a recovery code; setting up the app on first login; recovery
codes; the invitation; the admin behind the same two steps."""

import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test.client import ClientMixin
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.testing import current_code

from .helpers import CODE, LOGIN, PASSWORD, RECOVERY, SETUP, password_step

pytestmark = pytest.mark.django_db


def later(seconds=31):
    """A moment on: the next 30-second code (a code is accepted only once)."""
    return time_machine.travel(timezone.now() + timezone.timedelta(seconds=seconds), tick=False)


def test_the_password_alone_does_not_log_in(client, juror):
    response = password_step(client)

    assert response.status_code == 302 and response["Location"] == CODE
    assert SESSION_KEY not in client.session
    # Every page that needs a login still sends to the login.
    assert client.get("/jury/")["Location"].startswith(LOGIN)


def test_the_code_page_is_accessible_and_the_right_code_logs_in(client, juror):
    password_step(client)
    page = client.get(CODE)
    html = page.content.decode()

    assert page.status_code == 200
    assert html.count("<h1") == 1
    assert '<label for="id_code"' in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'aria-describedby="id_code_helptext"' in html
    assert "Skriv inn koden fra appen" in html  # Norwegian by default

    response = client.post(CODE, {"code": current_code(juror.device)})

    assert response.status_code == 302 and response["Location"] == "/jury/"
    assert client.session[SESSION_KEY] == str(juror.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == juror.device.persistent_id
    assert client.get("/jury/").status_code == 200


def test_a_wrong_code_is_refused_in_norwegian_with_the_error_summary(client, juror):
    password_step(client)
    response = client.post(
        CODE, {"code": "000000" if current_code(juror.device) != "000000" else "1"}
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'href="#id_code"' in html
    assert "Koden er feil eller for gammel" in html
    assert SESSION_KEY not in client.session


def test_a_code_is_accepted_only_once(client, juror):
    code = current_code(juror.device)
    password_step(client)
    assert client.post(CODE, {"code": code}).status_code == 302
    client.post("/konto/logg-ut/")

    password_step(client)
    assert client.post(CODE, {"code": code}).status_code == 400


def test_the_page_asked_for_is_kept_through_both_steps(client, juror):
    wanted = "/konto/sikkerhet/"
    assert client.get(wanted)["Location"] == f"{LOGIN}?next={wanted}"

    password_step(client, next_url=wanted)
    response = client.post(CODE, {"code": current_code(juror.device)})

    assert response["Location"] == wanted


def test_a_link_elsewhere_is_not_followed(client, juror):
    password_step(client, next_url="https://elsewhere.example/")
    response = client.post(CODE, {"code": current_code(juror.device)})
    assert response["Location"] == "/jury/"


def test_a_wrong_password_is_refused_with_the_error_summary(client, juror):
    response = password_step(client, password="feil passord")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert SESSION_KEY not in client.session
    # And the second step cannot be reached without the first.
    assert client.get(CODE)["Location"] == LOGIN


def test_the_second_step_expires(client, juror, settings):
    password_step(client)
    minutes = settings.LOGIN_SECOND_STEP_MINUTES + 1
    with later(minutes * 60):
        response = client.post(CODE, {"code": current_code(juror.device)}, follow=True)
        assert response.redirect_chain[0][0] == LOGIN
        assert "Logg inn med brukernavn og passord først" in response.content.decode()
        assert SESSION_KEY not in client.session


def test_the_session_key_changes_at_each_step(client, juror):
    client.get(LOGIN)
    password_step(client)
    before = client.session.session_key
    client.post(CODE, {"code": current_code(juror.device)})
    assert client.session.session_key != before


# --- Setting up the app on first login -----------------------------------------------------------


def test_first_login_sets_up_the_app_with_a_qr_code_and_the_key_as_text(client, newcomer):
    response = password_step(client, "nils")
    assert response["Location"] == SETUP

    page = client.get(SETUP)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=newcomer)
    assert page.status_code == 200 and not device.confirmed
    assert '<img class="qr-code" src="data:image/svg+xml' in html
    assert 'alt="QR-kode' in html
    assert twofactor.secret_text(device) in html
    assert len(twofactor.secret_text(device).replace(" ", "")) == 32  # base32 of 20 bytes
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    # Reloading keeps the same key: the phone may be halfway through scanning it.
    assert twofactor.secret_text(device) in client.get(SETUP).content.decode()
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1

    wrong = client.post(SETUP, {"code": "12"})
    assert wrong.status_code == 400 and "Koden stemmer ikke" in wrong.content.decode()

    done = client.post(SETUP, {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert done["Location"] == "/konto/sikkerhet/gjenopprettingskoder/?next=%2Fjury%2F"
    assert client.session[SESSION_KEY] == str(newcomer.pk)


def test_the_qr_code_carries_the_setup_link(newcomer):
    import segno

    device = twofactor.new_authenticator(newcomer)
    url = device.config_url
    assert url.startswith("otpauth://totp/")
    assert "issuer=%C3%85rets%20frivillighetskommune" in url
    assert twofactor.qr_code(device) == segno.make(url, error="m").svg_data_uri(scale=5, border=4)


def test_an_account_with_an_app_cannot_set_up_another_at_login(client, juror):
    """Knowing the password is not enough to replace the app."""
    password_step(client)
    assert client.get(SETUP)["Location"] == CODE
    assert client.post(SETUP, {"code": "123456"})["Location"] == CODE
    assert TOTPDevice.objects.filter(user=juror).count() == 1


# --- Recovery codes ------------------------------------------------------------------------------


def first_login(client, newcomer):
    password_step(client, "nils")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=newcomer)
    client.post(SETUP, {"code": current_code(device)})
    return device


def test_recovery_codes_are_shown_once_downloadable_and_printable(client, newcomer, settings):
    first_login(client, newcomer)
    page = client.get("/konto/sikkerhet/gjenopprettingskoder/?next=/jury/")
    html = page.content.decode()
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", html)
    stored = sorted(
        StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True)
    )

    assert len(shown) == settings.RECOVERY_CODE_COUNT == 10
    assert sorted(code.replace("-", "") for code in shown) == stored
    assert "data-print hidden" in html and "js/print.js" in html

    download = client.get("/konto/sikkerhet/gjenopprettingskoder/last-ned/")
    assert download["Content-Disposition"] == 'attachment; filename="gjenopprettingskoder.txt"'
    assert download["Content-Type"].startswith("text/plain")
    assert all(code in download.content.decode() for code in shown)

    done = client.post(
        "/konto/sikkerhet/gjenopprettingskoder/", {"action": "done", "next": "/jury/"}
    )
    assert done["Location"] == "/jury/"
    # Never shown again.
    again = client.get("/konto/sikkerhet/gjenopprettingskoder/").content.decode()
    assert not any(code in again for code in shown)
    assert "Du har 10 ubrukte gjenopprettingskoder" in again
    assert client.get("/konto/sikkerhet/gjenopprettingskoder/last-ned/").status_code == 404


def test_a_recovery_code_logs_in_once(client, juror):
    codes = twofactor.new_recovery_codes(juror)

    password_step(client)
    page = client.get(RECOVERY).content.decode()
    assert '<label for="id_code"' in page and 'autocomplete="off"' in page
    # Typed as shown (with the hyphen) and in capitals: accepted.
    response = client.post(RECOVERY, {"code": twofactor.readable(codes[0]).upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/konto/sikkerhet/"
    assert "9 er igjen" in response.content.decode()
    assert client.session[SESSION_KEY] == str(juror.pk)
    client.post("/konto/logg-ut/")

    password_step(client)
    used = client.post(RECOVERY, {"code": codes[0]})
    assert used.status_code == 400
    assert "ikke en av gjenopprettingskodene dine" in used.content.decode()
    assert SESSION_KEY not in client.session


def test_new_recovery_codes_replace_the_old_ones(client, juror):
    old = twofactor.new_recovery_codes(juror)
    client.force_login(juror)

    wrong = client.post(
        "/konto/sikkerhet/gjenopprettingskoder/", {"action": "new", "password": "feil"}
    )
    assert wrong.status_code == 400 and "Passordet er feil." in wrong.content.decode()
    assert twofactor.FRESH_RECOVERY_CODES not in client.session
    client.post("/konto/sikkerhet/gjenopprettingskoder/", {"action": "new", "password": PASSWORD})

    fresh = client.session[twofactor.FRESH_RECOVERY_CODES]["codes"]
    assert fresh and not set(fresh) & set(old)
    assert twofactor.recovery_codes_left(juror) == 10
    client.post("/konto/logg-ut/")
    password_step(client)
    assert client.post(RECOVERY, {"code": old[1]}).status_code == 400
    with later(5):  # a wrong code makes the next try wait a second (django-otp)
        assert client.post(RECOVERY, {"code": fresh[0]}).status_code == 302


# --- Moving to a new phone, and losing it --------------------------------------------------------


def test_setting_up_the_app_on_a_new_phone_replaces_the_old_one(client, juror):
    password_step(client)
    client.post(CODE, {"code": current_code(juror.device)})

    page = client.get("/konto/sikkerhet/ny-app/")
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    new = TOTPDevice.objects.get(user=juror, confirmed=False)
    # A borrowed session alone cannot move the login to another phone: the password too.
    refused = client.post("/konto/sikkerhet/ny-app/", {"code": current_code(new)})
    assert refused.status_code == 400
    assert "Skriv inn passordet ditt" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=juror).count() == 2
    response = client.post(
        "/konto/sikkerhet/ny-app/", {"password": PASSWORD, "code": current_code(new)}
    )

    assert response["Location"] == "/konto/sikkerhet/"
    assert list(TOTPDevice.objects.filter(user=juror)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    # Still logged in, now verified by the new app.
    assert client.get("/konto/sikkerhet/").status_code == 200


def test_the_secretariat_resets_a_juror_who_lost_their_phone(
    client, jury, secretariat, django_capture_on_commit_callbacks
):
    member = jury.by_name["anne"]
    member.user.email = "anne@example.org"
    member.user.save()
    juror_client = type(client)()
    juror_client.force_login(member.user)
    assert juror_client.get(f"/jury/{jury.cycle.pk}/").status_code == 200

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):  # the invitation goes once committed
        response = client.post(
            "/admin/scoring/jurymember/",
            {"action": "reset_login", "_selected_action": [member.pk], "index": 0},
            follow=True,
        )

    assert response.status_code == 200
    member.user.refresh_from_db()
    assert not member.user.has_usable_password()
    assert not TOTPDevice.objects.filter(user=member.user).exists()
    [invitation] = mail.outbox
    assert invitation.to == ["anne@example.org"]
    # The session on the lost phone ends at once.
    assert juror_client.get(f"/jury/{jury.cycle.pk}/")["Location"].startswith(LOGIN)


# --- The invitation ------------------------------------------------------------------------------


def test_the_invitation_leads_through_password_app_and_recovery_codes(
    client, jury, settings, django_capture_on_commit_callbacks
):
    from scoring.invitations import invite

    settings.SITE_URL = "https://frivillighetskommune.example"
    member = jury.by_name["anne"]
    member.user.email = "anne@example.org"
    member.user.set_unusable_password()
    member.user.save()
    TOTPDevice.objects.filter(user=member.user).delete()

    with django_capture_on_commit_callbacks(execute=True):  # sent once committed
        invite(member)

    [message] = mail.outbox
    [link] = re.findall(r"https://frivillighetskommune\.example(/konto/passord/\S+)", message.body)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    assert 'autocomplete="new-password"' in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]

    short = client.post(form_url, {"new_password1": "kort-ord", "new_password2": "kort-ord"})
    html = short.content.decode()
    assert short.status_code == 200
    assert "Passordet er for kort. Det må ha minst 12 tegn." in html
    assert 'class="error-summary"' in html

    done = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    # Not logged in yet: the second step comes first.
    assert done["Location"] == SETUP
    assert SESSION_KEY not in client.session
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=member.user)
    codes_page = client.post(SETUP, {"code": current_code(device)})
    assert codes_page["Location"].startswith("/konto/sikkerhet/gjenopprettingskoder/")
    assert (
        client.post(codes_page["Location"], {"action": "done", "next": "/jury/"})["Location"]
        == "/jury/"
    )
    assert client.get("/jury/")["Location"] == f"/jury/{jury.cycle.pk}/"
    # The link works once.
    assert not type(client)().get(link, follow=True).context["validlink"]


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort-ord", "Passordet er for kort. Det må ha minst 12 tegn."),
        ("123456789012345", "Dette passordet inneholder bare tall."),
        ("1q2w3e4r5t6y7u8i9o0p", "Dette passordet er for vanlig."),
        ("anne@example.org", "Passordet er for likt"),
    ],
)
def test_weak_passwords_are_refused_in_norwegian(client, juror, password, message):
    client.force_login(juror)
    response = client.post(
        "/konto/passord/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_password_can_be_changed_and_the_login_goes_on(client, juror):
    client.force_login(juror)
    new = "Et annet langt passord"
    response = client.post(
        "/konto/passord/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == "/konto/sikkerhet/"
    assert client.get("/konto/sikkerhet/").status_code == 200
    juror.refresh_from_db()
    assert juror.check_password(new)


# --- Sessions logged in some other way, and the admin --------------------------------------------


def test_a_session_without_the_second_factor_is_ended(client, juror):
    ClientMixin._login(client, juror, "django.contrib.auth.backends.ModelBackend")
    assert SESSION_KEY in client.session

    response = client.get("/jury/")

    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_the_admin_logs_in_through_the_two_steps(client, django_user_model):
    staff = django_user_model.objects.create_superuser("sjef", password=PASSWORD)
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)

    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/")["Location"] == f"{LOGIN}?next=%2Fadmin%2F"
    # Django's own admin login form is not there to post a password to.
    client.post("/admin/login/", {"username": "sjef", "password": PASSWORD})
    assert SESSION_KEY not in client.session

    password_step(client, "sjef", next_url="/admin/")
    response = client.post(CODE, {"code": current_code(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_juror_without_admin_rights_is_told_so(client, juror):
    client.force_login(juror)
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "Ingen tilgang til administrasjonen" in response.content.decode()
