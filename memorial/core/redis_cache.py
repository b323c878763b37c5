"""Django's Redis cache, with one client object per connection pool, that lets the site
go on without Redis.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and with it the
table of response callbacks redis-py fills in its constructor: about 0.2 ms each time, as
much as the round trip itself for a page served from the cache. A `redis.Redis` is safe to
share between threads (each command takes a connection from the pool), so one per pool is
kept and reused.

When Redis does not answer, a read is a miss and a write is dropped, so pages are drawn
afresh instead of failing; the outage is logged once per `OUTAGE_PAUSE_SECONDS`, during
which Redis is not asked again (a visitor would otherwise wait for each call's timeout).
Whatever must know that the cache works uses `strict`, which raises as Django's does:
the health check, and the tokens that make cached pages stale after a change, whose
renewal is owed until the cache answers again (memorial.core.renewals).
"""

import copy
import logging
import time
from functools import cached_property
from uuid import uuid4

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisError, OSError)
OUTAGE_PAUSE_SECONDS = 2.0
# When this process last saw the cache fail (time.monotonic()); memorial.core.renewals
# renews every token once the cache answers again.
last_outage_at = 0.0


UNSHARED_PREFIX = "unread-"


def unshared_token() -> str:
    """A token for what could not be read from the cache: no other request has it, so
    nothing stored under it is ever found again."""
    return f"{UNSHARED_PREFIX}{uuid4().hex}"


def note_outage() -> None:
    global last_outage_at
    last_outage_at = time.monotonic()


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES BACKEND "memorial.core.redis_cache.RedisCache"; options as Django's."""

    tolerant = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient  # Django sets its own client class here
        self._paused_until = 0.0

    @cached_property
    def strict(self):
        """The same cache, connections and keys, raising when Redis does not answer."""
        _ = self._cache  # built first, so that both share one client and its connections
        twin = copy.copy(self)
        twin.tolerant = False
        return twin

    def _tolerating(self, call, miss):
        if not self.tolerant:
            return call()
        if time.monotonic() < self._paused_until:
            return miss()
        try:
            return call()
        except OUTAGE_ERRORS:
            note_outage()
            self._paused_until = time.monotonic() + OUTAGE_PAUSE_SECONDS
            logger.error(
                "The cache (Redis) does not answer; pages are drawn without it for the next "
                "%s s before it is tried again",
                OUTAGE_PAUSE_SECONDS,
                exc_info=True,
            )
            return miss()

    def get(self, key, default=None, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).get(key, default, version), lambda: default
        )

    def get_many(self, keys, version=None):
        return self._tolerating(lambda: super(RedisCache, self).get_many(keys, version), dict)

    def has_key(self, key, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).has_key(key, version), lambda: False
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).add(key, value, timeout, version), lambda: False
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).set(key, value, timeout, version), lambda: None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).set_many(data, timeout, version), lambda: list(data)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).touch(key, timeout, version), lambda: False
        )

    def delete(self, key, version=None):
        return self._tolerating(lambda: super(RedisCache, self).delete(key, version), lambda: False)

    def delete_many(self, keys, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).delete_many(keys, version), lambda: None
        )

    def incr(self, key, delta=1, version=None):
        return self._tolerating(
            lambda: super(RedisCache, self).incr(key, delta, version), _no_such_key
        )


def _no_such_key():
    # What Django's caches raise for a key they do not hold; an unreachable cache holds none.
    raise ValueError("The cache does not answer, so it holds no such key.")


def strict(cache):
    """`cache`, raising when its server does not answer (any cache without that twin is
    strict already: Django's own backends raise)."""
    return getattr(cache, "strict", cache)
