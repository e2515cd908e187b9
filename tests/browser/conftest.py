"""Shared by the browser tests: pages in Debian's Chromium (the session's `browser` fixture in
tests/conftest.py), opened as an anonymous visitor or logged in as a given user, and the
checks of tests/browser/checks.py.

The live server's database is emptied after each test, so a test builds its data once and then
visits every page that data allows; the checks collect what they find and fail once at the end
with the whole list."""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nominations.defaults import add_default_criteria
from nominations.models import Cycle
from scoring.models import Jury, JuryMember
from tests.factories import add_candidates, make_cycle

# The data the other suites use for the same pages.
from tests.nominations.helpers import Clerk, pdf_bytes
from tests.scoring.helpers import decide, score_everyone

from .checks import AxeScan, FocusCheck, OverflowCheck

DAY = datetime.timedelta(days=1)


@pytest.fixture
def open_page(browser, live_server, client):
    """open_page(path, user=…, language=…, width=…, scale=…): a page in a context of its own.

    A user is logged in with the test client (client.force_login) and the session cookie is
    copied into the browser, so nothing here depends on the login form."""
    contexts = []

    def open_page(path=None, *, user=None, language=None, width=1280, height=900, scale=1):
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale
        )
        contexts.append(context)
        cookies = []
        if user is not None:
            # A fresh session each time: forget the client's cookie, so that logging in as
            # someone else does not end the session already handed to another page.
            client.cookies.clear()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
            )
        if language is not None:
            cookies.append(
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
            )
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        # Generous: on a busy two-core machine a page or a file dialog can take seconds.
        page.set_default_timeout(30_000)
        if path is not None:
            page.goto(live_server.url + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def url(live_server):
    return lambda path: live_server.url + path


@pytest.fixture
def axe_scan():
    return AxeScan()


@pytest.fixture
def focus_check():
    return FocusCheck()


@pytest.fixture
def overflow_check(tmp_path):
    """Screenshots go to BROWSER_SCREENSHOTS when set (to look at them), else a temporary
    folder."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return OverflowCheck(folder)


@dataclass
class Visit:
    name: str
    path: str
    as_user: str | None = None  # a key of MainPages.users


@dataclass
class MainPages:
    visits: list[Visit]
    users: dict


@pytest.fixture
def main_pages(award, jury, client, django_capture_on_commit_callbacks):
    """The pages most people use, with realistic content, for the checks that go through them
    all (focus, width and zoom): this year's jury at work, last year's in its deliberation,
    the year before announced, and next year's call open with a nomination sent to it."""
    year = jury.cycle.year
    scoring = jury.cycle
    everyone_but_anne = {k: v for k, v in jury.by_name.items() if k != "anne"}
    score_everyone(SimpleNamespace(cycle=scoring, by_name=everyone_but_anne))

    deliberating = make_cycle(award, year - 1, phase="deliberation")
    add_candidates(deliberating)
    last_jury = Jury.objects.create(cycle=deliberating)
    members = {
        name: JuryMember.objects.create(
            jury=last_jury,
            user=m.user,
            is_chair=m.is_chair,
            conflicts_declared_at=m.conflicts_declared_at,
        )
        for name, m in jury.by_name.items()
    }
    score_everyone(SimpleNamespace(cycle=deliberating, by_name=members))

    announced = Cycle.objects.create(
        award=award, year=year - 2, is_published=True, **Cycle.default_times(year - 2)
    )
    add_default_criteria(announced)
    add_candidates(announced, numbers=("1812", "5001", "4601", "1106"), nominations_each=1)
    decide(announced, "5001", ("5001", "1812", "4601"))

    now = timezone.now()
    call = Cycle.objects.create(
        award=award,
        year=year + 1,
        is_published=True,
        nominations_open_at=now - 10 * DAY,
        nominations_close_at=now + 100 * DAY,
        finalists_published_at=now + 200 * DAY,
        announced_at=now + 215 * DAY,
    )
    add_default_criteria(call)
    clerk = Clerk(client, call, django_capture_on_commit_callbacks)
    for response in (
        clerk.candidate("1812"),
        clerk.nominator(),
        clerk.reason(),
        clerk.criteria(),
        clerk.attachments([SimpleUploadedFile("vedtak.pdf", pdf_bytes(), "application/pdf")]),
        clerk.submit(),
    ):
        assert response.status_code == 302
    client.cookies.clear()
    token = clerk.token

    somna = scoring.candidates.get(municipality__number="1812")
    somna_last = deliberating.candidates.get(municipality__number="1812")
    chosen = [c.pk for c in deliberating.candidates.order_by("pk")[:3]]
    visits = [
        Visit("front page", "/"),
        Visit("the call", reverse("nominations:start")),
        Visit("step kandidat", reverse("nominations:wizard_new")),
        *(
            Visit(
                f"step {step}", reverse("nominations:wizard", kwargs={"token": token, "step": step})
            )
            for step in ("innsender", "begrunnelse", "kriterier", "vedlegg", "oppsummering")
        ),
        Visit("receipt", reverse("nominations:receipt", kwargs={"token": token})),
        Visit("platform", award.platform.get_absolute_url()),
        Visit("archive", reverse("public:archive")),
        Visit("archive by county", reverse("public:archive") + "?fylke=18"),
        Visit("announcement", reverse("public:announcement", args=[award.slug, year - 2])),
        Visit("login", reverse("login")),
        Visit("juror's home", reverse("scoring:home", args=[scoring.pk]), "anne"),
        Visit("conflicts", reverse("scoring:conflicts", args=[scoring.pk]), "anne"),
        Visit(
            "candidate page, scoring",
            reverse("scoring:candidate", args=[scoring.pk, somna.pk]),
            "anne",
        ),
        Visit(
            "candidate page, the others' reviews",
            reverse("scoring:candidate", args=[deliberating.pk, somna_last.pk]),
            "anne",
        ),
        Visit("deliberation", reverse("scoring:deliberation", args=[deliberating.pk]), "leder"),
        Visit(
            "compare",
            reverse("scoring:compare", args=[deliberating.pk])
            + "?"
            + "&".join(f"k={pk}" for pk in chosen),
            "leder",
        ),
        Visit("result", reverse("scoring:result", args=[deliberating.pk]), "leder"),
        Visit("sign-off", reverse("scoring:sign_off", args=[deliberating.pk]), "leder"),
    ]
    users = {"anne": jury.by_name["anne"].user, "leder": jury.by_name["leder"].user}
    return MainPages(visits, users)
