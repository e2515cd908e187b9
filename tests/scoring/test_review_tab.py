"""One browser tab is never told it is two (#16): a save sent as the page was reloaded may land
after the new page was read, so the new page's next save names an older version. The page's
script sends its tab's id with each save; a save from the tab that made the last one is that
tab's newest and is accepted, while another tab's is refused as before."""

import json

import pytest

from scoring.models import Review

from ..languages import choose
from .helpers import criteria, url

pytestmark = pytest.mark.django_db


def posted(cycle, *, version, score, tab=None, overall=""):
    data = {"version": str(version), "overall_comment": overall}
    for criterion in criteria(cycle):
        data[f"c{criterion.pk}-score"] = str(score)
        data[f"c{criterion.pk}-comment"] = ""
        data[f"c{criterion.pk}-evidence"] = ""
    if tab is not None:
        data["tab"] = tab
    return data


def test_a_save_from_the_same_tab_naming_an_older_version_is_accepted(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    cycle = jury.cycle
    # The save sent as the page was left lands after the reloaded page read version 0 …
    first = client.post(url("autosave", somna), posted(cycle, version=0, score=3, tab="A"))
    assert first.status_code == 200
    # … and the reloaded page's next save, from the same tab, still names version 0.
    response = client.post(url("autosave", somna), posted(cycle, version=0, score=4, tab="A"))
    assert response.status_code == 200
    assert json.loads(response.content)["version"] == 2
    review = Review.objects.get()
    assert set(review.scores.values_list("value", flat=True)) == {4}

    # «Save and mark done» from that tab is no conflict either.
    done = client.post(url("mark_done", somna), posted(cycle, version=1, score=4, tab="A"))
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.is_done


def test_another_tab_is_still_refused(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    cycle = jury.cycle
    client.post(url("autosave", somna), posted(cycle, version=0, score=3, tab="A"))
    for other in ("B", None):
        response = client.post(url("autosave", somna), posted(cycle, version=0, score=1, tab=other))
        assert response.status_code == 409
        assert "changed in another tab" in json.loads(response.content)["message"]
    assert set(Review.objects.get().scores.values_list("value", flat=True)) == {3}


def test_after_another_tab_saved_the_first_tab_is_refused_again(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    cycle = jury.cycle
    client.post(url("autosave", somna), posted(cycle, version=0, score=3, tab="A"))
    client.post(url("autosave", somna), posted(cycle, version=1, score=2, tab="B"))
    response = client.post(url("autosave", somna), posted(cycle, version=1, score=5, tab="A"))
    assert response.status_code == 409
    assert set(Review.objects.get().scores.values_list("value", flat=True)) == {2}


def test_the_save_status_stays_in_view_and_is_announced_politely(login, jury, somna):
    html = login(jury.by_name["anne"]).get(url("candidate", somna)).content.decode()
    assert '<p class="save-status save-status--sticky" id="save-status" aria-live="polite">' in html
