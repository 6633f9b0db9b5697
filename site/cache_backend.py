"""The cache backend for production: Django's RedisCache, made an optimisation it can lose.

A cache that is refused, hung or slow must never take pages down or lose an enquiry
(docs/operations.md). So: short connect and read timeouts, no client-side retries, and a
circuit breaker: after a failure this process stops asking Redis for BREAKER_SECONDS, and every
operation answers at once as a miss (get -> default, add/set/delete -> nothing stored).
`incr` raises CacheUnavailable (a ValueError, as for a missing key) so a caller that counts
(the enquiry rate limit, the page-cache version) can choose to fail open.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT_SECONDS = 0.5
BREAKER_SECONDS = 15

# Shared by every thread's cache instance in the process: server -> time to ask again.
_open_until = {}
_lock = threading.Lock()


class CacheUnavailable(ValueError):
    """The cache could not be asked (refused, hung, or the breaker is open)."""


class OneClientPerPool(RedisCacheClient):
    """Django's client, without building a redis.Redis for every operation.

    Django makes a new redis.Redis per call, and each builds its table of ~170 response
    callbacks: more CPU than the round trip itself. redis.Redis keeps no per-call state and is
    thread-safe (its pool hands out the connections), so one per pool does the same work.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        options = params["OPTIONS"]
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT_SECONDS)
        # redis-py retries failed commands by default; one slow answer is enough to give up.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        self.breaker_seconds = float(params.get("BREAKER_SECONDS", BREAKER_SECONDS))
        super().__init__(server, params)
        self._class = OneClientPerPool
        self._breaker_key = str(server)

    @property
    def available(self):
        """False while the breaker is open (a recent failure): nothing is asked until then."""
        return _open_until.get(self._breaker_key, 0) <= time.monotonic()

    def _trip(self, error):
        with _lock:
            was_closed = self.available
            _open_until[self._breaker_key] = time.monotonic() + self.breaker_seconds
        if was_closed:
            logger.warning(
                "Cache unavailable (%s); pages are served uncached for the next %s s.",
                type(error).__name__,
                self.breaker_seconds,
            )

    def _guard(self, operation, fallback, *args, **kwargs):
        if not self.available:
            return fallback()
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            self._trip(error)
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, lambda: False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, lambda: False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._guard(super().clear, lambda: False)

    def incr(self, key, delta=1, version=None):
        def unavailable():
            raise CacheUnavailable("The cache is unavailable.")

        return self._guard(super().incr, unavailable, key, delta, version)
