"""axe-core finds nothing on the jury's pages, as a juror goes through the year: the conflict
declaration on first login (with its errors), the list of juries, the juror's home, a candidate
page not started, with the discussion's errors, changed in another tab, done, and with the
other jurors' reviews; the chair's deliberation before and after the scores are shown, the
comparison, the result page with its choice, its texts over the readability target, its errors
and its lock; the sign-off page for the chair and for a juror; the secretariat's reading of the
same pages; and the page after logging out."""

import types

import pytest
from django.urls import reverse

from nominations.models import Phase
from scoring import decision
from scoring.models import Review
from tests.scoring.helpers import HARD, chair_of, complete_texts, score_everyone, sign_all

from .scenes import place_in_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jury_url(name, cycle, **kwargs):
    return reverse(f"scoring:{name}", kwargs={"cycle_id": cycle.pk, **kwargs})


def click(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


def test_every_jury_page(open_page, url, axe_scan, jury, conflict, secretariat):
    cycle = jury.cycle
    anne = jury.by_name["anne"]
    criteria = list(cycle.criteria.order_by("position"))
    somna = cycle.candidates.get(municipality__number="1812")
    # Everyone but Anne has scored every candidate; Anne is about to begin.
    score_everyone(
        types.SimpleNamespace(
            cycle=cycle, by_name={k: v for k, v in jury.by_name.items() if k != "anne"}
        )
    )
    anne.conflicts_declared_at = None
    anne.save(update_fields=["conflicts_declared_at"])

    page = open_page(jury_url("home", cycle), user=anne.user)
    assert "/inhabilitet/" in page.url
    axe_scan(page, "conflicts, the first declaration")
    page.locator("table input[type=text]").first.fill("Kjenner ordføreren.")
    click(page, "main form button[type=submit]")
    axe_scan(page, "conflicts, with errors")
    page.locator("table input[type=text]").first.fill("")
    page.check("#id_confirm")
    click(page, "main form button[type=submit]")
    axe_scan(page, "the juror's home, nothing done")
    page.goto(url(jury_url("conflicts", cycle)))
    axe_scan(page, "conflicts, declared")
    page.goto(url(reverse("scoring:index")))
    axe_scan(page, "the list of juries")

    candidate_url = url(jury_url("candidate", cycle, candidate_id=somna.pk))
    page.goto(candidate_url)
    axe_scan(page, "candidate page, not started")
    click(page, ".comment-form button[type=submit]")
    axe_scan(page, "candidate page, an empty comment")
    page.fill("#id_discussion-text", "Hva mener dere om frivillighetsrådet?")
    click(page, ".comment-form button[type=submit]")

    other_tab = page.context.new_page()
    other_tab.goto(candidate_url)
    page.check(f"#id_c{criteria[0].pk}-score_2")
    click(page, ".review-form .form-actions button[type=submit] >> nth=0")
    axe_scan(page, "candidate page, in progress, with a comment")
    click(other_tab, ".review-form .form-actions button[type=submit] >> nth=0")
    assert other_tab.locator("#stale-review").is_visible()
    axe_scan(other_tab, "candidate page, changed in another tab")
    other_tab.close()

    page.goto(candidate_url)
    for criterion in criteria:
        page.check(f"#id_c{criterion.pk}-score_3")
    click(page, ".review-form .form-actions button[type=submit] >> nth=1")
    assert Review.objects.get(member=anne, candidate=somna).is_done
    axe_scan(page, "candidate page, done")
    page.goto(url(jury_url("home", cycle)))
    axe_scan(page, "the juror's home, one done")
    page.goto(url(jury_url("sign_off", cycle)))
    axe_scan(page, "sign-off, before the deliberation")

    chair = open_page(jury_url("deliberation", cycle), user=jury.by_name["leder"].user)
    axe_scan(chair, "deliberation, during the jury phase")
    chair.goto(url(jury_url("home", cycle)))
    axe_scan(chair, "the chair's home")

    place_in_phase(cycle, Phase.DELIBERATION)
    page.goto(candidate_url)
    axe_scan(page, "candidate page, with the other jurors' reviews")

    chair.goto(url(jury_url("deliberation", cycle)))
    axe_scan(chair, "deliberation, the scores")
    boxes = chair.locator("input[name=k]")
    for index in range(3):
        boxes.nth(index).check()
    click(chair, "#compare button[type=submit]")
    axe_scan(chair, "compare three candidates")

    chair.goto(url(jury_url("result", cycle)))
    axe_scan(chair, "result, nothing chosen")
    click(chair, "form[action$='/resultat/finalister/'] button[type=submit]")
    axe_scan(chair, "result, the choice with errors")
    for index in range(3):
        chair.locator("input[name=finalists]").nth(index).check()
    chair.locator("input[name=winner]").first.check()
    click(chair, "form[action$='/resultat/finalister/'] button[type=submit]")
    axe_scan(chair, "result, finalists chosen, no texts")
    chair.goto(url(jury_url("sign_off", cycle)))
    axe_scan(chair, "sign-off, texts missing")
    chair.goto(url(jury_url("result", cycle)))
    chair.fill("#id_justification", HARD)
    click(chair, "form[action$='/resultat/tekster/'] button[type=submit]")
    axe_scan(chair, "result, a justification over the readability target")

    complete_texts(jury)
    chair.goto(url(jury_url("sign_off", cycle)))
    axe_scan(chair, "sign-off, the chair")
    page.goto(url(jury_url("sign_off", cycle)))
    axe_scan(page, "sign-off, a juror")
    sign_all(jury)
    decision.lock(chair_of(jury))
    chair.goto(url(jury_url("result", cycle)))
    axe_scan(chair, "result, locked")
    click(chair, "form[action$='/resultat/las-opp/'] button[type=submit]")
    axe_scan(chair, "result, unlocking without a reason")
    chair.goto(url(jury_url("sign_off", cycle)))
    axe_scan(chair, "sign-off, signed and locked")

    staff = open_page(jury_url("deliberation", cycle), user=secretariat)
    axe_scan(staff, "deliberation, the secretariat")
    staff.goto(url(jury_url("result", cycle)))
    axe_scan(staff, "result, the secretariat")
    staff.goto(candidate_url)
    axe_scan(staff, "candidate page, the secretariat")

    click(page, ".account-links button[type=submit]")
    axe_scan(page, "logged out")

    axe_scan.assert_clean()
