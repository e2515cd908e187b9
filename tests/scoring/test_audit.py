"""The audit record: every change to scores, conflicts, results, the cycle's times and
eligibility is recorded with who, when, what and the values before and after, in the same
transaction as the change; the secretariat reads it in the admin, nobody changes it, and a juror
never sees it."""

import datetime

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations import audit
from nominations.models import (
    AuditEntry,
    AuditIsPermanent,
    AuditKind,
    Candidate,
    Cycle,
    Eligibility,
    Nomination,
    NominationStatus,
)
from scoring import decision, reviews
from scoring.models import Conflict, ConflictKind, Review, Score

from ..factories import add_candidates, make_cycle

pytestmark = pytest.mark.django_db

AUDIT = "/admin/nominations/auditentry/"
DAY = datetime.timedelta(days=1)


def criteria(cycle):
    return list(cycle.criteria.order_by("position"))


def review_data(cycle, version=0, values=None, comments=None, overall=""):
    data = {"version": str(version), "overall_comment": overall}
    for c in criteria(cycle):
        if (values or {}).get(c.position) is not None:
            data[f"c{c.pk}-score"] = str(values[c.position])
        data[f"c{c.pk}-comment"] = (comments or {}).get(c.position, "")
        data[f"c{c.pk}-evidence"] = ""
    return data


def candidate_url(name, candidate):
    return (
        f"/jury/{candidate.cycle_id}/kandidater/{candidate.pk}/"
        + {
            "candidate": "",
            "autosave": "lagre/",
            "mark_done": "ferdig/",
            "reopen": "gjenapne/",
        }[name]
    )


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind).order_by("at", "pk"))


def fail_on(table, statement="INSERT"):
    """A database error the moment `statement` reaches `table`, as a full disk or a lost
    connection would give (connection.execute_wrapper)."""

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statement) and f'"{table}"' in sql:
            raise OperationalError(f"injected failure on {table}")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(wrapper)


@pytest.fixture
def secretariat_client(client, secretariat, settings):
    """The test client logged in as the secretariat (its .user), reading in English."""
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.user = secretariat
    return client


# --- Scores --------------------------------------------------------------------------------------


def test_an_autosave_records_each_changed_score_with_before_and_after(login, jury, somna):
    member = jury.by_name["anne"]
    client = login(member)
    first, second = criteria(jury.cycle)[:2]
    client.post(candidate_url("autosave", somna), review_data(jury.cycle, values={1: 3}))
    client.post(
        candidate_url("autosave", somna),
        review_data(jury.cycle, version=1, values={1: 4, 2: 2}, comments={2: "Tynt"}),
    )

    first_save, second_save = entries(AuditKind.SCORES)
    review = Review.objects.get(member=member)
    assert (second_save.actor, second_save.actor_name) == (member.user, "Anne Jurymedlem")
    assert second_save.cycle == jury.cycle
    assert second_save.object_repr == "Anne Jurymedlem – Sømna"
    assert AuditEntry.objects.for_object(review).count() == 2
    changes = {(c["subject"], c["field"]): (c["before"], c["after"]) for c in second_save.changes}
    assert changes == {
        (str(first), "value"): (3, 4),
        (str(second), "value"): (None, 2),
        (str(second), "comment"): ("", "Tynt"),
    }
    assert [(c["before"], c["after"]) for c in first_save.changes] == [(None, 3)]


def test_a_save_that_changes_nothing_records_nothing(login, jury, somna):
    client = login(jury.by_name["anne"])
    client.post(candidate_url("autosave", somna), review_data(jury.cycle, values={1: 3}))
    response = client.post(
        candidate_url("autosave", somna), review_data(jury.cycle, version=1, values={1: 3})
    )
    assert response.status_code == 200
    assert len(entries(AuditKind.SCORES)) == 1


