"""Records whose metadata names a place or keyword renamed or deleted, dated for harvesters.

An entry's dc:coverage names its places, a testimony's its interview place and its
dc:subject its keywords (dublin_core.py). Renaming or deleting a place or keyword (in the
admin, a script or a shell: memorial.core.shown_snippets.shown_snippet_changed) changes
those records without publishing any of them, so an incremental harvest
(`from`) would never fetch them again. Their ledger rows get `reopened_at` now, which their
datestamps follow (datestamps.py), as for sections opened without a
publication (openings.py): one UPDATE per kind, and the stored datestamps are updated too.

A testimony's dc:rights and dc:type come from its recording (rights, audio or video): the
recording edited or deleted dates the testimonies that play it the same way.

Only rows already in the ledger: every public record an answer named has one
(withdrawals.remember_served), and a record never named is in no harvester's copy.
"""

from django.db.models import Q
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from memorial.core.changes import shown_file_may_change
from memorial.core.models import ArchiveMedia
from memorial.core.shown_snippets import shown_snippet_changed
from memorial.entries.models import MemorialEntryPage, Place
from memorial.testimonies.models import Keyword, TestimonyPage

from ..models import HarvestedRecord
from .datestamps import store_datestamps
from .repository import KIND_BY_NAME


def records_naming(instance) -> dict:
    """The records (by kind name) whose OAI metadata names this place or keyword."""
    if isinstance(instance, Place):
        return {
            "entry": MemorialEntryPage.objects.filter(
                Q(birth_place=instance) | Q(death_place=instance)
            ),
            "testimony": TestimonyPage.objects.filter(interview_place=instance),
        }
    if isinstance(instance, Keyword):
        return {"testimony": TestimonyPage.objects.filter(keywords=instance)}
    return {}


def date_changed_records(page_ids_by_kind: dict) -> None:
    now = timezone.now()
    for kind, page_ids in page_ids_by_kind.items():
        earlier = Q(reopened_at__isnull=True) | Q(reopened_at__lt=now)
        HarvestedRecord.objects.filter(earlier, kind=kind, page_id__in=page_ids).update(
            reopened_at=now
        )
        store_datestamps(KIND_BY_NAME[kind], page_ids)


@receiver(shown_snippet_changed)
def _date_records_naming(sender, instance, **kwargs):
    # Also sent before a deletion, while the records naming it can still be found.
    date_changed_records(
        {kind: records.values("pk") for kind, records in records_naming(instance).items()}
    )


@receiver(post_save, sender=ArchiveMedia)
@receiver(pre_delete, sender=ArchiveMedia)
def _date_testimonies_playing(sender, instance, signal=None, raw=False, **kwargs):
    if raw or (
        signal is post_save
        and not shown_file_may_change(kwargs.get("update_fields"), kwargs.get("created", False))
    ):
        return
    date_changed_records({"testimony": TestimonyPage.objects.filter(media=instance).values("pk")})
