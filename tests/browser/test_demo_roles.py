"""The demo as a newcomer meets it after `make run` (#16): every page says it is a demo, a juror
scores a candidate of the cycle in the jury phase, the chair opens the deliberation of the
fully scored cycle, the secretariat reminds a juror, and the public reads the announced
winner. Found by visible labels and roles, as a person finds them."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from nominations.models import Cycle, Phase
from scoring.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def user(username):
    return get_user_model().objects.get(username=username)


def test_every_role_can_be_tried_in_the_demo(open_page, award_platform, settings, axe_scan):
    settings.DEMO_MODE = True
    call_command("bootstrap", demo=True, stdout=io.StringIO())
    cycles = {c.phase: c for c in Cycle.objects.select_related("award")}

    # The public: the demo says so, and last-but-two year's winner is announced.
    page = open_page("/", language="en")
    assert page.get_by_text("This is a demo with invented content").is_visible()
    axe_scan(page, "the front page with the demo banner")
    announced = cycles[Phase.ANNOUNCED]
    winner = announced.result.winner.municipality.display_name
    page.get_by_role("link", name="Archive").click()
    assert winner in page.inner_text("main")
    page = open_page(
        reverse("public:announcement", args=[announced.award.slug, announced.year]),
        language="en",
    )
    assert winner in page.inner_text("main")
    assert page.get_by_text("This is a demo with invented content").is_visible()

    # A juror: from the list of juries to a candidate of the year in the jury phase, scored.
    scoring = cycles[Phase.JURY]
    page = open_page(reverse("scoring:index"), user=user("jurymedlem1"), language="en")
    page.get_by_role("link", name=str(scoring)).click()
    page.get_by_role("link", name="Go to the next candidate not done").click()
    for criterion in scoring.criteria.order_by("position"):
        group = page.get_by_role(
            "group", name=f"Your review: {criterion.position}. {criterion.title}"
        )
        group.get_by_role("radio").nth(3).check()
    page.get_by_role("button", name="Save and mark the review done").click()
    assert "marked done" in page.locator(".messages").inner_text()
    review = Review.objects.get(member__user__username="jurymedlem1", candidate__cycle=scoring)
    assert review.is_done and {s.value for s in review.scores.all()} == {4}

    # The chair: the deliberation of the fully scored year.
    deliberating = cycles[Phase.DELIBERATION]
    page = open_page(reverse("scoring:index"), user=user("juryleder"), language="en")
    page.get_by_role("link", name=str(deliberating)).click()
    page.get_by_role("link", name=re.compile("The deliberation")).click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert "/drofting/" in page.url

    # The secretariat: its home, and a reminder to a juror of the year in the jury phase.
    page = open_page(reverse("scoring:index"), user=user("sekretariat"), language="en")
    page.get_by_role("navigation", name="Other years").get_by_role(
        "link", name=str(scoring)
    ).click()
    page.get_by_role("button", name="Send a reminder to Stian Medlem").click()
    assert "A reminder was sent to Stian Medlem." in page.locator(".messages").inner_text()
    assert mail.outbox[-1].to == ["jurymedlem2@example.org"]
    axe_scan(page, "the secretariat's home after a reminder")

    # The error pages a person may meet, in the site's layout.
    page = open_page("/finnes-ikke/")
    assert page.get_by_role("link", name="Forsiden").is_visible()
    axe_scan(page, "the 404")
    page = open_page(reverse("nominations:nomination", args=["utgatt-lenke"]))
    axe_scan(page, "the 404 of a private link")
    axe_scan.assert_clean()
