"""The chair's deliberation (scoring/decision.py and its pages): who sees and does what,
choosing the finalists and the winner, the texts and the criteria they cite, the sign-offs and
their digest, the lock and the unlock with their record, the numbers the page shows, the
comparison, constant queries, the admin's target and the demo's decided past cycle."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation

from nominations.models import (
    AuditEntry,
    AuditKind,
    Candidate,
    Cycle,
    Eligibility,
    Municipality,
    MunicipalityKind,
)
from scoring import conflicts, decision, reviews, score_math
from scoring.models import (
    Conflict,
    Finalist,
    JuryMember,
    Result,
    Review,
    Score,
    SignOff,
)
from scoring.readability import readability

from ..factories import staff_user
from .helpers import HARD, PLAIN, candidate, chair_of, complete_texts, score_everyone, sign_all

pytestmark = pytest.mark.django_db


def path(name, cycle):
    return {
        "deliberation": f"/jury/{cycle.pk}/drofting/",
        "compare": f"/jury/{cycle.pk}/drofting/sammenlign/",
        "result": f"/jury/{cycle.pk}/resultat/",
        "choose": f"/jury/{cycle.pk}/resultat/finalister/",
        "texts": f"/jury/{cycle.pk}/resultat/tekster/",
        "lix_target": f"/jury/{cycle.pk}/resultat/lix/",
        "lock": f"/jury/{cycle.pk}/resultat/las/",
        "unlock": f"/jury/{cycle.pk}/resultat/las-opp/",
        "sign_off": f"/jury/{cycle.pk}/begrunnelse/",
    }[name]


GET_PAGES = ("deliberation", "compare", "result")
POST_ENDPOINTS = ("choose", "texts", "lix_target", "lock", "unlock")


@pytest.fixture
def deliberating(jury):
    """The cycle in its deliberation phase, every review done."""
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    score_everyone(jury)
    return cycle


def ranked(cycle):
    return [Candidate.objects.get(pk=pk) for pk in score_math.compute(cycle).ranked.index]


@pytest.fixture
def chosen(jury, deliberating):
    """The top three finalists, the first the winner."""
    top = ranked(deliberating)[:3]
    return decision.choose(chair_of(jury), top, top[0])


@pytest.fixture
def written(jury, chosen):
    complete_texts(jury)
    return decision.load_result(jury.cycle)


@pytest.fixture
def locked(jury, written):
    sign_all(jury)
    return decision.lock(chair_of(jury))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def html(response) -> str:
    return response.content.decode()


# --- Who may see and do what ---------------------------------------------------------------------


def test_a_juror_who_is_not_chair_gets_404_and_cannot_choose(login, jury, deliberating, english):
    client = login(jury.by_name["anne"])
    top = ranked(deliberating)[:3]
    for name in GET_PAGES:
        assert client.get(path(name, deliberating)).status_code == 404, name
    choice = {"finalists": [c.pk for c in top], "winner": top[0].pk}
    for name in POST_ENDPOINTS:
        assert client.post(path(name, deliberating), choice).status_code == 404, name
    assert not Result.objects.exists()
    # …but reads the texts and signs them off.
    assert client.get(path("sign_off", deliberating)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, jury, deliberating):
    for name in (*GET_PAGES, "sign_off"):
        response = client.get(path(name, deliberating))
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logg-inn/")


def test_a_juror_of_another_cycle_and_staff_without_the_right_get_404(
    client, login, jury, deliberating, other_juror, django_user_model
):
    login(other_juror)
    for name in (*GET_PAGES, "sign_off"):
        assert client.get(path(name, deliberating)).status_code == 404, name
    client.force_login(staff_user("staff", "scoring.view_jurycomment"))
    for name in (*GET_PAGES, "sign_off"):
        assert client.get(path(name, deliberating)).status_code == 404, name


def test_the_secretariat_reads_but_does_not_choose_or_write(
    client, jury, deliberating, result_reader, english
):
    client.force_login(result_reader)
    assert client.get(path("deliberation", deliberating)).status_code == 200
    page = client.get(path("result", deliberating))
    assert page.status_code == 200
    assert page.context["choice_form"] is None and page.context["target_form"] is None
    top = ranked(deliberating)[:3]
    response = client.post(
        path("choose", deliberating), {"finalists": [c.pk for c in top], "winner": top[0].pk}
    )
    assert response.status_code == 403
    assert "Only the jury's chair chooses" in " ".join(messages_of(response))
    assert not Result.objects.exists()
    # The secretariat signs nothing: it has no seat.
    assert client.get(path("sign_off", deliberating)).status_code == 404


def test_a_seat_decides_a_secretariat_user_on_the_jury_is_a_juror(login, jury, deliberating):
    anne = jury.by_name["anne"]
    anne.user.is_staff = True
    anne.user.save()
    anne.user.user_permissions.add(Permission.objects.get(codename="view_result"))
    assert login(anne).get(path("deliberation", deliberating)).status_code == 404


def test_the_chair_declares_conflicts_first(login, jury, deliberating):
    chair = jury.by_name["leder"]
    chair.conflicts_declared_at = None
    chair.save()
    response = login(chair).get(path("deliberation", deliberating))
    assert response.status_code == 302
    assert response["Location"] == f"/jury/{deliberating.pk}/inhabilitet/"


def test_before_the_deliberation_the_chair_sees_progress_but_no_scores(login, jury, english):
    cycle = jury.cycle  # in its jury phase
    score_everyone(jury)
    client = login(jury.by_name["leder"])
    page = client.get(path("deliberation", cycle))
    text = html(page)
    assert page.status_code == 200
    assert "The reviews are still open." in text
    assert page.context["show_scores"] is False
    assert "Kendall" not in text and "Normalised" not in text
    # Alphabetical, not ranked: the order would tell the scores.
    names = [row.candidate.municipality.name for row in page.context["rows"]]
    assert names == sorted(names)
    compare = client.get(path("compare", cycle), {"k": [c.pk for c in ranked(cycle)[:2]]})
    assert compare.status_code == 302
    top = ranked(cycle)[:3]
    refused = client.post(
        path("choose", cycle), {"finalists": [c.pk for c in top], "winner": top[0].pk}
    )
    assert refused.status_code == 403
    assert "The reviews are still open" in " ".join(messages_of(refused))
    assert not Result.objects.exists()


def test_the_secretariat_sees_the_figures_during_the_jury_phase(
    client, jury, result_reader, english
):
    score_everyone(jury)
    client.force_login(result_reader)
    page = client.get(path("deliberation", jury.cycle))
    assert page.context["show_scores"] is True
    assert "Kendall" in html(page)


def test_a_warning_when_the_finalists_are_due_and_none_chosen(login, jury, deliberating, english):
    deliberating.finalists_published_at = timezone.now() - datetime.timedelta(hours=1)
    deliberating.announced_at = timezone.now() + datetime.timedelta(days=10)
    deliberating.save()
    page = login(jury.by_name["leder"]).get(path("deliberation", deliberating))
    assert "No finalists are chosen." in html(page)
    assert page.context["finalists_overdue"]


def test_the_dates_are_labelled_without_saying_they_have_passed(login, jury, deliberating):
    """The announcement is weeks ahead: the page must not say the winner is announced."""
    page = html(login(jury.by_name["leder"]).get(path("deliberation", deliberating)))
    assert "Kåring av vinneren" in page and "Offentliggjøring av finalistene" in page
    assert "Vinneren er kåret" not in page and "Finalistene er offentliggjort" not in page


# --- Choosing the finalists and the winner -------------------------------------------------------


def test_the_chair_chooses_the_cycles_number_of_finalists_and_a_winner_among_them(
    login, jury, deliberating, english
):
    client = login(jury.by_name["leder"])
    top = ranked(deliberating)
    url = path("choose", deliberating)

    too_few = client.post(url, {"finalists": [top[0].pk, top[1].pk], "winner": top[0].pk})
    assert too_few.status_code == 400
    text = html(too_few)
    assert "Choose exactly 3 finalists; you chose 2." in text
    # The summary's link leads to the first box to tick.
    assert 'class="error-summary"' in text and 'href="#id_finalists_0"' in text
    assert 'id="id_finalists_0"' in text
    # What was ticked is still ticked.
    assert re.search(rf'value="{top[1].pk}"[^>]*checked', text)

    outsider = client.post(url, {"finalists": [c.pk for c in top[:3]], "winner": top[4].pk})
    assert outsider.status_code == 400
    assert "The winner must be one of the finalists." in html(outsider)

    no_winner = client.post(url, {"finalists": [c.pk for c in top[:4]]})
    assert "Choose exactly 3 finalists; you chose 4." in html(no_winner)
    assert "Choose the winner." in html(no_winner)
    assert not Result.objects.exists()

    # Posted in another order: stored in rank order.
    saved = client.post(url, {"finalists": [top[2].pk, top[0].pk, top[1].pk], "winner": top[1].pk})
    assert saved.status_code == 302
    result = Result.objects.get(cycle=deliberating)
    assert [f.candidate for f in result.finalists.order_by("position")] == top[:3]
    assert result.winner == top[1]
    event = result.audit_entries.get()
    assert event.kind == AuditKind.RESULT_CHANGED and event.actor == jury.by_name["leder"].user
    fields = {change["field"]: change for change in event.changes}
    assert fields["finalists"]["before"] == []
    assert fields["finalists"]["after"] == [c.municipality.name for c in top[:3]]
    assert fields["winner"] == {
        "field": "winner",
        "label": "Winner",
        "before": "",
        "after": top[1].municipality.name,
    }


def test_a_candidate_of_another_cycle_cannot_be_chosen(login, jury, deliberating, other_juror):
    top = ranked(deliberating)
    foreign = other_juror.jury.cycle.candidates.get()
    response = login(jury.by_name["leder"]).post(
        path("choose", deliberating),
        {"finalists": [top[0].pk, top[1].pk, foreign.pk], "winner": top[0].pk},
    )
    assert response.status_code == 400
    assert not Result.objects.exists()


def test_the_number_of_finalists_follows_the_cycle(jury, deliberating):
    deliberating.finalist_count = 2
    deliberating.save()
    top = ranked(deliberating)
    with pytest.raises(Exception) as refused:
        decision.choose(chair_of(jury), top[:3], top[0])
    assert "finalists" in refused.value.message_dict
    result = decision.choose(chair_of(jury), top[:2], top[1])
    assert result.finalists.count() == 2


def test_taking_a_finalist_off_keeps_its_paragraph_in_the_record(jury, written):
    top = ranked(jury.cycle)
    dropped = decision.finalists_of(written)[2]
    decision.choose(chair_of(jury), [top[0], top[1], top[3]], top[0])
    result = decision.load_result(jury.cycle)
    assert [f.candidate for f in decision.finalists_of(result)] == [top[0], top[1], top[3]]
    assert not Finalist.objects.filter(pk=dropped.pk).exists()
    kept = decision.finalists_of(result)[0]
    assert kept.paragraph  # the finalists who stay keep their paragraphs
    last = result.audit_entries.order_by("at", "pk").last()
    changes = {(c["field"], c.get("subject", "")): c for c in last.changes}
    dropped_name = dropped.candidate.municipality.name
    assert changes[("paragraph", dropped_name)]["before"] == f"{dropped_name} har gode møter."


def test_a_save_that_changes_nothing_records_nothing(jury, chosen):
    top = ranked(jury.cycle)[:3]
    decision.choose(chair_of(jury), top, top[0])
    assert chosen.audit_entries.count() == 1


# --- The texts -----------------------------------------------------------------------------------


def texts_post(result, justification=PLAIN, criteria=(), paragraphs=None, digest=None):
    finalists = decision.finalists_of(decision.load_result(result.cycle))
    data = {
        "digest": digest or decision.text_digest(decision.load_result(result.cycle)),
        "justification": justification,
        "justification_criteria": [c.pk for c in criteria],
    }
    for finalist in finalists:
        text, cited = (paragraphs or {}).get(finalist.candidate_id, ("", ()))
        data[f"p{finalist.pk}-paragraph"] = text
        data[f"p{finalist.pk}-criteria"] = [c.pk for c in cited]
    return data


def test_the_texts_and_the_criteria_they_cite_are_saved_and_recorded(login, jury, chosen, english):
    cycle = jury.cycle
    client = login(jury.by_name["leder"])
    criteria = list(cycle.criteria.order_by("position"))
    winner = chosen.winner
    data = texts_post(
        chosen,
        justification="Kommunen lytter.\r\nLagene er med.",
        criteria=[criteria[0], criteria[3]],
        paragraphs={winner.pk: ("Gode møter for alle lag.", [criteria[2]])},
    )
    response = client.post(path("texts", cycle), data)
    assert response.status_code == 302

    result = decision.load_result(cycle)
    assert result.justification == "Kommunen lytter.\nLagene er med."  # one kind of line end
    assert list(result.justification_criteria.order_by("position")) == [criteria[0], criteria[3]]
    first = decision.finalists_of(result)[0]
    assert first.candidate == winner
    assert first.paragraph == "Gode møter for alle lag."
    assert list(first.criteria.all()) == [criteria[2]]

    event = result.audit_entries.order_by("at", "pk").last()
    fields = [(c["field"], c.get("subject", "")) for c in event.changes]
    name = winner.municipality.name
    assert fields == [
        ("justification", ""),
        ("justification_criteria", ""),
        ("paragraph", name),
        ("paragraph_criteria", name),
    ]
    assert event.changes[1]["after"] == [str(criteria[0]), str(criteria[3])]

    page = client.get(path("result", cycle))
    assert "Gode møter for alle lag." in html(page)
    assert "LIX" in html(page)


def test_texts_saved_from_another_window_are_not_overwritten_unknowingly(
    login, jury, chosen, english
):
    cycle = jury.cycle
    client = login(jury.by_name["leder"])
    shown = texts_post(chosen, justification="Det første utkastet.")
    complete_texts(jury, justification="Lagret i et annet vindu.")  # meanwhile

    response = client.post(path("texts", cycle), shown)
    assert response.status_code == 409
    assert "saved from another window" in " ".join(messages_of(response))
    assert "Det første utkastet." in html(response)  # what was typed is still there
    assert decision.load_result(cycle).justification == "Lagret i et annet vindu."

    # Saving again from the page replaces the stored texts, knowingly.
    again = response.context["texts_form"].data
    assert client.post(path("texts", cycle), again).status_code == 302
    assert decision.load_result(cycle).justification == "Det første utkastet."


def test_a_criterion_of_another_cycle_is_refused(login, jury, chosen, other_juror):
    foreign = other_juror.jury.cycle.criteria.first()
    data = texts_post(chosen)
    data["justification_criteria"] = [foreign.pk]
    response = login(jury.by_name["leder"]).post(path("texts", jury.cycle), data)
    assert response.status_code == 400
    assert not decision.load_result(jury.cycle).justification


def test_the_texts_wait_for_the_finalists(login, jury, deliberating, english):
    client = login(jury.by_name["leder"])
    response = client.post(path("texts", deliberating), {"digest": "x", "justification": PLAIN})
    assert response.status_code == 302
    assert not Result.objects.filter(justification=PLAIN).exists()


# --- Sign-offs -----------------------------------------------------------------------------------


def test_a_change_of_the_texts_voids_earlier_sign_offs(login, jury, written, english):
    cycle = jury.cycle
    anne = jury.by_name["anne"]
    client = login(anne)
    page = client.get(path("sign_off", cycle))
    assert "I approve these texts" in html(page)
    digest = page.context["digest"]
    assert digest == decision.text_digest(written)

    assert client.post(path("sign_off", cycle), {"digest": digest}).status_code == 302
    assert SignOff.objects.get(member=anne).text_digest == digest
    assert "You signed these texts" in html(client.get(path("sign_off", cycle)))

    complete_texts(jury, justification="Kommunen er best. Det er sant.")
    rows = {
        row.member.pk: row.state
        for row in decision.sign_off_rows(decision.load_result(cycle), decision.jury_members(cycle))
    }
    assert rows[anne.pk] == decision.SignOffState.EARLIER
    assert rows[jury.by_name["bjorn"].pk] == decision.SignOffState.NONE
    assert "You signed an earlier version." in html(client.get(path("sign_off", cycle)))

    # Signing what one read before the change is refused.
    stale = client.post(path("sign_off", cycle), {"digest": digest})
    assert stale.status_code == 409
    assert SignOff.objects.get(member=anne).text_digest == digest

    new = decision.text_digest(decision.load_result(cycle))
    assert client.post(path("sign_off", cycle), {"digest": new}).status_code == 302
    assert SignOff.objects.get(member=anne).text_digest == new


def test_the_digest_covers_the_winner_the_finalists_the_texts_and_the_criteria(jury, written):
    before = decision.text_digest(written)
    finalist = decision.finalists_of(written)[1]
    finalist.criteria.add(jury.cycle.criteria.order_by("position").last())
    assert decision.text_digest(decision.load_result(jury.cycle)) != before
    finalist.criteria.remove(jury.cycle.criteria.order_by("position").last())
    assert decision.text_digest(decision.load_result(jury.cycle)) == before
    top = ranked(jury.cycle)[:3]
    decision.choose(chair_of(jury), top, top[2])
    assert decision.text_digest(decision.load_result(jury.cycle)) != before


def test_nothing_to_sign_before_the_texts_are_complete(login, jury, chosen, english):
    client = login(jury.by_name["anne"])
    page = client.get(path("sign_off", jury.cycle))
    assert "The chair has not finished the texts yet." in html(page)
    response = client.post(path("sign_off", jury.cycle), {"digest": page.context["digest"]})
    assert response.status_code == 400
    assert not SignOff.objects.exists()


def test_the_chair_sees_who_has_signed(login, jury, written, english):
    sign_all(jury, names=("anne", "bjorn"))
    page = login(jury.by_name["leder"]).get(path("result", jury.cycle))
    states = {row.member.user.username: row.state for row in page.context["sign_offs"]}
    assert states == {"leder": "none", "anne": "current", "bjorn": "current", "cato": "none"}
    assert "Not every juror has signed the current texts. Still to sign: Leder Jurymedlem, " in (
        html(page)
    )


# --- Lock and unlock -----------------------------------------------------------------------------


def test_locking_is_refused_above_the_target_and_while_unsigned(login, jury, chosen, english):
    cycle = jury.cycle
    client = login(jury.by_name["leder"])
    complete_texts(jury, justification=HARD)
    sign_all(jury)
    response = client.post(path("lock", cycle))
    assert response.status_code == 403
    said = messages_of(response)
    assert said[0] == "The result cannot be locked yet:"
    lix = readability(HARD).lix
    with translation.override("en"):
        assert f"LIX {floatformat(lix, 1)}, target 40" in " ".join(said)
    assert not decision.load_result(cycle).is_locked

    complete_texts(jury, justification=PLAIN)  # voids every sign-off
    sign_all(jury, names=("leder", "anne"))
    response = client.post(path("lock", cycle))
    assert response.status_code == 403
    assert "Still to sign: Bjorn Jurymedlem, Cato Jurymedlem." in " ".join(messages_of(response))
    assert not AuditEntry.objects.filter(kind=AuditKind.RESULT_LOCKED).exists()


def test_the_chair_locks_and_a_locked_result_refuses_every_change(login, jury, written, english):
    cycle = jury.cycle
    sign_all(jury)
    client = login(jury.by_name["leder"])
    page = client.get(path("result", cycle))
    assert page.context["blockers"] == []
    assert client.post(path("lock", cycle)).status_code == 302

    result = decision.load_result(cycle)
    assert result.is_locked and result.locked_by == jury.by_name["leder"].user
    lock = result.audit_entries.get(kind=AuditKind.RESULT_LOCKED)
    assert lock.details["text_digest"] == decision.text_digest(result)

    page = client.get(path("result", cycle))
    assert page.context["choice_form"] is None and page.context["texts_form"] is None
    assert "The result is locked" in html(page)
    top = ranked(cycle)
    for name, data in (
        ("choose", {"finalists": [c.pk for c in top[1:4]], "winner": top[1].pk}),
        ("texts", texts_post(result, justification="Noe annet.")),
    ):
        response = client.post(path(name, cycle), data)
        assert response.status_code == 403, name
        assert "The result is locked." in " ".join(messages_of(response))
    assert client.post(path("lock", cycle)).status_code == 409
    signing = login(jury.by_name["anne"]).post(
        path("sign_off", cycle), {"digest": decision.text_digest(result)}
    )
    assert signing.status_code == 403
    assert decision.load_result(cycle).justification == PLAIN


def test_unlocking_takes_a_reason_and_everything_is_on_the_record(
    client, login, jury, locked, result_reader, secretariat, english
):
    cycle = jury.cycle
    # A juror who is not chair cannot unlock; staff who may only read cannot either.
    assert login(jury.by_name["anne"]).post(path("unlock", cycle)).status_code == 404
    client.force_login(result_reader)
    refused = client.post(path("unlock", cycle), {"unlock-reason": "Skrivefeil i teksten."})
    assert refused.status_code == 403
    assert decision.load_result(cycle).is_locked

    client.force_login(secretariat)
    short = client.post(path("unlock", cycle), {"unlock-reason": "Feil"})
    assert short.status_code == 400
    assert "at least 10 characters" in html(short)
    assert decision.load_result(cycle).is_locked

    reason = "Skrivefeil i navnet på vinneren."
    assert client.post(path("unlock", cycle), {"unlock-reason": reason}).status_code == 302
    result = decision.load_result(cycle)
    assert not result.is_locked
    unlock = result.audit_entries.get(kind=AuditKind.RESULT_UNLOCKED)
    assert (unlock.actor, unlock.reason) == (secretariat, reason)
    # The sign-offs still count: the texts did not change.
    assert decision.lock_blockers(result, cycle, decision.jury_members(cycle)) == []

    page = client.get(path("result", cycle))
    record = page.context["events"]
    assert [event.kind for event, _changes in record] == [
        AuditKind.RESULT_CHANGED,
        AuditKind.RESULT_CHANGED,
        *[AuditKind.RESULT_SIGNED] * 4,
        AuditKind.RESULT_LOCKED,
        AuditKind.RESULT_UNLOCKED,
    ]
    text = html(page)
    assert reason in text and "Siri Sekretær" in text and "Leder Jurymedlem" in text
    assert "Result locked" in text and "Result unlocked" in text and "Texts signed off" in text


def test_the_chair_may_unlock_too(login, jury, locked):
    client = login(jury.by_name["leder"])
    response = client.post(path("unlock", jury.cycle), {"unlock-reason": "Vi må endre teksten."})
    assert response.status_code == 302
    assert not decision.load_result(jury.cycle).is_locked


def test_the_secretariat_sets_the_target_and_the_chair_cannot(
    client, login, jury, written, secretariat, english
):
    cycle = jury.cycle
    chair = login(jury.by_name["leder"])
    assert chair.post(path("lix_target", cycle), {"lix_target": 60}).status_code == 403
    client.force_login(secretariat)
    assert client.post(path("lix_target", cycle), {"lix_target": 5}).status_code == 400
    assert client.post(path("lix_target", cycle), {"lix_target": 30}).status_code == 302
    result = decision.load_result(cycle)
    assert result.lix_target == 30
    event = result.audit_entries.order_by("at", "pk").last()
    assert event.changes == [
        {"field": "lix_target", "label": "Readability target (LIX)", "before": 40, "after": 30}
    ]
    # PLAIN (LIX 25) is within 30; HARD would not be.
    assert not any("LIX" in b for b in decision.lock_blockers(result, cycle, []))


# --- What the pages show -------------------------------------------------------------------------


def number_cells(text, name):
    """The right-aligned cells of the first table row headed by the name, those shown only on
    request (deliberation-table__extra) too."""
    header = text.index(f'<th scope="row">{name}</th>')
    row = text[text.rindex("<tr", 0, header) : text.index("</tr>", header)]
    return re.findall(r'<td class="jury-table__number(?: [^"]*)?">(.*?)</td>', row, re.S)


def test_the_page_shows_the_numbers_results_compute_gives(login, jury, conflict, deliberating):
    cycle = deliberating
    computed = score_math.compute(cycle)
    page = login(jury.by_name["leder"]).get(path("deliberation", cycle))
    assert page.status_code == 200
    text = html(page)
    assert text.count("<h1") == 1

    def shown(value):
        with translation.override("nb"):
            return floatformat(value, 2)

    rows = page.context["rows"]
    assert [row.candidate.pk for row in rows] == list(computed.candidates.index)
    for _pk, line in computed.candidates.iterrows():
        cells = number_cells(text, line["municipality"])
        rank = cells[0].split("<")[0]
        assert rank == str(int(line["rank"]))
        figures = [c.split(" <strong")[0] for c in cells[1:7]]
        expected = [
            line[k] for k in ("normalised", "normalised_scaled", "mean", "median", "range", "std")
        ]
        assert figures == [shown(v) for v in expected]
        assert "," in figures[2]  # Norwegian decimal comma
        assert cells[7:] == [str(line[k]) for k in ("reviews", "conflicts", "missing")]
        assert ("deliberation-flag" in cells[5]) == bool(line["disagreement"])
    w = computed.kendall_w
    assert shown(w) in text and str(computed.agreement_text) in text

    # The criteria table and each juror's scores, with the conflict shown as such.
    oslo = candidate(cycle, "0301")
    criteria_means = computed.criteria.loc[oslo.pk].tolist()
    juror_row = [rows_row for rows_row in rows if rows_row.candidate == oslo][0]
    assert juror_row.criteria == pytest.approx(criteria_means)
    cato = jury.by_name["cato"]
    cato_cell = juror_row.jurors[[m.pk for m in page.context["members"]].index(cato.pk)]
    assert cato_cell.state == score_math.ReviewState.CONFLICT and cato_cell.value is None


def test_shared_ranks_and_disagreement_are_marked(login, jury, english):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save()
    # Bergen and Trondheim equal in every respect; Oslo split between the jurors.
    score_everyone(jury, levels={"1812": 5, "5001": 3, "4601": 3, "1106": 2})
    review = Review.objects.create(
        member=jury.by_name["anne"], candidate=candidate(cycle, "0301"), done_at=timezone.now()
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=c, value=5) for c in cycle.criteria.all()
    )
    review = Review.objects.create(
        member=jury.by_name["bjorn"], candidate=candidate(cycle, "0301"), done_at=timezone.now()
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=c, value=1) for c in cycle.criteria.all()
    )
    text = html(login(jury.by_name["leder"]).get(path("deliberation", cycle)))
    bergen = number_cells(text, candidate(cycle, "4601").municipality.name)
    trondheim = number_cells(text, candidate(cycle, "5001").municipality.name)
    assert bergen[0] == trondheim[0]
    assert '<span class="visually-hidden"> (shared)</span>' in bergen[0]
    assert "Disagree" in number_cells(text, "Oslo")[5]


def extra_headers(text) -> list[str]:
    """The ranking's column headers shown only when "Show all columns" is ticked."""
    table = text[text.index('id="ranking-table"') : text.index("</thead>")]
    return re.findall(
        r'<th scope="col" class="[^"]*deliberation-table__extra[^"]*">(.*?)</th>', table
    )


