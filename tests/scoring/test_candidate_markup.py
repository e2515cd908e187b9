"""The parts of the candidate page written in Python (scoring/tables.py) give the very markup of
the template loops they replaced: the page is rendered both ways, in each language, with the
content that makes their markup differ (missing scores and marks, comments to escape), and
compared character for character."""

from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from scoring import access, reviews, tables
from scoring.models import EvidenceMark, Review, Score

from .test_review import criteria, set_phase

pytestmark = pytest.mark.django_db

# The templates as they were, every loop written by the template engine (not named .html,
# so that makemessages leaves them out).
AS_TEMPLATES = Path(__file__).resolve().parent / "as_templates"


def as_template(name, context):
    return engines["django"].from_string((AS_TEMPLATES / name).read_text()).render(context)


def review(member, candidate, scores, overall="", done=True):
    """A review stored directly; `scores` maps a position to (value, evidence, comment)."""
    stored = Review.objects.create(
        member=member,
        candidate=candidate,
        version=2,
        done_at=timezone.now() if done else None,
        overall_comment=overall,
    )
    Score.objects.bulk_create(
        Score(review=stored, criterion=c, value=value, evidence=evidence, comment=comment)
        for c in criteria(candidate.cycle)
        if c.position in scores
        for value, evidence, comment in [scores[c.position]]
    )
    return stored


@pytest.fixture
def deliberating(jury):
    """Oslo in the deliberation: Anne's review done, Bjørn's and Cato's too with everything
    that changes their markup, the chair's not yet."""
    cycle = jury.cycle
    oslo = cycle.candidates.get(municipality__number="0301")
    members = jury.by_name
    bjorn = members["bjorn"].user
    bjorn.first_name = "Bjørn & <Co>"
    bjorn.save()
    review(members["anne"], oslo, {1: (3, EvidenceMark.CLAIMED, "")})
    review(
        members["bjorn"],
        oslo,
        {
            1: (5, EvidenceMark.DOCUMENTED, 'Sterk "plan" & <god> oppfølging'),
            2: (None, EvidenceMark.MISSING, ""),
            3: (2, "", "Lite å vise til\nennå."),
            4: (None, "", ""),
        },
    )
    review(
        members["cato"],
        oslo,
        {c: (4, EvidenceMark.CLAIMED, f"Kommentar {c}") for c in range(1, 6)},
        overall="Samlet: <b>godt</b> & 'bredt'",
    )
    review(members["leder"], oslo, {1: (1, "", "Utkast")}, done=False)
    set_phase(cycle, "deliberation")
    viewer = access.candidate_access(members["anne"].user, cycle.pk, oslo.pk)
    return reviews.candidate_page(viewer)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_other_jurors_reviews_as_the_template_wrote_them(deliberating, language):
    page = deliberating
    assert page.sees_others and len(page.others) == 2 and page.others_not_done
    with translation.override(language):
        expected = as_template("_others.template", {"page": page})
        written = render_to_string(
            "scoring/_others.html",
            {"page": page, "others_tables": tables.other_reviews_tables(page.others)},
        )
    assert "Bjørn &amp; &lt;Co&gt;" in written and "&lt;b&gt;godt&lt;/b&gt;" in written
    assert written == expected
