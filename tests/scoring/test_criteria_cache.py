"""A candidate's jury page keeps the cycle's criteria between requests (scoring/criteria_cache.py)
and shows every change to them on the very next request, however the change was made: in the
admin's way (save), straight in the database (update, no signals), by adding or removing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations.models import Criterion, CriterionClause, ScalePoint
from platforms.models import Clause, Platform, Section
from scoring.models import Jury, JuryMember

from ..factories import add_candidates, make_cycle

pytestmark = pytest.mark.django_db


def text_of(client, cycle, candidate) -> str:
    response = client.get(reverse("scoring:candidate", args=[cycle.pk, candidate.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def anne(jury, login):
    return login(jury.by_name["anne"])


@pytest.fixture
def page(jury, anne):
    """Anne's page of Somna, seen once already (so the criteria are kept), as a function that
    asks for it again and gives its text."""
    somna = jury.cycle.candidates.get(municipality__number="1812")
    text_of(anne, jury.cycle, somna)
    return lambda: text_of(anne, jury.cycle, somna)


def first_criterion(cycle):
    return cycle.criteria.order_by("position").first()


def cited_clause(criterion):
    return criterion.clauses.select_related("section", "platform").first()


def test_a_kept_page_reads_no_criterion_through_the_orm(page, jury):
    """The second request takes the criteria, their scales and clauses from the cache: of the
    criteria's tables it reads only the plain rows its version is made from."""
    with CaptureQueriesContext(connection) as queries:
        html = page()
    assert first_criterion(jury.cycle).title in html
    prefetches = [q["sql"] for q in queries if '"criterion_id" IN (' in q["sql"]]
    assert prefetches == []


def test_a_changed_title_shows_at_once(page, jury):
    criterion = first_criterion(jury.cycle)
    criterion.title = "Frivillighet i alle bygder"
    criterion.save()
    assert "1. Frivillighet i alle bygder</h2>" in page()


def test_an_edit_straight_in_the_database_shows_too(page, jury):
    """No signal, no save(): the rows themselves are the version."""
    criterion = first_criterion(jury.cycle)
    Criterion.objects.filter(pk=criterion.pk).update(jury_guidance="Se etter samarbeid.")
    assert "Se etter samarbeid." in page()
    ScalePoint.objects.filter(criterion=criterion, value=5).update(description="Helt framifrå")
    html = page()
    assert "Helt framifrå" in html


def test_a_changed_weight_shows(page, jury):
    Criterion.objects.filter(pk=first_criterion(jury.cycle).pk).update(weight="2.50")
    assert "<dd>2,50</dd>" in page()


def test_a_changed_clause_text_section_and_platform_show(page, jury):
    clause = cited_clause(first_criterion(jury.cycle))
    Clause.objects.filter(pk=clause.pk).update(text="Kommunen og frivilligheten møtes jevnlig.")
    assert "Kommunen og frivilligheten møtes jevnlig." in page()
    Section.objects.filter(pk=clause.section_id).update(heading="Et nytt kapittel")
    assert "Et nytt kapittel" in page()
    Platform.objects.filter(pk=clause.platform_id).update(slug="plattformen-2027")
    assert "/plattformen-2027/" in page()


def test_a_new_and_a_removed_citation_show(page, jury):
    criterion = first_criterion(jury.cycle)
    cited = cited_clause(criterion)
    other = (
        Clause.objects.filter(platform_id=cited.platform_id)
        .exclude(criteria=criterion)
        .exclude(text="")
        .first()
    )
    CriterionClause.objects.create(criterion=criterion, clause=other, position=9)
    assert other.text[:40] in page()
    CriterionClause.objects.filter(criterion=criterion, clause=other).delete()
    assert other.text[:40] not in page()


def test_a_new_criterion_shows(page, jury):
    Criterion.objects.create(
        cycle=jury.cycle, position=9, title="Bærekraftig frivillighet", question="Hvordan?"
    )
    assert "9. Bærekraftig frivillighet</h2>" in page()


def test_another_cycle_keeps_its_own_criteria(page, jury, anne):
    """The kept criteria are the cycle's: another cycle's page shows its own."""
    other = make_cycle(jury.cycle.award, jury.cycle.year + 1)
    Criterion.objects.filter(cycle=other, position=1).update(title="Neste års første")
    (candidate,) = add_candidates(other, numbers=("1812",), nominations_each=1)
    JuryMember.objects.create(
        jury=Jury.objects.create(cycle=other),
        user=jury.by_name["anne"].user,
        conflicts_declared_at=timezone.now(),
    )
    assert "1. Neste års første</h2>" in text_of(anne, other, candidate)
    html = page()
    assert first_criterion(jury.cycle).title in html and "Neste års første" not in html