def test_the_ranking_keeps_its_secondary_columns_behind_a_box_the_form_does_not_send(
    login, jury, deliberating, english
):
    """#16: the columns that decide fit a laptop; the county, the normalised score in points,
    the standard deviation and the conflicts are in the page, shown when the box is ticked
    (tests/browser/test_deliberation_width.py shows it in a browser)."""
    client = login(jury.by_name["leder"])
    text = html(client.get(path("deliberation", deliberating)))
    assert extra_headers(text) == [
        "County",
        "Normalised, in points",
        "Standard deviation",
        "Conflicts",
    ]
    box = re.search(r'<input type="checkbox" id="ranking-all-columns"[^>]*>', text).group(0)
    assert "name=" not in box
    assert '<label for="ranking-all-columns">Show all columns' in text
    # Every row still has all its figures, each under its own header.
    assert len(number_cells(text, "Oslo")) == 10

    # Before the deliberation the progress table has five columns and nothing to hide.
    deliberating.deliberation_started_at = None
    deliberating.save(update_fields=["deliberation_started_at"])
    text = html(client.get(path("deliberation", deliberating)))
    assert "ranking-all-columns" not in text and extra_headers(text) == []


def test_the_comparison_of_two_or_three_candidates(login, jury, conflict, deliberating, english):
    cycle = deliberating
    client = login(jury.by_name["leder"])
    oslo, bergen = candidate(cycle, "0301"), candidate(cycle, "4601")
    page = client.get(path("compare", cycle), {"k": [oslo.pk, bergen.pk]})
    assert page.status_code == 200
    text = html(page)
    assert text.count("<h1") == 1
    assert [c.candidate for c in page.context["columns"]] == [oslo, bergen]
    computed = score_math.compute(cycle)
    first = cycle.criteria.order_by("position").first()
    block = page.context["blocks"][0]
    assert block["criterion"] == first
    assert block["means"] == pytest.approx(
        [computed.criteria.loc[oslo.pk, first.pk], computed.criteria.loc[bergen.pk, first.pk]]
    )
    anne = jury.by_name["anne"]
    anne_scores = dict(block["jurors"])[anne]
    stored = Score.objects.get(review__member=anne, review__candidate=bergen, criterion=first)
    assert anne_scores[1].value == stored.value
    cato_scores = dict(block["jurors"])[jury.by_name["cato"]]
    assert cato_scores[0].value is None and cato_scores[0].label == "In conflict"
    assert "In conflict" in text

    three = client.get(
        path("compare", cycle), {"k": [oslo.pk, bergen.pk, candidate(cycle, "1812").pk]}
    )
    assert three.status_code == 200

    for wrong in ([oslo.pk], [c.pk for c in ranked(cycle)[:4]], [oslo.pk, 999999]):
        response = client.get(path("compare", cycle), {"k": wrong})
        assert response.status_code == 302
        assert response["Location"].startswith(path("deliberation", cycle) + "?k=")
        assert response["Location"].endswith("#compare")
    # Back on the ranking, what was ticked is ticked.
    back = client.get(path("deliberation", cycle), {"k": [oslo.pk]})
    assert back.context["selected"] == {oslo.pk}
    assert re.search(rf'name="k" value="{oslo.pk}"[^>]*checked', html(back))


