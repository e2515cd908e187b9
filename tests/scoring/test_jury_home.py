"""Accounts and the juror's home: logging in, the invitation, the list of one's juries, the
progress through the candidates and the way to the next one."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.defaults import ensure_award
from nominations.models import Candidate, Eligibility, Municipality, Nomination, NominationStatus
from scoring import progress
from scoring.invitations import NoEmailAddress, invite
from scoring.models import Jury, JuryMember, Review, ReviewStatus, Score

from ..factories import make_cycle
from .helpers import candidate

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logg-inn/"


def home_url(cycle):
    return f"/jury/{cycle.pk}/"


def review(member, candidate, *, values=(), done=False, comment=""):
    """A review with a score for the first criteria, one per value (None: nothing typed)."""
    made = Review.objects.create(
        member=member,
        candidate=candidate,
        done_at=timezone.now() if done else None,
        overall_comment=comment,
    )
    criteria = candidate.cycle.criteria.all()
    Score.objects.bulk_create(
        Score(review=made, criterion=c, value=v) for c, v in zip(criteria, values, strict=False)
    )
    return made


# --- Logging out (the two-step login: tests/accounts/test_login.py) -------------------------------


def test_logging_out_takes_a_post_and_says_so(english, login, jury):
    client = login(jury.by_name["anne"])
    assert client.get("/konto/logg-ut/").status_code == 405

    response = client.post("/konto/logg-ut/")

    assert response.status_code == 200
    assert "You are logged out" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_header_offers_login_or_logout(english, login, jury):
    assert f'href="{LOGIN}"' in english.get("/").content.decode()
    html = login(jury.by_name["anne"]).get("/").content.decode()
    assert 'action="/konto/logg-ut/"' in html and f'href="{LOGIN}"' not in html


# --- The invitation ------------------------------------------------------------------------------


def test_an_invitation_needs_an_e_mail_address(jury):
    member = jury.by_name["bjorn"]
    with pytest.raises(NoEmailAddress):
        invite(member)
    member.refresh_from_db()
    assert member.invited_at is None and not mail.outbox


def test_the_secretariat_invites_from_the_admin(
    admin_client, jury, django_capture_on_commit_callbacks
):
    JuryMember.objects.filter(pk=jury.by_name["anne"].pk).update(invited_at=timezone.now())
    for name in ("leder", "bjorn"):
        user = jury.by_name[name].user
        user.email = f"{name}@example.org"
        user.save()

    # Each request commits, and the e-mails it queued go out then (core/mail.py).
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/scoring/jury/",
            {"action": "invite_uninvited", "_selected_action": [jury.pk], "index": 0},
            follow=True,
        )

    assert response.status_code == 200
    assert sorted(m.to[0] for m in mail.outbox) == ["bjorn@example.org", "leder@example.org"]
    # Cato has no address: said so, and not recorded as invited.
    assert JuryMember.objects.get(pk=jury.by_name["cato"].pk).invited_at is None
    assert len([m for m in response.context["messages"] if m.level_tag == "error"]) == 1

    # Sending again to one member, from the list of members.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/scoring/jurymember/",
            {
                "action": "send_invitation",
                "_selected_action": [jury.by_name["leder"].pk],
                "index": 0,
            },
        )
    assert len(mail.outbox) == 3


def test_the_jury_page_in_the_admin_refuses_two_chairs(admin_client, jury):
    members = list(jury.members.order_by("pk"))
    data = {
        "reveal_policy": jury.reveal_policy,
        "members-TOTAL_FORMS": len(members),
        "members-INITIAL_FORMS": len(members),
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
    }
    for i, member in enumerate(members):
        data |= {f"members-{i}-id": member.pk, f"members-{i}-jury": jury.pk}
        data[f"members-{i}-user"] = member.user_id
        data[f"members-{i}-is_chair"] = "on"  # every one of them

    response = admin_client.post(f"/admin/scoring/jury/{jury.pk}/change/", data)

    assert response.status_code == 200  # the form again, with the error
    assert JuryMember.objects.filter(jury=jury, is_chair=True).count() == 1


# --- The list of one's juries --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, jury):
    for url in ("/jury/", home_url(jury.cycle), f"/jury/{jury.cycle.pk}/neste/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_user_on_no_jury_is_told_so(english, django_user_model):
    english.force_login(django_user_model.objects.create_user("someone", password="pw"))

    response = english.get("/jury/")

    assert response.status_code == 200
    assert "You are not a member of any jury" in response.content.decode()


def test_the_list_shows_every_jury_newest_first_when_more_than_one_is_current(
    login, jury, other_juror
):
    # Anne sits on last year's jury too, which is still at work.
    JuryMember.objects.create(jury=other_juror.jury, user=jury.by_name["anne"].user)

    response = login(jury.by_name["anne"]).get("/jury/")

    assert response.status_code == 200
    cycles = [m.jury.cycle for m in response.context["memberships"]]
    assert cycles == [jury.cycle, other_juror.jury.cycle]


def test_a_finished_jury_does_not_keep_the_juror_from_the_current_one(login, jury, other_juror):
    past = other_juror.jury.cycle
    past.announced_at = timezone.now() - datetime.timedelta(days=1)
    past.finalists_published_at = past.announced_at - datetime.timedelta(days=1)
    past.save()
    JuryMember.objects.create(jury=other_juror.jury, user=jury.by_name["anne"].user)

    response = login(jury.by_name["anne"]).get("/jury/")

    assert response["Location"] == home_url(jury.cycle)
    # The past one is linked from the home.
    home = login(jury.by_name["anne"]).get(home_url(jury.cycle))
    assert f'href="{home_url(past)}"' in home.content.decode()


def test_a_juror_of_another_cycle_gets_404(login, jury, other_juror):
    client = login(other_juror)
    for url in (
        home_url(jury.cycle),
        f"/jury/{jury.cycle.pk}/inhabilitet/",
        f"/jury/{jury.cycle.pk}/neste/",
        f"/jury/{jury.cycle.pk}/kandidater/{candidate(jury.cycle, '1812').pk}/",
    ):
        assert client.get(url).status_code == 404, url
    # And the other way round.
    assert login(jury.by_name["anne"]).get(home_url(other_juror.jury.cycle)).status_code == 404


# --- The home: progress and status ---------------------------------------------------------------


def test_the_home_shows_progress_and_the_status_of_each_candidate(english, login, jury):
    member, cycle = jury.by_name["leder"], jury.cycle
    review(member, candidate(cycle, "4601"), values=(4, 3, 5, 2, 4), done=True)  # Bergen
    review(member, candidate(cycle, "1106"), values=(1, 1, 1, 1, 1), done=True)  # Haugesund
    review(member, candidate(cycle, "0301"), values=(3,))  # Oslo: one score typed
    review(member, candidate(cycle, "1812"), values=(None,))  # Sømna: opened, nothing typed
    review(jury.by_name["anne"], candidate(cycle, "5001"), done=True)  # someone else's

    response = login(member).get(home_url(cycle))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 of 5 reviewed" in html
    assert '<progress value="2" max="5"' in html
    assert html.count("<h1") == 1
    rows = [(c.name, c.review_status, c.nomination_count) for c in response.context["candidates"]]
    assert rows == [
        ("Bergen", ReviewStatus.DONE, 2),
        ("Haugesund", ReviewStatus.DONE, 2),
        ("Oslo", ReviewStatus.IN_PROGRESS, 2),
        ("Sømna", ReviewStatus.NOT_STARTED, 2),
        ("Trondheim - Tråante", ReviewStatus.NOT_STARTED, 2),
    ]
    assert f'href="/jury/{cycle.pk}/kandidater/{candidate(cycle, "0301").pk}/"' in html
    assert "Open: you can score" in html


def test_a_comment_alone_makes_a_review_in_progress(login, jury):
    member, cycle = jury.by_name["anne"], jury.cycle
    review(member, candidate(cycle, "5001"), comment="Sterk på medvirkning.")

    [trondheim] = [c for c in progress.candidates_with_status(member) if c.number == "5001"]

    assert trondheim.review_status == ReviewStatus.IN_PROGRESS


def test_withdrawn_nominations_are_not_counted(login, jury):
    oslo = candidate(jury.cycle, "0301")
    oslo.nominations.filter(pk=oslo.nominations.first().pk).update(
        status=NominationStatus.WITHDRAWN
    )

    [counted] = [
        c.nomination_count
        for c in progress.candidates_with_status(jury.by_name["anne"])
        if c.pk == oslo.pk
    ]

    assert counted == 1


def test_the_home_says_when_scoring_is_closed(english, login, award_platform, django_user_model):
    cycle = make_cycle(ensure_award(), timezone.localtime().year, phase="deliberation")
    user = django_user_model.objects.create_user("eva", password="pw")
    member = JuryMember.objects.create(
        jury=Jury.objects.create(cycle=cycle), user=user, conflicts_declared_at=timezone.now()
    )

    html = login(member).get(home_url(cycle)).content.decode()

    assert "Closed: you can read" in html
    assert "There are no candidates for you to review yet" in html


def test_ineligible_candidates_are_not_on_the_home(login, jury):
    Candidate.objects.filter(pk=candidate(jury.cycle, "5001").pk).update(
        eligibility=Eligibility.INELIGIBLE
    )

    names = [
        c.name for c in login(jury.by_name["anne"]).get(home_url(jury.cycle)).context["candidates"]
    ]

    assert "Trondheim" not in names and len(names) == 4


def test_names_sort_as_norwegian():
    names = ["Ål", "Øyer", "Ærøy", "Oslo", "Kárášjohka", "kautokeino", "Aurskog-Høland"]
    assert sorted(names, key=progress.norwegian_key) == [
        "Aurskog-Høland",
        "Kárášjohka",
        "kautokeino",
        "Oslo",
        "Ærøy",
        "Øyer",
        "Ål",
    ]


# --- The next candidate --------------------------------------------------------------------------


def test_next_goes_to_the_first_candidate_not_done(login, jury):
    member, cycle = jury.by_name["bjorn"], jury.cycle
    review(member, candidate(cycle, "4601"), done=True)  # Bergen done
    review(member, candidate(cycle, "1106"), values=(2,))  # Haugesund in progress: next

    response = login(member).get(f"/jury/{cycle.pk}/neste/")

    haugesund = candidate(cycle, "1106")
    assert response["Location"] == f"/jury/{cycle.pk}/kandidater/{haugesund.pk}/"


def test_next_skips_a_candidate_in_conflict(login, jury, conflict):
    member, cycle = jury.by_name["cato"], jury.cycle
    for number in ("4601", "1106"):  # Bergen, Haugesund done; Oslo next, but in conflict
        review(member, candidate(cycle, number), done=True)

    response = login(member).get(f"/jury/{cycle.pk}/neste/")

    assert response["Location"].endswith(f"/kandidater/{candidate(cycle, '1812').pk}/")


def test_next_returns_home_with_a_message_when_all_are_done(english, login, jury):
    member, cycle = jury.by_name["bjorn"], jury.cycle
    for c in cycle.candidates.all():
        review(member, c, done=True)

    response = login(member).get(f"/jury/{cycle.pk}/neste/", follow=True)

    assert response.redirect_chain == [(home_url(cycle), 302)]
    assert "You have marked every candidate done" in response.content.decode()
    assert "5 of 5 reviewed" in response.content.decode()


# --- Queries -------------------------------------------------------------------------------------


def add_many_candidates(cycle, count, nominations_each=5):
    """`count` more eligible candidates with submitted nominations, in bulk. Any row of the
    register will do: the page only needs names."""
    free = Municipality.objects.exclude(candidacies__cycle=cycle).order_by("pk")[:count]
    candidates = Candidate.objects.bulk_create(
        Candidate(cycle=cycle, municipality=m, eligibility=Eligibility.ELIGIBLE) for m in free
    )
    assert len(candidates) == count
    Nomination.objects.bulk_create(
        Nomination(
            cycle=cycle,
            municipality=c.municipality,
            candidate=c,
            status=NominationStatus.SUBMITTED,
            nominator_name="Innsender",
        )
        for c in candidates
        for _ in range(nominations_each)
    )
    return candidates


def test_the_home_takes_the_same_few_queries_for_400_candidates(
    login, jury, django_assert_max_num_queries
):
    member, cycle = jury.by_name["anne"], jury.cycle
    client = login(member)
    add_many_candidates(cycle, 5)  # 10 candidates
    for c in cycle.candidates.all()[:3]:
        review(member, c, values=(3, 3), done=c.pk % 2 == 0)

    with django_assert_max_num_queries(10) as few:
        assert len(client.get(home_url(cycle)).context["candidates"]) == 10

    more = add_many_candidates(cycle, 390)
    for c in more[:50]:
        review(member, c, values=(4,), done=c.pk % 2 == 0)
    with django_assert_max_num_queries(10) as many:
        assert len(client.get(home_url(cycle)).context["candidates"]) == 400
    assert len(many.captured_queries) == len(few.captured_queries)

    with CaptureQueriesContext(connection) as next_queries:
        client.get(f"/jury/{cycle.pk}/neste/")
    assert len(next_queries.captured_queries) <= len(few.captured_queries)
