"""The production settings, as a server runs them, with only what a benchmark must change.

DEBUG stays off (so queries are not recorded and templates are cached as in production), the
middleware, sessions, CSRF, HTTPS redirects, security headers and the manifest static files
storage are production's. Changed: a fixed secret key, the test client's host name, the floor
view's URLs, a fresh database (bench.py creates it), e-mail kept in memory and uploads in a
throw-away folder.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-never-used-in-production-0123")
os.environ.pop("DEBUG", None)

from config.settings import *  # noqa: E402,F403
from config.settings import BASE_DIR, DATABASES, TEMPLATES  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["testserver"]
# The project's URLs and the floor view, which exists only here.
ROOT_URLCONF = "benchmarks.urls"
# The floor's template, in the engine of the pages (Django's; the Jinja2 one has the forms').
PAGES_ENGINE = next(t for t in TEMPLATES if t["BACKEND"].endswith("DjangoTemplates"))
PAGES_ENGINE["DIRS"] = [*PAGES_ENGINE["DIRS"], BASE_DIR / "benchmarks" / "templates"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Throw-away folders, removed at the end by bench.py; a child process (the export's peak
# memory, measured alone) gets its parent's through the environment, and its database.
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT") or tempfile.mkdtemp(prefix="afk-bench-media-")
# collectstatic writes the manifest here, as a deployment does (bench.py runs it).
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or tempfile.mkdtemp(prefix="afk-bench-static-")
BENCH_DATABASE_DIR = ""

if os.environ.get("BENCH_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
elif DATABASES["default"]["ENGINE"].endswith("sqlite3") and not os.environ.get("DATABASE_URL"):
    # A fresh database for every run: bench.py creates it under the test name and drops it at
    # the end. SQLite in a throw-away file unless DATABASE_URL names another server.
    BENCH_DATABASE_DIR = tempfile.mkdtemp(prefix="afk-bench-db-")
    DATABASES["default"]["NAME"] = os.path.join(BENCH_DATABASE_DIR, "unused.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(BENCH_DATABASE_DIR, "bench.sqlite3")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # 404s and 409s are part of what is measured; only errors are worth a line.
    "root": {"handlers": ["console"], "level": "ERROR"},
}