def test_the_pages_are_accessible(login, jury, written, english):
    client = login(jury.by_name["leder"])
    for name in ("deliberation", "result", "sign_off"):
        text = html(client.get(path(name, jury.cycle)))
        assert text.count("<h1") == 1, name
        levels = [int(level) for level in re.findall(r"<h([1-6])", text)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), name
        assert text.count("<table") == text.count("<caption"), name
        assert '<th scope="col"' in text or "<table" not in text
    result_page = html(client.get(path("result", jury.cycle)))
    assert 'for="id_justification"' in result_page
    assert result_page.count("<legend>") >= 1 + 1 + 3  # choice, and the criteria of each text


def test_the_export_is_linked_from_the_deliberation_page(login, jury, deliberating):
    text = html(login(jury.by_name["leder"]).get(path("deliberation", deliberating)))
    assert f'href="/jury/{deliberating.pk}/eksport.xlsx"' in text


# --- Constant queries ----------------------------------------------------------------------------


def add_candidates_in_bulk(cycle, count):
    """`count` more eligible candidates, of made-up municipalities where the register ends."""
    county = Municipality.objects.filter(kind=MunicipalityKind.FYLKESKOMMUNE).first()
    made = Municipality.objects.bulk_create(
        Municipality(
            number=f"{9000 + i}",
            name=f"Prøvekommune {i:03d}",
            kind=MunicipalityKind.KOMMUNE,
            county=county,
            valid_from=datetime.date(2000, 1, 1),
        )
        for i in range(count)
    )
    return Candidate.objects.bulk_create(
        Candidate(cycle=cycle, municipality=m, eligibility=Eligibility.ELIGIBLE) for m in made
    )


