"""The demo accounts log in with the key published in the README (bootstrap --demo only), or
with the code `manage.py demo_code` prints (DEBUG only); production has neither."""

import base64
import hashlib
import hmac
import io
import re
import struct
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from nominations.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
DEMO_ACCOUNTS = {"admin", "sekretariat", "juryleder", "jurymedlem1", "jurymedlem2", "jurymedlem3"}


def rfc6238(secret_base32: str, at: float) -> str:
    """TOTP as an authenticator app computes it (RFC 6238: SHA-1, 6 digits, 30 s)."""
    key = base64.b32decode(secret_base32)
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@pytest.fixture
def demo(award_platform, settings):
    call_command("bootstrap", demo=True, stdout=io.StringIO())


def test_every_demo_account_has_the_key_the_readme_publishes(demo, client, settings):
    [key] = re.findall(r"published key, `([A-Z2-7]{32})`", README.read_text())
    devices = TOTPDevice.objects.filter(user__username__in=DEMO_ACCOUNTS, confirmed=True)
    assert {d.user.username for d in devices} == DEMO_ACCOUNTS
    assert {base64.b32encode(d.bin_key).decode() for d in devices} == {key}

    # A person with the key in their app logs in as the chair.
    client.post("/konto/logg-inn/", {"username": "juryleder", "password": DEMO_PASSWORD})
    response = client.post("/konto/logg-inn/kode/", {"code": rfc6238(key, time.time())})
    assert response["Location"] == "/jury/"
    assert client.get("/jury/").status_code == 200  # the list of the chair's juries


def test_demo_code_prints_the_current_codes_with_debug_only(demo, settings):
    key = TOTPDevice.objects.filter(user__username="admin").get().bin_key
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_code", "jurymedlem1", stdout=out)
    assert (
        out.getvalue().strip()
        == f"jurymedlem1: {rfc6238(base64.b32encode(key).decode(), time.time())}"
    )
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    assert len(out.getvalue().splitlines()) == len(DEMO_ACCOUNTS)

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code", stdout=io.StringIO())


def test_running_bootstrap_again_keeps_an_app_a_person_set_up(demo, django_user_model):
    user = django_user_model.objects.get(username="jurymedlem2")
    TOTPDevice.objects.filter(user=user).delete()
    own = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    call_command("bootstrap", demo=True, stdout=io.StringIO())
    assert list(TOTPDevice.objects.filter(user=user)) == [own]


def test_production_has_no_shortcut(award_platform, settings, client, django_user_model):
    call_command("bootstrap", stdout=io.StringIO())
    assert not TOTPDevice.objects.exists()
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo_code", stdout=io.StringIO())
    # The administrator a production installation creates sets up the app at the first login.
    django_user_model.objects.create_superuser("sjef", password="Et langt passord 2026")
    response = client.post(
        "/konto/logg-inn/", {"username": "sjef", "password": "Et langt passord 2026"}
    )
    assert response["Location"] == "/konto/logg-inn/sett-opp/"
