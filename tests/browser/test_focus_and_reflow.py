"""The main pages, gone through as a keyboard user and as someone on a small screen or with the
page zoomed:

- Tab from the top reaches the skip link first, and every stop after it shows where focus is
  (an outline or a ring in its computed style) and is on screen;
- at 320 CSS pixels wide, and at 200 % zoom of a 1280 pixel window (640 CSS pixels at device
  scale 2), nothing sticks out sideways and the page does not scroll sideways. A wide table
  may scroll inside its own region, which must then be reachable by the keyboard and named.
  Each page is photographed, and the photograph is no wider than the window.

Set BROWSER_SCREENSHOTS=folder to keep the photographs."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages_for(open_page, main_pages, **size):
    pages = {None: open_page(**size)}
    for key, user in main_pages.users.items():
        pages[key] = open_page(user=user, **size)
    return pages


def test_every_stop_of_the_keyboard_shows_its_focus(open_page, url, main_pages, focus_check):
    pages = pages_for(open_page, main_pages)
    for visit in main_pages.visits:
        page = pages[visit.as_user]
        page.goto(url(visit.path))
        focus_check(page, visit.name)
    focus_check.assert_clean()
    assert focus_check.stops > 20 * len(main_pages.visits)


@pytest.mark.parametrize(
    "size",
    [
        pytest.param({"width": 320, "height": 640, "scale": 1}, id="320px"),
        pytest.param({"width": 640, "height": 400, "scale": 2}, id="200%-zoom-of-1280px"),
    ],
)
def test_no_page_scrolls_sideways(open_page, url, main_pages, overflow_check, size):
    pages = pages_for(open_page, main_pages, **size)
    for visit in main_pages.visits:
        page = pages[visit.as_user]
        page.goto(url(visit.path))
        assert page.evaluate("innerWidth") == size["width"]
        overflow_check(page, visit.name)
    overflow_check.assert_clean()
