"""Testimonies whose people mentioned open or close, dated for harvesters.

A testimony's dc:relation names the public people it mentions (dublin_core.py). A person
closed (unpublished, restricted, embargoed, deleted) or opened changes the records of the
testimonies that mention them without publishing any, so an incremental harvest (`from`)
would keep the old relations. Their ledger rows are dated as for a renamed place
(renamings.date_changed_records) whenever the ledger is compared with the archive:

- a person in the ledger withdrawn or public again (withdrawals._compare_kind);
- the public people of a section opened (openings.date_opened_sections);
- a public person mentioned by a testimony a harvester has, and not yet in the ledger
  (published for the first time): written down, so their closing is seen later.

People named in an answer's relations are written down with the records it names
(withdrawals.remember_served), so a harvester of testimonies alone is told too.
"""

from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage
from memorial.testimonies.models import TestimonyMention

from ..models import HarvestedRecord
from ..preservation.export import chunks
from .dublin_core import prepare
from .renamings import date_changed_records

BATCH = 1000


def date_testimonies_mentioning(entry_ids) -> None:
    """`entry_ids`: page ids, or a query of them."""
    mentioning = TestimonyMention.objects.filter(entry_id__in=entry_ids).values("page_id")
    date_changed_records({"testimony": mentioning})


def date_testimonies_mentioning_new_people() -> None:
    """Date the testimonies a harvester has that mention a public person the ledger does not
    know yet, and write those people down."""
    from .withdrawals import ledger_rows

    served = HarvestedRecord.objects.filter(kind="testimony", withdrawn_at__isnull=True)
    known = HarvestedRecord.objects.filter(kind="entry").values("page_id")
    new = public_pages(
        MemorialEntryPage.objects.filter(testimony_mentions__page__in=served.values("page_id"))
    ).exclude(pk__in=known)
    ids = set(new.values_list("pk", flat=True))
    if not ids:
        return
    date_testimonies_mentioning(ids)
    people = MemorialEntryPage.objects.filter(pk__in=ids).order_by("pk")
    for batch in chunks(people.only("path", "identifier").iterator(BATCH), BATCH):
        rows = ledger_rows(batch, prepare(batch, None, full=False))
        HarvestedRecord.objects.bulk_create(rows, ignore_conflicts=True)
