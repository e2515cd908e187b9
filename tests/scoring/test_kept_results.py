"""The public pages keep what they read of the published years between requests
(scoring/kept_results.py), show every change on the very next request, however it was made,
and still decide on every request whether a year may be shown yet."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from nominations.models import Award, Criterion, Municipality
from nominations.models.cycles import oslo_time
from platforms.models import Clause
from scoring.models import Finalist, Result

from .helpers import (
    ANNOUNCED,
    YEAR,
    announcement_url,
    decide,
    finalists_url,
    get,
    make_year,
)

pytestmark = pytest.mark.django_db

BEFORE = oslo_time(YEAR, 12, 5, 11, 0)  # an hour before the announcement


@pytest.fixture
def decided(award):
    cycle = make_year(award, YEAR)
    decide(cycle, "1812", ("1812", "5001", "4601"))
    return cycle


@pytest.fixture
def page(client, decided):
    """The announcement, seen once already (so the year is kept), as a function that asks for
    it again and gives its text."""

    def text():
        response = get(client, announcement_url(decided), ANNOUNCED)
        assert response.status_code == 200
        return response.content.decode()

    text()
    return text


def test_the_jurys_texts_show_at_once(page, decided):
    result = Result.objects.get(cycle=decided)
    Result.objects.filter(pk=result.pk).update(justification="Somna viser vei for alle.")
    assert "Somna viser vei for alle." in page()
    Finalist.objects.filter(result=result, position=2).update(paragraph="Et nytt avsnitt.")
    assert "Et nytt avsnitt." in page()


def test_a_finalist_citing_another_criterion_shows(page, decided):
    finalist = Finalist.objects.get(result__cycle=decided, position=3)
    cited = set(finalist.criteria.values_list("pk", flat=True))
    other = Criterion.objects.filter(cycle=decided).exclude(pk__in=cited).last()
    Criterion.objects.filter(pk=other.pk).update(title="Bare for finalisten")
    finalist.criteria.set([other])
    assert "Bare for finalisten" in page()


def test_names_titles_and_clauses_show_at_once(page, decided):
    winner = Result.objects.get(cycle=decided).winner
    Municipality.objects.filter(pk=winner.municipality_id).update(name="Somna og Vega")
    assert "Somna og Vega" in page()
    criterion = decided.criteria.order_by("position").first()
    Criterion.objects.filter(pk=criterion.pk).update(title="Samspill med frivilligheten")
    assert "Samspill med frivilligheten" in page()
    clause = criterion.clauses.first()
    Clause.objects.filter(pk=clause.pk).update(text="Partene møtes fire ganger i året.")
    assert "Partene møtes fire ganger i året." in page()
    Award.objects.filter(pk=decided.award_id).update(name="Årets frivillighetskommune (ny)")
    assert "Årets frivillighetskommune (ny)" in page()


def test_a_jurors_name_shows_at_once(page, decided):
    get_user_model().objects.filter(
        jury_memberships__jury__cycle=decided, first_name="Anne"
    ).update(first_name="Anna")
    html = page()
    assert ">Anna Jurist" in html and ">Anne Jurist" not in html


def test_a_kept_year_is_not_shown_before_its_time(client, page, decided):
    """Seen once announced, the year is kept; an hour before, it is still not public, and once
    the announcement is moved later it is hidden again."""
    with time_machine.travel(BEFORE, tick=False):
        assert client.get(announcement_url(decided)).status_code == 404
    type(decided).objects.filter(pk=decided.pk).update(announced_at=oslo_time(YEAR, 12, 6, 12, 0))
    assert get(client, announcement_url(decided), ANNOUNCED).status_code == 404


def test_a_preview_kept_for_the_secretariat_is_never_shown_to_the_public(
    client, decided, django_user_model
):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("sekretariat", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_result"))
    client.force_login(staff)
    preview = get(client, announcement_url(decided), BEFORE)
    assert preview.status_code == 200 and preview["X-Robots-Tag"] == "noindex"
    client.logout()
    assert get(client, announcement_url(decided), BEFORE).status_code == 404
    public = get(client, announcement_url(decided), ANNOUNCED)
    assert public.status_code == 200 and "X-Robots-Tag" not in public


def test_the_finalists_page_and_the_announcement_keep_their_own(client, decided):
    """The finalists page reads no jury: the announcement after it still names the jury."""
    assert get(client, finalists_url(decided), ANNOUNCED).status_code == 200
    html = get(client, announcement_url(decided), ANNOUNCED).content.decode()
    assert ">Leder Jurist" in html and ">Bjørn Jurist" in html


def test_an_unknown_year_is_not_found(client, decided):
    assert (
        get(client, announcement_url(decided).replace(str(YEAR), "1999"), ANNOUNCED).status_code
        == 404
    )


# The archive keeps the records of the published years


def archive(client, when, **filters):
    response = get_with(client, reverse("public:archive"), when, filters)
    assert response.status_code == 200
    return response.content.decode()


def get_with(client, url, when, data):
    with time_machine.travel(when, tick=False):
        return client.get(url, data)


def year_row(page, year):
    return page.split(f'data-year="{year}"')[1].split("</tr>")[0]


def test_the_archive_names_a_kept_winner_only_once_announced(client, decided):
    """The records read when the winner was out are kept; an hour before, the same records give
    no winner and no link to the announcement."""
    announced = year_row(archive(client, ANNOUNCED), YEAR)
    assert '<td><a href="/kommuner/1812/">Sømna</a></td>' in announced  # the winner's cell
    assert f'href="{announcement_url(decided)}"' in announced
    before = year_row(archive(client, BEFORE), YEAR)
    assert "<td>Kåret 5. desember 2025</td>" in before  # the winner's cell: when, not who
    assert f'href="{announcement_url(decided)}"' not in before
    assert 'Bergen</a>, <a href="/kommuner/1812/">Sømna</a>' in before  # alphabetical


def test_the_archive_shows_changes_to_the_years_at_once(client, decided, award):
    archive(client, ANNOUNCED)
    winner = Result.objects.get(cycle=decided).winner
    Municipality.objects.filter(pk=winner.municipality_id).update(name="Sømna og Vega")
    assert "Sømna og Vega" in year_row(archive(client, ANNOUNCED), YEAR)
    criterion = Result.objects.get(cycle=decided).justification_criteria.first()
    Criterion.objects.filter(pk=criterion.pk).update(title="Lokal forankring")
    assert '<option value="lokal-forankring">Lokal forankring</option>' in archive(
        client, ANNOUNCED
    )
    later = make_year(award, YEAR + 1)
    decide(later, "4601", ("4601", "1106", "0301"))
    page = archive(client, oslo_time(YEAR + 1, 12, 6))
    assert announcement_url(later) in year_row(page, YEAR + 1)
