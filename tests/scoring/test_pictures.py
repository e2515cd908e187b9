"""The pictures (#20): each draws the figures its table shows, and the rules hold in them: a
juror in conflict has no dot, no picture shows scores before the scores may be shown, and the
figures come from data the pages read anyway."""

import datetime
import re
from io import BytesIO

import pytest
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from openpyxl import load_workbook

from nominations.models import Municipality, Nomination, NominationStatus
from scoring import decision, score_math
from scoring.workbook import build_workbook

from .helpers import (
    ANNOUNCED,
    BEFORE_ANNOUNCEMENT,
    BEFORE_FINALISTS,
    FINALISTS_OUT,
    YEAR,
    announcement_url,
    candidate,
    chair_of,
    decide,
    get,
    make_year,
    score_everyone,
)

pytestmark = pytest.mark.django_db


def deliberation_path(cycle):
    return f"/jury/{cycle.pk}/drofting/"


@pytest.fixture
def deliberating(jury):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    score_everyone(jury)
    return cycle


def shown(value):
    """As the English page writes a figure."""
    with translation.override("en"):
        return floatformat(value, 2)


def svg(text, slug):
    match = re.search(rf'<svg [^>]*data-picture="{slug}".*?</svg>', text, re.S)
    assert match, f"no picture {slug}"
    return match.group(0)


def lines(picture):
    """{line label: {"dots": {series: value}, "marks": {kind: value}}} of a dot plot."""
    found = {}
    pattern = r'<g class="picture-line" data-label="([^"]*)">(.*?)</g>'
    for label, body in re.findall(pattern, picture, re.S):
        found[label] = {
            "dots": {
                series: float(value)
                for series, value in re.findall(r'data-series="([^"]*)" data-value="([^"]*)"', body)
            },
            "marks": {
                kind: float(value)
                for kind, value in re.findall(r'data-kind="([^"]*)" data-value="([^"]*)"', body)
            },
        }
    return found


def table_cells(text, caption_id):
    """{row header: [cell texts]} of the table with that caption."""
    start = text.index(f'id="{caption_id}"')
    table = text[start : text.index("</table>", start)]
    rows = {}
    for header, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        rows[header] = [
            re.sub(r"<.*?>", "", c).strip()
            for c in re.findall(r'<td class="jury-table__number">(.*?)</td>', cells, re.S)
        ]
    return rows


def test_agreement_draws_each_jurors_score_and_leaves_a_conflicted_juror_out(
    login, jury, conflict, deliberating, english
):
    cycle = deliberating
    page = login(jury.by_name["leder"]).get(deliberation_path(cycle))
    text = page.content.decode()
    members = [str(m) for m in page.context["members"]]
    drawn = lines(svg(text, "agreement"))
    table = table_cells(text, "jurors-caption")
    rows = page.context["rows"]
    assert list(drawn) == [row.candidate.municipality.display_name for row in rows]
    for row in rows:
        name = row.candidate.municipality.display_name
        dots = drawn[name]["dots"]
        # Every value of the table is a dot of the same juror, and nothing else is.
        expected = {
            member: cell
            for member, cell in zip(members, table[name], strict=True)
            if re.match(r"^-?\d", cell)
        }
        assert {m: shown(v) for m, v in dots.items()} == expected
        assert shown(drawn[name]["marks"]["mean"]) == shown(row.mean)
        assert shown(drawn[name]["marks"]["median"]) == shown(row.median)
    oslo = candidate(cycle, "0301").municipality.display_name
    cato = str(jury.by_name["cato"])
    assert cato not in drawn[oslo]["dots"] and len(drawn[oslo]["dots"]) == 3
    assert f"not drawn: {cato} (in conflict)" in text
    assert "picture-dot" in svg(text, "agreement") and 'role="img"' in svg(text, "agreement")


def test_leniency_shows_each_jurors_mean_before_and_after_normalisation(
    login, jury, conflict, deliberating, english
):
    cycle = deliberating
    text = login(jury.by_name["leder"]).get(deliberation_path(cycle)).content.decode()
    computed = score_math.compute(cycle)
    drawn = lines(svg(text, "leniency"))
    table = table_cells(text, "leniency-caption")
    for member in jury.by_name.values():
        label = str(member)
        own = computed.jurors.loc[member.pk].dropna()
        dots = drawn[label]["dots"]
        before, after = dots["Before normalisation"], dots["After normalisation"]
        assert before == pytest.approx(own.mean())
        # Normalising takes the juror's own mean out: every juror ends at the jury's mean.
        assert after == pytest.approx(computed.grand_mean)
        assert drawn[label]["marks"]["reference"] == pytest.approx(computed.grand_mean)
        assert table[label][1:3] == [shown(before), shown(after)]
    # Cato, the lenient juror, lies above the jury's mean before normalisation.
    assert drawn[str(jury.by_name["cato"])]["dots"]["Before normalisation"] > computed.grand_mean


