"""memorial.core.redis_cache: Django's Redis cache, one client object per connection pool."""

import pytest
import redis

from memorial.core.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "memorial-redis-cache-test"})
    try:
        cache.clear()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    yield cache
    cache.clear()


def test_every_call_shares_one_client(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("some-key") is client


def test_it_is_still_a_working_cache(redis_cache):
    redis_cache.set("name", {"given": "Ilse"}, 30)
    redis_cache.set_many({"a": 1, "b": 2}, 30)
    assert redis_cache.get("name") == {"given": "Ilse"}
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert redis_cache.add("a", 9) is False
    assert redis_cache.incr("a") == 2
    redis_cache.delete("name")
    assert redis_cache.get("name") is None
