"""The fixtures the whole suite shares, each defined once: the award and its register, an open
call, this year's jury in its jury phase (jury_cycle, jury, conflict, other_juror, somna, oslo,
login, english), staff (secretariat, result_reader, english_admin) and the browser.

Fixtures of one package are in its own conftest.py (tests/nominations/: the clerks;
tests/scoring/: the hand example in the database; tests/accounts/: juror and newcomer;
tests/browser/: pages and checks). Helpers that are not fixtures are in plain modules, never in
a test module: tests/factories.py, and helpers.py beside the tests that use them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from nominations.defaults import add_default_criteria, ensure_award
from nominations.models import Cycle
from scoring.models import Conflict, ConflictKind, Jury, JuryMember

from .factories import add_candidates, make_cycle, secretariat_user, staff_user


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so that the deliberation's figures one test leaves
    there (scoring/results.py, cached()) can make no other test pass or fail: ids, and so the
    keys, repeat from test to test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def force_login_is_two_factor_verified(monkeypatch):
    """TEST SHIM: `client.force_login(user)` gives a session verified with a second factor.

    Every account logs in with two factors (accounts/twofactor.py), and a session without one
    is ended (accounts.middleware.TwoFactorMiddleware). So that tests of everything else can
    keep logging in with `client.force_login(user)` (and pytest-django's `admin_client`), this
    shim gives the user a confirmed authenticator if they have none and marks the session as
    verified by it, exactly what the real second step does. The real two-step login is tested
    end to end in tests/accounts/.
    """
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        from accounts.testing import mark_verified

        original(self, user, backend)
        mark_verified(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture
def award_platform(db):
    """The Frivillighet Norge–KS platform, imported from the file that ships with the project."""
    from platforms.importer import SHIPPED_TEXTS, import_platform_bytes

    return import_platform_bytes(SHIPPED_TEXTS[0].read_bytes(), SHIPPED_TEXTS[0].name).platform


@pytest.fixture
def award(award_platform, register):
    """The award, with its platform and the municipality register loaded."""
    return ensure_award()


@pytest.fixture
def open_cycle(award):
    """A cycle open for nominations now, closing in ten days."""
    now = timezone.now()
    cycle = Cycle.objects.create(
        award=award,
        year=timezone.localtime(now).year,
        is_published=True,
        nominations_open_at=now - datetime.timedelta(days=30),
        nominations_close_at=now + datetime.timedelta(days=10),
        finalists_published_at=now + datetime.timedelta(days=40),
        announced_at=now + datetime.timedelta(days=50),
    )
    add_default_criteria(cycle)
    return cycle


@pytest.fixture(scope="session")
def register_snapshot(django_db_setup, django_db_blocker):
    """The shipped municipality register, imported once per run the real way and kept as rows.

    The import itself is tested in tests/nominations/test_register.py; other tests only need
    its result, and copying rows is a hundred times faster than importing again.
    """
    from nominations.models import Municipality

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_municipalities", stdout=io.StringIO())
        rows = list(Municipality.objects.order_by("kind", "pk").values())
        links = list(Municipality.predecessors.through.objects.values())
        transaction.set_rollback(True)
    return rows, links


@pytest.fixture
def register(db, register_snapshot):
    from nominations.models import Municipality

    rows, links = register_snapshot
    # County municipalities first: the municipalities point at them.
    ordered = sorted(rows, key=lambda row: row["kind"] != "fylkeskommune")
    Municipality.objects.bulk_create(Municipality(**row) for row in ordered)
    Municipality.predecessors.through.objects.bulk_create(
        Municipality.predecessors.through(**link) for link in links
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(),
                [Municipality, Municipality.predecessors.through],
            ):
                cursor.execute(sql)


# --- A cycle in its jury phase, its jury and candidates ------------------------------------------


@pytest.fixture
def jury_cycle(award_platform, register):
    """This year's cycle in its jury phase, with five eligible candidates, two nominations each."""
    award = ensure_award()
    cycle = make_cycle(award, timezone.localtime().year)
    add_candidates(cycle)
    return cycle


@pytest.fixture
def jury(jury_cycle, django_user_model):
    """The chair and three members; every one has declared their conflicts (none)."""
    jury = Jury.objects.create(cycle=jury_cycle)
    members = {}
    for username, is_chair in (("leder", True), ("anne", False), ("bjorn", False), ("cato", False)):
        user = django_user_model.objects.create_user(
            username, password="pw", first_name=username.title(), last_name="Jurymedlem"
        )
        members[username] = JuryMember.objects.create(
            jury=jury, user=user, is_chair=is_chair, conflicts_declared_at=timezone.now()
        )
    jury.by_name = members
    return jury


@pytest.fixture
def conflict(jury):
    """Cato lives in Oslo: in conflict with that candidate."""
    member = jury.by_name["cato"]
    oslo = jury.cycle.candidates.get(municipality__number="0301")
    return Conflict.objects.create(
        member=member, candidate=oslo, kind=ConflictKind.LIVES_OR_WORKS, declared_by=member.user
    )


@pytest.fixture
def somna(jury):
    """Sømna (1812), a candidate of the jury's cycle."""
    return jury.cycle.candidates.get(municipality__number="1812")


@pytest.fixture
def oslo(jury):
    """Oslo (0301), a candidate of the jury's cycle (the one cato is in conflict with)."""
    return jury.cycle.candidates.get(municipality__number="0301")


@pytest.fixture
def login(client):
    """login(member): the test client, logged in as that jury member."""

    def as_member(member):
        client.force_login(member.user)
        return client

    return as_member


@pytest.fixture
def other_juror(jury_cycle, django_user_model):
    """Dina, on the jury of another cycle (last year's), which has a candidate of its own."""
    other = make_cycle(jury_cycle.award, jury_cycle.year - 1)
    add_candidates(other, numbers=("1812",), nominations_each=1)
    user = django_user_model.objects.create_user("dina", password="pw", first_name="Dina")
    return JuryMember.objects.create(
        jury=Jury.objects.create(cycle=other), user=user, conflicts_declared_at=timezone.now()
    )


@pytest.fixture
def english(client, settings):
    """Pages in English, the msgids, whatever the Norwegian catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Staff ---------------------------------------------------------------------------------------


@pytest.fixture
def secretariat(db):
    """Siri, staff in the secretariat's group with the demo's rights: everything in platforms,
    nominations and scoring, and axes' lockouts. On no jury."""
    return secretariat_user(first_name="Siri", last_name="Sekretær")


@pytest.fixture
def result_reader(db):
    """Staff who may read the result, not change it."""
    return staff_user("leser", "scoring.view_result", first_name="Lise", last_name="Leser")


@pytest.fixture
def english_admin(admin_client, settings):
    """pytest-django's admin_client (a superuser), reading the pages in English, the msgids."""
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin_client


# Debian's Chromium, kept off the network: the flags seen working on these machines.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_GET_CHROMIUM = (
    "Browser tests need Playwright for Python (pip install -e '.[dev]') and Debian's Chromium "
    "(apt-get install chromium) at /usr/bin/chromium or on the PATH."
)


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright. Skipped with a message where none is
    installed — except in CI (CI=true), where a missing browser fails the run."""
    import os
    import shutil

    def missing(reason):
        message = f"{reason}. {HOW_TO_GET_CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        missing("No Chromium found")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls stay
    # synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    """A Chromium page in a context of its own, for a test that drives the live server."""
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()
