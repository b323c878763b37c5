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


# --- Redis gone: the site goes on without it ----------------------------------------------

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # port 1: refused at once on loopback


@pytest.fixture
def gone():
    return RedisCache(NOBODY_LISTENS, {"OPTIONS": {"socket_connect_timeout": 1}})


def test_a_cache_nobody_answers_misses_and_drops_writes(gone):
    assert gone.get("name") is None
    assert gone.get("name", "fallback") == "fallback"
    assert gone.get_many(["a", "b"]) == {}
    assert gone.has_key("a") is False
    assert gone.add("a", 1) is False
    assert gone.set("a", 1) is None
    assert gone.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert gone.touch("a") is False
    assert gone.delete("a") is False
    gone.delete_many(["a", "b"])
    assert gone.get_or_set("a", 5) == 5
    with pytest.raises(ValueError):  # as for a key the cache does not hold
        gone.incr("a")


def test_strict_raises_so_the_health_check_and_changes_know(gone):
    with pytest.raises(redis.exceptions.ConnectionError):
        gone.strict.get("name")
    with pytest.raises(redis.exceptions.ConnectionError):
        gone.strict.set("name", 1)
    assert gone.strict._cache is gone._cache  # the same connections


def test_after_a_failure_redis_is_not_asked_again_for_a_while(gone, monkeypatch):
    from memorial.core import redis_cache

    asked = []
    real = gone._cache.get_client
    monkeypatch.setattr(gone._cache, "get_client", lambda *a, **k: asked.append(1) or real(*a, **k))
    gone.get("a")
    gone.get("b")
    gone.set("c", 1)
    assert len(asked) == 1
    monkeypatch.setattr(redis_cache.time, "monotonic", lambda: 10**9)  # the pause is over
    gone.get("d")
    assert len(asked) == 2


def test_a_working_cache_is_not_paused(redis_cache):
    assert redis_cache.strict.get("missing") is None
    redis_cache.strict.set("kept", 1, 30)
    assert redis_cache.get("kept") == 1
