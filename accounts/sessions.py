"""Sessions that end: after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
the login whatever happens (config/settings.py, "Logging in").

The login time and the last request are kept in the session itself. The last request is written
at most once a minute, so that a juror's autosave does not rewrite the session every keystroke;
the idle time is therefore exact to a minute.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGGED_IN_AT = "accounts_logged_in_at"
SEEN_AT = "accounts_seen_at"
SEEN_RESOLUTION = 60  # seconds


@receiver(user_logged_in)
def _start_the_clock(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[LOGGED_IN_AT] = now
    request.session[SEEN_AT] = now


def expired(session, now=None) -> str | None:
    """Why the session has expired ("idle" or "max_age"), or None if it has not."""
    now = int(now if now is not None else time.time())
    logged_in = session.get(LOGGED_IN_AT)
    seen = session.get(SEEN_AT)
    if logged_in is None or seen is None:
        # A session from before these rules: it has no clock, so it starts over.
        return "max_age"
    if now - logged_in > settings.SESSION_MAX_HOURS * 60 * 60:
        return "max_age"
    if now - seen > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


def touch(session, now=None) -> None:
    now = int(now if now is not None else time.time())
    if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
