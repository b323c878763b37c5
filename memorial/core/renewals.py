"""Renewing the cache's tokens (memorial.core.changes) so that a renewal is never lost.

- Inside a transaction a token is renewed at once and again when the transaction commits:
  a request that read the new token before the commit, with the old rows, stored what it
  drew under a token nobody reads afterwards.
- When the cache does not answer, the change still goes through (hiding something must
  never wait for the cache) and the renewal is owed: a row in the database
  (OwedCacheRenewal, rolled back with the change if the change is) and a mark in this
  process. Whoever next reaches the cache pays it by renewing every token: a web process
  that saw the outage, on its next request; the preparer loop and the health check, for
  a renewal another process owes.
"""

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, connection, transaction

from . import redis_cache
from .redis_cache import OUTAGE_ERRORS

logger = logging.getLogger(__name__)

_paid_up_to = 0.0  # redis_cache.last_outage_at when this process last renewed everything
_next_try = 0.0  # time.monotonic() before which a failed payment is not tried again


def renew(new_tokens: Callable[[], dict[str, str]], timeout) -> None:
    """Write `new_tokens()` to the cache now, and again when the open transaction commits."""
    _write(new_tokens, timeout)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _write(new_tokens, timeout))


def _write(new_tokens, timeout) -> None:
    from django.core.cache import cache

    if _cache_failed_lately():
        # Not tried again so soon: taking down a section of many pages would otherwise
        # wait for a timeout on each.
        owe_renewal(trace=False)
        return
    try:
        redis_cache.strict(cache).set_many(new_tokens(), timeout)
    except OUTAGE_ERRORS:
        owe_renewal()


def _cache_failed_lately() -> bool:
    return time.monotonic() - redis_cache.last_outage_at < redis_cache.OUTAGE_PAUSE_SECONDS


def owe_renewal(trace: bool = True) -> None:
    from .models import OwedCacheRenewal

    logger.error(
        "The cache did not answer; cached pages will be renewed once it does", exc_info=trace
    )
    redis_cache.note_outage()
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the caller's intact
            OwedCacheRenewal.objects.create()
    except DatabaseError:
        logger.exception("The owed cache renewal could not be recorded either")


def paid_up() -> bool:
    """Whether this process may trust the cache's tokens: it saw no outage since it last
    renewed everything."""
    return redis_cache.last_outage_at <= _paid_up_to


def pay_if_this_process_saw_an_outage(renew_everything: Callable[[], None]) -> bool:
    """For each request: cheap (no query) unless this process saw the cache fail; while
    paying still fails, tried once per OUTAGE_PAUSE_SECONDS (a visitor would wait).
    Returns whether this process is paid up; until it is, it must not trust the tokens."""
    if not paid_up() and time.monotonic() >= _next_try:
        pay_owed_renewals(renew_everything)
    return paid_up()


def pay_owed_renewals(renew_everything: Callable[[], None]) -> bool:
    """Renew every token if a renewal is owed and the cache answers; True if it did."""
    global _paid_up_to, _next_try
    from .models import OwedCacheRenewal

    outage_at = redis_cache.last_outage_at
    try:
        owed = OwedCacheRenewal.objects.order_by("-pk").values_list("pk", flat=True).first()
    except DatabaseError:
        _next_try = time.monotonic() + redis_cache.OUTAGE_PAUSE_SECONDS
        return False
    if owed is None and outage_at <= _paid_up_to:
        return False
    try:
        renew_everything()
    except OUTAGE_ERRORS:
        _next_try = time.monotonic() + redis_cache.OUTAGE_PAUSE_SECONDS
        return False
    _paid_up_to = outage_at
    if owed is not None:
        try:
            OwedCacheRenewal.objects.filter(pk__lte=owed).delete()
        except DatabaseError:  # paid all the same; the rows only cost one more renewal
            logger.exception("Owed cache renewals were paid but could not be deleted")
    logger.warning("The cache answers again; every cached page and result was renewed")
    return True
