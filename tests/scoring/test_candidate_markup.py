"""The parts of the candidate page written in Python (scoring/tables.py) give the very markup of
the template loops they replaced: the page is rendered both ways, in each language, with the
content that makes their markup differ (missing scores and marks, comments to escape), and
compared character for character."""

from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from nominations.models import Answer, Attachment, Nomination, NominationStatus
from scoring import access, reviews, tables
from scoring.candidate_markup import CriterionWriter
from scoring.models import EvidenceMark, Review, Score

from .test_review import add_attachment, criteria, set_phase

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


@pytest.fixture
def read_only_page(jury):
    """Oslo's page in the deliberation for Anne, with everything that changes the criterion
    blocks' markup: nominators with and without names, the municipality's own material, answers
    missing or with text and links to escape, files of two sizes, criteria without guidance or
    clauses, and Anne's own scores given, off the scale, missing or without a mark."""
    cycle = jury.cycle
    oslo = cycle.candidates.get(municipality__number="0301")
    crits = criteria(cycle)
    crits[3].title = "Samarbeid & <dialog>"
    crits[3].save()
    crits[4].jury_guidance = ""
    crits[4].save()
    crits[4].clauses.clear()
    first, second = oslo.nominations.order_by("pk")
    first.organisation_name = "Frivillig & <Sentral>"
    first.save()
    second.nominator_name = ""
    second.organisation_name = "Lag 'B'"
    second.save()
    own = Nomination.objects.create(
        cycle=cycle,
        municipality=oslo.municipality,
        candidate=oslo,
        status=NominationStatus.SUBMITTED,
        reference=cycle.next_reference(),
        nominator_name="",
        nominator_email="post@oslo.kommune.no",
        nominator_kind="municipality",
        is_municipality_material=True,
        reason="Vår presentasjon.",
        submitted_at=cycle.nominations_close_at,
    )
    Answer.objects.create(
        nomination=own,
        criterion=crits[0],
        text='Plan "2030" <vedtatt>\nog fulgt opp.',
        evidence_url="https://example.org/plan?a=1&b=2",
    )
    big = add_attachment(own, "plan <v2>.pdf", criterion=crits[0])
    Attachment.objects.filter(pk=big.pk).update(size=1_500_000)
    add_attachment(first, "vedtak.pdf", criterion=crits[0])
    add_attachment(first, "generelt.pdf")
    review(
        jury.by_name["anne"],
        oslo,
        {
            1: (3, EvidenceMark.CLAIMED, "Godt <dokumentert> & klart"),
            2: (9, "", ""),  # a point no longer on the scale
            3: (None, EvidenceMark.MISSING, ""),
            5: (2, "", ""),
        },
    )
    set_phase(cycle, "deliberation")
    viewer = access.candidate_access(jury.by_name["anne"].user, cycle.pk, oslo.pk)
    return reviews.candidate_page(viewer)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_criterion_blocks_as_the_templates_wrote_them(read_only_page, language):
    page = read_only_page
    cycle, candidate = page.access.cycle, page.access.candidate
    assert not page.editable and len(page.nominations) == 3
    with translation.override(language):
        writer = CriterionWriter(cycle, candidate)
        for block in page.blocks:
            context = {"block": block, "cycle": cycle, "candidate": candidate}
            assert writer.criterion(block) == as_template("_criterion.template", context)
            assert writer.own_score(block) == as_template("_own_score.template", context)
    written = "".join(writer.criterion(block) for block in page.blocks)
    assert "Frivillig &amp; &lt;Sentral&gt;" in written and "a=1&amp;b=2" in written
    assert "plan &lt;v2&gt;.pdf" in written and 'class="cited-clauses"' in written
