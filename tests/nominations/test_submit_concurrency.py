"""Nominations submitted at the same moment, as at the deadline: nobody waits for another
nominator's submit, and every receipt gets its own number.

On PostgreSQL these are row locks, asserted with a lock timeout: a statement that would wait
for another transaction's lock fails at once instead. (SQLite locks the whole database for
each write transaction; tests/test_sqlite_concurrency.py covers it, and the load test drives
both.)
"""

import threading

import pytest
from django.db import connection, connections
from django.db.utils import OperationalError

from nominations import services
from nominations.models import Cycle, Municipality, Nomination

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (see module)"
    ),
]


def draft(cycle, number):
    municipality = Municipality.objects.valid_in(cycle.year).get(number=number)
    return services.start_draft(cycle, municipality), municipality


def submitted_data(municipality, cycle):
    data = {
        "municipality": municipality,
        "nominator_name": "Kari Nordmann",
        "nominator_email": "kari@example.org",
        "nominator_kind": "person",
        "reason": "Et aktivt frivillighetsråd.",
    }
    data.update({f"answer_{c.pk}": f"Svar på {c.title}." for c in cycle.criteria.all()})
    return data


class HeldSubmit:
    """A submit stopped in the middle, in a thread of its own, until released: its transaction
    holds whatever locks it has taken by then. It stops just before it asks for its receipt
    number (`after_reference=False`) or just after it has got it."""

    def __init__(self, monkeypatch, nomination, data, criteria, after_reference):
        self.inside = threading.Event()
        self.release = threading.Event()
        self.result = {}
        original = Cycle.next_reference
        held = self

        def next_reference(cycle):
            mine = threading.current_thread() is held.thread
            if mine and not after_reference:
                held.hold()
            reference = original(cycle)
            if mine and after_reference:
                held.hold()
            return reference

        monkeypatch.setattr(Cycle, "next_reference", next_reference)

        def run():
            try:
                self.result["nomination"] = services.submit(nomination, data, criteria)
            except Exception as error:  # reported by the test
                self.result["error"] = error
            finally:
                connections.close_all()

        self.thread = threading.Thread(target=run)

    def hold(self):
        self.inside.set()
        self.release.wait(10)

    def __enter__(self):
        self.thread.start()
        assert self.inside.wait(10), "the held submit did not get going"
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(10)
        assert "error" not in self.result, self.result.get("error")


def without_waiting(action):
    """Runs `action` with a lock timeout: a wait for another transaction's lock fails."""
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")
    try:
        return action()
    except OperationalError as error:
        pytest.fail(f"had to wait for the other nominator's submit: {error}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")


def test_a_new_draft_is_not_held_up_by_someone_elses_submit(open_cycle, monkeypatch):
    nomination, somna = draft(open_cycle, "1812")
    criteria = list(open_cycle.criteria.all())
    data = submitted_data(somna, open_cycle)
    with HeldSubmit(monkeypatch, nomination, data, criteria, after_reference=True):
        other, _ = without_waiting(lambda: draft(open_cycle, "5001"))
    assert Nomination.objects.get(pk=other.pk).is_draft
    assert Nomination.objects.get(pk=nomination.pk).reference.endswith("-0001")


def test_two_submits_for_new_candidates_at_once_both_get_their_own_number(open_cycle, monkeypatch):
    first, somna = draft(open_cycle, "1812")
    second, trondheim = draft(open_cycle, "5001")
    criteria = list(open_cycle.criteria.all())
    # The first has made its candidate and is about to ask for its number; the second goes
    # all the way through meanwhile.
    data = submitted_data(somna, open_cycle)
    with HeldSubmit(monkeypatch, first, data, criteria, after_reference=False):
        without_waiting(
            lambda: services.submit(second, submitted_data(trondheim, open_cycle), criteria)
        )
    references = dict(Nomination.objects.values_list("municipality__number", "reference"))
    assert references == {
        "5001": f"AFK-{open_cycle.year}-0001",
        "1812": f"AFK-{open_cycle.year}-0002",
    }


def test_the_municipality_is_told_while_another_nomination_for_it_is_being_submitted(
    open_cycle, monkeypatch
):
    """The notice after one submit does not wait for a second submit for the same candidate."""
    somna = Municipality.objects.valid_in(open_cycle.year).get(number="1812")
    somna.contact_email = "postmottak@somna.kommune.no"
    somna.save()
    criteria = list(open_cycle.criteria.all())
    done, _ = draft(open_cycle, "1812")
    services.submit(done, submitted_data(somna, open_cycle), criteria)
    candidate = Nomination.objects.get(pk=done.pk).candidate
    candidate.municipality_notified_at = None
    candidate.save()
    pending, _ = draft(open_cycle, "1812")
    data = submitted_data(somna, open_cycle)
    with HeldSubmit(monkeypatch, pending, data, criteria, after_reference=True):
        assert without_waiting(lambda: services.notify_municipality(candidate.pk))