# Session, user, the device that verified the login (django-otp), seat, conflict check, five for
# the score math (the first time; then kept under the cycle's results_version), the candidates,
# the jurors, the criteria, the result and its four prefetches: 19, whatever the size; 14 once
# the math is kept.
MAX_QUERIES = 19
KEPT_QUERIES = 14


@pytest.mark.parametrize("count", [20, 400])
def test_the_pages_take_the_same_number_of_queries_however_many_candidates(
    login, jury, django_user_model, count, django_assert_max_num_queries
):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save()
    user = django_user_model.objects.create_user("dag", first_name="Dag", last_name="Femte")
    JuryMember.objects.create(jury=jury, user=user, conflicts_declared_at=timezone.now())
    add_candidates_in_bulk(cycle, count - cycle.candidates.count())
    members = list(JuryMember.objects.filter(jury=jury))
    assert len(members) == 5
    reviews = Review.objects.bulk_create(
        Review(member=m, candidate=c, done_at=timezone.now())
        for m in members
        for c in cycle.candidates.all()
    )
    criteria = list(cycle.criteria.all())
    Score.objects.bulk_create(
        Score(review=r, criterion=c, value=1 + (r.pk * 7 + c.pk) % 5)
        for r in reviews
        for c in criteria
    )
    top = ranked(cycle)[:3]
    decision.choose(chair_of(jury), top, top[0])
    complete_texts(jury)
    client = login(jury.by_name["leder"])
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(path("deliberation", cycle))
    assert len(page.context["rows"]) == count
    # Again, with the figures kept: the same page without the math's five queries.
    with django_assert_max_num_queries(KEPT_QUERIES):
        page = client.get(path("deliberation", cycle))
    assert len(page.context["rows"]) == count and html(page).count('name="k"') == count
    with django_assert_max_num_queries(KEPT_QUERIES):
        assert client.get(path("result", cycle), {"alle": "1"}).status_code == 200
    with django_assert_max_num_queries(KEPT_QUERIES):
        assert client.get(path("compare", cycle), {"k": [c.pk for c in top]}).status_code == 200


