"""The foundation: settings refuse an unsafe start, make run's loading is repeatable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from platforms.models import Clause, Platform, Section

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the production settings in a fresh interpreter with the given environment."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment = keep
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.TIME_ZONE, s.LANGUAGE_CODE)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr


def test_production_with_secret_key_starts_in_oslo_time_and_norwegian():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["core.db.sqlite3", "Europe/Oslo", "nb"]


def test_database_url_selects_postgresql():
    result = load_settings(DEBUG="1", DATABASE_URL="postgres://afk:secret@db.example:5432/afk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_development_starts_without_secret_key():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_bootstrap_can_run_twice_without_duplicating_anything():
    call_command("bootstrap", verbosity=0)
    counts = (Platform.objects.count(), Section.objects.count(), Clause.objects.count())
    assert counts[0] == 3
    call_command("bootstrap", verbosity=0)
    assert (Platform.objects.count(), Section.objects.count(), Clause.objects.count()) == counts


@pytest.mark.django_db
def test_admin_is_at_admin_and_asks_for_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
