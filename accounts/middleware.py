"""Two checks on every request of a logged-in person, after Django's and django-otp's
middleware: the session was verified with a second factor, and it has not expired."""

from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import ngettext

from . import sessions


class TwoFactorMiddleware:
    """A session logged in without a second factor counts as no login at all.

    The login (accounts.views) logs a person in only once both factors are checked, so such a
    session comes only from elsewhere (Django's own login views, or a session from before two
    factors were required); it is ended, and the person is treated as anonymous.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            logout(request)
        return self.get_response(request)


class SessionExpiryMiddleware:
    """Ends a session that has been idle too long or has reached its maximum age, and says so
    on the next page (the login, for a page that needs it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.expired(request.session)
            if reason:
                logout(request)
                messages.info(request, self.message(reason))
            else:
                sessions.touch(request.session)
        return self.get_response(request)

    @staticmethod
    def message(reason: str) -> str:
        from django.conf import settings

        if reason == "idle":
            minutes = settings.SESSION_IDLE_MINUTES
            return ngettext(
                "You were logged out after %(minutes)d minute without activity. Log in again "
                "to go on: everything you saved is kept.",
                "You were logged out after %(minutes)d minutes without activity. Log in again "
                "to go on: everything you saved is kept.",
                minutes,
            ) % {"minutes": minutes}
        hours = settings.SESSION_MAX_HOURS
        return ngettext(
            "You were logged out: a login lasts at most %(hours)d hour. Log in again to go on: "
            "everything you saved is kept.",
            "You were logged out: a login lasts at most %(hours)d hours. Log in again to go on: "
            "everything you saved is kept.",
            hours,
        ) % {"hours": hours}
