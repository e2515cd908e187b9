"""A submitted nomination and the changes made to it in the form.

The nomination the jury reads is the one last sent in. The form keeps its own copy of what is
typed (``wizard_state``), saved at each step and as the nominator types, and the changes count
only when they are sent in from the last step. So that no one believes a change is in when it is
not, the form remembers what was sent (``SENT``), and the private page and every step name the
steps that differ from it. Files are the exception: they are stored, and so sent, at once.
"""

import copy

from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import STEP_TITLES
from .models import NominatorKind

# The key in wizard_state that keeps each step's data as it was when last sent in.
SENT = "sent_step_data"
COMPARED_STEPS = ("kandidat", "innsender", "begrunnelse", "kriterier")


def remember_sent(state: dict) -> None:
    """Called as the nomination is sent in: what the form holds now is what was sent."""
    step_data = state.get("step_data") or {}
    state[SENT] = {step: step_data.get(step) for step in COMPARED_STEPS}


def unsent_steps(nomination) -> list[str]:
    """The steps of a submitted nomination changed in the form but not sent in."""
    if not nomination.is_submitted:
        return []
    state = nomination.wizard_state or {}
    sent = state.get(SENT)
    if sent is None:
        return []
    current = state.get("step_data") or {}
    return [step for step in COMPARED_STEPS if current.get(step) != sent.get(step)]


def unsent(nomination, state=None):
    """The steps with changes not yet sent in, each with its link, for the private page and the
    steps of a submitted nomination."""
    if state is not None:
        nomination = copy.copy(nomination)
        nomination.wizard_state = state
    return [
        {
            "title": STEP_TITLES[step],
            "url": reverse("nominations:wizard", kwargs={"token": nomination.token, "step": step}),
        }
        for step in unsent_steps(nomination)
    ]


def _text(value) -> str:
    return str(value or "").strip()


def differences(nomination, data: dict, criteria) -> list[str]:
    """What sending ``data`` changes in the stored nomination, named as the form names it."""
    fields = [
        ("nominator_name", _("Your name")),
        ("nominator_email", _("Your e-mail address")),
        ("nominator_phone", _("Phone")),
        ("nominator_kind", _("You nominate as")),
        ("organisation_name", _("Name of the organisation")),
        ("organisation_number", _("Organisation number")),
        ("reason", _("Reason")),
    ]
    changed = []
    municipality = data.get("municipality")
    if municipality is not None and municipality.pk != nomination.municipality_id:
        changed.append(_("Candidate"))
    organisation = data.get("nominator_kind") == NominatorKind.ORGANISATION
    for name, label in fields:
        new = data.get(name)
        if name.startswith("organisation_") and not organisation:
            new = ""
        if _text(new) != _text(getattr(nomination, name)):
            changed.append(label)
    answers = {a.criterion_id: a for a in nomination.answers.all()}
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        title = f"{criterion.position}. {criterion.title}"
        if _text(data.get(f"answer_{criterion.pk}")) != _text(answer and answer.text):
            changed.append(_("Answer on %(criterion)s") % {"criterion": title})
        if _text(data.get(f"evidence_url_{criterion.pk}")) != _text(answer and answer.evidence_url):
            changed.append(_("Link to evidence on %(criterion)s") % {"criterion": title})
    return changed
