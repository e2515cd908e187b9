"""Two factors for every account, with django-otp: a password, then a code from an
authenticator app (TOTP) or one of the account's recovery codes.

Nobody is logged in between the two steps: the first step only notes in the session who gave
the right password (a pending login, valid for LOGIN_SECOND_STEP_MINUTES), and Django's login
happens once the second factor is checked. So every `user.is_authenticated` in the project
means both factors, and accounts.middleware.TwoFactorMiddleware ends any session that was
logged in some other way.

An account without an authenticator (a juror who has just chosen a password from the
invitation) sets one up in the second step: a QR code and the secret as text, confirmed with a
code from the app; then it gets its recovery codes, shown once.
"""

import base64
import time
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING = "accounts_pending_login"
FRESH_RECOVERY_CODES = "accounts_fresh_recovery_codes"
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# How long fresh recovery codes can be shown, downloaded and printed after they are made.
FRESH_CODES_SECONDS = 15 * 60


class Refused(Exception):
    """A code was not accepted; `throttled_until` is set when the device asks to wait."""

    def __init__(self, throttled_until=None):
        super().__init__()
        self.throttled_until = throttled_until


# --- Between the two steps ------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingLogin:
    user: object
    backend: str
    next_url: str


def begin(request, user, backend: str, next_url: str = "") -> None:
    """The password is right: remember who, on a fresh session key (no fixation)."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": int(time.time()),
    }


def pending(request) -> PendingLogin | None:
    data = request.session.get(PENDING)
    if not data:
        return None
    if time.time() - data["at"] > settings.LOGIN_SECOND_STEP_MINUTES * 60:
        del request.session[PENDING]
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        return None
    return PendingLogin(user=user, backend=data["backend"], next_url=data["next"])


def finish(request, login: PendingLogin, device) -> None:
    """Both factors are checked: log the person in, verified by `device`."""
    request.session.pop(PENDING, None)
    auth.login(request, login.user, backend=login.backend)
    otp_login(request, device)


# --- The authenticator app ------------------------------------------------------------------------


def authenticators(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def has_authenticator(user) -> bool:
    return authenticators(user).exists()


def _throttled_until(device):
    allowed, details = device.verify_is_allowed()
    return None if allowed else (details or {}).get("locked_until")


def _accepting_device(user, devices, code: str):
    """The first of the devices that accepts the code, or Refused (throttled: with the time the
    device accepts a try again)."""
    for device in devices:
        until = _throttled_until(device)
        if until:
            raise Refused(throttled_until=until)
        verified = verify_token(user, device.persistent_id, code)
        if verified:
            return verified
    raise Refused()


def check_app_code(user, code: str):
    """The device that accepts the code, or Refused. A code is accepted once (django-otp keeps
    the last time step used), and each wrong one doubles the wait before the next try."""
    return _accepting_device(user, authenticators(user), "".join(code.split()))


def new_authenticator(user) -> TOTPDevice:
    """An authenticator being set up (unconfirmed), the same one until it is confirmed, so
    that reloading the page does not change the QR code under the person's phone."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(device: TOTPDevice, code: str) -> None:
    """The first code from the app proves it holds the secret: the device replaces any earlier
    authenticator of the account. Refused otherwise."""
    code = "".join(code.split())
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        until = _throttled_until(device)
        if until:
            raise Refused(throttled_until=until)
        if not device.verify_token(code):
            raise Refused()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code(device: TOTPDevice) -> str:
    """The QR code of the app's setup link, as an SVG data: URI for an <img> (CSP: img-src
    data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


# --- Recovery codes -------------------------------------------------------------------------------


def recovery_device(user) -> StaticDevice:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    return device


def new_recovery_codes(user) -> list[str]:
    """A fresh set: every earlier code stops working."""
    with transaction.atomic():
        device = recovery_device(user)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def readable(code: str) -> str:
    """A recovery code as shown: two groups of four (abcd-efgh)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def check_recovery_code(user, code: str):
    """The recovery device that accepts the code (and forgets it: each works once), or Refused.
    Typed with or without the hyphen, in any case."""
    code = "".join(ch for ch in code.lower() if ch.isalnum())
    return _accepting_device(
        user, StaticDevice.objects.devices_for_user(user, confirmed=True), code
    )


def keep_fresh_codes(request, codes: list[str]) -> None:
    """Fresh codes are shown once: kept in the session for a quarter of an hour, to be read,
    downloaded or printed, and dropped when the person says they have them."""
    request.session[FRESH_RECOVERY_CODES] = {"codes": codes, "at": int(time.time())}


def fresh_codes(request) -> list[str] | None:
    data = request.session.get(FRESH_RECOVERY_CODES)
    if not data or time.time() - data["at"] > FRESH_CODES_SECONDS:
        request.session.pop(FRESH_RECOVERY_CODES, None)
        return None
    return data["codes"]


def drop_fresh_codes(request) -> None:
    request.session.pop(FRESH_RECOVERY_CODES, None)


# --- When a phone is lost -------------------------------------------------------------------------


def reset(user) -> None:
    """Remove every second factor of the account: its sessions end at their next request (the
    device that verified them is gone), and the next login sets up a new authenticator."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def reset_login(user) -> None:
    """A lost phone: the second factors go, and so does the password (it may be saved on the
    phone). The person chooses a new password from a fresh invitation and sets up the app
    again; every session of theirs ends at its next request."""
    with transaction.atomic():
        reset(user)
        user.set_unusable_password()
        user.save(update_fields=["password"])