def test_the_plain_form_the_overall_comment_done_and_reopen_are_recorded(login, jury, somna):
    member = jury.by_name["anne"]
    client = login(member)
    everything = {c.position: 4 for c in criteria(jury.cycle)}
    client.post(
        candidate_url("candidate", somna),
        review_data(jury.cycle, values=everything, overall="Godt arbeid."),
    )
    client.post(candidate_url("mark_done", somna))
    client.post(candidate_url("reopen", somna))

    saved = entries(AuditKind.SCORES)[0]
    assert {"field": "overall_comment", "before": "", "after": "Godt arbeid."}.items() <= next(
        c for c in saved.changes if c["field"] == "overall_comment"
    ).items()
    done, reopened = entries(AuditKind.REVIEW_DONE)[0], entries(AuditKind.REVIEW_REOPENED)[0]
    assert done.actor == reopened.actor == member.user
    assert done.changes[0]["before"] is None and done.changes[0]["after"]
    assert reopened.changes[0]["after"] is None


def test_a_score_save_takes_one_insert_for_its_record_however_many_criteria_change(jury, somna):
    member = jury.by_name["anne"]
    crits = criteria(jury.cycle)
    reviews.save(member, somna, {crits[0].pk: reviews.Entry(value=2)}, "", 0)

    def counted(entries, version):
        with CaptureQueriesContext(connection) as queries:
            reviews.save(member, somna, entries, "", version)
        sql = [q["sql"] for q in queries.captured_queries]
        return len(sql), sum('INSERT INTO "nominations_auditentry"' in s for s in sql)

    one = counted({crits[0].pk: reviews.Entry(value=3)}, 1)
    every = counted({c.pk: reviews.Entry(value=5, comment="Alt") for c in crits}, 2)
    assert one[1] == every[1] == 1
    # Four new scores and one changed are one bulk INSERT and one bulk UPDATE, as before.
    assert every[0] <= one[0] + 1


def test_a_failed_record_leaves_the_score_unchanged(login, jury, somna):
    member = jury.by_name["anne"]
    reviews.save(member, somna, {criteria(jury.cycle)[0].pk: reviews.Entry(value=2)}, "", 0)
    with fail_on("nominations_auditentry"), pytest.raises(OperationalError):
        reviews.save(member, somna, {criteria(jury.cycle)[0].pk: reviews.Entry(value=5)}, "", 1)
    review = Review.objects.get(member=member)
    assert review.version == 1
    assert review.scores.get().value == 2
    assert len(entries(AuditKind.SCORES)) == 1


def test_a_failed_change_leaves_no_record(jury, somna):
    member = jury.by_name["anne"]
    with fail_on("scoring_score"), pytest.raises(OperationalError):
        reviews.save(member, somna, {criteria(jury.cycle)[0].pk: reviews.Entry(value=5)}, "", 0)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_record_is_never_written_outside_a_transaction():
    with pytest.raises(audit.OutsideTransaction):
        audit.record(AuditKind.SCORES, None, object_repr="En vurdering")
    assert not AuditEntry.objects.exists()


# --- Conflicts -----------------------------------------------------------------------------------


def test_a_declared_conflict_and_its_lifting_are_recorded(login, secretariat_client, jury):
    member, cycle = jury.by_name["anne"], jury.cycle
    oslo = cycle.candidates.get(municipality__number="0301")
    login(member).post(
        f"/jury/{cycle.pk}/inhabilitet/",
        {f"kind_{oslo.pk}": ConflictKind.LIVES_OR_WORKS, "confirm": "on"},
    )
    conflict = Conflict.objects.get()
    declared = entries(AuditKind.CONFLICT_DECLARED)[0]
    assert (declared.actor, declared.object_repr) == (member.user, "Anne Jurymedlem – Oslo")
    assert declared.changes[0]["after"] == ConflictKind.LIVES_OR_WORKS
    assert declared.changes[0]["after_label"] == "Lives or works there"

    secretariat_client.force_login(secretariat_client.user)
    secretariat_client.post(
        "/admin/scoring/conflict/",
        {
            "action": "lift",
            "_selected_action": [conflict.pk],
            "confirm": "yes",
            "reason": "Flyttet.",
        },
    )
    lifted = entries(AuditKind.CONFLICT_LIFTED)[0]
    assert (lifted.actor, lifted.reason) == (secretariat_client.user, "Flyttet.")
    assert list(AuditEntry.objects.for_object(conflict)) == [lifted, declared]


