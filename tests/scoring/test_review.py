"""The candidate page and the review: who may see it, saving and autosaving scores, two tabs,
done and reopen, read-only after the jury phase, blindness, the discussion, attachments and
query counts."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from nominations.defaults import DEFAULT_CRITERIA
from nominations.models import (
    Answer,
    Criterion,
    Nomination,
    NominationStatus,
    NominatorKind,
    ScalePoint,
)
from scoring.models import (
    EvidenceMark,
    JuryComment,
    RevealPolicy,
    Review,
    Score,
)

from ..factories import make_cycle
from ..languages import choose
from .helpers import add_attachment, criteria, set_phase, url

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
POST_ENDPOINTS = ("autosave", "mark_done", "reopen", "comment")
SCORE_INPUT = re.compile(r'name="c\d+-score"')


# --- Helpers -------------------------------------------------------------------------------------


def review_data(cycle, version=0, values=None, comments=None, evidence=None, overall=""):
    """The whole review form as posted: values/comments/evidence map a position to a value;
    `values` defaults to a score on every criterion."""
    crits = criteria(cycle)
    if values is None:
        values = {c.position: 3 for c in crits}
    data = {"version": str(version), "overall_comment": overall}
    for c in crits:
        if values.get(c.position) is not None:
            data[f"c{c.pk}-score"] = str(values[c.position])
        data[f"c{c.pk}-comment"] = (comments or {}).get(c.position, "")
        data[f"c{c.pk}-evidence"] = (evidence or {}).get(c.position, "")
    return data


def done_review(member, candidate, values=None, comment="", overall=""):
    """A review stored directly, marked done."""
    review = Review.objects.create(
        member=member,
        candidate=candidate,
        version=2,
        done_at=timezone.now(),
        overall_comment=overall,
    )
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=c,
            value=(values or {}).get(c.position, 4),
            comment=comment,
            evidence=EvidenceMark.DOCUMENTED,
        )
        for c in criteria(candidate.cycle)
    )
    return review


def get_all(client, candidate, attachment):
    """Every endpoint once: (name, response)."""
    yield "candidate", client.get(url("candidate", candidate))
    yield "candidate-post", client.post(url("candidate", candidate), review_data(candidate.cycle))
    for name in POST_ENDPOINTS:
        yield name, client.post(url(name, candidate), {"discussion-text": "Hei"})
    yield "attachment", client.get(url("attachment", candidate, attachment_id=attachment.pk))


@pytest.fixture
def oslo_file(oslo):
    return add_attachment(oslo.nominations.first())


# --- Permissions ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in_everywhere(client, oslo, oslo_file):
    # A nominator's private link gives no way in either: they are anonymous here.
    nomination = oslo.nominations.first()
    assert client.get(nomination.get_private_url()).status_code == 200
    login_url = resolve_url(settings.LOGIN_URL)
    for name, response in get_all(client, oslo, oslo_file):
        assert response.status_code == 302, name
        assert response.url.startswith(login_url), name
    assert not Review.objects.exists()
    assert not JuryComment.objects.exists()


def test_user_without_a_seat_gets_404_everywhere(client, django_user_model, oslo, oslo_file):
    client.force_login(django_user_model.objects.create_user("utenfor", password="pw"))
    for name, response in get_all(client, oslo, oslo_file):
        assert response.status_code == 404, name


def test_staff_without_the_permission_gets_404(client, django_user_model, oslo, oslo_file):
    client.force_login(django_user_model.objects.create_user("ansatt", is_staff=True))
    for name, response in get_all(client, oslo, oslo_file):
        assert response.status_code == 404, name


def test_juror_of_another_cycle_gets_404_everywhere(login, other_juror, oslo, oslo_file):
    client = login(other_juror)
    for name, response in get_all(client, oslo, oslo_file):
        assert response.status_code == 404, name
    assert not Review.objects.exists()


def test_juror_in_conflict_gets_404_everywhere(login, jury, conflict, oslo, oslo_file, somna):
    client = login(jury.by_name["cato"])
    for name, response in get_all(client, oslo, oslo_file):
        assert response.status_code == 404, name
    assert not Review.objects.exists()
    assert not JuryComment.objects.exists()
    # Another candidate is open to them.
    assert client.get(url("candidate", somna)).status_code == 200


def test_a_lifted_conflict_opens_the_candidate(login, jury, conflict, oslo):
    conflict.lifted_at = timezone.now()
    conflict.save()
    assert login(jury.by_name["cato"]).get(url("candidate", oslo)).status_code == 200


def test_members_and_the_chair_see_the_page(login, jury, oslo, oslo_file):
    for name in ("leder", "anne"):
        client = login(jury.by_name[name])
        response = client.get(url("candidate", oslo))
        assert response.status_code == 200
        assert response.content.decode().count("<h1") == 1
        assert f'name="c{criteria(jury.cycle)[0].pk}-score"' in response.content.decode()
        file_response = client.get(url("attachment", oslo, attachment_id=oslo_file.pk))
        assert file_response.status_code == 200


def test_ineligible_candidate_is_404(login, jury, oslo):
    oslo.eligibility = "ineligible"
    oslo.save()
    assert login(jury.by_name["anne"]).get(url("candidate", oslo)).status_code == 404


def test_juror_who_has_not_declared_conflicts_is_sent_to_declare(login, jury, oslo):
    member = jury.by_name["anne"]
    member.conflicts_declared_at = None
    member.save()
    client = login(member)
    conflicts_url = reverse("scoring:conflicts", kwargs={"cycle_id": jury.cycle.pk})
    response = client.get(url("candidate", oslo))
    assert response.status_code == 302 and response.url == conflicts_url
    assert client.post(url("candidate", oslo), review_data(jury.cycle)).url == conflicts_url
    assert client.post(url("autosave", oslo), review_data(jury.cycle)).status_code == 403
    assert not Review.objects.exists()


def test_secretariat_reads_without_scores_and_cannot_score(client, jury, secretariat, oslo):
    done_review(jury.by_name["anne"], oslo, comment="ANNE-SECRET-COMMENT")
    set_phase(jury.cycle, "deliberation")
    client.force_login(secretariat)
    response = choose(client, "en").get(url("candidate", oslo))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ANNE-SECRET-COMMENT" not in html
    assert not SCORE_INPUT.search(html)
    assert "You are reading as the secretariat" in html
    set_phase(jury.cycle, "jury")
    assert client.post(url("autosave", oslo), review_data(jury.cycle)).status_code == 403
    assert client.post(url("candidate", oslo), review_data(jury.cycle)).status_code == 403
    assert client.post(url("mark_done", oslo)).status_code == 403
    assert client.post(url("reopen", oslo)).status_code == 403
    assert Review.objects.count() == 1


def test_secretariat_who_is_a_juror_in_conflict_gets_404(login, jury, conflict, oslo):
    user = jury.by_name["cato"].user
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_jurycomment"))
    assert login(jury.by_name["cato"]).get(url("candidate", oslo)).status_code == 404


# --- What the page shows -------------------------------------------------------------------------


def test_page_shows_submitted_nominations_answers_and_criteria(client, login, jury, somna):
    cycle = jury.cycle
    first = criteria(cycle)[0]
    nomination = somna.nominations.first()
    answer = nomination.answers.get(criterion=first)
    answer.evidence_url = "https://somna.kommune.no/vedtak"
    answer.save()
    nomination.nominator_phone = "+47 912 34 567"
    nomination.organisation_name = "Sømna frivilligsentral"
    nomination.save()
    own = Nomination.objects.create(
        cycle=cycle,
        municipality=somna.municipality,
        candidate=somna,
        status=NominationStatus.SUBMITTED,
        is_municipality_material=True,
        nominator_kind=NominatorKind.MUNICIPALITY,
        nominator_name="Ordfører",
        nominator_email="postmottak@somna.kommune.no",
        reason="Kommunens egen presentasjon.",
        submitted_at=timezone.now() - 5 * DAY,
    )
    Nomination.objects.create(
        cycle=cycle,
        municipality=somna.municipality,
        candidate=somna,
        status=NominationStatus.WITHDRAWN,
        nominator_name="Trukket Innsender",
        reason="TRUKKET-BEGRUNNELSE",
    )
    Nomination.objects.create(
        cycle=cycle,
        municipality=somna.municipality,
        candidate=somna,
        status=NominationStatus.DRAFT,
        reason="UTKAST-BEGRUNNELSE",
    )
    html = choose(login(jury.by_name["anne"]), "en").get(url("candidate", somna)).content.decode()

    assert "Begrunnelse 0 for Sømna." in html and "Begrunnelse 1 for Sømna." in html
    assert f"Svar 0 på {first.title}." in html and f"Svar 1 på {first.title}." in html
    assert "https://somna.kommune.no/vedtak" in html
    assert "Sømna frivilligsentral" in html
    assert "Kommunens egen presentasjon." in html
    assert "The municipality's own material" in html
    assert "TRUKKET-BEGRUNNELSE" not in html and "UTKAST-BEGRUNNELSE" not in html
    # Names and organisations, never contact details.
    for email in somna.nominations.exclude(nominator_email="").values_list(
        "nominator_email", flat=True
    ):
        assert email not in html
    assert own.nominator_email not in html
    assert "912 34 567" not in html
    # Each criterion: question, guidance, weight, cited clauses linking to the platform.
    assert first.question in html
    assert first.jury_guidance.split(".")[0] in html
    clause = first.clauses.first()
    assert clause.get_absolute_url() in html
    assert html.count('class="review-criterion"') == len(DEFAULT_CRITERIA)
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))  # no level skipped
    # Radio buttons with each point's description, in a fieldset with a legend.
    point = first.scale_points.get(value=4)
    assert f"4 – {point.description}" in html
    assert f'name="c{first.pk}-score"' in html and "<legend>" in html
    # The script is loaded from a file, configured with data attributes.
    assert "js/review.js" in html and "data-autosave-url=" in html
    assert "<script>" not in html


# --- Saving --------------------------------------------------------------------------------------


def test_plain_form_saves_and_reads_back(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    crits = criteria(jury.cycle)
    data = review_data(
        jury.cycle,
        values={1: 5, 2: 2},
        comments={1: "Tydelig dialog."},
        evidence={1: EvidenceMark.DOCUMENTED, 2: EvidenceMark.CLAIMED},
        overall="God kandidat.",
    )
    response = client.post(url("candidate", somna), data)
    assert response.status_code == 302 and response.url == url("candidate", somna)

    review = Review.objects.get(member=jury.by_name["anne"], candidate=somna)
    assert review.version == 1 and review.overall_comment == "God kandidat."
    scores = {s.criterion.position: s for s in review.scores.all()}
    assert scores[1].value == 5 and scores[1].comment == "Tydelig dialog."
    assert scores[1].evidence == EvidenceMark.DOCUMENTED
    assert scores[2].value == 2 and scores[2].evidence == EvidenceMark.CLAIMED
    assert 3 not in scores

    page = client.get(response.url)
    html = page.content.decode()
    assert "Saved at" in html
    assert f'value="5" id="id_c{crits[0].pk}-score_4" checked' in html
    assert "Tydelig dialog." in html and "God kandidat." in html
    assert 'name="version" value="1"' in html


def test_save_message_in_norwegian_page(login, jury, somna):
    client = login(jury.by_name["anne"])
    response = client.post(url("candidate", somna), review_data(jury.cycle), follow=True)
    html = response.content.decode()
    # Norwegian time, written as Norwegians write it: "Lagret kl. 14.32".
    saved = timezone.localtime(Review.objects.get().updated_at).strftime("%H.%M")
    assert '<html lang="nb">' in html
    assert re.search(rf'class="message message--success">[^<]*kl\. {re.escape(saved)}', html)


def test_score_out_of_range_is_refused_and_nothing_stored(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    first = criteria(jury.cycle)[0]
    for bad in ("7", "0", "x", "-1"):
        data = review_data(jury.cycle, overall="skal ikke lagres")
        data[f"c{first.pk}-score"] = bad
        response = client.post(url("candidate", somna), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Choose one of the points on the scale (1–5)." in html
        assert 'class="error-summary"' in html
        assert f'id="id_c{first.pk}-score_error"' in html
        assert client.post(url("autosave", somna), data).status_code == 400
    assert not Review.objects.exists()
    assert not Score.objects.exists()


def test_criterion_of_another_cycle_is_refused(login, jury, somna):
    other = make_cycle(jury.cycle.award, jury.cycle.year - 1)
    foreign = other.criteria.first()
    client = choose(login(jury.by_name["anne"]), "en")
    data = review_data(jury.cycle)
    data[f"c{foreign.pk}-score"] = "3"
    response = client.post(url("candidate", somna), data)
    assert response.status_code == 400
    assert "not part of this cycle" in response.content.decode()
    assert client.post(url("autosave", somna), data).status_code == 400
    assert not Score.objects.exists() and not Review.objects.exists()


def test_a_review_is_always_ones_own(login, jury, somna):
    """Nothing in the request can point at another juror's review."""
    bjorn = done_review(jury.by_name["bjorn"], somna, comment="Bjørns")
    client = login(jury.by_name["anne"])
    data = review_data(jury.cycle, comments={1: "Annes"})
    data["review"] = str(bjorn.pk)
    data["member"] = str(jury.by_name["bjorn"].pk)
    assert client.post(url("candidate", somna), data).status_code == 302
    bjorn.refresh_from_db()
    assert bjorn.version == 2
    assert set(bjorn.scores.values_list("comment", flat=True)) == {"Bjørns"}
    assert (
        Review.objects.get(member=jury.by_name["anne"]).scores.get(criterion__position=1).comment
        == "Annes"
    )


