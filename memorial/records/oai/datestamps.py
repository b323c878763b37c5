"""Records' OAI-PMH datestamps: computed from what they follow, stored to be read in order.

A record's datestamp is its last publication, or, if later, when it became visible again
without one (its ledger row's `reopened_at`) or the day its embargo ended
(`computed_datestamps`). Computed while reading, it made every harvest page read every
record; so it is stored (`HarvestDatestamp`, indexed by kind, datestamp and page id) and
stored again, from the same expression, whenever what it follows changes:

- a page of a harvested kind saved (created, published, unpublished, copied): `_page_saved`;
- an embargo cleared by `lift_expired_embargoes`, a queryset update: openings._embargo_lifted;
- `reopened_at` moved by the ledger: openings.date_opened_sections,
  renamings.date_changed_records (mentions.py goes through it) and withdrawals._compare_kind;
- entries written in bulk SQL by an import: ingest.importer.

Which records a harvester may see is still decided when reading, by `public_pages()`.
"""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.db.models import (
    DateTimeField,
    Exists,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import post_save
from django.utils import timezone

from memorial.core.mixins import AccessMixin

from ..models import HarvestDatestamp

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# A save that changes none of these leaves the datestamp as it was (a draft, a lock).
PAGE_INPUTS = frozenset({"last_published_at", "first_published_at", "embargo_until"})


class DayStart(Func):
    """When a date begins in the archive's time zone (TIME_ZONE: an embargo ends at midnight
    there), as a datetime. PostgreSQL knows the zone's rules. SQLite is told the zone's
    smallest offset from UTC this year: exact without daylight saving time, otherwise up to
    an hour late. Late only has a harvester fetch the record twice; a datestamp before the
    opening would have it never fetch the record."""

    output_field = DateTimeField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "((%(expressions)s)::timestamp AT TIME ZONE %%s)"
        sql, params = self.as_sql(compiler, connection, template=template, **extra)
        return sql, [*params, settings.TIME_ZONE]

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores datetimes on SQLite as 'YYYY-MM-DD HH:MM:SS[.ffffff]' text, in UTC.
        template = "datetime(%(expressions)s, %%s)"
        sql, params = self.as_sql(compiler, connection, template=template, **extra)
        offset = smallest_utc_offset(timezone.get_default_timezone())
        return sql, [*params, f"{-int(offset.total_seconds()):+d} seconds"]


def smallest_utc_offset(zone) -> datetime.timedelta:
    year = timezone.now().year
    return min(datetime.datetime(year, month, 1, tzinfo=zone).utcoffset() for month in (1, 7))


def with_computed_datestamps(queryset, kind_name: str, embargoed: bool):
    """`queryset` (pages of one kind) with `computed_datestamp`. `embargoed`: whether the
    kind has an embargo date. For the migration that first filled the stored ones too."""
    published = Coalesce(
        "last_published_at", "first_published_at", Value(EPOCH), output_field=DateTimeField()
    )
    queryset = queryset.annotate(
        ledger=FilteredRelation("harvest_ledger", condition=Q(harvest_ledger__kind=kind_name))
    )
    reopened = Coalesce("ledger__reopened_at", Value(EPOCH), output_field=DateTimeField())
    stamps = [published, reopened]
    if embargoed:
        stamps.append(
            Coalesce(DayStart("embargo_until"), Value(EPOCH), output_field=DateTimeField())
        )
    return queryset.annotate(computed_datestamp=Greatest(*stamps, output_field=DateTimeField()))


def computed_datestamps(queryset, kind):
    """`queryset` with `computed_datestamp`: what its records' stored datestamps must be."""
    return with_computed_datestamps(queryset, kind.name, issubclass(kind.model, AccessMixin))


def store_datestamps(kind, page_ids) -> None:
    """Store again the datestamps of these pages of `kind` (ids, or a query of ids), adding
    those not stored yet."""
    if isinstance(page_ids, Collection) and not page_ids:
        return
    computed = computed_datestamps(kind.model.objects.filter(pk=OuterRef("page_id")), kind)
    updated = HarvestDatestamp.objects.filter(kind=kind.name, page_id__in=page_ids).update(
        datestamp=Subquery(computed.values("computed_datestamp")[:1])
    )
    if isinstance(page_ids, Collection) and updated == len(set(page_ids)):
        return
    missing = computed_datestamps(kind.model.objects.filter(pk__in=page_ids), kind).filter(
        ~Exists(HarvestDatestamp.objects.filter(page_id=OuterRef("pk")))
    )
    HarvestDatestamp.objects.bulk_create(
        [
            HarvestDatestamp(page_id=pk, kind=kind.name, datestamp=stamp)
            for pk, stamp in missing.values_list("pk", "computed_datestamp")
        ],
        ignore_conflicts=True,
    )


def _page_saved(sender, instance, update_fields=None, **kwargs):
    from .repository import KIND_BY_MODEL

    if update_fields is not None and not PAGE_INPUTS & set(update_fields):
        return
    store_datestamps(KIND_BY_MODEL[sender], [instance.pk])


def connect_receivers() -> None:
    from .repository import KINDS

    for kind in KINDS:
        post_save.connect(_page_saved, sender=kind.model, dispatch_uid=f"oai-datestamp-{kind.name}")
