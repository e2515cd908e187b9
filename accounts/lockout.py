"""Lockout after repeated failures, with django-axes: the settings are in config/settings.py
("Logging in"). A wrong password and a wrong code count alike, per username and address."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The visitor's address: behind TRUSTED_PROXY_COUNT proxies, the one the outermost proxy
    saw (taken from the right of X-Forwarded-For, since anything to its left is the visitor's
    own claim and could be made up to dodge a lockout)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def credentials(username: str) -> dict:
    return {"username": username}


def is_locked_out(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials(username))


def record_failure(request, username: str) -> None:
    """A wrong second-factor code counts as a failed login (axes listens to this signal and
    flags the request when the limit is reached; its middleware then answers locked_out)."""
    user_login_failed.send(sender=__name__, credentials=credentials(username), request=request)


def cool_off_minutes(request=None) -> int:
    delta = get_cool_off(request)
    return max(1, round(delta.total_seconds() / 60)) if delta else 0


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out username+address gets, in place of the login's answer."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": cool_off_minutes(request), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def unlock(username: str) -> int:
    """Lift every lockout of the username, from any address; returns how many were lifted."""
    return reset(username=username)