def test_a_conflict_the_secretariat_adds_in_the_admin_is_recorded(secretariat_client, jury):
    somna = jury.cycle.candidates.get(municipality__number="1812")
    response = secretariat_client.post(
        "/admin/scoring/conflict/add/",
        {
            "member": jury.by_name["bjorn"].pk,
            "candidate": somna.pk,
            "kind": ConflictKind.HOLDS_OFFICE,
            "note": "Varamedlem.",
        },
    )
    assert response.status_code == 302
    declared = entries(AuditKind.CONFLICT_DECLARED)[0]
    assert declared.actor == secretariat_client.user
    assert [c["field"] for c in declared.changes] == ["kind", "note"]


# --- Eligibility ---------------------------------------------------------------------------------


def test_screening_records_each_changed_decision(secretariat_client, jury):
    cycle = jury.cycle
    chosen = list(cycle.candidates.filter(municipality__number__in=["1812", "5001"]))
    Candidate.objects.filter(pk=chosen[0].pk).update(eligibility=Eligibility.PENDING)
    response = secretariat_client.post(
        "/admin/nominations/candidate/",
        {
            "action": "mark_ineligible",
            "_selected_action": [c.pk for c in chosen],
            "confirm": "yes",
            "reason": "Nominert av seg selv to ganger.",
        },
    )
    assert response.status_code == 302
    screened = entries(AuditKind.SCREENED)
    assert len(screened) == 2 and {e.actor for e in screened} == {secretariat_client.user}
    first = next(e for e in screened if e.object_id == chosen[0].pk)
    eligibility = next(c for c in first.changes if c["field"] == "eligibility")
    assert (eligibility["before"], eligibility["after"]) == ("pending", "ineligible")
    assert eligibility["after_label"] == "Not eligible"


def test_a_decision_changed_on_the_candidates_page_is_recorded(secretariat_client, jury):
    somna = jury.cycle.candidates.get(municipality__number="1812")
    secretariat_client.post(
        f"/admin/nominations/candidate/{somna.pk}/change/",
        {"eligibility": Eligibility.INELIGIBLE, "eligibility_reason": "Ikke en kommune."},
    )
    entry = AuditEntry.objects.for_object(somna).get()
    assert entry.kind == AuditKind.SCREENED and entry.actor == secretariat_client.user


def test_withdrawals_are_recorded_by_whom_and_the_secretariats_reason(
    secretariat_client, client, jury
):
    first, second = Nomination.objects.filter(cycle=jury.cycle)[:2]
    secretariat_client.post(
        "/admin/nominations/nomination/",
        {
            "action": "withdraw_on_request",
            "_selected_action": [first.pk],
            "confirm": "yes",
            "reason": "Innsenderen ringte 3. oktober.",
        },
    )
    from nominations import services

    services.withdraw(second, "Angrer.")  # the nominator, on their own page
    by_secretariat, by_nominator = entries(AuditKind.WITHDRAWN)
    assert by_secretariat.actor == secretariat_client.user
    assert by_secretariat.reason == "Innsenderen ringte 3. oktober."
    assert by_secretariat.object_repr == first.reference
    assert by_nominator.actor is None and by_nominator.reason == ""
    assert audit.actor_display(by_nominator) == "The nominator, through the private link"
    assert by_nominator.changes[0]["before"] == NominationStatus.SUBMITTED


# --- The cycle's times ---------------------------------------------------------------------------


def cycle_form(cycle, **changes):
    def local(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d"), timezone.localtime(moment).strftime(
            "%H:%M:%S"
        )

    data = {
        "award": cycle.award_id,
        "year": cycle.year,
        "reason_max_length": cycle.reason_max_length,
        "answer_max_length": cycle.answer_max_length,
        "finalist_count": cycle.finalist_count,
        "criteria-TOTAL_FORMS": 0,
        "criteria-INITIAL_FORMS": 0,
    }
    if cycle.is_published:
        data["is_published"] = "on"
    for name in (
        "nominations_open_at",
        "nominations_close_at",
        "jury_started_at",
        "deliberation_started_at",
        "finalists_published_at",
        "announced_at",
    ):
        moment = changes.get(name, getattr(cycle, name))
        if moment is not None:
            data[f"{name}_0"], data[f"{name}_1"] = local(moment)
    if "is_published" in changes:
        data.pop("is_published", None)
        if changes["is_published"]:
            data["is_published"] = "on"
    return data


