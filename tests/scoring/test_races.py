"""A juror's save racing another tab of their own: two saves based on the same version at the
same moment. One is stored, the other is refused as changed elsewhere; nothing is overwritten
unseen and the record has the one change."""

import time

import pytest
from django.test import Client

from nominations.models import AuditEntry, AuditKind
from scoring import reviews
from scoring.models import Review
from tests.concurrency import at_once, needs_parallel_writers


def autosave_data(cycle, value, overall):
    data = {"version": "0", "overall_comment": overall}
    for criterion in cycle.criteria.all():
        data[f"c{criterion.pk}-score"] = str(value)
        data[f"c{criterion.pk}-comment"] = ""
        data[f"c{criterion.pk}-evidence"] = ""
    return data


@needs_parallel_writers
@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_at_the_same_moment_one_wins_the_other_is_told(jury, monkeypatch):
    real = reviews._locked_review

    def slow(*args):
        # Holds the review a moment after reading it: without the row lock, the other tab would
        # read the same version meanwhile, and both saves would go through.
        review = real(*args)
        time.sleep(0.5)
        return review

    monkeypatch.setattr(reviews, "_locked_review", slow)
    member = jury.by_name["anne"]
    candidate = jury.cycle.candidates.get(municipality__number="1812")
    Review.objects.create(member=member, candidate=candidate)  # opened in both tabs, unsaved
    url = f"/jury/{jury.cycle.pk}/kandidater/{candidate.pk}/lagre/"
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(member.user)

    responses = at_once(
        lambda: tabs[0].post(url, autosave_data(jury.cycle, 2, "Fane en")),
        lambda: tabs[1].post(url, autosave_data(jury.cycle, 5, "Fane to")),
    )

    assert sorted(r.status_code for r in responses) == [200, 409]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    refused = responses[1 - winner].json()
    assert "endret i en annen fane" in refused["message"]
    review = Review.objects.get(member=member, candidate=candidate)
    assert review.version == 1
    assert review.overall_comment == ("Fane en", "Fane to")[winner]
    assert set(review.scores.values_list("value", flat=True)) == {(2, 5)[winner]}
    assert AuditEntry.objects.filter(kind=AuditKind.SCORES).count() == 1
