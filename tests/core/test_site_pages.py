"""What every page shares: the demo banner of a demo installation, the error pages (tested as
in production, with DEBUG off), the favicon, the admin's named date boxes and the address that
links in e-mails follow (#16)."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from core import views
from nominations.models import Cycle, Phase

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BANNER = "demo-banner"


def text(response):
    return response.content.decode()


@pytest.fixture
def demo(award_platform):
    call_command("bootstrap", demo=True, stdout=io.StringIO())
    return {c.phase: c for c in Cycle.objects.all()}


def demo_pages(demo):
    """(user, path) for pages of every kind: public, nominator, jury, chair, admin, error."""
    announced = demo[Phase.ANNOUNCED]
    scored = demo[Phase.DELIBERATION]
    return [
        (None, "/"),
        (None, reverse("nominations:start")),
        (None, reverse("nominations:award_wizard_new", args=[announced.award.slug])),
        (None, reverse("platforms:list")),
        (None, reverse("public:archive")),
        (None, reverse("public:announcement", args=[announced.award.slug, announced.year])),
        (None, reverse("login")),
        (None, "/finnes-ikke/"),
        ("jurymedlem1", reverse("scoring:home", args=[scored.pk])),
        ("juryleder", reverse("scoring:deliberation", args=[scored.pk])),
        ("sekretariat", reverse("admin:index")),
        ("sekretariat", reverse("admin:nominations_cycle_change", args=[scored.pk])),
    ]


def get(username, path):
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client.get(path)


def test_every_page_of_a_demo_installation_says_it_is_a_demo(demo, settings):
    settings.DEMO_MODE = True
    for username, path in demo_pages(demo):
        response = get(username, path)
        assert response.status_code in (200, 404), path
        assert BANNER in text(response), path
        assert "demo" in text(response).lower()


def test_no_banner_without_demo_mode(demo, settings):
    settings.DEMO_MODE = False
    for username, path in demo_pages(demo):
        assert BANNER not in text(get(username, path)), path


# Error pages, with DEBUG off (config/test_settings.py) as in production.


def onward_links(html):
    return 'href="/"' in html and 'href="/nominer/"' in html


def test_the_404_is_norwegian_in_the_sites_layout_with_a_way_onward(client, settings):
    assert settings.DEBUG is False
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = text(response)
    assert "Vi finner ikke denne siden" in html
    assert 'class="site-header"' in html
    assert onward_links(html)


def test_the_404_of_an_unpublished_result_says_when_it_comes(client, open_cycle):
    path = reverse("public:announcement", args=[open_cycle.award.slug, open_cycle.year])
    response = client.get(path)
    assert response.status_code == 404
    assert "5. desember" in text(response)
    assert onward_links(text(response))


def test_the_404_of_a_private_link_that_no_longer_works_explains_it(client, open_cycle):
    response = client.get(reverse("nominations:nomination", args=["utgatt-lenke"]))
    assert response.status_code == 404
    assert "Denne private lenken virker ikke" in text(response)
    assert onward_links(text(response))


def test_a_csrf_failure_is_explained_in_norwegian(award_platform):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Skjemaet kunne ikke sendes" in text(response)
    assert onward_links(text(response))


def test_403_and_400_are_norwegian_in_the_sites_layout(rf_with_user):
    response = defaults.permission_denied(rf_with_user, Exception())
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in text(response)
    assert onward_links(text(response))
    response = defaults.bad_request(rf_with_user, Exception())
    assert response.status_code == 400
    assert "Vi forstod ikke forespørselen" in text(response)
    assert onward_links(text(response))


def test_the_500_renders_without_a_request_or_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in text(response)
    assert onward_links(text(response))


@pytest.fixture
def rf_with_user(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/noe/")
    request.user = AnonymousUser()
    return request


def test_views_handle_the_404_of_the_site(settings):
    from config import urls

    assert urls.handler404 == "core.views.page_not_found"
    assert settings.CSRF_FAILURE_VIEW == "core.views.csrf_failure"
    assert views.page_not_found


# The favicon


def test_the_favicon_is_linked_and_answers_at_the_address_browsers_ask_for(client, open_cycle):
    html = text(client.get("/"))
    assert 'rel="icon"' in html and "favicon.svg" in html
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
    assert (ROOT / "static" / "favicon.svg").read_text().startswith("<svg")


# The admin's date and time boxes


def test_each_date_and_time_box_of_the_cycle_admin_has_its_own_name(admin_client, open_cycle):
    admin_client.cookies["django_language"] = "en"
    html = text(admin_client.get(reverse("admin:nominations_cycle_change", args=[open_cycle.pk])))
    for box, part in (("0", "date"), ("1", "time")):
        tag = re.search(rf'<input[^>]*id="id_nominations_close_at_{box}"[^>]*>', html).group(0)
        assert f'aria-label="nomination deadline, {part}"' in tag.lower()


# The address of links in e-mails and the feed


def test_make_run_gives_the_address_it_serves_to_the_links():
    plan = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=9000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    serve = next(line for line in plan.splitlines() if "runserver" in line)
    assert "SITE_URL=http://0.0.0.0:9000" in serve
    assert "runserver 0.0.0.0:9000" in serve
    assert "DEMO_MODE=1" in serve
    bootstrap = next(line for line in plan.splitlines() if "bootstrap --demo" in line)
    assert "SITE_URL=http://0.0.0.0:9000" in bootstrap
