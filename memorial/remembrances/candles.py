"""Lighting candles: one per visitor per entry per day, counted exactly under concurrency.

A visitor is known only by `visitor_key()`, an HMAC of (day, network address, browser
name) under a key derived from SECRET_KEY. It cannot be reversed, it differs every day,
and the rows holding it are deleted after two days (`manage.py prune_candles`).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from memorial.core.abuse import client_address
from memorial.core.page_cache import renew_stamp

from .models import CandleCount, CandleLit

# CandleLit rows older than this many days are deleted by prune_candles.
KEEP_DAYS = 2


def visitor_key(request, day: datetime.date) -> str:
    """The anonymous daily key of the visitor making `request` (64 hex characters).

    The address is the one every per-visitor limit uses (`client_address`: REMOTE_ADDR, or
    the header of a trusted proxy named by CLIENT_ADDRESS_HEADER). A request without a
    User-Agent is still counted, by its address alone.
    """
    address = client_address(request)
    browser = request.META.get("HTTP_USER_AGENT", "")
    value = "\n".join((day.isoformat(), address, browser))
    return salted_hmac("memorial.remembrances.candles", value, algorithm="sha256").hexdigest()


def candle_stamp_key(entry_id) -> str:
    """Stored copies of the entry's page hold its count; lighting a candle renews this."""
    return f"candles:stamp:{entry_id}"


def candle_count(entry) -> int:
    return CandleCount.objects.filter(entry=entry).values_list("count", flat=True).first() or 0


def light_candle(entry, visitor: str, day: datetime.date | None = None) -> tuple[bool, int]:
    """Light a candle for `entry` unless `visitor` already did on `day` (today by default).

    Returns (lit_now, count): whether this call lit one, and the entry's count after it.
    """
    day = day or timezone.localdate()
    with transaction.atomic():
        try:
            with transaction.atomic():
                CandleLit.objects.create(entry=entry, day=day, visitor=visitor)
        except IntegrityError:
            return False, candle_count(entry)
        # INSERT ... ON CONFLICT DO NOTHING: the first candle ever creates the row race-free,
        # then the increment happens in the database, so concurrent lights never overwrite.
        CandleCount.objects.bulk_create([CandleCount(entry=entry, count=0)], ignore_conflicts=True)
        CandleCount.objects.filter(entry=entry).update(count=F("count") + 1)
        # Renewed now and again at commit: a copy rendered in between holds the old count.
        renew_stamp(candle_stamp_key(entry.pk))
        transaction.on_commit(lambda: renew_stamp(candle_stamp_key(entry.pk)))
        return True, candle_count(entry)


def prune_old_candles(today: datetime.date | None = None) -> int:
    """Delete the per-visitor rows older than KEEP_DAYS days; the counts stay. Returns how many."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=KEEP_DAYS)
    deleted, _ = CandleLit.objects.filter(day__lt=cutoff).delete()
    return deleted