# --- Every change shows on the next request ------------------------------------------------------


@pytest.fixture
def chairs_page(jury, login, written, english):
    """The chair's deliberation page, seen once, as a function that asks for it again and gives
    its text."""
    client = login(jury.by_name["leder"])

    def text():
        response = client.get(path("deliberation", jury.cycle))
        assert response.status_code == 200
        return response.content.decode()

    text()
    return text


def test_the_chair_sees_a_sign_off_and_a_lock_at_once(jury, chairs_page):
    assert "0 of 4 jurors have signed the current texts." in chairs_page()
    sign_all(jury, names=("anne",))
    assert "1 of 4 jurors have signed the current texts." in chairs_page()
    sign_all(jury, names=("leder", "bjorn", "cato"))
    decision.lock(chair_of(jury))
    assert "Locked " in chairs_page() and "Not locked." not in chairs_page()


def test_the_chair_sees_texts_changed_straight_in_the_database(jury, chairs_page, login):
    Result.objects.filter(cycle=jury.cycle).update(justification="Skrevet et annet sted.")
    client = login(jury.by_name["leder"])
    page = client.get(path("result", jury.cycle)).content.decode()
    assert "Skrevet et annet sted." in page
    Finalist.objects.filter(result__cycle=jury.cycle, position=1).update(paragraph="Nytt avsnitt.")
    assert "Nytt avsnitt." in client.get(path("result", jury.cycle)).content.decode()


