"""The public pages in a real browser: axe-core finds no WCAG 2.1 A or AA violation on them, and
the front page and the archive's filter work with the keyboard alone. What these tests check is
what the accessibility statement (/tilgjengelighet/) says is checked.

Uses the shared `browser` fixture (tests/conftest.py): Debian's Chromium through Playwright."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from nominations.defaults import add_default_criteria, ensure_award
from nominations.models import Cycle

from .conftest import add_candidates
from .test_public import decide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")
axe_playwright = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="pip install -e '.[dev]'"
)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def cycle_at(award, year, *, opened_days_ago):
    """A published cycle whose calendar is placed around today."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    opened = now - opened_days_ago * day
    cycle = Cycle.objects.create(
        award=award,
        year=year,
        is_published=True,
        nominations_open_at=opened,
        nominations_close_at=opened + 120 * day,
        jury_started_at=opened + 130 * day,
        finalists_published_at=opened + 200 * day,
        announced_at=opened + 215 * day,
    )
    add_default_criteria(cycle)
    add_candidates(cycle, numbers=("1812", "5001", "4601"), nominations_each=1)
    return cycle


@pytest.fixture
def site(award_platform, register):
    """Last year announced; this year's call open."""
    award = ensure_award()
    year = timezone.localdate().year
    last = cycle_at(award, year - 1, opened_days_ago=400)
    decide(last, "1812", ("1812", "5001", "4601"))
    cycle_at(award, year, opened_days_ago=10)
    return last


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context()
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    yield context.new_page()
    context.close()


def test_the_public_pages_have_no_axe_violations(page, live_server, site):
    axe = axe_playwright.Axe()
    slug = site.award.slug
    paths = [
        "/",
        reverse("public:announcement", args=[slug, site.year]),
        reverse("public:finalists", args=[slug, site.year]),
        reverse("public:archive"),
        reverse("public:archive") + "?fylke=18",
        reverse("public:municipality", args=["1812"]),
        site.award.platform.get_absolute_url(),
        reverse("accessibility"),
        reverse("nominations:privacy"),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, f"{path}\n{results.generate_snapshot()}"


def test_the_front_page_and_the_archive_work_with_the_keyboard(page, live_server, site):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"  # the skip link comes first
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Onwards from the main content, the call's action is reached by Tab alone.
    for _step in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Nominate a municipality":
            break
    else:
        pytest.fail("The action to nominate cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nominer/")

    page.goto(live_server.url + reverse("public:archive"))
    page.focus("#id_fylke")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_kriterium"
    page.focus("#id_fylke")
    page.select_option("#id_fylke", "18")  # as arrow keys would, without opening the list
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show"
    page.keyboard.press("Enter")
    page.wait_for_url("**/arkiv/?fylke=18*")
    assert page.locator("#matches-heading").is_visible()
    assert page.locator("text=Sømna").first.is_visible()
