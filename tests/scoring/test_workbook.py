"""The Excel export (scoring/workbook.py): the workbook read back with pandas shows exactly the
numbers results.compute gives, in Norwegian, formatted as the issue asks; contacts only in the
secretariat's export; nothing a nominator wrote becomes a formula; who may download it; the
command; and a constant number of queries."""

import datetime
import getpass
from io import BytesIO

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from nominations.models import Municipality, Nomination
from nominations.models.cycles import OSLO
from scoring.models import Conflict, ConflictKind, EvidenceMark, Finalist, Result, Review, Score
from scoring.score_math import compute
from scoring.workbook import build_workbook, exporter_name

from ..factories import CANDIDATE_NUMBERS, add_candidates
from .helpers import CANDIDATE_NUMBERS_BY_LETTER, HAND_SCORES
from .helpers import review as add_review

SHEETS = ["Rangering", "Kriterier", "Jury", "Nominasjoner", "Om eksporten"]
TABLE_SHEETS = SHEETS[:4]
# The Rangering columns (in English, the msgids) and the results' columns they show.
RANKING_NUMBERS = {
    "Mean": "mean",
    "Normalised (points)": "normalised_scaled",
    "Normalised (z-score)": "normalised",
    "Median": "median",
    "Standard deviation": "std",
    "Range (max − min)": "range",
}
FORMULA = '=HYPERLINK("https://example.org","Klikk")'
NOW = datetime.datetime(2025, 11, 3, 14, 30, tzinfo=datetime.UTC)  # 15:30 in Oslo


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def hand_decided(hand_in_db, jury):
    """The hand example of test_results in deliberation: cato in conflict with Oslo, leder's
    review of Sømna reopened (missing), comments, a formula-looking reason, finalists, winner."""
    cycle, criteria, candidates = hand_in_db
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    anne_on_b = Review.objects.get(member=jury.by_name["anne"], candidate=candidates["B"])
    anne_on_b.overall_comment = "Sterk på dialog."
    anne_on_b.save()
    Score.objects.filter(review=anne_on_b, criterion=criteria[0]).update(
        comment="+1 for kartleggingen", evidence=EvidenceMark.DOCUMENTED
    )
    Review.objects.filter(member=jury.by_name["leder"], candidate=candidates["E"]).update(
        done_at=None
    )
    Nomination.objects.filter(candidate=candidates["B"]).update(reason=FORMULA)
    result = Result.objects.create(cycle=cycle, winner=candidates["B"])
    for position, letter in enumerate("BCA", start=1):
        Finalist.objects.create(result=result, candidate=candidates[letter], position=position)
    return cycle, criteria, candidates


def chair_export(jury, language="en"):
    """The chair's workbook; in English (the msgids) unless asked, like the `english` fixture,
    so that only the test of the Norwegian headers depends on the catalogue's wording."""
    chair = jury.by_name["leder"].user
    return build_workbook(jury.cycle, chair, include_contacts=False, now=NOW, language=language)


def sheets(data: bytes) -> dict[str, pd.DataFrame]:
    # The cells hold "0301" as text (see the test of the cells); pandas would still read a
    # column of digits as numbers unless told, as any reader of the file would tell it.
    numbers = {"Municipality number": str, "Kommunenummer": str}
    return pd.read_excel(BytesIO(data), sheet_name=None, engine="openpyxl", dtype=numbers)


def cells(data: bytes):
    return load_workbook(BytesIO(data))


def all_texts(data: bytes) -> str:
    return "\n".join(
        str(cell.value) for ws in cells(data) for row in ws.iter_rows() for cell in row
    )


# --- Sheets, headers and the numbers --------------------------------------------------------------


def test_five_sheets_in_norwegian_by_default(hand_decided, jury):
    read = sheets(chair_export(jury, language=None))
    assert list(read) == SHEETS
    assert read["Rangering"].columns.tolist() == [
        "Rang",
        "Kandidat",
        "Kommunenummer",
        "Fylke",
        "Gjennomsnitt",
        "Normalisert (poeng)",
        "Normalisert (z-verdi)",
        "Median",
        "Standardavvik",
        "Spenn (maks − min)",
        "Vurderinger",
        "Inhabil",
        "Mangler",
        "Juryen er uenig",
        "Finalist",
        "Vinner",
    ]
    assert read["Kriterier"].columns.tolist() == [
        "Rang",
        "Kandidat",
        "Kommunenummer",
        "Dialog med frivilligheten (vekt 2,0)",
        "Politisk forankring (vekt 1,0)",
        "Møteplasser (vekt 1,0)",
        "Fast møtestruktur (vekt 3,0)",
        "Medvirkning i planarbeid (vekt 3,0)",
    ]
    assert read["Jury"].columns.tolist() == [
        "Jurymedlem",
        "Kandidat",
        "Kommunenummer",
        "Status",
        "Kriterium",
        "Poeng",
        "Materialet viser",
        "Kommentar",
    ]
    assert read["Nominasjoner"].columns.tolist()[:9] == [
        "Referanse",
        "Kandidat",
        "Kommunenummer",
        "Innsender",
        "Nominert av",
        "Organisasjon",
        "Sendt inn",
        "Begrunnelse",
        "Dialog med frivilligheten",
    ]
    assert {"Inhabil", "Mangler", "Ferdig"} == set(read["Jury"]["Status"])
    assert "Alle kriterier (vektet)" in set(read["Jury"]["Kriterium"])
    assert "Ja" in set(read["Rangering"]["Vinner"])
    about = read["Om eksporten"]
    labels = set(about.iloc[:, 0].dropna()) | set(about.columns)
    assert {"Pris", "År", "Eksportert", "Eksportert av", "Metode"} <= labels
    with translation.override("nb"):
        assert exporter_name(None) == "kommandolinjen"


