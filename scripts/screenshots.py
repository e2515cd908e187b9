"""Photographs the main pages for the README (`make screenshots`).

Loads the demo (`manage.py bootstrap --demo`) into a throw-away SQLite database, serves the site
on 127.0.0.1 from this process, and drives Debian's Chromium through Playwright (the same way as
the browser tests: no browser download, kept off the network). The pictures are written to
docs/screenshots/ at 1280 CSS pixels wide, cut to the top of each page, plus one at 320 pixels.

    .venv/bin/python scripts/screenshots.py [--output docs/screenshots]
"""

import argparse
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WIDE = 1280
NARROW = 320


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)

    workdir = Path(tempfile.mkdtemp(prefix="afk-screenshots-"))
    try:
        configure(workdir)
        shots = load_demo()
        with serve() as base_url:
            photograph(shots, base_url, output)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def configure(workdir: Path):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir / 'demo.sqlite3'}",
        MEDIA_ROOT=str(workdir / "uploads"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DEMO_MODE="1",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def load_demo() -> list[dict]:
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from nominations.models import Cycle
    from scoring.publication import site_award

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("bootstrap", demo=True, stdout=quiet)

    from nominations.models import Phase

    current = Cycle.objects.current(site_award())
    by_phase = {c.phase: c for c in Cycle.objects.filter(award=current.award)}
    # The demo's cycles (nominations/demo.py): one each to score, deliberate on and read.
    past = by_phase[Phase.ANNOUNCED]
    scored = by_phase[Phase.DELIBERATION]
    somna = scored.candidates.get(municipality__number="1812")
    platform = current.award.platform
    return [
        shot("front-page", "/", height=1100),
        shot("call", reverse("nominations:start"), height=1100),
        shot("wizard-about-you-with-errors", "wizard:innsender", height=1300),
        shot("platform", platform.get_absolute_url(), height=1000),
        shot("announcement", reverse("public:announcement", args=[past.award.slug, past.year])),
        shot("archive", reverse("public:archive"), height=1100),
        shot("jury-home", reverse("scoring:home", args=[scored.pk]), user="jurymedlem1"),
        shot(
            "jury-candidate",
            reverse("scoring:candidate", args=[scored.pk, somna.pk]),
            user="jurymedlem1",
            height=1400,
        ),
        shot(
            "deliberation",
            reverse("scoring:deliberation", args=[scored.pk]),
            user="juryleder",
            height=1750,
        ),
        shot("front-page-320px", "/", width=NARROW, height=1400),
    ]


def shot(name, path, *, user=None, width=WIDE, height=1200):
    session = session_for(user) if user else None
    return {"name": name, "path": path, "session": session, "width": width, "height": height}


def session_for(username: str) -> str:
    """A logged-in session for a demo account, as its cookie value. The one place this script
    logs anyone in: without the login form, as the browser tests do."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.testing import mark_verified

    client = Client()
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    mark_verified(client, user)  # both factors, as after the real second step
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class serve:
    """The site on a free port of 127.0.0.1, static files included, in a thread."""

    def __enter__(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        self.server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
        self.server.set_app(StaticFilesHandler(get_wsgi_application()))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def photograph(shots, base_url, output: Path):
    import shutil as which

    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    executable = which.which("chromium") or which.which("chromium-browser")
    if not executable:
        sys.exit("No Chromium found: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for item in shots:
            context = browser.new_context(
                viewport={"width": item["width"], "height": 800}, locale="nb-NO"
            )
            if item["session"]:
                cookie = {"name": settings.SESSION_COOKIE_NAME, "value": item["session"]}
                context.add_cookies([{**cookie, "url": base_url}])
            page = context.new_page()
            if item["path"] == "wizard:innsender":
                wizard_with_errors(page, base_url)
            else:
                page.goto(base_url + item["path"])
            page.wait_for_load_state("load")
            height = min(item["height"], page.evaluate("document.documentElement.scrollHeight"))
            target = output / f"{item['name']}.png"
            page.screenshot(
                path=target,
                full_page=True,
                clip={"x": 0, "y": 0, "width": item["width"], "height": height},
            )
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
            context.close()
        browser.close()


def wizard_with_errors(page, base_url):
    """The second step as a nominator sees it after sending it half filled in."""
    page.goto(base_url + "/nominer/ny/")
    page.select_option("#id_kandidat-municipality", label="Sømna (1812)")
    page.locator(".wizard-form button[type=submit]").first.click()
    page.wait_for_url("**/innsender/")
    page.fill("#id_innsender-nominator_name", "Kari Nordmann")
    page.fill("#id_innsender-nominator_email", "kari.nordmann@")
    page.locator(".wizard-form button[type=submit]").first.click()
    page.wait_for_selector("#error-summary")
    page.evaluate("window.scrollTo(0, 0)")


if __name__ == "__main__":
    main()
