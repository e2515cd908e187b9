"""What the personal-data commands share: who runs them, as the audit record names it."""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def command_actor(name: str) -> str:
    """The command line and the account it runs under, as the export names it."""
    return f"manage.py {name} ({getpass.getuser()})"


def staff_user(username: str | None):
    """The secretariat member who handles the request (--by), or None."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_staff=True).first()
    if user is None:
        raise CommandError(_("There is no staff user «%(username)s».") % {"username": username})
    return user
