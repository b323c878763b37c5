"""What the OAI-PMH endpoint publishes: record kinds, sets, identifiers and datestamps.

Rows come from `public_pages()` only. Lists are read in keyset order (datestamp, page id),
one kind at a time with `LIMIT page size + 1`, and merged, so no request loads more than
a few hundred rows however large the archive is; datestamps are stored (datestamps.py), so
that order is an index's and a page reads no more rows than it lists.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q

from memorial.core.converters import DatabaseId
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import TestimonyPage

from .datestamps import EPOCH

PAGE_SIZE = 100
# completeListSize is optional ("may be present ... [it] may be an estimate": OAI-PMH 2.0,
# section 3.5, Flow Control, http://www.openarchives.org/OAI/openarchivesprotocol.html
# #FlowControl). Counting reads the whole list: lists longer than ten pages have none, so
# that the first page costs no more than ten.
COUNT_LIMIT = 1_000


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


def with_datestamps(queryset, kind: "Kind"):
    """`queryset` with `oai_datestamp`: when the record last changed for a harvester (stored:
    datestamps.py), read through the index on (kind, datestamp, page id)."""
    return queryset.filter(harvest_datestamp__kind=kind.name).annotate(
        oai_datestamp=F("harvest_datestamp__datestamp")
    )


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

    def count(self) -> int | None:
        """How many records the list holds, or None if more than COUNT_LIMIT."""
        total = 0
        public = [self.queryset(kind).order_by("oai_datestamp", "pk") for kind in self.kinds()]
        gone = [self.withdrawn().order_by(), self.departed().order_by()]
        for part in [*public, *gone]:
            # In the pages' order: the planner walks the same index, and stops at the limit.
            total += part[: COUNT_LIMIT + 1 - total].count()
            if total > COUNT_LIMIT:
                return None
        return total

    def page(self, after: tuple[datetime.datetime, int] | None, size: int):
        """Up to `size` (datestamp, pk, kind, withdrawn) rows after the cursor, and whether
        more follow. `withdrawn` is the ledger row of a withdrawn record, or the departure
        of a record that left the set, else None."""
        rows = []
        for kind in self.kinds():
            qs = self.queryset(kind)
            if after is not None:
                stamp, pk = after
                # The first condition alone bounds the index scan; the second is exact.
                qs = qs.filter(oai_datestamp__gte=stamp).filter(
                    Q(oai_datestamp__gt=stamp) | Q(oai_datestamp=stamp, pk__gt=pk)
                )
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
        with_datestamps(public_pages(kind.model.objects.all()), kind)
        .order_by("oai_datestamp")  # the index's first row: MIN() over a join reads them all
        .values_list("oai_datestamp", flat=True)
        .first()
        for kind in KINDS
    ]
    return min((stamp for stamp in stamps if stamp is not None), default=EPOCH)
