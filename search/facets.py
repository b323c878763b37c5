"""Entry filters taken from the query string, and facet counts in one database statement."""

from dataclasses import dataclass, field, fields

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memorial.core.files.private_collections import excluding_private, private_collection_ids
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage, Place
from memorial.galleries.models import GalleryPage, GalleryPersonShown
from memorial.testimonies.models import TestimonyMention, TestimonyPage, TranscriptSegment

MIN_YEAR, MAX_YEAR = 1, 2100
MAX_ID = 2**31 - 1
FACET_VALUES = 12  # places shown per facet, most frequent first
STEPLEN = MemorialEntryPage.steplen


def bounded_int(raw: str, low: int, high: int) -> int | None:
    """The whole number `raw` spells, if it is one from `low` to `high`; else None.

    str.isdigit() alone is not enough: "²" passes it but int() refuses it, and int()
    refuses more than 4,300 digits.
    """
    digits = raw.lstrip("0") or "0"
    if not (raw.isdecimal() and len(digits) <= len(str(high))):
        return None
    number = int(digits)
    return number if low <= number <= high else None


def shown_in_public_photographs():
    shown = GalleryPersonShown.objects.filter(
        gallery__in=public_pages(GalleryPage.objects.all()).values("pk")
    )
    return excluding_private(shown, "image__collection_id").values("entry_id")


def mentioned_in_public_testimonies():
    return TestimonyMention.objects.filter(
        page__in=public_pages(TestimonyPage.objects.all()).values("pk"), entry__isnull=False
    ).values("entry_id")


def named_in_public_passages():
    """People named in a passage of a public testimony; a withheld passage does not count."""
    return TranscriptSegment.people.through.objects.filter(
        transcriptsegment__withheld=False,
        transcriptsegment__page__in=public_pages(TestimonyPage.objects.all()).values("pk"),
    ).values("memorialentrypage_id")


def has_photo_q() -> Q:
    portrait = Q(portrait__isnull=False)
    if private := private_collection_ids():  # else no join to the images table
        portrait &= ~Q(portrait__collection_id__in=private)
    return portrait | Q(pk__in=shown_in_public_photographs())


def has_testimony_q() -> Q:
    return Q(pk__in=mentioned_in_public_testimonies()) | Q(pk__in=named_in_public_passages())


# How the filters are named to visitors, in error messages.
FILTER_LABELS = {
    "collection": _("collection"),
    "birth_place": _("birth place"),
    "death_place": _("death place"),
    "born_from": _("born from"),
    "born_to": _("born to"),
    "died_from": _("died from"),
    "died_to": _("died to"),
}


