"""The demo's second factor (bootstrap --demo only, never in production): every demo account
gets an authenticator with one published key, so that a person trying the demo can add it to
an authenticator app, or read the current code with `manage.py demo_code` (DEBUG only)."""

import base64

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

# Published in the README: it protects nothing but the demo's own accounts.
DEMO_SECRET = "FRIVILLIGDEMOFRIVILLIGDEMOFRIVIL"
DEMO_DEVICE_NAME = "demo"


def demo_key_hex() -> str:
    return base64.b32decode(DEMO_SECRET).hex()


def give_demo_authenticators(usernames) -> None:
    """Each demo account's demo authenticator, made once (one the person set up themselves is
    left alone)."""
    for user in get_user_model().objects.filter(username__in=usernames):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=demo_key_hex(), confirmed=True
            )


def demo_devices():
    return TOTPDevice.objects.filter(
        name=DEMO_DEVICE_NAME, key=demo_key_hex(), confirmed=True
    ).select_related("user")