# The figures the page shows (the first six numbers of a candidate's row) and the workbook's
# columns of the same figures.
FIGURE_COLUMNS = (
    "Normalised (z-score)",
    "Normalised (points)",
    "Mean",
    "Median",
    "Range (max − min)",
    "Standard deviation",
)


def shown_figures(client, cycle) -> dict[str, list[str]]:
    """Each candidate's figures as the deliberation page shows them, by municipality."""
    page = client.get(path("deliberation", cycle))
    assert page.status_code == 200
    text = html(page)
    names = cycle.candidates.eligible().values_list("municipality__name", flat=True)
    return {
        name: [cell.split(" <strong")[0] for cell in number_cells(text, name)[1:7]]
        for name in names
    }


def agrees_with_the_workbook(shown: dict[str, list[str]], cycle, user) -> bool:
    """The page's figures are the Excel export's, to the two decimals the page shows."""
    from io import BytesIO

    import pandas as pd

    from scoring.workbook import build_workbook

    data = build_workbook(cycle, user, include_contacts=False, language="en")
    ranking = pd.read_excel(BytesIO(data), sheet_name="Rangering", engine="openpyxl")
    exported = {
        row["Candidate"]: [float(row[column]) for column in FIGURE_COLUMNS]
        for _index, row in ranking.iterrows()
    }
    assert set(exported) == set(shown)
    return all(
        abs(float(text.replace(",", ".").replace("\u2212", "-")) - value) <= 0.005 + 1e-9
        for name, figures in shown.items()
        for text, value in zip(figures, exported[name], strict=True)
    )


def test_weights_that_keep_their_sums_show_new_figures_on_the_next_request(
    client, jury, deliberating, secretariat
):
    """(1, 2, 1) → (2, 0, 2) on three criteria in a row: the same sum of the weights and of the
    weights times the ids, other figures all the same."""
    cycle = deliberating
    first, second, third = cycle.criteria.order_by("pk")[:3]
    assert (second.pk, third.pk) == (first.pk + 1, first.pk + 2)
    client.force_login(secretariat)
    for criterion, weight in zip((first, second, third), (1, 2, 1), strict=True):
        criterion.weight = weight
        criterion.save()
    before = shown_figures(client, cycle)
    assert agrees_with_the_workbook(before, cycle, secretariat)

    for criterion, weight in zip((first, second, third), (2, 0, 2), strict=True):
        criterion.weight = weight
        criterion.save()  # as the admin saves it

    after = shown_figures(client, cycle)
    assert after != before
    assert agrees_with_the_workbook(after, cycle, secretariat)


