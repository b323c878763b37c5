"""/healthz: can this process answer visitors? Database, cache and file storage, each checked.

A load balancer or monitor reads the JSON; it names the part that failed and nothing else
(no host names, no messages from the drivers), and it is never cached. Each check catches
only the errors its backend raises when it is unreachable or refusing work, so a bug in the
code still shows up as a bug. Bound how long a check may wait with the backends' own
timeouts (`connect_timeout` in DATABASE_URL, `socket_timeout` in REDIS_URL).
"""

import contextlib
import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from .changes import renew_everything
from .redis_cache import strict
from .renewals import pay_owed_renewals

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "down"
STORAGE_PREFIX = "healthz/"
CACHE_KEY_SECONDS = 10


def _cache_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError, TimeoutError)
    try:
        from redis.exceptions import RedisError
    except ImportError:  # no Redis client installed: the local memory cache cannot fail so
        return errors
    return (*errors, RedisError)


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # S3 storage not installed: only the file system can fail
        return errors
    return (*errors, BotoCoreError, ClientError)


CACHE_ERRORS = _cache_errors()
STORAGE_ERRORS = _storage_errors()


def database_answers() -> bool:
    """True when the default database answers SELECT 1."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database did not answer", exc_info=True)
        return False
    return True


def cache_answers() -> bool:
    """True when the cache keeps a value: a random key is set, read back and deleted."""
    key = f"healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    try:
        checked = strict(cache)
        checked.set(key, value, CACHE_KEY_SECONDS)
        kept = checked.get(key)
        checked.delete(key)
    except CACHE_ERRORS:
        logger.warning("Health check: the cache did not answer", exc_info=True)
        return False
    return kept == value


def storage_answers() -> bool:
    """True when the default file storage saves, reads back and deletes a tiny file."""
    content = secrets.token_hex(8).encode()
    name = None
    try:
        name = default_storage.save(
            f"{STORAGE_PREFIX}{secrets.token_hex(8)}.txt", ContentFile(content)
        )
        with default_storage.open(name, "rb") as handle:
            read_back = handle.read()
        default_storage.delete(name)
    except STORAGE_ERRORS:
        logger.warning("Health check: the file storage did not answer", exc_info=True)
        if name:
            _try_to_delete(name)
        return False
    return read_back == content


def _try_to_delete(name: str) -> None:
    with contextlib.suppress(*STORAGE_ERRORS):  # failing already; the check has said so
        default_storage.delete(name)


CHECKS = {
    "database": database_answers,
    "cache": cache_answers,
    "storage": storage_answers,
}


def healthz(request):
    """200 with every part "ok", or 503 naming the part(s) that are "down"."""
    parts = {name: OK if check() else DOWN for name, check in CHECKS.items()}
    healthy = all(state == OK for state in parts.values())
    if parts["database"] == OK and parts["cache"] == OK:
        # A renewal another process owes (memorial.core.renewals): monitors ask every
        # few seconds.
        pay_owed_renewals(renew_everything)
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response
