"""The demo that `make run` loads lets a newcomer try every role at once, whatever the date:
nominate, score as a juror, deliberate as the chair and read an announcement (#16)."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from nominations.models import Answer, Cycle, Municipality, Phase
from nominations.models.cycles import oslo_time
from scoring.models import JuryMember, Review

pytestmark = pytest.mark.django_db

DATES = [
    oslo_time(2026, 12, 5, 9),  # the announcement's day
    oslo_time(2027, 1, 10, 12),  # January
    oslo_time(2027, 8, 31, 23),  # the last evening before "this year" turns to next year
    oslo_time(2027, 9, 1, 0, 30),
]


def login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("when", DATES, ids=lambda d: d.strftime("%Y-%m-%d"))
def test_every_role_has_something_to_do_in_the_demo_whatever_the_date(award_platform, client, when):
    with time_machine.travel(when, tick=False):
        call_command("bootstrap", demo=True, stdout=io.StringIO())
        call_command("bootstrap", demo=True, stdout=io.StringIO())  # safe to run again
        cycles = {c.phase: c for c in Cycle.objects.all()}
        assert set(cycles) == {
            Phase.OPEN,
            Phase.JURY,
            Phase.DELIBERATION,
            Phase.ANNOUNCED,
        }

        # A nominator: the call is open.
        call = client.get(reverse("nominations:start"))
        assert call.status_code == 200
        assert Cycle.objects.current(cycles[Phase.OPEN].award) == cycles[Phase.OPEN]

        # A juror: candidates to score, none scored yet.
        jury = cycles[Phase.JURY]
        assert jury.candidates.exists()
        assert not Review.objects.filter(candidate__cycle=jury).exists()
        juror = login(client, "jurymedlem1")
        home = juror.get(reverse("scoring:home", args=[jury.pk]))
        assert home.status_code == 200
        candidate = jury.candidates.first()
        page = juror.get(reverse("scoring:candidate", args=[jury.pk, candidate.pk]))
        assert page.status_code == 200

        # The chair: a fully scored cycle to deliberate on.
        deliberating = cycles[Phase.DELIBERATION]
        chair = login(client, "juryleder")
        overview = chair.get(reverse("scoring:deliberation", args=[deliberating.pk]))
        assert overview.status_code == 200
        assert not hasattr(Cycle.objects.get(pk=deliberating.pk), "result")

        # The secretariat: its home for the year, with a reminder for each unfinished juror.
        secretariat = login(client, "sekretariat")
        landed = secretariat.get(reverse("scoring:index"), follow=True)
        assert landed.redirect_chain[-1][0] == reverse("scoring:secretariat")
        page = secretariat.get(reverse("scoring:secretariat_cycle", args=[jury.pk]))
        assert page.content.decode().count("Send en påminnelse til") == 4

        # The public: an announced winner.
        client.logout()
        announced = cycles[Phase.ANNOUNCED]
        page = client.get(
            reverse("public:announcement", args=[announced.award.slug, announced.year])
        )
        assert page.status_code == 200
        winner = announced.result.winner.municipality.display_name
        assert winner in page.content.decode()


def test_the_demo_reads_like_a_real_year(award_platform):
    call_command("bootstrap", demo=True, stdout=io.StringIO())
    assert not Answer.objects.filter(text__contains="Demosvar").exists()
    assert Answer.objects.values("text").distinct().count() > 10
    # The municipalities can be told when someone else nominates them.
    assert not Municipality.objects.filter(contact_email="").exists()
    # The jurors score the criteria differently: no juror gives one candidate the same score
    # on every criterion, and two jurors disagree on some criterion.
    deliberating = next(c for c in Cycle.objects.all() if c.phase == Phase.DELIBERATION)
    reviews = Review.objects.filter(candidate__cycle=deliberating).prefetch_related("scores")
    by_juror = {}
    for review in reviews:
        values = [s.value for s in sorted(review.scores.all(), key=lambda s: s.criterion_id)]
        by_juror.setdefault(review.candidate_id, []).append(values)
    assert any(len(set(v)) > 1 for rows in by_juror.values() for v in rows)
    assert any(len({tuple(v) for v in rows}) > 1 for rows in by_juror.values())
    assert JuryMember.objects.filter(jury__cycle=deliberating).count() == 4
