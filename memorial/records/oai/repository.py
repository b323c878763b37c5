"""What the OAI-PMH endpoint publishes: record kinds, sets, identifiers and datestamps.

Rows come from `public_pages()` only. Lists are read in keyset order (datestamp, page id),
one kind at a time with `LIMIT page size + 1`, and merged, so no request loads more than
a few hundred rows however large the archive is.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import DateTimeField, FilteredRelation, Func, Min, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from memorial.core.converters import DatabaseId
from memorial.core.mixins import AccessMixin
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import TestimonyPage

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
PAGE_SIZE = 100


@dataclass(frozen=True)
class Kind:
    name: str  # in identifiers: oai:<host>:<name>/<local id>
    model: type
    set_spec: str
    set_name: str

    def local_id(self, page) -> str:
        return page.identifier if self.model is MemorialEntryPage else str(page.pk)

    def lookup(self, local_id: str) -> Q | None:
        if self.model is MemorialEntryPage:
            return Q(identifier=local_id)
        pk = DatabaseId.parse(local_id)
        # As identifiers write it: '012' would be a second identifier of record 12.
        return Q(pk=pk) if pk is not None and str(pk) == local_id else None


KINDS = (
    Kind("entry", MemorialEntryPage, "entries", "Memorial entries: people the archive remembers"),
    Kind("testimony", TestimonyPage, "testimonies", "Testimonies of survivors and witnesses"),
    Kind("gallery", GalleryPage, "galleries", "Photograph galleries"),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}
COLLECTION_PREFIX = "entries:"


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


def with_datestamps(queryset, kind: "Kind"):
    """`queryset` with `oai_datestamp`: when the record last changed for a harvester. That
    is its last publication, or, if later, when it became visible again without one (the
    ledger's `reopened_at`) or the day its embargo ended."""
    published = Coalesce(
        "last_published_at", "first_published_at", Value(EPOCH), output_field=DateTimeField()
    )
    # A join, not a subquery per record: a harvest reads every record's datestamp.
    queryset = queryset.annotate(
        ledger=FilteredRelation("harvest_ledger", condition=Q(harvest_ledger__kind=kind.name))
    )
    reopened = Coalesce("ledger__reopened_at", Value(EPOCH), output_field=DateTimeField())
    stamps = [published, reopened]
    if issubclass(kind.model, AccessMixin):
        stamps.append(
            Coalesce(DayStart("embargo_until"), Value(EPOCH), output_field=DateTimeField())
        )
    return queryset.annotate(oai_datestamp=Greatest(*stamps, output_field=DateTimeField()))


def namespace(request) -> str:
    """The repository part of identifiers: OAI_REPOSITORY_IDENTIFIER, else the host name."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    return (configured or request.get_host().rsplit(":", 1)[0].strip("[]")).lower()


def oai_identifier(request, kind: Kind, page) -> str:
    return identifier_of(request, kind, kind.local_id(page))


def identifier_of(request, kind: Kind, local_id: str) -> str:
    return f"oai:{namespace(request)}:{kind.name}/{local_id}"


def parse_identifier(request, identifier: str) -> tuple[Kind, str] | None:
    """(kind, local id) of an OAI identifier of this repository, or None."""
    match = re.fullmatch(rf"oai:{re.escape(namespace(request))}:([a-z]+)/(.+)", identifier)
    kind = KIND_BY_NAME.get(match.group(1)) if match else None
    return (kind, match.group(2)) if kind else None


def find_record(request, identifier: str):
    """The public page an OAI identifier names (with `oai_datestamp`), or None."""
    parsed = parse_identifier(request, identifier)
    kind = parsed[0] if parsed else None
    lookup = kind.lookup(parsed[1]) if kind else None
    if lookup is None:
        return None
    qs = public_pages(kind.model.objects.filter(lookup))
    return with_datestamps(qs, kind).first()


def public_collections():
    return public_pages(MemorialIndexPage.collections()).order_by("title", "pk")


def set_specs(kind: Kind, collection_slug: str = "") -> list[str]:
    """The sets a record of this kind (in this collection, for an entry) belongs to."""
    specs = [kind.set_spec]
    if collection_slug:
        specs.append(COLLECTION_PREFIX + collection_slug)
    return specs


def sets_of(page, collection=None) -> list[str]:
    return set_specs(KIND_BY_MODEL[type(page)], collection.slug if collection else "")


@dataclass(frozen=True)
class Query:
    """One harvest: an optional set and date range (datetimes, `until` exclusive)."""

    set_spec: str = ""
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None

    def kinds(self):
        if not self.set_spec:
            return list(KINDS)
        if self.set_spec.startswith(COLLECTION_PREFIX):
            # 'entries:' names no collection: no withdrawn entry of every collection either.
            return [KIND_BY_NAME["entry"]] if self.set_spec != COLLECTION_PREFIX else []
        return [kind for kind in KINDS if kind.set_spec == self.set_spec]

    def queryset(self, kind: Kind):
        qs = public_pages(kind.model.objects.all())
        if self.set_spec.startswith(COLLECTION_PREFIX):
            slug = self.set_spec.removeprefix(COLLECTION_PREFIX)
            in_collection = Q(pk__in=[])
            for collection in public_collections().filter(slug=slug):
                in_collection |= Q(path__startswith=collection.path, depth=collection.depth + 1)
            qs = qs.filter(in_collection)
        qs = with_datestamps(qs, kind)
        if self.start:
            qs = qs.filter(oai_datestamp__gte=self.start)
        if self.end:
            qs = qs.filter(oai_datestamp__lt=self.end)
        return qs

    def withdrawn(self):
        """Ledger rows of the records withdrawn in this harvest's set and dates."""
        from .withdrawals import withdrawn

        collection = ""
        if self.set_spec.startswith(COLLECTION_PREFIX):
            collection = self.set_spec.removeprefix(COLLECTION_PREFIX)
        rows = withdrawn([kind.name for kind in self.kinds()], collection)
        if self.start:
            rows = rows.filter(withdrawn_at__gte=self.start)
        if self.end:
            rows = rows.filter(withdrawn_at__lt=self.end)
        return rows

    def departed(self):
        """Departures of records that left this collection's set (departures.py), in this
        harvest's dates; none for any other set: the records are public there."""
        from .departures import departed

        slug = self.set_spec.removeprefix(COLLECTION_PREFIX)
        if not self.set_spec.startswith(COLLECTION_PREFIX) or not slug:
            return departed(slug).none()
        rows = departed(slug)
        if self.start:
            rows = rows.filter(left_at__gte=self.start)
        if self.end:
            rows = rows.filter(left_at__lt=self.end)
        return rows

    def count(self) -> int:
        public = sum(self.queryset(kind).count() for kind in self.kinds())
        return public + self.withdrawn().count() + self.departed().count()

    def page(self, after: tuple[datetime.datetime, int] | None, size: int):
        """Up to `size` (datestamp, pk, kind, withdrawn) rows after the cursor, and whether
        more follow. `withdrawn` is the ledger row of a withdrawn record, or the departure
        of a record that left the set, else None."""
        rows = []
        for kind in self.kinds():
            qs = self.queryset(kind)
            if after is not None:
                stamp, pk = after
                qs = qs.filter(Q(oai_datestamp__gt=stamp) | Q(oai_datestamp=stamp, pk__gt=pk))
            qs = qs.order_by("oai_datestamp", "pk").values_list("oai_datestamp", "pk")
            rows += [(stamp, pk, kind, None) for stamp, pk in qs[: size + 1]]
        gone = self.withdrawn()
        if after is not None:
            stamp, pk = after
            gone = gone.filter(Q(withdrawn_at__gt=stamp) | Q(withdrawn_at=stamp, page_id__gt=pk))
        for row in gone.order_by("withdrawn_at", "page_id")[: size + 1]:
            rows.append((row.withdrawn_at, row.page_id, KIND_BY_NAME[row.kind], row))
        left = self.departed()
        if after is not None:
            left = left.filter(Q(left_at__gt=stamp) | Q(left_at=stamp, page_id__gt=pk))
        for row in left.order_by("left_at", "page_id")[: size + 1]:
            rows.append((row.left_at, row.page_id, KIND_BY_NAME[row.kind], row))
        rows.sort(key=lambda row: (row[0], row[1]))
        return rows[:size], len(rows) > size


def earliest_datestamp() -> datetime.datetime:
    stamps = [
        with_datestamps(public_pages(kind.model.objects.all()), kind).aggregate(
            first=Min("oai_datestamp")
        )["first"]
        for kind in KINDS
    ]
    return min((stamp for stamp in stamps if stamp is not None), default=EPOCH)
