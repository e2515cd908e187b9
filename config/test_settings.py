"""Settings for the test suite: the environment's database (SQLite unless DATABASE_URL says
otherwise), fast hashing, mail kept in memory, uploads in a throw-away folder (or the object
store, the cache and the task queue that the environment names: docs/production.md)."""

import os
import tempfile
from urllib.parse import urlsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from config.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# E-mails are sent once their change commits, whatever the environment says; the queue's own
# tests switch to the database backend (tests/nominations/test_mail_queue.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="afk-test-media-")
STORAGES = {
    # The object store when the environment names one (the multi-server run in .ci/run, against
    # moto's S3 server on 127.0.0.1), else local files.
    "default": STORAGES["default"]  # noqa: F405
    if AWS_STORAGE_BUCKET_NAME  # noqa: F405
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the source folders: the suite does not run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# django-axes logs every login at INFO: useful in production, noise in the test output.
LOGGING = {**LOGGING, "loggers": {"axes": {"level": "WARNING"}}}  # noqa: F405
# With a shared Redis (REDIS_URL), each pytest-xdist worker keeps to a database of its own, since
# every test begins by clearing the cache (tests/conftest.py) and Redis clears a whole database.
if REDIS_URL:  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _database = 1 + int(_worker) % 14 if _worker.isdigit() else 1
    CACHES["default"]["LOCATION"] = urlsplit(REDIS_URL)._replace(path=f"/{_database}").geturl()  # noqa: F405