def test_two_conflicts_swapped_show_new_figures_on_the_next_request(
    client, jury, deliberating, secretariat
):
    """Leder in conflict with Oslo and Cato with Bergen, then the other way round: as many
    conflicts, of the same jurors and the same candidates."""
    cycle = deliberating
    leder, cato = jury.by_name["leder"], jury.by_name["cato"]
    oslo, bergen = candidate(cycle, "0301"), candidate(cycle, "4601")
    first = Conflict.objects.create(member=leder, candidate=oslo, declared_by=leder.user)
    second = Conflict.objects.create(member=cato, candidate=bergen, declared_by=cato.user)
    client.force_login(secretariat)
    before = shown_figures(client, cycle)
    assert agrees_with_the_workbook(before, cycle, secretariat)

    first.candidate, second.candidate = bergen, oslo
    first.save()  # as the admin saves them
    second.save()

    after = shown_figures(client, cycle)
    assert after["Oslo"] != before["Oslo"] and after["Bergen"] != before["Bergen"]
    assert agrees_with_the_workbook(after, cycle, secretariat)


def test_a_weight_changed_in_the_admin_shows_on_the_next_request(
    admin_client, admin_user, jury, deliberating
):
    from nominations.models import CriterionClause

    cycle = deliberating
    before = shown_figures(admin_client, cycle)
    criterion = cycle.criteria.order_by("position").first()
    cited = list(CriterionClause.objects.filter(criterion=criterion))
    data = {
        "cycle": cycle.pk,
        "position": criterion.position,
        "title": criterion.title,
        "question": criterion.question,
        "weight": "4",
        "criterionclause_set-TOTAL_FORMS": len(cited),
        "criterionclause_set-INITIAL_FORMS": len(cited),
        "scale_points-TOTAL_FORMS": 0,
        "scale_points-INITIAL_FORMS": 0,
    }
    for i, row in enumerate(cited):
        data |= {
            f"criterionclause_set-{i}-id": row.pk,
            f"criterionclause_set-{i}-criterion": criterion.pk,
            f"criterionclause_set-{i}-position": row.position,
            f"criterionclause_set-{i}-clause": row.clause_id,
        }

    response = admin_client.post(f"/admin/nominations/criterion/{criterion.pk}/change/", data)

    assert response.status_code == 302
    after = shown_figures(admin_client, cycle)
    assert after != before
    assert agrees_with_the_workbook(after, cycle, admin_user)


