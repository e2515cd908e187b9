"""Production settings: what a deployment promises about cookies, HTTPS, framing and scripts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production(code):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-for-this-test-only-0123456789",
        ALLOWED_HOSTS="frivillighetskommune.example",
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warnings():
    result = production(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_https_and_hsts():
    result = production(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "DENY", "True"]


@pytest.mark.django_db
def test_every_page_forbids_inline_script_and_framing(client):
    response = client.get("/plattformer/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script():
    templates = [
        path
        for folder in ("templates", "platforms", "nominations", "scoring")
        for path in (ROOT / folder).rglob("*.html")
    ]
    assert templates
    for path in templates:
        text = path.read_text()
        for tag in text.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert "src=" in opening or "application/json" in opening, (
                f"{path.relative_to(ROOT)} has an inline script"
            )
        assert " onclick=" not in text and " onchange=" not in text, path


def test_production_login_settings():
    """Two factors, lockout and session expiry are on in production, with their defaults."""
    result = production(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({"
        "'apps': [a for a in s.INSTALLED_APPS if a in ('axes', 'django_otp', "
        "'django_otp.plugins.otp_totp', 'django_otp.plugins.otp_static', 'accounts')], "
        "'middleware': s.MIDDLEWARE, 'backends': s.AUTHENTICATION_BACKENDS, "
        "'axes': [s.AXES_ENABLED, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.AXES_LOCKOUT_PARAMETERS, s.AXES_RESET_ON_SUCCESS], "
        "'session': [s.SESSION_IDLE_MINUTES, s.SESSION_MAX_HOURS, s.SESSION_COOKIE_AGE, "
        "s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE], "
        "'otp': [s.OTP_TOTP_ISSUER, s.OTP_ADMIN_HIDE_SENSITIVE_DATA], "
        "'passwords': [v.get('OPTIONS', {}) for v in s.AUTH_PASSWORD_VALIDATORS], "
        "'hsts': [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD]"
        "}))"
    )
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout)
    assert len(values["apps"]) == 5
    middleware = values["middleware"]
    # django-otp's after the login it verifies; ours after it; axes' last, to answer lockouts.
    order = [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "accounts.middleware.TwoFactorMiddleware",
        "accounts.middleware.SessionExpiryMiddleware",
    ]
    assert [middleware.index(m) for m in order] == sorted(middleware.index(m) for m in order)
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert values["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["axes"] == [True, 5, 30 * 60, [["username", "ip_address"]], True]
    assert values["session"] == [60, 12, 12 * 60 * 60, True, True, "Lax", True]
    assert values["otp"] == ["Årets frivillighetskommune", True]
    assert {"min_length": 12} in values["passwords"]
    assert values["hsts"] == [31536000, True, True]


def test_login_settings_come_from_the_environment():
    result = production(
        "import os; os.environ.update(LOGIN_FAILURE_LIMIT='3', LOGIN_LOCKOUT_MINUTES='90', "
        "SESSION_IDLE_MINUTES='20', SESSION_MAX_HOURS='8', TRUSTED_PROXY_COUNT='1'); "
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), "
        "s.SESSION_IDLE_MINUTES, s.SESSION_MAX_HOURS, s.SESSION_COOKIE_AGE, s.TRUSTED_PROXY_COUNT)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "5400", "20", "8", "28800", "1"]


@pytest.mark.django_db
def test_the_login_pages_forbid_inline_script_and_framing_too(client):
    for url in ("/konto/logg-inn/", "/konto/logg-inn/kode/", "/admin/login/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "img-src 'self' data:" in policy  # the QR code is a data: image
        assert response["X-Frame-Options"] == "DENY"
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_login_steps_are_never_cached(client):
    for url in ("/konto/logg-inn/kode/", "/konto/logg-inn/sett-opp/"):
        assert "no-store" in client.get(url)["Cache-Control"]
