"""The e-mails nominators and municipalities get, each with its private link.

A nominator's e-mails are in the language the nominator chose on the site (the one active while
the request that sends them runs); the municipality, which has chosen none, is told in the
site's language.

Each is made here, in the language of the moment, and queued as part of the change that causes
it (core/mail.py): they are called inside that change's transaction."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core import mail


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _send(template: str, context: dict, to: str):
    subject, _blank, body = render_to_string(template, context).strip().partition("\n\n")
    mail.queue(subject.strip(), body.strip() + "\n", to)


def send_draft_link(nomination) -> None:
    from django.urls import reverse

    url = absolute(reverse("nominations:resume", kwargs={"token": nomination.token}))
    _send(
        "emails/draft_link.txt",
        {"nomination": nomination, "url": url},
        nomination.draft_link_sent_to,
    )


def send_receipt(nomination, first_submit: bool, changed=()) -> None:
    context = {
        "nomination": nomination,
        "first_submit": first_submit,
        "changed": list(changed),
        "url": absolute(nomination.get_private_url()),
    }
    _send("emails/receipt.txt", context, nomination.nominator_email)


def send_municipality_notice(candidate) -> None:
    context = {"candidate": candidate, "url": absolute(candidate.get_private_url())}
    with translation.override(settings.LANGUAGE_CODE):
        _send("emails/municipality_notice.txt", context, candidate.municipality.contact_email)
