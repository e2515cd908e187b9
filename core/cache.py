"""Django's own Redis cache, shared by every app server, that a Redis outage only slows down.

What the project keeps in the cache is kept under an explicit version of the data it was made
from (the cycle's results_version: scoring/score_math.py), so that any process may use what
another made, and a miss only costs the
time to make it again. A page must therefore never fail because the cache is away: while Redis
does not answer, reads miss and writes are dropped, with a warning in the log, and for a few
seconds after a failure the cache is not asked at all, so that a page does not wait for the
connection's time-out on every read."""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# After Redis failed to answer, how long the cache is left alone before it is asked again.
RETRY_AFTER_SECONDS = 5.0


class _ForgivingClient(RedisCacheClient):
    down_until = 0.0

    def _guarded(self, name, default, *args):
        if time.monotonic() < self.down_until:
            return default
        try:
            return getattr(super(), name)(*args)
        except self._lib.exceptions.RedisError as error:
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("The cache (Redis) did not answer %s: %s", name, error)
            return default

    def add(self, key, value, timeout):
        return self._guarded("add", False, key, value, timeout)

    def get(self, key, default):
        return self._guarded("get", default, key, default)

    def set(self, key, value, timeout):
        return self._guarded("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._guarded("touch", False, key, timeout)

    def delete(self, key):
        return self._guarded("delete", False, key)

    def get_many(self, keys):
        return self._guarded("get_many", {}, keys)

    def has_key(self, key):
        return self._guarded("has_key", False, key)

    def set_many(self, data, timeout):
        return self._guarded("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._guarded("delete_many", None, keys)

    def clear(self):
        return self._guarded("clear", False)

    def ping(self) -> bool:
        """For the health check: asks Redis whatever happened before, and raises if it fails."""
        return self.get_client(write=True).ping()


class ForgivingRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache whose reads miss and writes are dropped
    while Redis is away. `incr` and `decr` still raise: a counter must not silently restart."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ForgivingClient

    def ping(self) -> bool:
        return self._cache.ping()
