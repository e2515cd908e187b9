"""The chair in conflict with a candidate (#17, design.md): sees its rank and totals only,
marked «Du er inhabil», on the deliberation, the comparison and the result page and in the
workbook; does not choose it alone (the choice waits for a juror without a conflict or the
secretariat, and the lock waits for that); the secretariat sees and exports everything."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from nominations.models import AuditKind
from scoring import decision, score_math
from scoring.models import Conflict, ConflictKind, Finalist, Result, Score
from scoring.workbook import build_workbook

from .helpers import candidate, chair_of, complete_texts, score_everyone, sign_all

pytestmark = pytest.mark.django_db

IN_CONFLICT = "Du er inhabil"
COMMENT = "MARKER-SOMNA-SCORE-COMMENT"
PENDING = "Venter på bekreftelse fra et jurymedlem uten inhabilitet eller sekretariatet"


def path(name, cycle):
    return {
        "deliberation": f"/jury/{cycle.pk}/drofting/",
        "compare": f"/jury/{cycle.pk}/drofting/sammenlign/",
        "result": f"/jury/{cycle.pk}/resultat/",
        "choose": f"/jury/{cycle.pk}/resultat/finalister/",
        "confirm": f"/jury/{cycle.pk}/resultat/bekreft/",
        "lock": f"/jury/{cycle.pk}/resultat/las/",
        "sign_off": f"/jury/{cycle.pk}/begrunnelse/",
        "confirm_choice": f"/jury/{cycle.pk}/begrunnelse/bekreft/",
        "export": f"/jury/{cycle.pk}/eksport.xlsx",
    }[name]


@pytest.fixture
def somna_conflict(jury):
    """The cycle in its deliberation, every review done, and the chair in conflict with Sømna
    (the strongest candidate), on which every juror without a conflict has commented."""
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    chair = jury.by_name["leder"]
    somna = candidate(cycle, "1812")
    Conflict.objects.create(
        member=chair, candidate=somna, kind=ConflictKind.LIVES_OR_WORKS, declared_by=chair.user
    )
    score_everyone(jury)
    Score.objects.filter(review__candidate=somna).update(comment=COMMENT)
    cycle.refresh_from_db()  # the version the scores raised
    return somna


def html(response) -> str:
    return response.content.decode()


def rows_by_candidate(response):
    return {row.candidate.pk: row for row in response.context["rows"]}


# --- What the chair in conflict sees -------------------------------------------------------------


def test_the_deliberation_shows_the_chair_rank_and_totals_only(login, jury, somna_conflict):
    cycle, somna = jury.cycle, somna_conflict
    page = login(jury.by_name["leder"]).get(path("deliberation", cycle))
    assert page.status_code == 200
    rows = rows_by_candidate(page)
    row, other = rows[somna.pk], rows[candidate(cycle, "5001").pk]
    computed = score_math.compute(cycle)
    assert row.rank == 1 and row.mean == pytest.approx(computed.candidates.loc[somna.pk, "mean"])
    assert row.normalised is not None
    assert row.withheld
    assert (row.median, row.std, row.spread) == (None, None, None)
    assert row.criteria == [None] * len(row.criteria)
    assert all(cell.value is None and cell.state == "withheld" for cell in row.jurors)
    # Every other candidate as before.
    assert not other.withheld and other.median is not None
    assert any(cell.value is not None for cell in other.jurors)
    assert IN_CONFLICT in html(page) and COMMENT not in html(page)


def test_the_comparison_shows_no_jurors_scores_of_that_candidate(login, jury, somna_conflict):
    cycle, somna = jury.cycle, somna_conflict
    other = candidate(cycle, "5001")
    page = login(jury.by_name["leder"]).get(path("compare", cycle), {"k": [somna.pk, other.pk]})
    assert page.status_code == 200
    somna_column, other_column = page.context["columns"]
    assert somna_column.withheld and not other_column.withheld
    for block in page.context["blocks"]:
        assert block["means"][0] is None and block["means"][1] is not None
        for _member, cells in block["jurors"]:
            assert cells[0].value is None and cells[0].state == "withheld"
    for _member, cells in page.context["weighted"]:
        assert cells[0].value is None
    assert any(cells[1].value is not None for _member, cells in page.context["weighted"])
    assert IN_CONFLICT in html(page) and COMMENT not in html(page)


def test_the_secretariat_sees_every_figure(client, jury, somna_conflict, secretariat):
    cycle, somna = jury.cycle, somna_conflict
    client.force_login(secretariat)
    row = rows_by_candidate(client.get(path("deliberation", cycle)))[somna.pk]
    assert not row.withheld and row.median is not None
    page = client.get(path("compare", cycle), {"k": [somna.pk, candidate(cycle, "5001").pk]})
    assert IN_CONFLICT not in html(page)
    assert page.context["blocks"][0]["means"][0] is not None


def test_the_result_page_marks_the_candidate(login, jury, somna_conflict):
    page = login(jury.by_name["leder"]).get(path("result", jury.cycle))
    assert page.status_code == 200
    choice = {row.candidate.pk: row for row, _box, _radio in page.context["choice_rows"]}
    assert choice[somna_conflict.pk].withheld
    assert choice[somna_conflict.pk].rank == 1
    assert IN_CONFLICT in html(page)


def sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def rows_of(sheet, name):
    return [row for row in sheet[1:] if row[1] == name]


def test_the_chairs_workbook_follows_the_same_rule(login, jury, somna_conflict, secretariat):
    cycle, somna = jury.cycle, somna_conflict
    name = somna.municipality.display_name
    response = login(jury.by_name["leder"]).get(path("export", cycle))
    assert response.status_code == 200
    chairs = sheets(b"".join(response.streaming_content))
    everything = repr(chairs)
    assert COMMENT not in everything
    (ranking,) = rows_of(chairs["Rangering"], name)
    header = chairs["Rangering"][0]
    computed = score_math.compute(cycle)
    assert ranking[0] == 1
    assert ranking[header.index("Gjennomsnitt")] == pytest.approx(
        computed.candidates.loc[somna.pk, "mean"]
    )
    for column in ("Median", "Standardavvik"):
        assert ranking[header.index(column)] == IN_CONFLICT
    (criteria,) = rows_of(chairs["Kriterier"], name)
    assert set(criteria[3:]) == {IN_CONFLICT}
    assert not rows_of(chairs["Jury"], name) and not rows_of(chairs["Nominasjoner"], name)
    # Another candidate: complete.
    other = candidate(cycle, "5001").municipality.display_name
    assert IN_CONFLICT not in rows_of(chairs["Kriterier"], other)[0]
    assert rows_of(chairs["Jury"], other)

    complete = sheets(build_workbook(cycle, secretariat, include_contacts=True))
    assert COMMENT in repr(complete)
    assert IN_CONFLICT not in repr(complete["Rangering"]) + repr(complete["Kriterier"])
    assert rows_of(complete["Jury"], name)


# --- The chair does not choose it alone ----------------------------------------------------------


@pytest.fixture
def chosen_in_conflict(jury, somna_conflict):
    """The chair chose Sømna, the candidate they are in conflict with, as winner; the texts are
    written and signed by everyone."""
    cycle = jury.cycle
    top = [somna_conflict, candidate(cycle, "5001"), candidate(cycle, "4601")]
    decision.choose(chair_of(jury), top, somna_conflict)
    complete_texts(jury)
    sign_all(jury)
    return decision.load_result(cycle)


def test_the_choice_waits_and_the_lock_is_refused_until_confirmed(
    login, jury, chosen_in_conflict, somna_conflict
):
    cycle = jury.cycle
    chair = login(jury.by_name["leder"])
    page = chair.get(path("result", cycle))
    assert PENDING in html(page)
    assert list(page.context["pending"]) == [somna_conflict.pk]
    response = chair.post(path("lock", cycle))
    assert response.status_code == 403
    assert not Result.objects.get(cycle=cycle).is_locked
    with pytest.raises(decision.Refused) as refused:
        decision.lock(chair_of(jury))
    assert any(somna_conflict.municipality.display_name in d for d in refused.value.details)
    # The chair cannot confirm their own choice.
    assert chair.post(path("confirm", cycle), {"candidate": somna_conflict.pk}).status_code == 403
    assert (
        chair.post(path("confirm_choice", cycle), {"candidate": somna_conflict.pk}).status_code
        == 403
    )
    assert Finalist.objects.get(candidate=somna_conflict).confirmed_by is None


def test_a_juror_without_a_conflict_confirms_on_the_sign_off_page(
    login, jury, chosen_in_conflict, somna_conflict
):
    cycle = jury.cycle
    anne = login(jury.by_name["anne"])
    page = anne.get(path("sign_off", cycle))
    assert PENDING in html(page) and path("confirm_choice", cycle) in html(page)
    response = anne.post(path("confirm_choice", cycle), {"candidate": somna_conflict.pk})
    assert response.status_code == 302
    result = Result.objects.get(cycle=cycle)
    finalist = Finalist.objects.get(candidate=somna_conflict)
    assert finalist.confirmed_by == jury.by_name["anne"].user
    assert result.winner_confirmed_by == jury.by_name["anne"].user
    entry = result.audit_entries.order_by("at", "pk").last()
    assert entry.kind == AuditKind.RESULT_CHANGED and entry.actor == jury.by_name["anne"].user
    assert [c["field"] for c in entry.changes] == ["finalist_confirmation", "winner_confirmation"]
    # Nothing waits now: the signatures still count, and the chair locks.
    assert PENDING not in html(anne.get(path("sign_off", cycle)))
    assert login(jury.by_name["leder"]).post(path("lock", cycle)).status_code == 302
    assert Result.objects.get(cycle=cycle).is_locked


def test_a_juror_in_conflict_cannot_confirm(login, jury, chosen_in_conflict, somna_conflict):
    cato = jury.by_name["cato"]
    Conflict.objects.create(
        member=cato,
        candidate=somna_conflict,
        kind=ConflictKind.LIVES_OR_WORKS,
        declared_by=cato.user,
    )
    cato.conflicts_declared_at = timezone.now()
    cato.save(update_fields=["conflicts_declared_at"])
    client = login(cato)
    assert path("confirm_choice", jury.cycle) not in html(client.get(path("sign_off", jury.cycle)))
    response = client.post(path("confirm_choice", jury.cycle), {"candidate": somna_conflict.pk})
    assert response.status_code == 403
    assert Finalist.objects.get(candidate=somna_conflict).confirmed_by is None


def test_the_secretariat_confirms_on_the_result_page(
    client, jury, chosen_in_conflict, somna_conflict, secretariat
):
    cycle = jury.cycle
    client.force_login(secretariat)
    assert path("confirm", cycle) in html(client.get(path("result", cycle)))
    response = client.post(path("confirm", cycle), {"candidate": somna_conflict.pk})
    assert response.status_code == 302
    assert Result.objects.get(cycle=cycle).winner_confirmed_by == secretariat
    # The record on the result page says who confirmed what.
    record = html(client.get(path("result", cycle)))
    assert "Valget av vinner" in record and "Bekreftet" in record
    # Once is enough.
    again = client.post(path("confirm", cycle), {"candidate": somna_conflict.pk})
    assert again.status_code == 409
    assert decision.lock(chair_of(jury)).is_locked


def test_a_new_winner_is_a_new_choice(jury, chosen_in_conflict, somna_conflict, secretariat):
    """A confirmed finalist stays confirmed; the winner's confirmation goes with the winner."""
    cycle = jury.cycle
    member = None
    decision.confirm(cycle, secretariat, member, somna_conflict.pk)
    top = [somna_conflict, candidate(cycle, "5001"), candidate(cycle, "4601")]
    decision.choose(chair_of(jury), top, top[1])
    decision.choose(chair_of(jury), top, somna_conflict)
    result = decision.load_result(cycle)
    conflicts = frozenset({somna_conflict.pk})
    (pending,) = decision.pending_choices(result, conflicts)
    assert pending.as_winner and not pending.as_finalist


