"""`/healthz/`: whether this app server can do its work, for the proxy, a load balancer or monitoring.

200 when every check in settings.HEALTH_CHECKS passes (by default: the database answers, the cache
stores and returns a value, and a `db_worker` has beaten its heartbeat recently, so mail goes out);
503 otherwise. The body says "ok" or "unavailable" and nothing more: which part failed, versions or
timings would help an attacker more than an operator, who has the logs. Never cached, by anyone.

Each check is a dotted path to a function that returns a truth value or raises; apps provide their own
(outbox.workers.a_worker_is_alive), so this module imports no app.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
CACHE_PROBE_KEY = "healthz:probe"


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    # A value of its own each time: a stale or read-only cache that still returns an old value fails.
    value = secrets.token_hex(8)
    cache.set(CACHE_PROBE_KEY, value, 30)
    return cache.get(CACHE_PROBE_KEY) == value


def failed_checks():
    """The dotted paths of the checks that fail (logged here, never sent to the client)."""
    failed = []
    for path in settings.HEALTH_CHECKS:
        try:
            passed = bool(import_string(path)())
        except Exception:  # any failure of a dependency is an unhealthy answer, not a server error
            logger.exception("health check %s raised", path)
            passed = False
        if not passed:
            failed.append(path)
    return failed


@never_cache
@require_safe
def healthz(request):
    failed = failed_checks()
    if failed:
        logger.warning("health: failing %s", ", ".join(failed))
    # never_cache adds `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`.
    return HttpResponse(
        "unavailable\n" if failed else "ok\n",
        status=503 if failed else 200,
        content_type="text/plain; charset=utf-8",
    )
