"""Withdrawn records for OAI-PMH: what harvesters were given and may no longer have.

Every record an OAI-PMH answer names is written down as it is served (`HarvestedRecord`,
a few rows per answer). After a change (`public_state()`), the ledger is compared with the
archive: a record no longer public gets `withdrawn_at`; one public again loses it and gets
`reopened_at`, as do the records of sections opened without a publication (openings.py).
The search preparer does this in the background within seconds of a change (make serve);
an OAI-PMH request does it too when it finds the ledger behind and no other process at
it. `withdrawn_at` is the moment the withdrawal was seen, never earlier than a harvest
that still got the record, so an incremental harvest from that harvest on reports it
deleted (`deletedRecord` is `transient`: a ledger emptied forgets what was withdrawn).
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from memorial.core.changes import public_state
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage

from ..models import HarvestedRecord
from .datestamps import store_datestamps
from .departures import write_down
from .dublin_core import collection_of
from .mentions import date_testimonies_mentioning, date_testimonies_mentioning_new_people
from .openings import date_opened_sections
from .repository import KIND_BY_MODEL, KINDS

STATE_KEY = "oai:ledger-state"
LOCK_KEY = "oai:ledger-lock"
LOCK_SECONDS = 600


def remember_served(pages, context) -> None:
    """Write down the public records an answer is about to name, with the people its
    testimonies' relations name (`context`: the answer's `dublin_core.prepare()`, which
    knows each entry's collection and those people)."""
    named = {page.pk: page for page in pages}
    for people in context["mentions"].values():
        named.update((person.pk, person) for person in people if person.pk not in named)
    write_down(ledger_rows(named.values(), context), timezone.now())


def ledger_rows(pages, context) -> list[HarvestedRecord]:
    rows = []
    for page in pages:
        kind = KIND_BY_MODEL[type(page)]
        collection = collection_of(page, context)
        rows.append(
            HarvestedRecord(
                kind=kind.name,
                page_id=page.pk,
                local_id=kind.local_id(page),
                collection=collection.slug if collection else "",
            )
        )
    return rows


def bring_ledger_up_to_date() -> None:
    """Mark what stopped being public withdrawn, and what is public again not, once per
    change and by one process at a time."""
    state = public_state()
    if cache.get(STATE_KEY) == state or not cache.add(LOCK_KEY, state, LOCK_SECONDS):
        return
    try:
        now = timezone.now()
        with transaction.atomic():
            date_opened_sections()
        for kind in KINDS:
            with transaction.atomic():
                _compare_kind(kind, now)
        with transaction.atomic():
            date_testimonies_mentioning_new_people()
        cache.set(STATE_KEY, state, timeout=None)
    finally:
        cache.delete(LOCK_KEY)


def _compare_kind(kind, now) -> None:
    public = public_pages(kind.model.objects.all()).order_by()
    ledger = HarvestedRecord.objects.filter(kind=kind.name)
    # EXISTS, not IN: an anti-join however many records there are.
    is_public = Exists(public.filter(pk=OuterRef("page_id")))
    if kind.model is MemorialEntryPage:  # the testimonies naming them change too
        for changing in (
            ledger.filter(~is_public, withdrawn_at__isnull=True),
            ledger.filter(is_public, withdrawn_at__isnull=False),
        ):
            date_testimonies_mentioning(changing.values("page_id"))
    ledger.filter(~is_public, withdrawn_at__isnull=True).update(withdrawn_at=now)
    # Public again: a harvester that dropped it must fetch it anew.
    ledger.filter(is_public, withdrawn_at__isnull=False).update(withdrawn_at=None, reopened_at=now)
    store_datestamps(kind, ledger.filter(reopened_at=now).values("page_id"))


def withdrawn(kind_names, collection: str = ""):
    """Ledger rows of records withdrawn, of these kinds (and this collection's set)."""
    rows = HarvestedRecord.objects.filter(kind__in=kind_names, withdrawn_at__isnull=False)
    return rows.filter(collection=collection) if collection else rows