def test_profiles_show_the_top_three_and_the_ticked_then_the_finalists(
    login, jury, deliberating, english
):
    cycle = deliberating
    client = login(jury.by_name["leder"])
    page = client.get(deliberation_path(cycle))
    rows = page.context["rows"]
    last = rows[-1]
    page = client.get(deliberation_path(cycle), {"k": last.candidate.pk})
    text = page.content.decode()
    drawn = lines(svg(text, "profiles"))
    criteria = list(cycle.criteria.order_by("position"))
    profiled = [*rows[:3], last]
    assert "Profiles of the leaders" in text
    for index, (label, line) in enumerate(drawn.items()):
        assert label.startswith(f"{criteria[index].position}. ")
        assert line["dots"] == pytest.approx(
            {row.candidate.municipality.display_name: row.criteria[index] for row in profiled}
        )
    # The criteria table shows the same means.
    table = table_cells(text, "criteria-caption")
    for row in profiled:
        name = row.candidate.municipality.display_name
        assert table[name] == [shown(line["dots"][name]) for line in drawn.values()]

    finalists = [rows[1].candidate, rows[3].candidate, rows[4].candidate]
    decision.choose(chair_of(jury), finalists, finalists[0])
    text = client.get(deliberation_path(cycle)).content.decode()
    assert "The finalists&#x27; profiles" in text
    first = next(iter(lines(svg(text, "profiles")).values()))
    assert set(first["dots"]) == {c.municipality.display_name for c in finalists}


def test_no_picture_of_scores_before_they_may_be_shown(login, jury, english):
    score_everyone(jury)
    text = login(jury.by_name["leder"]).get(deliberation_path(jury.cycle)).content.decode()
    assert "data-picture" not in text and "picture-dot" not in text


# --- The announcement: the year in numbers ------------------------------------------------------


@pytest.fixture
def counted_year(award):
    """2025 decided, with ten submitted nominations by organisations (two for each of five
    candidates in five counties) and one by a person for Bodø, beside a draft, a withdrawn
    nomination and the municipality's own material, none of which count."""
    cycle = make_year(award, YEAR)
    decide(cycle, "1812", ("1812", "5001", "4601"))
    bodo = Municipality.objects.valid_in(YEAR).get(number="1804")
    oslo = Municipality.objects.valid_in(YEAR).get(number="0301")
    for number, (kind, status, material) in enumerate(
        [
            ("person", NominationStatus.SUBMITTED, False),
            ("state", NominationStatus.DRAFT, False),
            ("state", NominationStatus.WITHDRAWN, False),
            ("municipality", NominationStatus.SUBMITTED, True),
        ]
    ):
        Nomination.objects.create(
            cycle=cycle,
            municipality=bodo if number == 0 else oslo,
            status=status,
            reference=cycle.next_reference(),
            nominator_name=f"Skjult navn {number}",
            nominator_kind=kind,
            is_municipality_material=material,
        )
    return cycle


def test_the_year_in_numbers_counts_submitted_nominations_and_names_no_one(
    client, english, counted_year
):
    text = get(client, announcement_url(counted_year), ANNOUNCED).content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', text))
    assert counts == {"nominations": "11", "municipalities": "6", "counties": "5"}
    bars = dict(
        re.findall(r'data-label="([^"]+)">.*?data-value="(\d+)"', svg(text, "year-numbers"), re.S)
    )
    table = dict(re.findall(r'data-kind="([^"]+)">(\d+)<', text))
    assert bars == table
    assert table["A voluntary organisation"] == "10" and table["A private person"] == "1"
    assert table["The municipality or county municipality itself"] == "0"
    assert table["A state body"] == "0"
    assert "11 nominations of 6 municipalities in 5 counties." in text
    assert "Skjult navn" not in text and "Innsender" not in text and "Bodø" not in text


def test_no_numbers_before_the_announcement_not_even_in_the_preview(
    client, english, counted_year, secretariat
):
    assert get(client, announcement_url(counted_year), BEFORE_ANNOUNCEMENT).status_code == 404
    client.force_login(secretariat)
    text = get(client, announcement_url(counted_year), BEFORE_ANNOUNCEMENT).content.decode()
    assert "data-picture" not in text and "data-count" not in text


# --- The workbook's chart ------------------------------------------------------------------------


