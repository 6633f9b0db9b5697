"""Site plumbing that is not content: the load balancer's health check, the favicon."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
HEALTH_CACHE_KEY = "health-check"
HEALTH_CHECK_PATH = "/healthz/"


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unavailable")
        return False


def _cache_ok():
    """A write and a read; the cache backend answers at once while its breaker is open."""
    try:
        cache.set(HEALTH_CACHE_KEY, "ok", timeout=10)
        return cache.get(HEALTH_CACHE_KEY) == "ok"
    except Exception:
        logger.exception("Health check: cache unavailable")
        return False


@never_cache
@require_safe
def health_check(request):
    """For the load balancer: 200 while pages can be served, 503 only when the database is down.

    The cache is an optimisation, so a cache outage answers 200 with `"cache": "down"` and
    status "degraded" (monitoring reads the body). Names no hosts or versions.
    """
    database, cache_ok = _database_ok(), _cache_ok()
    status = "ok" if database and cache_ok else "degraded" if database else "unavailable"
    body = {
        "status": status,
        "database": "ok" if database else "down",
        "cache": "ok" if cache_ok else "down",
    }
    return JsonResponse(body, status=200 if database else 503)


class HealthCheckMiddleware:
    """Answers /healthz/ before anything checks the Host header.

    Load balancers probe each instance by its IP address, over plain HTTP: ALLOWED_HOSTS and
    the HTTPS redirect (exempted in production settings) would turn every probe into a 400 or
    a 301 and take every instance out of service. The answer depends on nothing in the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_CHECK_PATH:
            return health_check(request)
        return self.get_response(request)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to."""
    return HttpResponsePermanentRedirect(static("img/favicon-32.png"))