def whole_seconds(cycle):
    """Times as the admin's form gives them back, so that only what the test changes differs."""
    for name in (
        "nominations_open_at",
        "nominations_close_at",
        "jury_started_at",
        "deliberation_started_at",
        "finalists_published_at",
        "announced_at",
    ):
        if getattr(cycle, name):
            setattr(cycle, name, getattr(cycle, name).replace(microsecond=0))
    Cycle.objects.filter(pk=cycle.pk).update(
        **{f.name: getattr(cycle, f.name) for f in Cycle._meta.concrete_fields if f.name != "id"}
    )
    return cycle


def test_changed_publication_and_phase_times_are_recorded(secretariat_client, jury):
    cycle = whole_seconds(jury.cycle)
    later = cycle.announced_at.replace(microsecond=0) + DAY
    deliberation_start = cycle.deliberation_started_at.replace(microsecond=0) - DAY
    url = f"/admin/nominations/cycle/{cycle.pk}/change/"
    response = secretariat_client.post(
        url, cycle_form(cycle, announced_at=later, deliberation_started_at=deliberation_start)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.for_object(cycle).get()
    assert entry.kind == AuditKind.CYCLE_TIMES and entry.actor == secretariat_client.user
    changes = {c["field"]: c for c in entry.changes}
    assert set(changes) == {"announced_at", "deliberation_started_at"}
    assert changes["announced_at"]["after"] == timezone.localtime(later).isoformat(
        timespec="minutes"
    )
    assert changes["announced_at"]["type"] == "time"

    page = secretariat_client.get(f"{AUDIT}{entry.pk}/change/").content.decode()
    assert timezone.localtime(later).strftime("%H:%M") in page
    assert "Winner announced at" in page


def test_a_draft_cycles_changes_and_its_publication_are_recorded(secretariat_client, jury):
    draft = make_cycle(jury.cycle.award, jury.cycle.year + 1)
    draft.is_published = False
    whole_seconds(draft)
    url = f"/admin/nominations/cycle/{draft.pk}/change/"
    before = draft.announced_at.replace(microsecond=0)
    moved = before + DAY
    assert secretariat_client.post(url, cycle_form(draft, announced_at=moved)).status_code == 302
    moved_entry = AuditEntry.objects.for_object(draft).get()
    changes = {c["field"]: c for c in moved_entry.changes}
    assert set(changes) == {"announced_at"}
    assert moved_entry.actor == secretariat_client.user

    draft.refresh_from_db()
    assert secretariat_client.post(url, cycle_form(draft, is_published=True)).status_code == 302
    published = AuditEntry.objects.for_object(draft).exclude(pk=moved_entry.pk).get()
    changes = {c["field"]: c for c in published.changes}
    assert set(changes) == {"is_published"}
    assert (changes["is_published"]["before"], changes["is_published"]["after"]) == (False, True)


# --- Results -------------------------------------------------------------------------------------


def test_the_result_page_shows_the_audit_records_entries_of_the_result(
    login, secretariat_client, jury
):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - DAY
    cycle.save()
    chair = jury.by_name["leder"]
    actor = decision.Deliberator(user=chair.user, cycle=cycle, member=chair)
    top = list(cycle.candidates.order_by("pk")[:3])
    decision.choose(actor, top, top[0])
    decision.choose(actor, top, top[1])

    result = decision.load_result(cycle)
    page = login(chair).get(f"/jury/{cycle.pk}/resultat/")
    shown = [entry for entry, _changes in page.context["events"]]
    assert shown == list(AuditEntry.objects.for_object(result).order_by("at", "pk"))
    assert [e.kind for e in shown] == [AuditKind.RESULT_CHANGED] * 2

    secretariat_client.force_login(secretariat_client.user)
    listed = secretariat_client.get(AUDIT, {"object": f"{shown[0].content_type_id}-{result.pk}"})
    assert list(listed.context["cl"].result_list) == shown[::-1]


# --- Reading the record in the admin -------------------------------------------------------------


@pytest.fixture
def recorded(jury, somna):
    """A few entries of several kinds, by several people, in two cycles."""
    anne, bjorn = jury.by_name["anne"], jury.by_name["bjorn"]
    crits = criteria(jury.cycle)
    reviews.save(anne, somna, {crits[0].pk: reviews.Entry(value=3)}, "", 0)
    reviews.save(bjorn, somna, {crits[0].pk: reviews.Entry(value=1)}, "", 0)
    # One from three days ago, to filter by date.
    AuditEntry.objects.bulk_create(
        [
            audit.entry(
                AuditKind.SCORES,
                Review.objects.get(member=bjorn),
                actor=bjorn.user,
                cycle=jury.cycle,
                at=timezone.now() - 3 * DAY,
            )
        ]
    )
    other = make_cycle(jury.cycle.award, jury.cycle.year - 1)
    (past,) = add_candidates(other, numbers=("1812",), nominations_each=1)
    from nominations import secretariat as rules

    rules.screen(Candidate.objects.filter(pk=past.pk), Eligibility.INELIGIBLE, "Feil år.")


def listed(client, **params):
    response = client.get(AUDIT, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_the_secretariat_filters_the_record_by_cycle_kind_person_and_date(
    secretariat_client, jury, recorded
):
    everything = listed(secretariat_client)
    assert len(everything) == 4
    assert [e.at for e in everything] == sorted((e.at for e in everything), reverse=True)
    assert {e.cycle_id for e in listed(secretariat_client, cycle=jury.cycle.pk)} == {jury.cycle.pk}
    assert len(listed(secretariat_client, cycle=jury.cycle.pk)) == 3
    assert [e.kind for e in listed(secretariat_client, kind=AuditKind.SCREENED)] == [
        AuditKind.SCREENED
    ]
    bjorn = jury.by_name["bjorn"].user
    assert {e.actor for e in listed(secretariat_client, person=bjorn.pk)} == {bjorn}
    today = timezone.localdate()
    assert len(listed(secretariat_client, at__gte=f"{today.isoformat()} 00:00:00+01:00")) == 3

    page = secretariat_client.get(AUDIT).content.decode()
    assert "Bjorn Jurymedlem" in page and "Anne Jurymedlem – Sømna" in page
    assert "Score (1. " in page and ": – → 3" in page


def test_one_objects_record_is_reached_from_the_list_and_from_its_own_page(
    secretariat_client, jury, somna, recorded
):
    review = Review.objects.get(member=jury.by_name["anne"])
    entry = AuditEntry.objects.for_object(review).get()
    page = secretariat_client.get(AUDIT).content.decode()
    link = f"?object={entry.content_type_id}-{review.pk}"
    assert link in page
    assert listed(secretariat_client, object=f"{entry.content_type_id}-{review.pk}") == [entry]

    candidate_page = secretariat_client.get(f"/admin/nominations/candidate/{somna.pk}/change/")
    assert "Every change of this object" in candidate_page.content.decode()


def test_nobody_adds_changes_or_deletes_an_entry(secretariat_client, admin_client, recorded):
    entry = AuditEntry.objects.first()
    for client in (secretariat_client, admin_client):
        assert client.get(f"{AUDIT}add/").status_code == 403
        assert client.post(f"{AUDIT}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
        page = client.get(f"{AUDIT}{entry.pk}/change/")
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        response = client.post(
            AUDIT, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
        )
        assert AuditEntry.objects.filter(pk=entry.pk).exists(), response.status_code
    with pytest.raises(AuditIsPermanent):
        entry.save()
    with pytest.raises(AuditIsPermanent):
        entry.delete()
    with pytest.raises(AuditIsPermanent):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditIsPermanent):
        AuditEntry.objects.update(reason="endret")


def test_jurors_never_see_the_record(client, login, django_user_model, jury, recorded):
    response = login(jury.by_name["anne"]).get(AUDIT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    # Staff without the right to read it: refused.
    staff = django_user_model.objects.create_user("ola", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(AUDIT).status_code == 403


def test_a_secretary_on_the_jury_does_not_see_that_cycles_record(
    secretariat_client, jury, recorded
):
    from scoring.models import JuryMember

    JuryMember.objects.create(
        jury=jury, user=secretariat_client.user, conflicts_declared_at=timezone.now()
    )
    shown = listed(secretariat_client)
    assert shown and all(e.cycle_id != jury.cycle.pk for e in shown)
    hidden = AuditEntry.objects.filter(cycle=jury.cycle).first()
    assert secretariat_client.get(f"{AUDIT}{hidden.pk}/change/").status_code == 302  # not found


@pytest.mark.parametrize("rounds", [2, 20])
def test_the_record_list_takes_the_same_number_of_queries_however_long(
    secretariat_client, jury, rounds, django_assert_max_num_queries
):
    """Ten jurors' worth of saves, screenings and conflicts per round: 2 rounds or 20."""
    cycle = jury.cycle
    crits = criteria(cycle)
    candidates = list(cycle.candidates.select_related("municipality"))
    members = list(jury.members.select_related("user", "jury"))
    made = []
    for n in range(rounds):
        for member in members:
            for candidate in candidates:
                review, _ = Review.objects.get_or_create(member=member, candidate=candidate)
                made.append(
                    audit.entry(
                        AuditKind.SCORES,
                        review,
                        actor=member.user,
                        cycle=cycle,
                        object_repr=f"{member} – {candidate.municipality.name}",
                        changes=[
                            audit.field_change(Score, "value", n, n + 1, subject=crits[0]),
                            audit.field_change(Score, "comment", "", "Notat", subject=crits[1]),
                        ],
                    )
                )
        made.append(
            audit.entry(
                AuditKind.SCREENED,
                candidates[n % len(candidates)],
                actor=secretariat_client.user,
                cycle=cycle,
                changes=[audit.field_change(Candidate, "eligibility", "pending", "eligible")],
            )
        )
    AuditEntry.objects.bulk_create(made)
    assert AuditEntry.objects.count() == rounds * (len(members) * len(candidates) + 1)
    # Includes django-otp's read of the device that verified the login, on every request.
    with django_assert_max_num_queries(12):
        response = secretariat_client.get(AUDIT)
    assert response.status_code == 200
    rows = response.content.decode().count('<tr><th class="field-at')
    assert rows == len(response.context["cl"].result_list) == min(100, len(made))


# --- The result's old record ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_results_old_record_moves_into_the_audit_record():
    """Scoring 0003: every ResultEvent becomes an audit entry with the same who, when and why."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("scoring", "0002_results"), ("nominations", "0003_audit_record")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(
        username="leder", first_name="Gunn", last_name="Leder"
    )
    platform = old.get_model("platforms", "Platform").objects.create(title="P", slug="p")
    award = old.get_model("nominations", "Award").objects.create(
        name="Årets frivillighetskommune", slug="afk", platform=platform
    )
    now = timezone.now()
    cycle = old.get_model("nominations", "Cycle").objects.create(
        award=award,
        year=2025,
        nominations_open_at=now,
        nominations_close_at=now,
        finalists_published_at=now,
        announced_at=now,
    )
    result = old.get_model("scoring", "Result").objects.create(cycle=cycle)
    event = old.get_model("scoring", "ResultEvent")
    event.objects.create(
        result=result,
        action="change",
        user=user,
        at=now - DAY,
        details={"changes": [{"field": "justification", "before": "", "after": "Godt."}]},
    )
    event.objects.create(
        result=result, action="unlock", user=user, at=now, reason="Skrivefeil i teksten."
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    changed, unlocked = AuditEntry.objects.order_by("at")
    assert (changed.kind, unlocked.kind) == (AuditKind.RESULT_CHANGED, AuditKind.RESULT_UNLOCKED)
    assert changed.actor_id == user.pk and changed.actor_name == "Gunn Leder"
    assert changed.cycle_id == cycle.pk and changed.object_id == result.pk
    assert changed.changes == [
        {
            "field": "justification",
            "before": "",
            "after": "Godt.",
            "label": "The jury's justification",
            "type": "text",
        }
    ]
    assert unlocked.reason == "Skrivefeil i teksten."
    from scoring.models import Result

    assert list(Result.objects.get(pk=result.pk).audit_entries.order_by("at")) == [
        changed,
        unlocked,
    ]