def cells(sheet, ref):
    """The values of the cells a chart's reference ('Rangering'!$E$2:$E$6) names."""
    _sheet, _bang, area = ref.partition("!")
    return [row[0].value for row in sheet[area.replace("$", "")]]


def test_the_workbooks_chart_refers_to_the_rankings_cells(jury, conflict, deliberating):
    cycle = deliberating
    data = build_workbook(cycle, jury.by_name["leder"].user, include_contacts=False, language="en")
    book = load_workbook(BytesIO(data))
    assert book.sheetnames[-1] == "Diagram"
    chart = book["Diagram"]._charts[0]
    series = chart.series[0]
    ranking = book["Rangering"]
    computed = score_math.compute(cycle)
    count = len(computed.candidates)
    assert series.val.numRef.f == f"'Rangering'!$E$2:$E${count + 1}"
    assert series.tx.strRef.f.replace("$", "") == "'Rangering'!E1" and ranking["E1"].value == "Mean"
    names = series.cat.strRef.f if series.cat.strRef else series.cat.numRef.f
    assert names == f"'Rangering'!$B$2:$B${count + 1}"
    assert cells(ranking, names) == [
        candidate_.municipality.display_name
        for candidate_ in (cycle.candidates.get(pk=pk) for pk in computed.candidates.index)
    ]
    assert cells(ranking, series.val.numRef.f) == pytest.approx(list(computed.candidates["mean"]))
    bars = series.errBars
    assert bars.errValType == "cust" and bars.errBarType == "both"
    assert bars.plus.numRef.f == bars.minus.numRef.f == f"'Rangering'!$I$2:$I${count + 1}"
    assert ranking["I1"].value == "Standard deviation"
    assert cells(ranking, bars.plus.numRef.f) == pytest.approx(list(computed.candidates["std"]))


# --- The archive on a map ------------------------------------------------------------------------


def tiles(text):
    """{county number: (winners, finalists)} as the map's tiles count them."""
    found = re.findall(
        r'data-county="(\d+)" data-winners="(\d+)" data-finalists="(\d+)"',
        svg(text, "archive-map"),
    )
    return {number: (int(w), int(f)) for number, w, f in found}


def by_county(years, year=None):
    counted = {}
    for archive_year in years:
        if year is not None and archive_year.year != year:
            continue
        for entry in archive_year.entries:
            if entry.county is None:
                continue
            winners, finalists = counted.get(entry.county.number, (0, 0))
            counted[entry.county.number] = (
                (winners + 1, finalists) if entry.is_winner else (winners, finalists + 1)
            )
    return counted


def test_the_map_counts_the_lists_winners_and_finalists_per_county(client, english, award):
    cycle = make_year(award, YEAR)
    decide(cycle, "1812", ("1812", "5001", "4601"))
    page = get(client, "/arkiv/", ANNOUNCED)
    text = page.content.decode()
    drawn = tiles(text)
    assert len(drawn) == 15  # today's counties
    expected = by_county(page.context["years"])
    assert {n: c for n, c in drawn.items() if c != (0, 0)} == expected
    assert drawn["18"][0] >= 1  # Sømna, the 2025 winner, in Nordland
    assert "Sømna (2025)" in text and 'href="/arkiv/?fylke=18"' in text
    assert "<table" in text.split('data-picture="archive-map"')[1]  # the list stays below

    year_page = get(client, f"/arkiv/?aar={YEAR}", ANNOUNCED)
    drawn = tiles(year_page.content.decode())
    assert {n: c for n, c in drawn.items() if c != (0, 0)} == {
        "18": (1, 0),
        "50": (0, 1),
        "46": (0, 1),
    }
    assert f"In {YEAR}:" in year_page.content.decode()


def test_the_map_shows_nothing_before_it_is_published(client, english, award):
    cycle = make_year(award, YEAR)
    decide(cycle, "1812", ("1812", "5001", "4601"))
    # Before the finalists are out, the year is not one to choose, and nothing of it is drawn.
    text = get(client, f"/arkiv/?aar={YEAR}", BEFORE_FINALISTS).content.decode()
    assert "Choose a year from the list." in text
    picture = text.split('data-picture="archive-map"')[1].split("</details>")[0]
    assert f"({YEAR})" not in picture and "(2024)" in picture
    # The finalists are out, the winner is not: Sømna is a finalist on the map, not a winner.
    finalists = tiles(get(client, f"/arkiv/?aar={YEAR}", FINALISTS_OUT).content.decode())
    assert finalists["18"] == (0, 1) and finalists["50"] == (0, 1)
    text = get(client, f"/arkiv/?aar={YEAR + 1}", ANNOUNCED).content.decode()
    assert "Choose a year from the list." in text
