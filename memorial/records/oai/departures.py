"""Records that leave a collection's set, for the harvesters of that set.

An entry is in the set `entries:<its collection's slug>`. Moved to another collection, or
its collection given a new slug, it stays public: it is never withdrawn, and a harvester of
the old set alone would keep it for ever (OAI-PMH has no word for leaving a set). The ledger
keeps each record's collection (HarvestedRecord.collection); whenever it is seen to change
(a section opened by a move or a new slug: openings.py; an answer naming the record in
another collection: withdrawals.remember_served), the collection it left gets a
`SetDeparture`, and that set's lists report the record deleted from then on, with that set
alone in the header. Everywhere else it is public as before. A record back in a collection
it left loses that departure.
"""

from django.db.models import Q

from ..models import HarvestedRecord, SetDeparture


def write_down(rows: list[HarvestedRecord], when) -> None:
    """Add these ledger rows, or bring the known ones' local id and collection up to date,
    noting the sets they left at `when`."""
    if not rows:
        return
    # Added first, then read back: as many queries for one record as for a hundred.
    HarvestedRecord.objects.bulk_create(rows, ignore_conflicts=True)
    ledger = HarvestedRecord.objects.filter(
        kind__in={row.kind for row in rows}, page_id__in={row.page_id for row in rows}
    )
    columns = ("kind", "page_id", "local_id", "collection")
    known = {
        (kind, pk): (local_id, slug) for kind, pk, local_id, slug in ledger.values_list(*columns)
    }
    for row in rows:
        was = known.get((row.kind, row.page_id))
        if was is None or was == (row.local_id, row.collection):
            continue
        HarvestedRecord.objects.filter(kind=row.kind, page_id=row.page_id).update(
            local_id=row.local_id, collection=row.collection
        )
        if was[1] != row.collection:
            _left(row, was[1], when)


def _left(row: HarvestedRecord, collection: str, when) -> None:
    if collection:
        SetDeparture.objects.update_or_create(
            kind=row.kind,
            page_id=row.page_id,
            collection=collection,
            defaults={"local_id": row.local_id, "left_at": when},
        )
    back = Q(kind=row.kind, page_id=row.page_id, collection=row.collection)
    SetDeparture.objects.filter(back).delete()


def departed(collection: str):
    """Departures from this collection's set."""
    return SetDeparture.objects.filter(collection=collection)
