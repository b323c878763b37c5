"""Records that become public without being published, dated for harvesters.

A record's OAI-PMH datestamp is its last publication (or the day its embargo ended). Lifting
a view restriction, moving pages to another parent, or lifting an embargo (which clears the
date the datestamp followed) can make records public without publishing any of them, so an
incremental harvest (`from`) would never fetch them; a page given a new slug changes the
addresses of the records beneath it (and a collection's set) without publishing them. Such
events are written down as `OpenedSection`s. When the ledger is next brought up to date
(withdrawals.bring_ledger_up_to_date, within seconds in the background), every public
record in the section gets a ledger row with `reopened_at`, which its datestamp follows
(datestamps.py).
"""

from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_slug_changed, post_page_move

from memorial.core.lifecycle import embargo_lifted
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage

from ..models import HarvestedRecord, OpenedSection
from ..preservation.export import chunks
from .datestamps import store_datestamps
from .departures import write_down
from .dublin_core import prepare
from .mentions import date_testimonies_mentioning
from .repository import KIND_BY_MODEL, KINDS

BATCH = 1000


@receiver(post_delete, sender=PageViewRestriction)
def _restriction_lifted(sender, instance, **kwargs):
    _note_opened(instance.page_id)


@receiver(post_page_move)
def _moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if parent_page_before.pk != parent_page_after.pk:  # not a reordering among siblings
        _note_opened(instance.pk)


@receiver(page_slug_changed)
def _new_slug(sender, instance, **kwargs):
    # Every address beneath changes (dc:identifier), and a collection's set with its slug.
    _note_opened(instance.pk)


@receiver(embargo_lifted)
def _embargo_lifted(sender, page, **kwargs):
    # Cleared by a queryset update: the datestamp no longer follows the date (until the
    # section is dated from its opening below).
    if kind := KIND_BY_MODEL.get(type(page)):
        store_datestamps(kind, [page.pk])
    _note_opened(page.pk)


def _note_opened(page_id: int) -> None:
    OpenedSection.objects.create(page_id=page_id)


def date_opened_sections() -> None:
    """Date the public records of every section opened since the last call from its
    opening, then forget those sections."""
    from .withdrawals import ledger_rows

    sections = list(OpenedSection.objects.order_by("pk"))
    paths = dict(
        Page.objects.filter(pk__in={section.page_id for section in sections}).values_list(
            "pk", "path"
        )
    )
    for section in sections:
        if section.page_id not in paths:
            continue  # deleted since
        for kind in KINDS:
            records = public_pages(
                kind.model.objects.filter(path__startswith=paths[section.page_id])
            )
            columns = ["path", "identifier"] if kind.model is MemorialEntryPage else ["path"]
            for batch in chunks(records.order_by("pk").only(*columns).iterator(BATCH), BATCH):
                rows = ledger_rows(batch, prepare(batch, None, full=False))
                for row in rows:
                    row.reopened_at = section.opened_at
                # A record moved to another collection is in another set from now on.
                write_down(rows, section.opened_at)
            earlier = Q(reopened_at__isnull=True) | Q(reopened_at__lt=section.opened_at)
            HarvestedRecord.objects.filter(earlier, kind=kind.name).filter(
                page_id__in=records.values("pk")
            ).update(reopened_at=section.opened_at)
            store_datestamps(kind, records.values("pk"))
            if kind.model is MemorialEntryPage:  # their testimonies name them now
                date_testimonies_mentioning(records.values("pk"))
    if sections:
        OpenedSection.objects.filter(pk__lte=sections[-1].pk).delete()
