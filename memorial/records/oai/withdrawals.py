"""Withdrawn records for OAI-PMH: what harvesters were offered and may no longer have.

Before OAI-PMH answers, the ledger (`HarvestedRecord`) is brought up to date with the
archive, once per change (`public_state()`): records public now are added, records no
longer public get `withdrawn_at`, records public again lose it. Any record a harvester
could have received was public when some answer was made, so it is in the ledger, and its
withdrawal is reported as a deleted record (`deletedRecord` is `transient`: a ledger built
again from nothing forgets what was withdrawn before).
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from memorial.core.changes import public_state
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage

from ..models import HarvestedRecord
from .repository import KINDS

STATE_KEY = "oai:ledger-state"
BATCH = 2000


def bring_ledger_up_to_date() -> None:
    state = public_state()
    if cache.get(STATE_KEY) == state:
        return
    now = timezone.now()
    for kind in KINDS:
        with transaction.atomic():
            _record_kind(kind, now)
    cache.set(STATE_KEY, state, timeout=None)


def _record_kind(kind, now) -> None:
    public = public_pages(kind.model.objects.all()).order_by()
    ledger = HarvestedRecord.objects.filter(kind=kind.name)
    # EXISTS, not IN: an anti-join however many records there are.
    is_public = Exists(public.filter(pk=OuterRef("page_id")))
    ledger.filter(~is_public, withdrawn_at__isnull=True).update(withdrawn_at=now)
    ledger.filter(is_public, withdrawn_at__isnull=False).update(withdrawn_at=None)
    new = public.filter(~Exists(ledger.filter(page_id=OuterRef("pk"))))
    fields = ["pk", "path"] + (["identifier"] if kind.model is MemorialEntryPage else [])
    collections = _collection_slugs() if kind.model is MemorialEntryPage else {}
    rows = []
    for values in new.values_list(*fields).iterator(chunk_size=BATCH):
        pk, path = values[0], values[1]
        rows.append(
            HarvestedRecord(
                kind=kind.name,
                page_id=pk,
                local_id=values[2] if len(values) > 2 else str(pk),
                collection=collections.get(path[: -MemorialEntryPage.steplen], ""),
            )
        )
        if len(rows) >= BATCH:
            HarvestedRecord.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    HarvestedRecord.objects.bulk_create(rows, ignore_conflicts=True)


def _collection_slugs() -> dict[str, str]:
    return dict(MemorialIndexPage.collections().values_list("path", "slug"))


def withdrawn(kind_names, collection: str = ""):
    """Ledger rows of records withdrawn, of these kinds (and this collection's set)."""
    rows = HarvestedRecord.objects.filter(kind__in=kind_names, withdrawn_at__isnull=False)
    return rows.filter(collection=collection) if collection else rows
