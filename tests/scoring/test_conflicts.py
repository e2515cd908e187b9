"""Conflicts of interest: the juror's declaration on first login, and the secretariat adding and
lifting conflicts in the admin."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.http import Http404
from django.utils import timezone

from nominations.models import Candidate, Eligibility
from scoring import access
from scoring.models import Conflict, ConflictKind, JuryMember

from .helpers import candidate

pytestmark = pytest.mark.django_db

CONFLICTS = "/admin/scoring/conflict/"


def declaration_url(cycle):
    return f"/jury/{cycle.pk}/inhabilitet/"


def undeclared(member):
    JuryMember.objects.filter(pk=member.pk).update(conflicts_declared_at=None)
    member.refresh_from_db()
    return member


def names_on_home(client, cycle):
    return [c.number for c in client.get(f"/jury/{cycle.pk}/").context["candidates"]]


# --- The juror's declaration ---------------------------------------------------------------------


def test_until_declared_the_juror_is_sent_to_the_declaration(login, jury):
    member, cycle = undeclared(jury.by_name["anne"]), jury.cycle
    client = login(member)
    assert access.must_declare_conflicts(member)

    for url in (f"/jury/{cycle.pk}/", f"/jury/{cycle.pk}/neste/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == declaration_url(cycle)
    # The list of juries still sends the juror on to the home, which sends them here.
    assert client.get("/jury/")["Location"] == f"/jury/{cycle.pk}/"


def test_the_declaration_lists_the_candidates_by_name_only(english, login, jury):
    member = undeclared(jury.by_name["anne"])
    Candidate.objects.filter(pk=candidate(jury.cycle, "5001").pk).update(
        eligibility=Eligibility.INELIGIBLE
    )

    response = login(member).get(declaration_url(jury.cycle))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    names = [row.candidate.municipality.name for row in response.context["form"].rows]
    assert names == ["Bergen", "Haugesund", "Oslo", "Sømna"]  # eligible only, alphabetical
    assert '<th scope="row">Bergen' in html
    # A label for each field; nothing of what the nominators wrote.
    bergen = candidate(jury.cycle, "4601")
    assert f'<label class="visually-hidden" for="id_kind_{bergen.pk}">' in html
    assert "Begrunnelse" not in html and "Innsender" not in html


def test_declaring_a_conflict_hides_the_candidate(login, jury):
    member, cycle = undeclared(jury.by_name["anne"]), jury.cycle
    oslo = candidate(cycle, "0301")
    client = login(member)

    response = client.post(
        declaration_url(cycle),
        {
            f"kind_{oslo.pk}": ConflictKind.LIVES_OR_WORKS,
            f"note_{oslo.pk}": "Bor på Grünerløkka.",
            "confirm": "on",
        },
    )

    assert response.status_code == 302 and response["Location"] == f"/jury/{cycle.pk}/"
    conflict = Conflict.objects.get(member=member)
    assert (conflict.candidate, conflict.kind, conflict.note) == (
        oslo,
        ConflictKind.LIVES_OR_WORKS,
        "Bor på Grünerløkka.",
    )
    assert conflict.declared_by == member.user and conflict.lifted_at is None
    member.refresh_from_db()
    assert member.conflicts_declared_at is not None and not access.must_declare_conflicts(member)

    assert "0301" not in names_on_home(client, cycle)
    assert len(names_on_home(client, cycle)) == 4
    with pytest.raises(Http404):
        access.candidate_for(member, oslo.pk)
    assert client.get(f"/jury/{cycle.pk}/kandidater/{oslo.pk}/").status_code == 404
    # Others on the jury still see it.
    assert "0301" in names_on_home(login(jury.by_name["bjorn"]), cycle)


def test_no_conflicts_is_a_declaration_too(login, jury):
    member, cycle = undeclared(jury.by_name["anne"]), jury.cycle

    response = login(member).post(declaration_url(cycle), {"confirm": "on"})

    assert response["Location"] == f"/jury/{cycle.pk}/"
    assert not Conflict.objects.exists()
    assert len(names_on_home(login(member), cycle)) == 5


def test_without_the_confirmation_nothing_is_saved_and_nothing_typed_is_lost(english, login, jury):
    member, cycle = undeclared(jury.by_name["anne"]), jury.cycle
    oslo = candidate(cycle, "0301")

    response = login(member).post(
        declaration_url(cycle),
        {f"kind_{oslo.pk}": ConflictKind.HOLDS_OFFICE, f"note_{oslo.pk}": "Sitter i bystyret."},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_confirm"' in html
    assert "Sitter i bystyret." in html
    assert not Conflict.objects.exists()
    member.refresh_from_db()
    assert member.conflicts_declared_at is None


@pytest.mark.parametrize(
    ("kind", "note", "field"),
    [
        (ConflictKind.OTHER, "  ", "note"),  # "other" says what it is
        ("", "Kjenner ordføreren.", "kind"),  # a note without a kind is not dropped silently
        ("bribe", "", "kind"),  # no such kind
    ],
)
def test_an_incomplete_conflict_is_refused_beside_its_field(login, jury, kind, note, field):
    member, cycle = undeclared(jury.by_name["anne"]), jury.cycle
    oslo = candidate(cycle, "0301")

    response = login(member).post(
        declaration_url(cycle),
        {f"kind_{oslo.pk}": kind, f"note_{oslo.pk}": note, "confirm": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {f"{field}_{oslo.pk}"}
    assert not Conflict.objects.exists()


def test_a_juror_adds_a_conflict_later_but_cannot_lift_one(english, login, jury, conflict):
    member, cycle = jury.by_name["cato"], jury.cycle
    oslo, bergen = candidate(cycle, "0301"), candidate(cycle, "4601")
    client = login(member)

    page = client.get(declaration_url(cycle))
    # The declared conflict is shown, with no field to change it.
    [oslo_row] = [row for row in page.context["form"].rows if row.candidate == oslo]
    assert oslo_row.conflict == conflict and oslo_row.kind is None
    assert f"kind_{oslo.pk}" not in page.context["form"].fields

    client.post(
        declaration_url(cycle),
        {
            f"kind_{oslo.pk}": "",  # trying to clear it does nothing
            f"kind_{bergen.pk}": ConflictKind.TIES_TO_NOMINATOR,
            "confirm": "on",
        },
    )

    active = Conflict.objects.active().filter(member=member)
    assert sorted(c.candidate.municipality.number for c in active) == ["0301", "4601"]
    assert names_on_home(client, cycle) == ["1106", "1812", "5001"]


def test_a_candidate_screened_in_after_the_declaration_asks_for_it_again(login, jury):
    member, cycle = jury.by_name["anne"], jury.cycle
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    JuryMember.objects.filter(pk=member.pk).update(conflicts_declared_at=an_hour_ago)
    Candidate.objects.filter(pk=candidate(cycle, "5001").pk).update(
        screened_at=an_hour_ago + datetime.timedelta(minutes=30)
    )
    client = login(member)

    assert client.get(f"/jury/{cycle.pk}/")["Location"] == declaration_url(cycle)
    page = client.get(declaration_url(cycle))
    assert [r.candidate.municipality.number for r in page.context["form"].rows if r.is_new] == [
        "5001"
    ]

    client.post(declaration_url(cycle), {"confirm": "on"})
    assert client.get(f"/jury/{cycle.pk}/").status_code == 200


def test_a_juror_in_conflict_gets_404_on_the_candidate(login, jury, conflict):
    client = login(jury.by_name["cato"])
    url = f"/jury/{jury.cycle.pk}/kandidater/{conflict.candidate_id}/"

    assert client.get(url).status_code == 404
    with pytest.raises(Http404):
        access.candidate_for(jury.by_name["cato"], conflict.candidate_id)


def test_a_conflict_declared_while_the_juror_reads_hides_the_candidate_at_once(login, jury):
    """The page read a moment ago answers 404 as soon as the conflict is declared."""
    cato, bergen = jury.by_name["cato"], candidate(jury.cycle, "4601")
    client = login(cato)
    url = f"/jury/{jury.cycle.pk}/kandidater/{bergen.pk}/"
    assert client.get(url).status_code == 200
    assert "4601" in names_on_home(client, jury.cycle)
    Conflict.objects.create(
        member=cato, candidate=bergen, kind=ConflictKind.OTHER, note="Ny", declared_by=cato.user
    )
    assert client.get(url).status_code == 404
    assert "4601" not in names_on_home(client, jury.cycle)


def test_the_declaration_is_refused_to_a_juror_of_another_cycle(login, jury, other_juror):
    response = login(other_juror).post(declaration_url(jury.cycle), {"confirm": "on"})

    assert response.status_code == 404
    other_juror.refresh_from_db()
    assert not Conflict.objects.exists()


# --- The secretariat in the admin (pytest-django's superuser) ---------------------------------


def lift(client, conflicts, reason):
    payload = {"action": "lift", "_selected_action": [c.pk for c in conflicts], "confirm": "yes"}
    return client.post(CONFLICTS, {**payload, "reason": reason})


def test_the_secretariat_adds_a_conflict(english_admin, admin_user, login, jury):
    member, sømna = jury.by_name["bjorn"], candidate(jury.cycle, "1812")

    response = english_admin.post(
        f"{CONFLICTS}add/",
        {
            "member": member.pk,
            "candidate": sømna.pk,
            "kind": ConflictKind.HOLDS_OFFICE,
            "note": "Varamedlem i kommunestyret.",
        },
    )

    assert response.status_code == 302
    conflict = Conflict.objects.get()
    assert conflict.declared_by == admin_user and conflict.member == member
    assert "1812" not in names_on_home(login(member), jury.cycle)


def test_the_secretariat_cannot_add_a_conflict_across_cycles(english_admin, jury, other_juror):
    response = english_admin.post(
        f"{CONFLICTS}add/",
        {
            "member": other_juror.pk,
            "candidate": candidate(jury.cycle, "0301").pk,
            "kind": ConflictKind.LIVES_OR_WORKS,
        },
    )

    assert response.status_code == 200
    assert "candidate" in response.context["adminform"].form.errors
    assert not Conflict.objects.exists()


def test_lifting_without_a_reason_is_refused(english_admin, conflict):
    page = english_admin.post(
        CONFLICTS, {"action": "lift", "_selected_action": [conflict.pk], "index": 0}
    )
    assert page.status_code == 200 and "Reason for lifting" in page.content.decode()

    response = lift(english_admin, [conflict], reason="   ")

    assert response.status_code == 200
    assert "Give a reason for lifting the conflict." in response.content.decode()
    conflict.refresh_from_db()
    assert conflict.lifted_at is None


def test_lifting_with_a_reason_is_recorded_and_the_juror_sees_the_candidate_again(
    english_admin, admin_user, login, jury, conflict
):
    response = lift(english_admin, [conflict], reason="Flyttet fra Oslo i fjor.")

    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.lifted_at is not None and conflict.lifted_by == admin_user
    assert conflict.lift_reason == "Flyttet fra Oslo i fjor."
    assert Conflict.objects.filter(pk=conflict.pk).exists()  # kept, not deleted
    assert LogEntry.objects.filter(object_id=str(conflict.pk)).exists()
    member = jury.by_name["cato"]
    assert "0301" in names_on_home(login(member), jury.cycle)
    assert access.candidate_for(member, conflict.candidate_id) == conflict.candidate
    # A lifted conflict can be declared again.
    Conflict.objects.create(
        member=member,
        candidate=conflict.candidate,
        kind=ConflictKind.OTHER,
        note="Ny",
        declared_by=member.user,
    )


def test_conflicts_are_never_deleted_in_the_admin(english_admin, conflict):
    assert english_admin.get(f"{CONFLICTS}{conflict.pk}/delete/").status_code == 403
    page = english_admin.get(f"{CONFLICTS}{conflict.pk}/change/")
    assert page.status_code == 200
    # A declared conflict is a record: nothing on its page can be changed.
    assert not page.context["adminform"].form.fields


def test_the_conflict_list_filters_by_cycle_and_status(
    english_admin, admin_user, jury, conflict, other_juror
):
    other = Conflict.objects.create(
        member=other_juror,
        candidate=other_juror.jury.cycle.candidates.get(),
        kind=ConflictKind.OTHER,
        note="Søster er ordfører.",
        declared_by=admin_user,
        lifted_at=timezone.now(),
        lifted_by=admin_user,
        lift_reason="Feil",
    )

    def listed(query):
        response = english_admin.get(f"{CONFLICTS}?{query}")
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed(f"cycle={jury.cycle.pk}") == {conflict}
    assert listed(f"cycle={other_juror.jury.cycle.pk}") == {other}
    assert listed("status=active") == {conflict}
    assert listed("status=lifted") == {other}


def test_the_secretariat_group_gets_the_scoring_permissions(award_platform):
    from django.contrib.auth.models import Group

    from nominations.demo import SECRETARIAT_GROUP, _accounts

    _accounts()

    group = Group.objects.get(name=SECRETARIAT_GROUP)
    assert group.permissions.filter(codename="change_conflict").exists()