@dataclass
class EntryFilters:
    """Filters that narrow the people found; invalid values are reported and ignored."""

    collection: int | None = None
    birth_place: int | None = None
    death_place: int | None = None
    born_from: int | None = None
    born_to: int | None = None
    died_from: int | None = None
    died_to: int | None = None
    has_photo: bool = False
    has_testimony: bool = False
    errors: list[str] = field(default_factory=list, compare=False)

    YEARS = ("born_from", "born_to", "died_from", "died_to")
    IDS = ("collection", "birth_place", "death_place")
    FLAGS = ("has_photo", "has_testimony")

    @classmethod
    def from_params(cls, params) -> "EntryFilters":
        filters = cls()
        for name in cls.IDS + cls.YEARS:
            raw = (params.get(name) or "").strip()
            if not raw:
                continue
            low, high = (MIN_YEAR, MAX_YEAR) if name in cls.YEARS else (1, MAX_ID)
            if (number := bounded_int(raw, low, high)) is not None:
                setattr(filters, name, number)
            elif name in cls.YEARS:
                filters.errors.append(
                    gettext("“%(label)s” must be a year such as 1942; it was ignored.")
                    % {"label": FILTER_LABELS[name]}
                )
            else:
                filters.errors.append(
                    gettext("The %(name)s filter was not understood.")
                    % {"name": FILTER_LABELS[name]}
                )
        for name in cls.FLAGS:
            setattr(filters, name, params.get(name) == "1")
        return filters

    def __bool__(self):
        return any(getattr(self, f.name) for f in fields(self) if f.name != "errors")

    def cache_key(self) -> tuple:
        return tuple(sorted(self.as_params().items()))

    def as_params(self) -> dict[str, str]:
        params = {}
        for name in self.IDS + self.YEARS:
            if getattr(self, name) is not None:
                params[name] = str(getattr(self, name))
        params.update({name: "1" for name in self.FLAGS if getattr(self, name)})
        return params

    def apply(self, entries):
        if self.collection is not None:
            index = MemorialIndexPage.objects.filter(pk=self.collection).first()
            entries = entries.filter(path__startswith=index.path) if index else entries.none()
        if self.birth_place is not None:
            entries = entries.filter(birth_place_id=self.birth_place)
        if self.death_place is not None:
            entries = entries.filter(death_place_id=self.death_place)
        for prefix in ("born", "died"):
            column = "birth_date" if prefix == "born" else "death_date"
            if (start := getattr(self, f"{prefix}_from")) is not None:
                entries = entries.filter(**{f"{column}__year__gte": start})
            if (end := getattr(self, f"{prefix}_to")) is not None:
                entries = entries.filter(**{f"{column}__year__lte": end})
        if self.has_photo:
            entries = entries.filter(has_photo_q())
        if self.has_testimony:
            entries = entries.filter(has_testimony_q())
        return entries


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class EntryFacets:
    total: int = 0
    collections: list[FacetValue] = field(default_factory=list)
    birth_places: list[FacetValue] = field(default_factory=list)
    death_places: list[FacetValue] = field(default_factory=list)
    birth_decades: list[FacetValue] = field(default_factory=list)
    death_decades: list[FacetValue] = field(default_factory=list)
    with_photo: int = 0
    with_testimony: int = 0


def _flag(condition: Q):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _decade(column: str):
    return Cast(ExtractYear(column), IntegerField()) / Value(10) * Value(10)


FACET_COLUMNS = ("collection", "birth_place", "death_place", "birth_decade", "death_decade")
# How the people found are ordered, as SQL over the narrow columns of `matched`.
ORDERINGS = {
    "relevance": "name_rank, sort_name, pk",
    "name": "sort_name, pk",
    "date": "death_date IS NULL, death_date, sort_name, pk",
}
ORDER_COLUMNS = ("pk", "name_rank", "sort_name", "death_date")


