"""The health check for the proxy and the monitoring: /helse/.

It asks what a page needs: the database (a query), the cache (Redis answers, or a value set is
read back), the file storage (the object store's bucket answers, or the upload folder can be
written) and that no migration is pending (a server started on new code before `migrate` ran
is not healthy). Django's own pieces are enough for four questions, so this is a small view of
ours rather than django-health-check and its own views, templates and settings.

The answer to anyone is the word "ok" (200) or "feil" (503) and nothing else: no version, no
names, no errors for a stranger to learn from. Staff, or a request with the token of
settings.HEALTH_TOKEN (header `Authorization: Bearer <token>`), also get each check's result.
"""

import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare, get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Once every migration is applied, it stays so for this process's code: asked once.
_migrations_applied = False


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:  # Redis (core/cache.py): asked even while known to be away
        ping()
        return
    key, value = f"health:{get_random_string(12)}", get_random_string(12)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("a value set in the cache was not read back")
    cache.delete(key)


def check_storage():
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:  # the object store (django-storages): the bucket answers to these credentials
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
        return
    # The folder is made at the first upload: until then, the nearest folder that exists must
    # let the server make it.
    folder = Path(default_storage.location)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise PermissionError("the upload folder cannot be written")


def check_migrations():
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")
    _migrations_applied = True


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "migrations": check_migrations,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:
            logger.warning("Health check %s failed: %s", name, error)
            results[name] = f"feil: {type(error).__name__}: {error}"
        else:
            results[name] = f"ok ({(time.monotonic() - started) * 1000:.0f} ms)"
    return results


def _may_see_details(request) -> bool:
    token = getattr(settings, "HEALTH_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and constant_time_compare(given[7:], token):
        return True
    # Only with a session: a stranger's probe reads nothing from the database for this.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        return request.user.is_authenticated and request.user.is_staff
    except Exception:  # the database is away: no details, the answer says feil anyway
        return False


@never_cache
@require_safe
def health(request):
    results = run_checks()
    healthy = all(result.startswith("ok") for result in results.values())
    status = 200 if healthy else 503
    if _may_see_details(request):
        return JsonResponse({"status": "ok" if healthy else "feil", **results}, status=status)
    return HttpResponse(
        "ok" if healthy else "feil", status=status, content_type="text/plain; charset=utf-8"
    )