def test_a_chair_without_a_conflict_chooses_alone(login, jury, somna_conflict):
    cycle = jury.cycle
    Conflict.objects.filter(candidate=somna_conflict).delete()
    top = [somna_conflict, candidate(cycle, "5001"), candidate(cycle, "4601")]
    decision.choose(chair_of(jury), top, somna_conflict)
    complete_texts(jury)
    sign_all(jury)
    assert PENDING not in html(login(jury.by_name["leder"]).get(path("result", cycle)))
    assert decision.lock(chair_of(jury)).is_locked


def queries(client, url) -> int:
    client.get(url)  # the figures kept first: the count is then the page's own
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_pages_take_as_many_queries_however_many_choices_wait(login, jury, chosen_in_conflict):
    cycle, chair = jury.cycle, jury.by_name["leder"]
    pages = [(chair, path(name, cycle)) for name in ("deliberation", "result")]
    pages.append((jury.by_name["anne"], path("sign_off", cycle)))
    before = [queries(login(member), url) for member, url in pages]
    for number in ("5001", "4601"):
        Conflict.objects.create(
            member=chair,
            candidate=candidate(cycle, number),
            kind=ConflictKind.LIVES_OR_WORKS,
            declared_by=chair.user,
        )
    assert len(login(chair).get(path("result", cycle)).context["pending"]) == 3
    assert [queries(login(member), url) for member, url in pages] == before