def test_the_ranking_shows_exactly_what_the_service_computes(hand_decided, jury):
    cycle, _criteria, candidates = hand_decided
    expected = compute(cycle).candidates
    ranking = sheets(chair_export(jury))["Rangering"]

    assert ranking["Municipality number"].tolist() == expected["number"].tolist()
    assert ranking["Rank"].tolist() == expected["rank"].astype(float).tolist()
    for header, column in RANKING_NUMBERS.items():
        assert ranking[header].to_numpy() == pytest.approx(
            expected[column].to_numpy(dtype=float), abs=1e-9, rel=0
        ), header
    assert ranking["Reviews"].tolist() == expected["reviews"].tolist()
    assert ranking["In conflict"].tolist() == expected["conflicts"].tolist()
    assert ranking["Missing"].tolist() == expected["missing"].tolist()
    by_number = ranking.set_index("Municipality number")
    assert by_number.loc["0301", "Candidate"] == "Oslo"
    assert by_number.loc["0301", "County"] == "Oslo"
    finalists = {CANDIDATE_NUMBERS_BY_LETTER[letter] for letter in "BCA"}
    assert set(by_number.index[by_number["Finalist"] == "Yes"]) == finalists
    assert by_number.index[by_number["Winner"] == "Yes"].tolist() == ["1812"]


def test_the_ranking_shows_what_the_deliberation_page_shows(hand_decided, jury, login, english):
    response = login(jury.by_name["leder"]).get(
        reverse("scoring:deliberation", kwargs={"cycle_id": hand_decided[0].pk})
    )
    page = {row.candidate.municipality.number: row for row in response.context["rows"]}
    ranking = sheets(chair_export(jury))["Rangering"].set_index("Municipality number")
    assert list(ranking.index) == list(page)  # the same order
    fields = {"Rank": "rank", "Reviews": "reviews", "Range (max − min)": "spread"}
    fields |= {header: column for header, column in RANKING_NUMBERS.items() if column != "range"}
    for number, row in page.items():
        for header, attribute in fields.items():
            assert ranking.loc[number, header] == pytest.approx(
                getattr(row, attribute), abs=1e-9, rel=0
            ), (number, header)


def test_the_criteria_sheet_shows_the_criterion_means(hand_decided, jury):
    cycle, criteria, _candidates = hand_decided
    expected = compute(cycle).criteria
    means = sheets(chair_export(jury))["Kriterier"].iloc[:, 3:]
    assert means.columns[0] == "Dialog med frivilligheten (weight 2.0)"
    assert means.to_numpy() == pytest.approx(expected.to_numpy(dtype=float), abs=1e-9, rel=0)


