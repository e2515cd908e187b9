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
