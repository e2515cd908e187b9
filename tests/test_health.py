"""/helse/, for the proxy and the monitoring (core/health.py): "ok" or "feil" and nothing more
to anyone; which check failed only to staff or with the token."""

import json
import socket

import pytest
from django.test import Client

from core import health

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-health-token-0123456789"


@pytest.fixture(autouse=True)
def fresh(settings, monkeypatch):
    settings.HEALTH_TOKEN = TOKEN
    monkeypatch.setattr(health, "_migrations_applied", False)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask(client=None, **headers):
    return (client or Client()).get("/helse/", headers=headers)


def details(response):
    return json.loads(response.content)


def test_all_well_is_ok_and_nothing_else():
    response = ask()
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_the_token_and_staff_see_each_check():
    with_token = details(ask(Authorization=f"Bearer {TOKEN}"))
    assert with_token["status"] == "ok"
    assert set(with_token) == {"status", "database", "cache", "storage", "migrations"}
    assert all(v.startswith("ok") for v in with_token.values())

    assert ask(Authorization="Bearer wrong").content == b"ok"
    assert ask(Authorization=TOKEN).content == b"ok"


def test_staff_see_each_check_and_others_logged_in_do_not(admin_client, django_user_model):
    assert details(ask(admin_client))["database"].startswith("ok")
    someone = django_user_model.objects.create_user("juror", password="x" * 16)
    client = Client()
    client.force_login(someone)
    assert ask(client).content == b"ok"


def test_a_cache_that_does_not_answer_is_feil_and_says_no_more(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = ask()
    assert response.status_code == 503 and response.content == b"feil"
    told = details(ask(Authorization=f"Bearer {TOKEN}"))
    assert told["status"] == "feil" and told["cache"].startswith("feil")
    assert told["database"].startswith("ok")


def test_an_upload_folder_that_cannot_be_written_is_feil(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocker / "uploads")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert ask().status_code == 503
    assert details(ask(Authorization=f"Bearer {TOKEN}"))["storage"].startswith("feil")


def test_a_pending_migration_is_feil(monkeypatch):
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("a migration", False)]
    )
    response = ask()
    assert response.status_code == 503 and response.content == b"feil"
    told = details(ask(Authorization=f"Bearer {TOKEN}"))
    assert told["migrations"] == "feil: RuntimeError: 1 migrations not applied"


def test_a_database_that_does_not_answer_is_feil(monkeypatch):
    def away():
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", away)
    assert ask().status_code == 503
    assert details(ask(Authorization=f"Bearer {TOKEN}"))["database"].startswith("feil")


def test_the_proxy_asks_on_plain_http_even_where_https_is_required(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert ask().status_code == 200
    assert Client().get("/").status_code == 301


def test_a_fresh_installation_whose_upload_folder_is_not_made_yet_is_ok(settings, tmp_path):
    """`make run` on a fresh clone: var/uploads is made at the first upload."""
    settings.MEDIA_ROOT = str(tmp_path / "var" / "uploads")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert ask().status_code == 200
    assert details(ask(Authorization=f"Bearer {TOKEN}"))["storage"].startswith("ok")