def test_numbers_are_numbers_with_two_decimals_and_tables_are_filtered(hand_decided, jury):
    workbook = cells(chair_export(jury))
    for title in TABLE_SHEETS:
        sheet = workbook[title]
        assert sheet.freeze_panes.endswith("2"), title
        assert all(cell.font.b for cell in sheet[1]), title
        last = sheet.cell(row=1, column=sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", title
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(width >= 7 for width in widths), title

    ranking = workbook["Rangering"]
    headers = [cell.value for cell in ranking[1]]
    for header in RANKING_NUMBERS:
        column = headers.index(header) + 1
        for row in range(2, ranking.max_row + 1):
            cell = ranking.cell(row=row, column=column)
            # openpyxl reads a whole float (3.0) back as 3; Excel has one kind of number.
            assert cell.data_type == "n" and isinstance(cell.value, int | float), (header, row)
            assert cell.number_format == "0.00"
    numbers = [ranking.cell(row=row, column=3) for row in range(2, ranking.max_row + 1)]
    assert all(cell.data_type == "s" for cell in numbers)
    assert "0301" in [cell.value for cell in numbers]


def test_dates_are_dates_in_oslo_time(hand_decided, jury):
    cycle, _criteria, _candidates = hand_decided
    workbook = cells(chair_export(jury))
    about = {row[0].value: row[1] for row in workbook["Om eksporten"].iter_rows() if row[0].value}
    exported = about["Exported"]
    assert exported.is_date and exported.value == datetime.datetime(2025, 11, 3, 15, 30)
    nominations = workbook["Nominasjoner"]
    column = [cell.value for cell in nominations[1]].index("Submitted") + 1
    submitted = nominations.cell(row=2, column=column)
    expected = timezone.localtime(cycle.nominations.first().submitted_at, OSLO)
    # To the second: Excel keeps milliseconds at most, and a second is precise enough.
    assert submitted.is_date
    assert submitted.value == expected.replace(tzinfo=None, microsecond=0)


def test_the_jury_sheet_shows_every_score_conflicts_and_missing_reviews(hand_decided, jury):
    cycle, criteria, candidates = hand_decided
    weighted = compute(cycle).jurors
    jury_sheet = sheets(chair_export(jury))["Jury"]
    rows = jury_sheet.astype(object).where(jury_sheet.notna(), "")
    rows = rows.set_index(["Juror", "Municipality number"]).sort_index()

    cato_on_oslo = rows.loc[[("Cato Jurymedlem", "0301")]]
    assert cato_on_oslo["Status"].tolist() == ["In conflict"]
    assert cato_on_oslo["Criterion"].tolist() == [""]
    leder_on_e = rows.loc[[("Leder Jurymedlem", CANDIDATE_NUMBERS_BY_LETTER["E"])]]
    assert leder_on_e["Status"].tolist() == ["Missing"]

    anne_on_b = rows.loc[("Anne Jurymedlem", CANDIDATE_NUMBERS_BY_LETTER["B"])]
    assert anne_on_b["Status"].unique().tolist() == ["Done"]
    assert anne_on_b["Criterion"].tolist() == [c.title for c in criteria] + [
        "All criteria (weighted)"
    ]
    assert anne_on_b["Score"].tolist()[:5] == list(HAND_SCORES["J2"]["B"])
    assert anne_on_b["Score"].iloc[5] == pytest.approx(
        weighted.loc[jury.by_name["anne"].pk, candidates["B"].pk], abs=1e-9, rel=0
    )
    assert anne_on_b["The material shows"].iloc[0] == "Documented"
    assert anne_on_b["Comment"].iloc[0] == "+1 for kartleggingen"
    assert anne_on_b["Comment"].iloc[5] == "Sterk på dialog."
    # Four jurors × five candidates: 18 done reviews of six rows, a conflict and a missing one.
    assert len(jury_sheet) == 18 * 6 + 2


def test_the_about_sheet_names_the_award_criteria_clauses_method_and_exporter(hand_decided, jury):
    about = all_texts(chair_export(jury))
    assert "Årets frivillighetskommune" in about
    assert str(jury.cycle.year) in about
    assert "Leder Jurymedlem" in about
    assert "Relasjonen mellom frivillig sektor og kommunen 1c" in about
    assert "1. Dialog med frivilligheten" in about
    assert "Kendall" in about


# --- Contacts and formulas -----------------------------------------------------------------------


def test_contacts_only_in_the_secretariats_export(hand_decided, jury, secretariat):
    cycle = hand_decided[0]
    chairs = chair_export(jury)
    secretariats = build_workbook(cycle, secretariat, include_contacts=True, language="en")
    assert "E-mail" not in sheets(chairs)["Nominasjoner"].columns
    assert "@example.org" not in all_texts(chairs)
    nominations = sheets(secretariats)["Nominasjoner"]
    assert {"E-mail", "Phone"} <= set(nominations.columns)
    assert nominations["E-mail"].str.endswith("@example.org").all()


def test_what_nominators_and_jurors_wrote_never_becomes_a_formula(hand_decided, jury):
    data = chair_export(jury)
    assert FORMULA in sheets(data)["Nominasjoner"]["Reason"].tolist()
    for sheet in cells(data):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_the_chairs_conflicts_are_left_out_of_the_details(hand_decided, jury):
    cycle, _criteria, candidates = hand_decided
    chair = jury.by_name["leder"]
    Conflict.objects.create(
        member=chair,
        candidate=candidates["D"],
        kind=ConflictKind.HOLDS_OFFICE,
        declared_by=chair.user,
    )
    read = sheets(chair_export(jury))
    number = CANDIDATE_NUMBERS_BY_LETTER["D"]
    assert number in read["Rangering"]["Municipality number"].tolist()
    assert number not in read["Jury"]["Municipality number"].tolist()
    assert number not in read["Nominasjoner"]["Municipality number"].tolist()
    assert "in conflict with" in all_texts(chair_export(jury))


# --- The download --------------------------------------------------------------------------------


def export_url(cycle):
    return reverse("scoring:export", kwargs={"cycle_id": cycle.pk})


def test_the_chair_downloads_without_contacts(hand_decided, jury, login, english):
    cycle = hand_decided[0]
    response = login(jury.by_name["leder"]).get(export_url(cycle))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="arets-frivillighetskommune-{cycle.year}.xlsx"'
    )
    assert "no-cache" in response["Cache-Control"]
    read = sheets(b"".join(response.streaming_content))
    assert list(read) == SHEETS
    assert "Rank" in read["Rangering"].columns  # in the language of the page
    assert "E-mail" not in read["Nominasjoner"].columns


