"""Inviting a jury member: an e-mail with a link to choose a password.

The link is Django's password-reset link (default_token_generator): it works once, stops working
when the password is set, and expires after settings.PASSWORD_RESET_TIMEOUT. Sending the
invitation again gives a fresh link, so a juror who forgets the password is invited again.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import mail
from nominations.emails import absolute

from .models import JuryMember


class NoEmailAddress(Exception):
    """The member's user account has no e-mail address to invite."""


def link_days() -> int:
    """How many days an invitation link works (settings.PASSWORD_RESET_TIMEOUT)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("password_set", kwargs={"uidb64": uid, "token": token}))


def invite(member: JuryMember, request=None) -> None:
    """Send the member the invitation and record when. `request` is not used for the link: it
    is built from settings.SITE_URL, never from the Host header, and a command can invite too."""
    user = member.user
    if not user.email:
        raise NoEmailAddress(str(member))
    context = {
        "member": member,
        "user": user,
        "cycle": member.jury.cycle,
        "url": password_link(user),
        "login_url": absolute(reverse("login")),
        "days": link_days(),
    }
    # In the site's language: the juror has chosen none, whatever the secretariat reads.
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("emails/jury_invitation.txt", context)
    subject, _blank, body = text.strip().partition("\n\n")
    # Recorded with the e-mail queued in the same transaction (core/mail.py).
    with transaction.atomic():
        member.invited_at = timezone.now()
        member.save(update_fields=["invited_at"])
        mail.queue(subject.strip(), body.strip() + "\n", user.email)
