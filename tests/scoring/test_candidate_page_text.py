"""What nominators and jurors wrote shows on a candidate's jury page as text, never as markup:
the criterion blocks (nominators, answers, links, files, the juror's own scores) and the other
jurors' reviews, with missing scores and marks written as such."""

import pytest
from django.utils import timezone

from nominations.models import Answer, Attachment, Nomination, NominationStatus
from scoring.models import EvidenceMark, Review, Score

from .helpers import add_attachment, criteria, set_phase, url

pytestmark = pytest.mark.django_db


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


def oslo_of(cycle):
    return cycle.candidates.get(municipality__number="0301")


def page_of(client, candidate):
    response = client.get(url("candidate", candidate))
    assert response.status_code == 200
    return response.content.decode()


def test_the_other_jurors_reviews_show_their_text_escaped(jury, login):
    cycle = jury.cycle
    oslo = oslo_of(cycle)
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
        },
        overall="Samlet: <b>godt</b> & 'bredt'",
    )
    review(members["leder"], oslo, {1: (1, "", "Utkast")}, done=False)
    set_phase(cycle, "deliberation")
    page = page_of(login(members["anne"]), oslo)
    assert "Kommentarer fra Bjørn &amp; &lt;Co&gt;" in page
    assert "Sterk &quot;plan&quot; &amp; &lt;god&gt; oppfølging" in page
    assert "Samlet: &lt;b&gt;godt&lt;/b&gt; &amp; &#x27;bredt&#x27;" in page
    assert "<b>godt</b>" not in page and "<god>" not in page
    assert '<span class="score-value">5</span>' in page
    assert f'<br><span class="muted">{EvidenceMark.MISSING.label}</span>' in page
    assert "Ikke ferdig ennå:" in page  # the chair's review is not done


def test_the_criterion_blocks_show_the_nominations_text_escaped(jury, login):
    cycle = jury.cycle
    oslo = oslo_of(cycle)
    crits = criteria(cycle)
    crits[3].title = "Samarbeid & <dialog>"
    crits[3].save()
    first = oslo.nominations.order_by("pk").first()
    first.organisation_name = "Frivillig & <Sentral>"
    first.save()
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
    anne = jury.by_name["anne"]
    review(anne, oslo, {1: (3, EvidenceMark.CLAIMED, "Godt <dokumentert> & klart")})
    set_phase(cycle, "deliberation")  # read-only: the juror's own scores under each criterion
    page = page_of(login(anne), oslo)
    assert "Samarbeid &amp; &lt;dialog&gt;" in page and "<dialog>" not in page
    assert "Frivillig &amp; &lt;Sentral&gt;" in page
    assert "Plan &quot;2030&quot; &lt;vedtatt&gt;" in page
    assert 'href="https://example.org/plan?a=1&amp;b=2"' in page
    assert "plan &lt;v2&gt;.pdf</a> (1,4\xa0MB)" in page
    assert "Godt &lt;dokumentert&gt; &amp; klart" in page
    assert 'class="cited-clauses"' in page
