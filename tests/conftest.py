import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from nominations.defaults import add_default_criteria, ensure_award
from nominations.models import Cycle


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so that the deliberation's figures and tables one
    test leaves there (scoring/results_cache.py) can make no other test pass or fail."""
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


@pytest.fixture(scope="session", autouse=True)
def object_store_bucket():
    """Where the suite runs against an object store (AWS_STORAGE_BUCKET_NAME, e.g. moto's S3
    server in .ci/run), its bucket exists before the first file is stored."""
    from django.conf import settings

    if settings.AWS_STORAGE_BUCKET_NAME:
        from tests.object_store import ensure_bucket

        ensure_bucket(settings.AWS_STORAGE_BUCKET_NAME)