def test_autosave_round_trip(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    first = criteria(jury.cycle)[0]
    response = client.post(
        url("autosave", somna), review_data(jury.cycle, values={1: 4}, comments={1: "Utkast"})
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["message"].startswith("Saved at")
    assert datetime.datetime.fromisoformat(body["saved_at"])

    response = client.post(
        url("autosave", somna),
        review_data(jury.cycle, version=1, values={1: 5}, comments={1: "Utkast to"}),
    )
    assert response.json()["version"] == 2
    score = Score.objects.get(criterion=first)
    assert (score.value, score.comment) == (5, "Utkast to")

    html = client.get(url("candidate", somna)).content.decode()
    assert 'name="version" value="2"' in html and "Utkast to" in html
    assert 'aria-live="polite"' in html and "Saved at" in html


def test_autosave_answers_json_errors(login, jury, somna):
    client = login(jury.by_name["anne"])
    assert client.get(url("autosave", somna)).status_code == 405
    response = client.post(url("autosave", somna), {"overall_comment": "uten versjon"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_two_tabs_do_not_overwrite_each_other(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    # Tab one saves; tab two still has version 0.
    client.post(url("autosave", somna), review_data(jury.cycle, overall="FRA FANE EN"))
    stale = review_data(jury.cycle, values={1: 1}, overall="FRA FANE TO")

    response = client.post(url("autosave", somna), stale)
    assert response.status_code == 409
    assert "changed in another tab" in json.loads(response.content)["message"]

    response = client.post(url("candidate", somna), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed in another tab" in html
    assert "FRA FANE EN" in html and "FRA FANE TO" in html  # stored and typed, side by side
    # The form now carries the stored version: saving again replaces it, knowingly.
    assert 'name="version" value="1"' in html

    review = Review.objects.get()
    assert review.version == 1 and review.overall_comment == "FRA FANE EN"
    assert set(review.scores.values_list("value", flat=True)) == {3}

    again = review_data(jury.cycle, version=1, values={1: 1}, overall="FRA FANE TO")
    assert client.post(url("candidate", somna), again).status_code == 302
    review.refresh_from_db()
    assert review.version == 2 and review.overall_comment == "FRA FANE TO"


def test_typed_text_survives_when_the_other_tab_marked_it_done(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    client.post(url("mark_done", somna), review_data(jury.cycle))
    response = client.post(url("candidate", somna), review_data(jury.cycle, overall="SENT TEKST"))
    assert response.status_code == 409
    assert "SENT TEKST" in response.content.decode()
    assert Review.objects.get().overall_comment == ""


# --- Done and reopen -----------------------------------------------------------------------------


def test_done_requires_every_criterion(login, jury, somna):
    client = choose(login(jury.by_name["anne"]), "en")
    crits = criteria(jury.cycle)
    data = review_data(jury.cycle, values={1: 3, 2: 3, 3: 3, 4: 3}, overall="Nesten")
    response = client.post(url("mark_done", somna), data, follow=True)
    review = Review.objects.get()
    assert review.done_at is None
    # What was typed is saved even so, and the missing criterion is named.
    assert review.overall_comment == "Nesten" and review.scores.count() == 4
    html = response.content.decode()
    assert "Give a score on every criterion" in html
    assert f"5. {crits[4].title}" in html
    assert f"1. {crits[0].title};" not in html

    response = client.post(url("mark_done", somna), review_data(jury.cycle, version=review.version))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.done_at is not None
    html = client.get(url("candidate", somna)).content.decode()
    assert not SCORE_INPUT.search(html)  # read-only once done
    assert "Reopen the review" in html
    # A done review is not changed by a save.
    refused = client.post(url("autosave", somna), review_data(jury.cycle, version=review.version))
    assert refused.status_code == 409


def test_bare_done_post(login, jury, somna):
    client = login(jury.by_name["anne"])
    client.post(url("mark_done", somna))
    assert not Review.objects.filter(done_at__isnull=False).exists()
    client.post(url("candidate", somna), review_data(jury.cycle))
    assert client.post(url("mark_done", somna)).status_code == 302
    assert Review.objects.get().is_done


def test_reopen(login, jury, somna):
    review = done_review(jury.by_name["anne"], somna)
    client = login(jury.by_name["anne"])
    assert client.post(url("reopen", somna)).status_code == 302
    review.refresh_from_db()
    assert review.done_at is None and review.version == 3
    html = client.get(url("candidate", somna)).content.decode()
    assert 'name="version" value="3"' in html


# --- Read-only outside the jury phase ------------------------------------------------------------


@pytest.mark.parametrize("phase", ["deliberation", "announced", "screening"])
def test_read_only_outside_the_jury_phase(login, jury, somna, phase):
    review = done_review(jury.by_name["anne"], somna, comment="Lagret før")
    review.done_at = None
    review.save()
    set_phase(jury.cycle, phase)
    client = choose(login(jury.by_name["anne"]), "en")
    response = client.get(url("candidate", somna))
    html = response.content.decode()
    assert response.status_code == 200
    assert not SCORE_INPUT.search(html) and "js/review.js" not in html
    assert "read-only" in html and "Lagret før" in html

    data = review_data(jury.cycle, version=review.version, values={1: 1})
    response = client.post(url("candidate", somna), data)
    assert response.status_code == 403
    assert "The jury phase is over" in response.content.decode()
    assert client.post(url("autosave", somna), data).status_code == 403
    assert client.post(url("mark_done", somna), data).status_code == 403
    assert client.post(url("mark_done", somna)).status_code == 403
    assert client.post(url("reopen", somna)).status_code == 403
    review.refresh_from_db()
    assert review.version == 2 and review.done_at is None
    assert set(review.scores.values_list("value", flat=True)) == {4}


def test_no_reopen_after_the_jury_phase(login, jury, somna):
    review = done_review(jury.by_name["anne"], somna)
    set_phase(jury.cycle, "deliberation")
    client = login(jury.by_name["anne"])
    assert client.post(url("reopen", somna)).status_code == 403
    review.refresh_from_db()
    assert review.is_done


# --- Blind first ---------------------------------------------------------------------------------


def test_blind_until_own_review_done_and_deliberation(login, jury, conflict, oslo):
    done_review(jury.by_name["anne"], oslo, values={1: 2}, comment="ANNE-SECRET-COMMENT")
    # Cato reviewed Oslo before declaring the conflict: that review is never shown.
    done_review(jury.by_name["cato"], oslo, comment="CATO-INHABIL-COMMENT")
    client = choose(login(jury.by_name["bjorn"]), "en")

    html = client.get(url("candidate", oslo)).content.decode()
    assert "ANNE-SECRET-COMMENT" not in html and "other-reviews" not in html

    # Bjørn's own review done, still the jury phase: the default policy waits for deliberation.
    client.post(url("mark_done", oslo), review_data(jury.cycle))
    assert Review.objects.get(member=jury.by_name["bjorn"]).is_done
    html = client.get(url("candidate", oslo)).content.decode()
    assert "ANNE-SECRET-COMMENT" not in html and "other-reviews" not in html

    set_phase(jury.cycle, "deliberation")
    html = client.get(url("candidate", oslo)).content.decode()
    assert "ANNE-SECRET-COMMENT" in html and "other-reviews" in html
    assert "Anne Jurymedlem" in html
    assert "CATO-INHABIL-COMMENT" not in html


def test_in_deliberation_not_done_still_blind(login, jury, oslo):
    done_review(jury.by_name["anne"], oslo, comment="ANNE-SECRET-COMMENT")
    set_phase(jury.cycle, "deliberation")
    html = login(jury.by_name["bjorn"]).get(url("candidate", oslo)).content.decode()
    assert "ANNE-SECRET-COMMENT" not in html and "other-reviews" not in html


def test_policy_after_own_review_reveals_in_the_jury_phase(login, jury, oslo):
    jury.reveal_policy = RevealPolicy.AFTER_OWN_REVIEW
    jury.save()
    done_review(jury.by_name["anne"], oslo, comment="ANNE-SECRET-COMMENT")
    client = choose(login(jury.by_name["bjorn"]), "en")
    assert "ANNE-SECRET-COMMENT" not in client.get(url("candidate", oslo)).content.decode()
    client.post(url("mark_done", oslo), review_data(jury.cycle))
    html = client.get(url("candidate", oslo)).content.decode()
    assert "ANNE-SECRET-COMMENT" in html


def test_policy_never_keeps_jurors_blind(login, jury, oslo):
    jury.reveal_policy = RevealPolicy.NEVER
    jury.save()
    done_review(jury.by_name["anne"], oslo, comment="ANNE-SECRET-COMMENT")
    done_review(jury.by_name["bjorn"], oslo)
    set_phase(jury.cycle, "deliberation")
    html = login(jury.by_name["bjorn"]).get(url("candidate", oslo)).content.decode()
    assert "ANNE-SECRET-COMMENT" not in html


def test_in_progress_scores_of_others_are_never_shown(login, jury, oslo):
    review = done_review(jury.by_name["anne"], oslo, comment="ANNE-UTKAST")
    review.done_at = None
    review.save()
    done_review(jury.by_name["bjorn"], oslo)
    set_phase(jury.cycle, "deliberation")
    html = choose(login(jury.by_name["bjorn"]), "en").get(url("candidate", oslo)).content.decode()
    assert "ANNE-UTKAST" not in html
    assert "Not done yet:" in html and "Anne Jurymedlem" in html


# --- Discussion ----------------------------------------------------------------------------------


def test_discussion(login, client, jury, conflict, oslo, secretariat):
    anne = login(jury.by_name["anne"])
    response = anne.post(url("comment", oslo), {"discussion-text": "Sterk på punkt 4."})
    assert response.status_code == 302
    comment = JuryComment.objects.get()
    assert comment.author == jury.by_name["anne"].user and comment.candidate == oslo

    html = choose(login(jury.by_name["bjorn"]), "en").get(url("candidate", oslo)).content.decode()
    assert "Sterk på punkt 4." in html and "Anne Jurymedlem" in html

    cato = login(jury.by_name["cato"])
    assert cato.get(url("candidate", oslo)).status_code == 404
    assert cato.post(url("comment", oslo), {"discussion-text": "Nei"}).status_code == 404

    client.force_login(secretariat)
    html = client.get(url("candidate", oslo)).content.decode()
    assert "Sterk på punkt 4." in html
    assert (
        client.post(url("comment", oslo), {"discussion-text": "Fra sekretariatet."}).status_code
        == 302
    )
    assert JuryComment.objects.count() == 2


def test_empty_comment_refused(login, jury, oslo):
    client = choose(login(jury.by_name["anne"]), "en")
    response = client.post(url("comment", oslo), {"discussion-text": "  "})
    assert response.status_code == 400
    assert "Write the comment before posting it." in response.content.decode()
    assert not JuryComment.objects.exists()


def test_discussion_open_in_deliberation_closed_after_announcement(login, jury, oslo):
    client = login(jury.by_name["anne"])
    set_phase(jury.cycle, "deliberation")
    assert client.post(url("comment", oslo), {"discussion-text": "Ja"}).status_code == 302
    set_phase(jury.cycle, "announced")
    assert client.post(url("comment", oslo), {"discussion-text": "Nei"}).status_code == 403
    assert JuryComment.objects.count() == 1


# --- Attachments ---------------------------------------------------------------------------------


def test_attachments(login, jury, oslo, somna):
    nomination = oslo.nominations.first()
    first = criteria(jury.cycle)[0]
    general = add_attachment(nomination, "plan.pdf")
    evidence = add_attachment(nomination, "vedtak.pdf", criterion=first)
    client = login(jury.by_name["anne"])

    html = client.get(url("candidate", oslo)).content.decode()
    for item in (general, evidence):
        assert url("attachment", oslo, attachment_id=item.pk) in html
        assert item.token not in html  # only the jury's own route

    response = client.get(url("attachment", oslo, attachment_id=evidence.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "vedtak.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    # Another candidate's URL with this file: 404.
    assert client.get(url("attachment", somna, attachment_id=evidence.pk)).status_code == 404
    # A withdrawn nomination's files are gone with it.
    nomination.withdraw("feil")
    assert client.get(url("attachment", oslo, attachment_id=evidence.pk)).status_code == 404


# --- Query counts --------------------------------------------------------------------------------


def grow(cycle, candidate, nominations, extra_criteria, jurors):
    """More nominations (each with two files), criteria and done reviews for one candidate."""
    platform_clause = Criterion.objects.filter(cycle=cycle).first().clauses.first()
    start = cycle.criteria.count()
    for i in range(extra_criteria):
        criterion = Criterion.objects.create(
            cycle=cycle,
            position=start + i + 1,
            title=f"Ekstra {i}",
            question="Spørsmål?",
            jury_guidance="Se etter vedtak.",
            weight=Decimal("1"),
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(criterion=criterion, value=v, description=f"Punkt {v}") for v in range(1, 6)
        )
        criterion.clauses.add(platform_clause, through_defaults={"position": 1})
    crits = list(cycle.criteria.all())
    have = candidate.nominations.count()
    for n in range(have, nominations):
        nomination = Nomination.objects.create(
            cycle=cycle,
            municipality=candidate.municipality,
            candidate=candidate,
            status=NominationStatus.SUBMITTED,
            nominator_name=f"Innsender {n}",
            nominator_kind="organisation",
            reason=f"Begrunnelse {n}",
            submitted_at=timezone.now() - DAY,
        )
        Answer.objects.bulk_create(
            Answer(nomination=nomination, criterion=c, text=f"Svar {n}") for c in crits
        )
    for nomination in candidate.nominations.all():
        Answer.objects.bulk_create(
            [
                Answer(nomination=nomination, criterion=c, text="Svar")
                for c in crits
                if not nomination.answers.filter(criterion=c).exists()
            ]
        )
        add_attachment(nomination, "plan.pdf")
        add_attachment(nomination, "vedtak.pdf", criterion=crits[0])
    for member in jurors:
        done_review(member, candidate, comment="Kommentar")
        JuryComment.objects.create(candidate=candidate, author=member.user, text="Innlegg")


@pytest.mark.parametrize("size", [(5, 0), (30, 7)])
def test_candidate_page_query_count_is_constant(
    login, jury, somna, size, django_assert_max_num_queries
):
    nominations, extra_criteria = size
    cycle = jury.cycle
    jurors = [jury.by_name[n] for n in ("leder", "bjorn", "cato")]
    grow(cycle, somna, nominations, extra_criteria, jurors)
    anne = jury.by_name["anne"]
    done_review(anne, somna)
    set_phase(cycle, "deliberation")  # the fullest page: others' reviews are shown
    client = login(anne)
    client.get(url("candidate", somna))  # warm the session
    assert somna.nominations.count() == nominations
    # 14: one of them reads the device that verified the login's second factor (django-otp).
    with django_assert_max_num_queries(14):
        response = client.get(url("candidate", somna))
    html = response.content.decode()
    assert response.status_code == 200
    criteria = len(DEFAULT_CRITERIA) + extra_criteria
    assert html.count('<li class="answer-card') == nominations * criteria
    assert "other-reviews" in html


@pytest.mark.parametrize("nominations", [5, 30])
def test_editable_page_query_count_is_constant(
    login, jury, somna, nominations, django_assert_max_num_queries
):
    grow(jury.cycle, somna, nominations, 0, [])
    client = login(jury.by_name["anne"])
    client.post(url("candidate", somna), review_data(jury.cycle))
    client.get(url("candidate", somna))
    # 14: one of them reads the device that verified the login's second factor (django-otp).
    with django_assert_max_num_queries(14):
        assert client.get(url("candidate", somna)).status_code == 200


def test_autosave_query_count_is_constant(login, jury, somna, django_assert_max_num_queries):
    """A save costs the same few queries whether the candidate has 5 nominations or 30, the
    cycle 5 criteria or 12, and the other jurors have all reviewed it."""
    anne = jury.by_name["anne"]
    client = login(anne)

    def form(version):
        """What the page posts: built before the request, so that its queries are not counted."""
        crits = criteria(jury.cycle)
        values = {c.position: 1 + (version + c.position) % 5 for c in crits}
        comments = {c.position: f"Utkast {version}" for c in crits}
        return review_data(jury.cycle, version, values, comments)

    def post(data):
        response = client.post(url("autosave", somna), data)
        assert response.status_code == 200, response.content
        return response.json()["version"]

    version = post(form(0))
    data = form(version)
    # Session, user, device, seat, candidate (its conflicts checked in the same query), criteria
    # and their scales (read once, for the form and the save), the savepoint and its release, the
    # locked review and its scores, the updates, the cycle's results_version (scoring/signals.py)
    # and the audit entry: 15.
    with django_assert_max_num_queries(15) as small:
        version = post(data)
    few = len(small.captured_queries)  # before the next request clears the log
    grow(jury.cycle, somna, 30, 7, [jury.by_name[n] for n in ("leder", "bjorn", "cato")])
    version = post(form(version))  # the new criteria get their first scores
    data = form(version)
    with django_assert_max_num_queries(few):
        post(data)
    review = Review.objects.get(member=anne, candidate=somna)
    assert review.scores.count() == len(DEFAULT_CRITERIA) + 7 and review.version == 4
