"""Settings for the real server processes of test_two_processes: the test settings, with the
shared Redis cache a production site uses instead of each process's local memory."""

from memorial.settings.test import *  # noqa: F403

SHARED_CACHE_URL = "redis://127.0.0.1:6379/11"

CACHES = {
    "default": {
        "BACKEND": "memorial.core.redis_cache.RedisCache",
        "LOCATION": SHARED_CACHE_URL,
        "KEY_PREFIX": "memorial-two-processes",
    }
}
