"""The jury part of the demo that make run loads."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from nominations.demo import DEMO_PASSWORD
from nominations.models import Cycle, Phase
from scoring.models import Conflict, JuryMember, Review, Score

pytestmark = pytest.mark.django_db


def test_the_demo_has_juries_a_cycle_to_score_and_a_fully_scored_one(
    award_platform, django_user_model
):
    out = io.StringIO()
    call_command("bootstrap", demo=True, stdout=out)
    call_command("bootstrap", demo=True, stdout=out)
    cycles = {c.phase: c for c in Cycle.objects.all()}
    for cycle in cycles.values():
        members = JuryMember.objects.filter(jury__cycle=cycle)
        assert members.count() == 4
        assert members.filter(is_chair=True).count() == 1
    scored = cycles[Phase.DELIBERATION]
    assert Conflict.objects.filter(member__jury__cycle=scored).count() == 2
    reviews = Review.objects.filter(candidate__cycle=scored)
    assert reviews.count() == 4 * scored.candidates.count() - 2
    assert not reviews.filter(done_at__isnull=True).exists()
    assert Score.objects.filter(review__in=reviews, value__isnull=True).count() == 0
    assert scored.criteria.count() == 6  # the default criteria (nominations/defaults.py)
    assert Score.objects.filter(review__in=reviews).count() == reviews.count() * 6
    for phase in (Phase.OPEN, Phase.JURY):
        assert not Review.objects.filter(candidate__cycle=cycles[phase]).exists()
    assert django_user_model.objects.get(username="juryleder").check_password(DEMO_PASSWORD)
    assert "juryleder / frivillig-demo" in out.getvalue()


def test_the_demos_announced_year_is_public_after_setup(award_platform, client):
    """Published only from a locked result (#21): the demo's decided year is locked, so its
    finalists and announcement are public, not previews, as make setup leaves them."""
    call_command("bootstrap", demo=True, stdout=io.StringIO())
    announced = Cycle.objects.order_by("year").first()
    assert announced.phase == Phase.ANNOUNCED
    for name in ("public:finalists", "public:announcement"):
        response = client.get(reverse(name, args=[announced.award.slug, announced.year]))
        assert response.status_code == 200
        assert "data-preview" not in response.content.decode()
    archive = client.get(reverse("public:archive")).content.decode()
    assert f'data-year="{announced.year}"' in archive