def entry_facets(entries, sort: str = "relevance", window: tuple[int, int] = (0, 20)):
    """Facet counts for these entries and the ids of one page of them, in one statement.

    The matching, privacy-filtered rows are computed once (a materialised CTE of narrow
    columns); the counts and the ordered page are read from it. Returns (facets, ids).
    """
    rows = entries.order_by().annotate(
        f_collection=Substr("path", 1, (F("depth") - 1) * STEPLEN),
        f_birth_decade=_decade("birth_date"),
        f_death_decade=_decade("death_date"),
        f_photo=_flag(has_photo_q()),
        f_testimony=_flag(has_testimony_q()),
    )
    if "name_rank" not in rows.query.annotations:
        rows = rows.annotate(name_rank=Value(0))
    try:
        sql, params = rows.values_list(
            "pk",
            "name_rank",
            "sort_name",
            "death_date",
            "f_collection",
            "birth_place_id",
            "death_place_id",
            "f_birth_decade",
            "f_death_decade",
            "f_photo",
            "f_testimony",
        ).query.sql_with_params()
    except EmptyResultSet:  # e.g. `.none()` for a collection id that names no collection
        return EntryFacets(), []
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    columns = ["pk", "name_rank", "sort_name", "death_date", *FACET_COLUMNS, "photo", "testimony"]
    offset, limit = window
    # The page is chosen by a bounded (top-N) sort; only its rows are numbered, so a common
    # surname's thousands of matches are never sorted whole.
    ordering = ORDERINGS[sort]
    parts = [
        f"SELECT 'page', CAST(pk AS TEXT), ROW_NUMBER() OVER (ORDER BY {ordering}) FROM "
        f"(SELECT {', '.join(ORDER_COLUMNS)} FROM matched ORDER BY {ordering} "
        f"LIMIT {int(limit)} OFFSET {int(offset)}) AS shown"
    ]
    parts += _facet_counts_sql()
    parts.append("SELECT 'flags', CAST(SUM(photo) AS TEXT), SUM(testimony) FROM matched")
    statement = (
        f"WITH matched ({', '.join(columns)}) AS {materialized}({sql}) " + " UNION ALL ".join(parts)
    )
    counts: dict[str, dict[str, int]] = {column: {} for column in FACET_COLUMNS}
    facets, shown = EntryFacets(), []
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for facet, value, count in cursor.fetchall():
            if facet == "page":
                shown.append((count, int(value)))
            elif facet == "flags":
                facets.with_photo, facets.with_testimony = int(value or 0), int(count or 0)
            else:
                counts[facet][value] = count
    facets.total = sum(counts["collection"].values())
    facets.collections = _collections(counts["collection"])
    facets.birth_places, facets.death_places = (
        _places(counts["birth_place"]),
        _places(counts["death_place"]),
    )
    facets.birth_decades = _decades(counts["birth_decade"])
    facets.death_decades = _decades(counts["death_decade"])
    return facets, [pk for _position, pk in sorted(shown)]


def _facet_counts_sql() -> list[str]:
    """(facet, value, count) rows for every facet column of `matched`.

    PostgreSQL counts them all in one pass (GROUPING SETS); SQLite reads `matched` once
    per column. A column's NULLs are not counted.
    """
    if connection.vendor != "postgresql":
        return [
            f"SELECT '{column}', CAST({column} AS TEXT), COUNT(*) FROM matched "
            f"WHERE {column} IS NOT NULL GROUP BY {column}"
            for column in FACET_COLUMNS
        ]
    columns = ", ".join(FACET_COLUMNS)
    # GROUPING(...) has a 1 bit for every column not grouped in the row's set.
    bits = len(FACET_COLUMNS)
    names = " ".join(
        f"WHEN {(2**bits - 1) ^ (1 << (bits - 1 - i))} THEN '{column}'"
        for i, column in enumerate(FACET_COLUMNS)
    )
    values = ", ".join(f"CAST({column} AS TEXT)" for column in FACET_COLUMNS)
    sets = ", ".join(f"({column})" for column in FACET_COLUMNS)
    return [
        f"SELECT facet, value, count FROM (SELECT CASE GROUPING({columns}) {names} END "
        f"AS facet, COALESCE({values}) AS value, COUNT(*) AS count FROM matched "
        f"GROUP BY GROUPING SETS ({sets})) AS grouped WHERE value IS NOT NULL"
    ]


def _most_frequent(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES]


def _places(counts: dict[str, int]) -> list[FacetValue]:
    top = _most_frequent(counts)
    names = dict(
        Place.objects.filter(pk__in=[int(value) for value, _ in top]).values_list("pk", "name")
    )
    return [
        FacetValue(value, names[int(value)], count) for value, count in top if int(value) in names
    ]


def _collections(counts: dict[str, int]) -> list[FacetValue]:
    indexes = public_pages(MemorialIndexPage.objects.filter(path__in=list(counts)))
    return sorted(
        (FacetValue(str(index.pk), index.title, counts[index.path]) for index in indexes),
        key=lambda facet: -facet.count,
    )


def _decades(counts: dict[str, int]) -> list[FacetValue]:
    """Labelled by their years, which read the same in every language ('1920s' is English)."""
    return [
        FacetValue(decade, f"{decade}–{int(decade) + 9}", count)
        for decade, count in sorted(counts.items(), key=lambda item: int(item[0]))
    ]
