"""The chair's ranking on a laptop and on a phone (#16): at 1280 by 800 pixels the ranking table
fits its place without scrolling sideways, with the columns that decide (rank, candidate, the
normalised score, mean, median, spread, reviews, missing) in view and the others one tick away;
at 320 pixels the page does not scroll sideways and the table scrolls in its own region, which
the keyboard reaches and scrolls. axe-core finds nothing with the columns hidden or shown."""

import pytest
from django.urls import reverse

from nominations.models import Phase
from scoring.models import Conflict, ConflictKind
from tests.scoring.helpers import candidate, score_everyone

from .checks import focused_matches, tab_to
from .scenes import place_in_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The ranking's region, its table, and how wide each is; and how wide the page is.
WIDTHS = """() => {
  const region = document.querySelector("#ranking-table").closest(".table-scroll");
  const table = document.querySelector("#ranking-table");
  const root = document.documentElement;
  return {
    table: table.scrollWidth,
    regionScroll: region.scrollWidth,
    region: region.clientWidth,
    page: root.scrollWidth,
    window: root.clientWidth,
  };
}"""

# The texts of the header cells in view, and how many columns each body row fills in view.
COLUMNS = """() => {
  const table = document.querySelector("#ranking-table");
  const shown = (cell) => cell.getClientRects().length > 0;
  return {
    headers: [...table.tHead.rows[0].cells].filter(shown).map((c) => c.textContent.trim()),
    rows: [...table.tBodies[0].rows].map((row) =>
      [...row.cells].filter(shown).reduce((sum, cell) => sum + cell.colSpan, 0)),
  };
}"""

DECIDING = [
    "Rang",
    "Kandidat",
    "Normalisert",
    "Gjennomsnitt",
    "Median",
    "Spenn",
    "Vurderinger",
    "Mangler",
]
SECONDARY = ["Fylke", "Normalisert, i poeng", "Standardavvik", "Inhabiliteter"]


@pytest.fixture
def deliberation(jury):
    """The cycle in its deliberation, every review done, the chair in conflict with Sømna (whose
    row then shows its rank and totals only)."""
    cycle = jury.cycle
    chair = jury.by_name["leder"]
    somna = candidate(cycle, "1812")
    Conflict.objects.create(
        member=chair, candidate=somna, kind=ConflictKind.LIVES_OR_WORKS, declared_by=chair.user
    )
    score_everyone(jury)
    place_in_phase(cycle, Phase.DELIBERATION)
    return reverse("scoring:deliberation", kwargs={"cycle_id": cycle.pk})


def test_the_ranking_fits_a_laptop_and_shows_the_rest_on_request(
    open_page, jury, deliberation, axe_scan
):
    page = open_page(deliberation, user=jury.by_name["leder"].user, width=1280, height=800)
    widths = page.evaluate(WIDTHS)
    assert widths["table"] <= widths["region"], widths
    assert widths["regionScroll"] <= widths["region"], widths
    assert widths["page"] <= widths["window"] == 1280, widths

    columns = page.evaluate(COLUMNS)
    for header in DECIDING:
        assert any(text.startswith(header) for text in columns["headers"]), columns["headers"]
    assert not set(SECONDARY) & set(columns["headers"]), columns["headers"]
    # The withheld row lines up with the others: every row fills as many columns as the head.
    assert set(columns["rows"]) == {len(columns["headers"])}, columns
    axe_scan(page, "deliberation at 1280 px, the deciding columns")

    page.get_by_label("Vis alle kolonnene", exact=False).check()
    columns = page.evaluate(COLUMNS)
    assert set(SECONDARY) <= set(columns["headers"]), columns["headers"]
    assert set(columns["rows"]) == {len(columns["headers"])}, columns
    widths = page.evaluate(WIDTHS)
    # All of them may need the region's scrolling, never the page's.
    assert widths["page"] <= widths["window"], widths
    axe_scan(page, "deliberation at 1280 px, all columns")

    # The box only shows and hides: the comparison's form does not send it.
    for box in page.locator("input[name=k]").all()[:2]:
        box.check()
    with page.expect_navigation():
        page.locator("#compare button[type=submit]").click()
    assert "/drofting/sammenlign/?k=" in page.url and "ranking-all-columns" not in page.url
    axe_scan.assert_clean()


def test_the_ranking_scrolls_in_its_own_region_at_320_px(open_page, jury, deliberation):
    page = open_page(deliberation, user=jury.by_name["leder"].user, width=320, height=640)
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= widths["window"] == 320, widths
    assert widths["regionScroll"] > widths["region"], widths

    region = "#ranking-table-region"
    assert page.locator(region).get_attribute("role") == "region"
    assert page.locator(region).get_attribute("aria-labelledby") == "ranking-caption"
    tab_to(page, region)
    assert focused_matches(page, region)
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert page.locator(region).evaluate("el => el.scrollLeft") > 0
    assert page.evaluate(WIDTHS)["page"] <= 320
