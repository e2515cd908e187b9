"""Settings for the award platform, read from the environment.

Every value that differs between a laptop and production comes from an environment variable;
the defaults are the safe ones. See docs/production.md.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import django.forms
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off: refusing to start. Set SECRET_KEY in the "
            "environment (a long random string) for production, or DEBUG=1 on a development "
            "machine."
        )
    # Only for DEBUG on a developer's machine; never used with DEBUG off.
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "import_export",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "platforms",
    "nominations",
    "scoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two factors and session expiry (accounts/): after the login and the messages they use.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Cache-Control: no-store on the pages that are one person's (PRIVATE_URL_NAMESPACES).
    "core.middleware.PrivatePagesMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the login's answer and turns a lockout into our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        # Asked first, and knows only the forms' templates: Django's own widgets in Jinja2,
        # which renders them several times faster than Django's engine, and the project's
        # field (core/jinja2/forms/). Every page, and the admin's own widget templates (which
        # include Django's in its engine), are found by the engine below (core/forms.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "core" / "jinja2", Path(django.forms.__file__).parent / "jinja2"],
        "APP_DIRS": False,
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

FORM_RENDERER = "core.forms.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# SQLite with several gunicorn workers writing at once. A transaction takes the write lock when
# it begins (IMMEDIATE) rather than at its first write: two transactions that read and then
# write can otherwise not both go on, and SQLite fails one at once with "database is locked"
# instead of waiting. A writer waits up to 20 s for the lock. The write-ahead log lets pages be
# read while a nomination is being stored; synchronous=NORMAL is safe with it (a power cut may
# lose the last commits, never corrupt the file).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # Django's SQLite whose flush, like PostgreSQL's TRUNCATE, passes the audit record's
    # append-only triggers (core/db/sqlite3/base.py).
    DATABASES["default"]["ENGINE"] = "core.db.sqlite3"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's, with a message in our catalogue; at least 12 characters ("Logging in").
        "NAME": "accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Jurors and the secretariat log in; nominators never do (they have private links).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "scoring:index"
# How long a jury invitation's link to choose a password works (scoring/invitations.py).
PASSWORD_RESET_TIMEOUT = 14 * 24 * 60 * 60
# The CSRF failure in the site's layout and language (core/views.py).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

LANGUAGE_CODE = "nb"
# Nynorsk covers the public pages and the nomination form; a text it lacks (the jury's, the
# admin's) falls back to LANGUAGE_CODE, bokmål. docs/languages.md.
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# Dates, times and numbers as each language writes them: Django's formats, with the times
# Norwegians write ("kl. 12.00") and British English dates ("5 December 2026"). Templates and
# code use the named formats (DATE_FORMAT, TIME_FORMAT, DATETIME_FORMAT), never a pattern of
# their own.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded files (nomination attachments) live outside the static files and are served only
# through views that check the viewer's right to them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))

# With several app servers the uploads go to a shared object store (docs/production.md): any
# S3-compatible store, through django-storages, when AWS_STORAGE_BUCKET_NAME is set. Its objects
# are private; the views stream them to the viewer after the same access check as local files,
# so no address of the store ever reaches a browser. Without it: local files in MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Another store than Amazon's (MinIO, Ceph, a cloud's S3 API): its address.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # The credentials; without them boto3 looks where it always does (the instance's
            # role, ~/.aws).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
            # A folder inside the bucket, so that one bucket can hold several installations.
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            # Names are random (nominations.models.attachment_path); never overwrite one.
            "file_overwrite": False,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }

# The cache. By default each server process keeps its own in memory (LocMemCache). With several
# app servers, one Redis that all of them share, through Django's own Redis cache (core/cache.py:
# a Redis outage makes pages slower, never failing). The deliberation's score math is kept under
# the cycle's results_version (scoring/score_math.py), and the draft-link counts under their
# window, so they are right whichever process made them. Lockouts (django-axes) and sessions
# are in the database, shared already.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            # One Redis may serve several installations (or test runs).
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "afk"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# E-mails go through a task queue (core/mail.py, django-tasks). TASKS_BACKEND=database keeps
# them in the database (django-tasks-db: no broker to run), queued in the same transaction as the
# change that causes them, and sent by `manage.py db_worker` with retries: the setting for
# production. Without it (`make run`, the tests) each e-mail is sent as soon as its change is
# committed, in the request, as the console shows it.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND is 'immediate' (the default) or 'database'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A mail server that accepts the connection and then hangs holds the worker no longer than this.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# The worker's wait before it tries a failed e-mail again, doubled after each failure
# (core/mail.py); the load test shortens it.
EMAIL_RETRY_SECONDS = float(os.environ.get("EMAIL_RETRY_SECONDS", "60"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Årets frivillighetskommune <ikke-svar@frivillighetskommune.no>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who runs the award, and where nominators, municipalities and jurors write: shown on the privacy
# page and at the foot of every e-mail (which is sent from a no-reply address).
SECRETARIAT_NAME = os.environ.get(
    "SECRETARIAT_NAME", "sekretariatet for Årets frivillighetskommune i KS og Frivillighet Norge"
)
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "post@frivillighetskommune.no")
# The award the site is named after: its page is the front page (the other awards each have
# theirs at /<slug>/).
SITE_AWARD = os.environ.get("SITE_AWARD", "arets-frivillighetskommune")
# The address that private links in e-mails point to.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# A demo installation (bootstrap --demo, as `make run` does): every page says that it is a
# demo with invented content.
DEMO_MODE = env_bool("DEMO_MODE")

# The audit record and personal data (nominations/audit.py, nominations/personal_data.py).
# How many months after a cycle's announcement nominators' contact details are kept; then
# `manage.py anonymise_nominators` removes them (run it daily, e.g. from cron).
PERSONAL_DATA_RETENTION_MONTHS = int(os.environ.get("PERSONAL_DATA_RETENTION_MONTHS", "12"))
# Backups (`dumpdata`) in JSON keep times to the microsecond; see core/serializers.py.
SERIALIZATION_MODULES = {"json": "core.serializers"}

# Pages no browser or proxy may keep (core.middleware.PrivatePagesMiddleware): the jury's
# (their namespace), and every page whose address holds a private link's token.
PRIVATE_URL_NAMESPACES = ["scoring"]
PRIVATE_URL_ARGUMENTS = ["token"]

# Behind a TLS-terminating proxy in production.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The health check (core/health.py) answers on plain HTTP too: the proxy asks each app server
# directly. With this token (Authorization: Bearer …) it also says which check failed.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: every script is a file of ours under /static/. Inline style
# attributes are allowed because the admin (Django's and django-import-export's) uses them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Logging in: two factors, lockout, sessions (accounts/; docs/logging-in.md) ---------------
# Every account (jurors, the secretariat, the admin) logs in with a password and a code from an
# authenticator app (TOTP, django-otp) or a recovery code; nominators have no account.
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username+address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords or codes for one username
# from one address, that pair waits LOGIN_LOCKOUT_MINUTES. Username and address together, so
# that nobody can lock a juror out from their own laptop by guessing from elsewhere; guessing
# spread over many addresses still meets the second factor.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# How many proxies in front of the server add themselves to X-Forwarded-For (0: none, the
# address the server sees is the visitor's).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False
# Two factors (django-otp): the authenticator's name for the accounts, codes 30 s apart with one
# step either way for a slow clock; the admin never shows the secret keys again.
OTP_TOTP_ISSUER = "Årets frivillighetskommune"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
RECOVERY_CODE_COUNT = 10
# Between the password and the code: how long the first step counts (enrolling included).
LOGIN_SECOND_STEP_MINUTES = 10
# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after the
# login whatever happens; the cookie and the stored session expire with the maximum age.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
