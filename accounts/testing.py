"""Helpers for tests and for code outside the web pages that must log a person in (a load
test, a benchmark): the one place that knows how to get past the second factor."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_device(user) -> TOTPDevice:
    """The user's authenticator, confirmed; made if they have none (a test's user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The six digits the device's app shows at `at` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client, user) -> None:
    """After `client.force_login(user)` on a test client: the session is verified by the user's
    authenticator, as the real second step leaves it (without it the two-factor middleware ends
    the session)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    session.save()