def test_one_cache_shared_by_every_process_serves_the_same_figures(
    client, jury, deliberating, secretariat, settings, tmp_path
):
    """The figures are kept as plain data under the cycle's version, so a cache that several
    server processes share (here one on disk) serves them as a cache of one process does."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    cycle = deliberating
    client.force_login(secretariat)
    before = shown_figures(client, cycle)
    assert list(tmp_path.iterdir())  # the math is kept there
    assert shown_figures(client, cycle) == before

    first = cycle.criteria.order_by("position").first()
    first.weight = 4
    first.save()

    after = shown_figures(client, cycle)
    assert after != before
    assert agrees_with_the_workbook(after, cycle, secretariat)


def ranking_cells(client, cycle, name):
    page = client.get(path("deliberation", cycle))
    assert page.status_code == 200
    return number_cells(html(page), name)


def from_an_empty_cache(client, cycle, name):
    """What the page shows when nothing is kept."""
    cache.clear()
    return ranking_cells(client, cycle, name)


def test_a_juror_changing_a_score_shows_on_the_next_request(client, jury, result_reader, english):
    """In the jury phase the secretariat (here staff who may only read the result) follows the
    figures while the jurors still score."""
    cycle, anne, oslo = jury.cycle, jury.by_name["anne"], candidate(jury.cycle, "0301")
    score_everyone(jury)
    client.force_login(result_reader)
    before = ranking_cells(client, cycle, "Oslo")
    assert ranking_cells(client, cycle, "Oslo") == before

    review = reviews.reopen(anne, oslo)
    entries = {c.pk: reviews.Entry(value=5) for c in cycle.criteria.all()}
    reviews.save(anne, oslo, entries, "", review.version)
    reviews.mark_done(anne, oslo)

    after = ranking_cells(client, cycle, "Oslo")
    assert after != before
    assert after == from_an_empty_cache(client, cycle, "Oslo")


def test_a_lifted_conflict_shows_on_the_next_request(
    client, jury, conflict, deliberating, secretariat, english
):
    cycle = deliberating
    client.force_login(jury.by_name["leder"].user)
    before = ranking_cells(client, cycle, "Oslo")
    assert before[-3:] == ["3", "1", "0"]  # reviews, conflicts, missing: Cato is in conflict

    conflicts.lift(Conflict.objects.filter(pk=conflict.pk), by=secretariat, reason="Flyttet.")

    after = ranking_cells(client, cycle, "Oslo")
    assert after[-3:] == ["3", "0", "1"]  # Cato's review is missing now
    assert after == from_an_empty_cache(client, cycle, "Oslo")


def test_a_declared_conflict_shows_on_the_next_request(client, jury, deliberating, english):
    cycle = deliberating
    anne = jury.by_name["anne"]
    client.force_login(jury.by_name["leder"].user)
    assert ranking_cells(client, cycle, "Oslo")[-3:] == ["4", "0", "0"]

    oslo = candidate(cycle, "0301")
    conflicts.declare(anne, [conflicts.Declaration(oslo, "other", "Nabo.")], by=anne.user)

    assert ranking_cells(client, cycle, "Oslo")[-3:] == ["3", "1", "0"]


def test_a_new_juror_and_a_new_scale_show_on_the_next_request(
    client, jury, deliberating, django_user_model, english
):
    cycle = deliberating
    client.force_login(jury.by_name["leder"].user)
    assert ranking_cells(client, cycle, "Oslo")[-3:] == ["4", "0", "0"]
    user = django_user_model.objects.create_user("dag", first_name="Dag", last_name="Femte")
    member = JuryMember.objects.create(jury=jury, user=user, conflicts_declared_at=timezone.now())
    assert ranking_cells(client, cycle, "Oslo")[-3:] == ["4", "0", "1"]  # Dag's review missing
    member.delete()
    before = ranking_cells(client, cycle, "Oslo")
    assert before[-3:] == ["4", "0", "0"]

    first = cycle.criteria.order_by("position").first()
    first.scale_points.filter(value=5).delete()  # the scale ends at 4: points are clipped there
    after = ranking_cells(client, cycle, "Oslo")
    assert after == from_an_empty_cache(client, cycle, "Oslo")


def test_the_weight_of_a_criterion_shows_on_the_next_request(client, jury, deliberating, english):
    cycle = deliberating
    client.force_login(jury.by_name["leder"].user)
    before = ranking_cells(client, cycle, "Oslo")

    first = cycle.criteria.order_by("position").first()
    first.weight = 4
    first.save()

    after = ranking_cells(client, cycle, "Oslo")
    assert after != before
    assert after == from_an_empty_cache(client, cycle, "Oslo")


def test_the_tables_follow_the_register_screening_and_language(
    client, jury, deliberating, secretariat
):
    from nominations import secretariat as screening

    cycle = deliberating
    client.force_login(jury.by_name["leder"].user)
    assert "Sømna" in html(client.get(path("deliberation", cycle)))

    # Renamed as the register's import and the admin do it: a save, which raises the cycle's
    # version (a bare UPDATE in SQL would not; docs/production.md says how to raise it by hand).
    somna = Municipality.objects.get(number="1812", name="Sømna")
    somna.name = "Sømna kommune"
    somna.save()
    page = html(client.get(path("deliberation", cycle)))
    assert '<th scope="row">Sømna kommune</th>' in page

    before = ranking_cells(client, cycle, "Bergen")
    screening.screen(
        Candidate.objects.filter(pk=candidate(cycle, "1812").pk),
        Eligibility.INELIGIBLE,
        "Ikke en kommune i år.",
        by=secretariat,
    )
    assert "Sømna" not in html(client.get(path("deliberation", cycle)))
    after = ranking_cells(client, cycle, "Bergen")
    assert after != before and after == from_an_empty_cache(client, cycle, "Bergen")

    assert "Sammenlign Bergen" in html(client.get(path("deliberation", cycle)))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Compare Bergen" in html(client.get(path("deliberation", cycle)))


def test_a_cycle_saved_from_an_old_copy_keeps_its_results_version(jury, deliberating):
    """A cycle read before a change and saved after it (the admin's form, a command) does not
    set the version back to one whose figures the cache may hold."""
    stale = Cycle.objects.get(pk=deliberating.pk)
    first = deliberating.criteria.order_by("position").first()
    first.weight = 3
    first.save()
    raised = Cycle.objects.get(pk=deliberating.pk).results_version
    assert raised > stale.results_version
    stale.finalist_count = 4
    stale.save()
    again = Cycle.objects.get(pk=deliberating.pk)
    assert (again.finalist_count, again.results_version) == (4, raised)


# --- The admin -----------------------------------------------------------------------------------


def test_the_admin_sets_the_target_with_a_record_and_not_when_locked(
    admin_client, admin_user, jury, locked
):
    url = f"/admin/scoring/result/{locked.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="lix_target"' not in html(page)  # locked: read-only

    decision.unlock(
        decision.Deliberator(user=admin_user, cycle=jury.cycle, member=None),
        "For å prøve målet.",
    )
    assert 'name="lix_target"' in html(admin_client.get(url))
    response = admin_client.post(url, {"lix_target": 35})
    assert response.status_code == 302
    result = Result.objects.get(pk=locked.pk)
    assert result.lix_target == 35
    last = result.audit_entries.order_by("at", "pk").last()
    assert (last.actor, last.changes[0]["after"]) == (admin_user, 35)


# --- The demo ------------------------------------------------------------------------------------


def test_the_demos_past_cycle_is_decided_signed_and_locked(award_platform):
    call_command("bootstrap", demo=True, stdout=io.StringIO())
    call_command("bootstrap", demo=True, stdout=io.StringIO())  # idempotent
    past = Cycle.objects.order_by("year").first()
    result = decision.load_result(past)
    assert result.is_locked
    computed = score_math.compute(past)
    finalists = [f.candidate_id for f in decision.finalists_of(result)]
    assert finalists == list(computed.ranked.index[:3])
    assert result.winner_id == finalists[0]
    assert readability(result.justification).lix < 40
    assert result.justification_criteria.exists()
    for finalist in decision.finalists_of(result):
        assert finalist.paragraph and finalist.criteria.exists()
        assert readability(finalist.paragraph).lix < 40
    rows = decision.sign_off_rows(result, decision.jury_members(past))
    assert len(rows) == 4 and all(row.state == "current" for row in rows)
    assert result.audit_entries.filter(kind=AuditKind.RESULT_LOCKED).count() == 1


def test_deciding_the_demo_cycle_starts_its_deliberation_when_the_calendar_lags(jury):
    from scoring.demo_decision import decide_past_cycle

    score_everyone(jury)  # every review done, the calendar still in the jury phase
    result = decide_past_cycle(jury.cycle)
    assert result.is_locked
    assert jury.cycle.phase == "deliberation"
    assert decide_past_cycle(jury.cycle) is None


def test_the_jury_home_links_the_chair_to_the_deliberation_and_everyone_to_the_texts(login, jury):
    cycle = jury.cycle
    chair_home = html(login(jury.by_name["leder"]).get(f"/jury/{cycle.pk}/"))
    assert f'href="{path("deliberation", cycle)}"' in chair_home
    assert f'href="{path("sign_off", cycle)}"' in chair_home
    member_home = html(login(jury.by_name["anne"]).get(f"/jury/{cycle.pk}/"))
    assert f'href="{path("deliberation", cycle)}"' not in member_home
    assert f'href="{path("sign_off", cycle)}"' in member_home


def test_a_new_candidate_waits_for_screening_and_raises_no_version(jury):
    """A submit in the deadline hour makes candidates: they count only once eligible, so it
    takes no lock on the cycle's row; screening one eligible, or any other save of what the
    math reads, raises the version."""
    cycle = jury.cycle
    cycle.refresh_from_db()
    before = cycle.results_version
    newcomer = Candidate.objects.create(
        cycle=cycle,
        municipality=Municipality.objects.valid_in(cycle.year)
        .exclude(candidacies__cycle=cycle)
        .order_by("number")
        .first(),
    )
    newcomer.municipality_notified_at = timezone.now()
    newcomer.save(update_fields=["municipality_notified_at"])
    cycle.refresh_from_db()
    assert cycle.results_version == before

    newcomer.eligibility = Eligibility.ELIGIBLE
    newcomer.save()
    cycle.refresh_from_db()
    assert cycle.results_version > before