def test_the_secretariat_downloads_with_contacts(hand_decided, client, secretariat):
    client.force_login(secretariat)
    response = client.get(export_url(hand_decided[0]))
    assert response.status_code == 200
    read = sheets(b"".join(response.streaming_content))
    nominations = read["Nominasjoner"]
    assert "Kandidat" in read["Rangering"].columns  # Norwegian by default
    assert "E-post" in nominations.columns


@pytest.mark.parametrize("juror", ["anne", "cato"])
def test_a_juror_who_is_not_chair_gets_404(hand_decided, jury, login, juror):
    assert login(jury.by_name[juror]).get(export_url(hand_decided[0])).status_code == 404


def test_the_chair_cannot_export_while_the_jury_scores_blind(jury, login):
    assert login(jury.by_name["leder"]).get(export_url(jury.cycle)).status_code == 404


def test_others_get_404_and_anonymous_the_login(
    hand_decided, client, other_juror, django_user_model, login
):
    url = export_url(hand_decided[0])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert login(other_juror).get(url).status_code == 404
    staff = django_user_model.objects.create_user("stab", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 404
    assert client.get(reverse("scoring:export", kwargs={"cycle_id": 99999})).status_code == 404


# --- The command ---------------------------------------------------------------------------------


def test_the_command_writes_the_workbook(hand_decided, tmp_path):
    cycle = hand_decided[0]
    output = tmp_path / "resultater.xlsx"
    call_command(
        "export_results",
        str(cycle.year),
        "--output",
        str(output),
        "--with-contacts",
        "--language",
        "en",
    )
    read = sheets(output.read_bytes())
    assert list(read) == SHEETS
    assert "E-mail" in read["Nominasjoner"].columns
    assert f"the command line ({getpass.getuser()})" in all_texts(output.read_bytes())


def test_the_command_refuses_an_unknown_year_and_an_unwritable_path(hand_decided, tmp_path):
    with pytest.raises(CommandError, match="1999"):
        call_command("export_results", "1999", "--output", str(tmp_path / "x.xlsx"))
    missing_folder = tmp_path / "finnes-ikke" / "x.xlsx"
    with pytest.raises(CommandError, match="finnes-ikke"):
        call_command("export_results", str(hand_decided[0].year), "--output", str(missing_folder))
    assert not list(tmp_path.iterdir())


# --- Queries -------------------------------------------------------------------------------------


def grow(cycle, jury, count):
    """Candidates up to count, each with a nomination and a done review by every juror."""
    more = (
        Municipality.objects.valid_in(cycle.year)
        .kommuner()
        .exclude(number__in=CANDIDATE_NUMBERS)
        .values_list("number", flat=True)[: count - cycle.candidates.count()]
    )
    criteria = list(cycle.criteria.order_by("position"))
    for candidate in add_candidates(cycle, more, nominations_each=1):
        for n, member in enumerate(jury.members.all()):
            add_review(member, candidate, [1 + (n + k) % 5 for k in range(len(criteria))], criteria)


def test_a_constant_number_of_queries(
    hand_decided, jury, secretariat, django_assert_max_num_queries
):
    cycle = hand_decided[0]
    with CaptureQueriesContext(connection) as small:
        build_workbook(cycle, secretariat, include_contacts=True)
    assert len(small) <= 20
    grow(cycle, jury, 25)
    with django_assert_max_num_queries(len(small)):
        data = build_workbook(cycle, secretariat, include_contacts=True)
    assert len(sheets(data)["Rangering"]) == 25


def test_a_cycle_without_jury_or_scores_gives_a_workbook_all_the_same(jury_cycle, secretariat):
    data = build_workbook(jury_cycle, secretariat, include_contacts=True, language="en")
    read = sheets(data)
    assert list(read) == SHEETS
    assert read["Rangering"]["Rank"].isna().all()
    assert read["Rangering"]["Mean"].isna().all()
    assert read["Jury"].empty
    assert len(read["Nominasjoner"]) == 2 * len(CANDIDATE_NUMBERS)
