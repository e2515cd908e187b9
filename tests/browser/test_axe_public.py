"""axe-core finds nothing on any public page, in any phase of the year: the front page and the
call as the cycle moves from upcoming to announced, the finalists and the announcement once
public (and as the secretariat's preview before), the archive with and without its filters, a
municipality's page, the platforms, privacy, this site's accessibility statement, the login
page and the page where a juror chooses a password.

What is checked (checks.AXE_TAGS) is what the accessibility statement says is checked."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from nominations.defaults import add_default_criteria
from nominations.models import Cycle, Phase
from platforms.models import Platform
from scoring.models import Result
from tests.factories import add_candidates
from tests.scoring.helpers import decide

from .scenes import place_in_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBERS = ("1812", "5001", "4601", "1106", "0301")


@pytest.fixture
def years(award):
    """Last year announced, with the jury's texts; this year's candidates, decided too, so
    that each phase has everything its pages can show."""
    year = timezone.localdate().year
    cycles = []
    for offset in (1, 0):
        cycle = Cycle.objects.create(
            award=award, year=year - offset, is_published=True, **Cycle.default_times(year)
        )
        add_default_criteria(cycle)
        add_candidates(cycle, numbers=NUMBERS, nominations_each=1)
        decide(cycle, "1812" if offset else "5001", ("1812", "5001", "4601"))
        cycles.append(cycle)
    place_in_phase(cycles[0], Phase.ANNOUNCED)
    return cycles


def test_every_public_page_in_every_phase(open_page, url, axe_scan, years, secretariat):
    last, this = years
    slug = this.award.slug
    visitor = open_page()
    preview = open_page(user=secretariat)

    for phase in (
        Phase.UPCOMING,
        Phase.OPEN,
        Phase.SCREENING,
        Phase.JURY,
        Phase.DELIBERATION,
        Phase.FINALISTS,
        Phase.ANNOUNCED,
    ):
        place_in_phase(this, phase)
        visitor.goto(url("/"))
        axe_scan(visitor, f"front page ({phase})")
        visitor.goto(url(reverse("nominations:start")))
        axe_scan(visitor, f"the call ({phase})")
        if phase in (Phase.FINALISTS, Phase.ANNOUNCED):
            visitor.goto(url(reverse("public:finalists", args=[slug, this.year])))
            axe_scan(visitor, f"finalists ({phase})")
        if phase == Phase.ANNOUNCED:
            visitor.goto(url(reverse("public:announcement", args=[slug, this.year])))
            axe_scan(visitor, f"announcement ({phase})")
        if phase == Phase.DELIBERATION:
            preview.goto(url(reverse("public:finalists", args=[slug, this.year])))
            axe_scan(preview, "finalists, the secretariat's preview")
            preview.goto(url(reverse("public:announcement", args=[slug, this.year])))
            axe_scan(preview, "announcement, the secretariat's preview")

    # Unlocked after publication, then locked again (#21): the notice, then the corrected pages.
    result = Result.objects.get(cycle=this)
    locked_at = result.locked_at
    Result.objects.filter(pk=result.pk).update(locked_at=None, corrected_at=timezone.now())
    for path in ("/", reverse("public:announcement", args=[slug, this.year])):
        visitor.goto(url(path))
        axe_scan(visitor, f"{path}, the result under correction")
    Result.objects.filter(pk=result.pk).update(locked_at=locked_at)
    visitor.goto(url(reverse("public:finalists", args=[slug, this.year])))
    axe_scan(visitor, "finalists, corrected")

    criterion = slugify(last.criteria.order_by("position")[1].title, allow_unicode=True)
    pages = {
        "last year's announcement": reverse("public:announcement", args=[slug, last.year]),
        "archive": reverse("public:archive"),
        "archive by county": reverse("public:archive") + "?fylke=18",
        "archive by criterion": reverse("public:archive") + f"?kriterium={criterion}",
        "archive, nothing matches": reverse("public:archive") + f"?fylke=03&kriterium={criterion}",
        "archive, a choice not in the lists": reverse("public:archive") + "?fylke=99",
        "a municipality's page": reverse("public:municipality", args=["1812"]),
        "a municipality never nominated": reverse("public:municipality", args=["3101"]),
        "platform list": reverse("platforms:list"),
        "privacy": reverse("nominations:privacy"),
        "accessibility statement": reverse("accessibility"),
        "login": reverse("login"),
    }
    for platform in Platform.objects.all():
        pages[f"platform {platform.slug}"] = platform.get_absolute_url()
    for name, path in pages.items():
        visitor.goto(url(path))
        axe_scan(visitor, name)

    visitor.goto(url(reverse("login")))
    with visitor.expect_navigation():
        visitor.locator("main form button[type=submit]").click()
    axe_scan(visitor, "login, sent empty")

    juror = get_user_model().objects.create_user("ny", email="ny@example.org")
    link = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(juror.pk)),
            "token": default_token_generator.make_token(juror),
        },
    )
    visitor.goto(url(link))
    axe_scan(visitor, "choose a password")
    with visitor.expect_navigation():
        visitor.locator("main form button[type=submit]").click()
    axe_scan(visitor, "choose a password, sent empty")
    visitor.goto(url(link.rsplit("/", 2)[0] + "/ugyldig-lenke/"))
    axe_scan(visitor, "choose a password, a link that no longer works")

    axe_scan.assert_clean()


def test_the_main_pages_in_nynorsk_and_english(open_page, url, axe_scan, years):
    """The same rules in the two other languages: the page's language, texts that fit their
    boxes and the form's messages in nynorsk and English too."""
    this = years[1]
    place_in_phase(this, Phase.OPEN)
    pages = {
        "front page": "/",
        "the call": reverse("nominations:start"),
        "archive": reverse("public:archive"),
        "a municipality's page": reverse("public:municipality", args=["1812"]),
        "platform": this.award.platform.get_absolute_url(),
        "privacy": reverse("nominations:privacy"),
        "accessibility statement": reverse("accessibility"),
        "login": reverse("login"),
        "step kandidat": reverse("nominations:wizard_new"),
    }
    for language in ("nn", "en"):
        page = open_page(language=language)
        for name, path in pages.items():
            page.goto(url(path))
            assert page.evaluate("document.documentElement.lang") == language, name
            axe_scan(page, f"{name} ({language})")
        with page.expect_navigation():
            page.locator(".wizard-form .form-actions button[type=submit]").click()
        axe_scan(page, f"step kandidat, nothing chosen ({language})")
    axe_scan.assert_clean()
