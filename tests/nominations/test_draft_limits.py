"""What an anonymous draft takes: its link e-mailed a few times at most (not to anyone, without
limit), and only the form's own fields, up to a size (not anything posted to it)."""

import json

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from nominations import personal_data
from nominations.models import Nomination
from nominations.wizard import MAX_DRAFT_SIZE

from .helpers import Clerk, step_fields

pytestmark = pytest.mark.django_db


def new_clerk(open_cycle, on_commit):
    from django.test import Client

    return Clerk(Client(), open_cycle, on_commit)


# --- The draft's link ----------------------------------------------------------------------------


def test_the_link_is_sent_at_most_three_times_an_hour_per_draft(clerk):
    clerk.candidate()
    addresses = ["a@example.org", "b@example.org"] * 3
    pages = []
    for address in addresses:
        response = clerk.nominator(nominator_email=address)
        assert response.status_code == 302  # the draft is saved every time
        pages.append(clerk.client.get(response["Location"]).content.decode())
    assert len(mail.outbox) == 3
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"], ["a@example.org"]]
    # The fourth is refused, and the person is told why and what to do.
    assert "Lenken er allerede sendt 3 ganger den siste timen" in pages[3]
    assert "b@example.org" in pages[3] and "Vent en time" in pages[3]
    # What was typed is kept all the same.
    assert Nomination.objects.get().nominator_email == "b@example.org"

    # An hour later the link can be sent again.
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1, minutes=1)):
        clerk.nominator(nominator_email="c@example.org")
    assert mail.outbox[-1].to == ["c@example.org"]
    assert len(mail.outbox) == 4


def test_one_address_gets_at_most_three_links_a_day(open_cycle, django_capture_on_commit_callbacks):
    pages = []
    for _ in range(4):
        clerk = new_clerk(open_cycle, django_capture_on_commit_callbacks)
        clerk.candidate()
        response = clerk.nominator(nominator_email="offer@example.org")
        assert response.status_code == 302
        pages.append(clerk.client.get(response["Location"]).content.decode())
    assert len(mail.outbox) == 3
    assert Nomination.objects.count() == 4
    assert "allerede sendt en lenke til offer@example.org 3 ganger i dag" in pages[3]
    assert "Vent til i morgen" in pages[3]
    # Another address is not affected.
    clerk = new_clerk(open_cycle, django_capture_on_commit_callbacks)
    clerk.candidate()
    clerk.nominator(nominator_email="kari@example.org")
    assert mail.outbox[-1].to == ["kari@example.org"]


# --- What a draft keeps --------------------------------------------------------------------------


def test_a_draft_keeps_only_the_forms_own_fields(clerk):
    clerk.candidate()
    page = clerk.client.get(clerk.url("innsender"))
    payload = {
        **step_fields(page, "innsender"),
        "innsender-nominator_name": "Kari Nordmann",
        "innsender-nominator_email": "kari@example.org",
        "innsender-nominator_kind": "person",
    }
    invented = {f"innsender-felt{n}": "x" * 2000 for n in range(900)}
    invented["annet"] = "y" * 2000
    with clerk.on_commit(execute=True):
        response = clerk.client.post(clerk.url("innsender"), {**payload, **invented})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    stored = nomination.wizard_state["step_data"]["innsender"]
    assert set(stored) <= {
        "innsender-nominator_name",
        "innsender-nominator_email",
        "innsender-nominator_phone",
        "innsender-nominator_kind",
        "innsender-organisation_name",
        "innsender-organisation_number",
    }
    assert stored["innsender-nominator_name"] == ["Kari Nordmann"]
    assert len(json.dumps(nomination.wizard_state)) < 2000
    exported = json.dumps(personal_data.export("kari@example.org"), ensure_ascii=False)
    assert "Kari Nordmann" in exported and "felt1" not in exported and "xxxx" not in exported


def test_a_draft_larger_than_the_cap_is_refused_with_a_message(clerk, open_cycle):
    # The cycle allows very long answers; the draft's cap still holds.
    open_cycle.answer_max_length = 100_000
    open_cycle.save()
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    long = "Et langt svar. " * 4000  # 60 000 characters
    answers = {c.position: long for c in open_cycle.criteria.all()}
    response = clerk.criteria(answers=answers)
    assert response.status_code == 200
    assert "Nominasjonen er for lang til å lagres" in response.content.decode()
    state = Nomination.objects.get().wizard_state
    assert "kriterier" not in state["step_data"]
    assert len(json.dumps(state, ensure_ascii=False).encode()) < MAX_DRAFT_SIZE
    # Shorter, it is saved.
    answers = {c.position: "Et kort svar." for c in open_cycle.criteria.all()}
    assert clerk.criteria(answers=answers).status_code == 302
