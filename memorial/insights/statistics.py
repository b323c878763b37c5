"""Counts of what the public may see, aggregated in SQL and kept until the archive changes.

Every count starts from `public_pages()`: a draft, private, restricted or embargoed entry or
testimony is never counted. Results are plain data (no model instances) cached under the
archive generation and the day (memorial.core.changes), like search results.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from memorial.core.changes import cached_while_unchanged
from memorial.core.dates import DatePrecision, format_partial_date
from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage
from memorial.testimonies.models import TestimonyPage
from memorial.testimonies.models.inlines import LANGUAGE_CHOICES, TestimonyLanguage

CACHE_SECONDS = 600  # the generation makes the numbers stale sooner when anything changes
TOP_PLACES = 12
MAP_PLACES = 500  # places drawn on the map at most, most frequent first
AGE_BAND_YEARS = 10
OLDEST_BAND = 80  # "80 and over"


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    place_id: int | None = None  # for places: the listing of the people counted
    detail: str = ""  # for places: the region, shown in the table


@dataclass(frozen=True)
class MapPlace:
    place_id: int
    name: str
    latitude: float
    longitude: float
    births: int
    deaths: int
    people: int  # born or died there: one born and died there is one person


@dataclass
class ArchiveNumbers:
    entry_count: int = 0
    testimony_count: int = 0
    death_years: list[Row] = field(default_factory=list)
    death_year_unknown: int = 0
    age_bands: list[Row] = field(default_factory=list)
    death_places: list[Row] = field(default_factory=list)
    birth_places: list[Row] = field(default_factory=list)
    languages: list[Row] = field(default_factory=list)
    map_places: list[MapPlace] = field(default_factory=list)


def public_entries():
    return public_pages(MemorialEntryPage.objects.all())


def public_testimonies():
    return public_pages(TestimonyPage.objects.all())


def archive_numbers() -> ArchiveNumbers:
    """The numbers, from the cache when the public archive has not changed since.

    Labels are translated, so the interface language is part of the key.
    """
    return cached_while_unchanged(
        "insights:numbers", (get_language(),), compute_numbers, CACHE_SECONDS
    )


def compute_numbers() -> ArchiveNumbers:
    entries = public_entries()
    numbers = ArchiveNumbers(
        entry_count=entries.count(), testimony_count=public_testimonies().count()
    )
    if numbers.entry_count:
        numbers.death_years, numbers.death_year_unknown = death_years(entries)
        numbers.age_bands = age_bands(entries)
        numbers.death_places = top_places(entries, "death_place")
        numbers.birth_places = top_places(entries, "birth_place")
        numbers.map_places = map_places(entries)
    if numbers.testimony_count:
        numbers.languages = testimony_languages()
    return numbers


def death_years(entries) -> tuple[list[Row], int]:
    """People by year of death; a circa year ("c. 1942") is a row of its own after the
    exact year, so an approximate date is never counted as certain."""
    dated = entries.exclude(death_date=None).exclude(death_date_precision=DatePrecision.UNKNOWN)
    rows = (
        dated.annotate(
            year=ExtractYear("death_date"),
            circa=Q(death_date_precision=DatePrecision.APPROXIMATE),
        )
        .values("year", "circa")
        .annotate(count=Count("pk"))
        .order_by("year", "circa")
    )
    years = [
        Row(format_partial_date(date(row["year"], 1, 1), DatePrecision.APPROXIMATE), row["count"])
        if row["circa"]
        else Row(str(row["year"]), row["count"])
        for row in rows
    ]
    unknown = entries.count() - sum(row.count for row in years)
    return years, unknown


def age_band_label(start: int) -> str:
    if start >= OLDEST_BAND:
        return _("%(age)s and over") % {"age": OLDEST_BAND}
    return f"{start}–{start + AGE_BAND_YEARS - 1}"


def age_bands(entries) -> list[Row]:
    """People by age at death in bands of ten years, and those whose age is not known."""
    rows = entries.values("age_at_death").annotate(count=Count("pk")).order_by()
    bands = dict.fromkeys(range(0, OLDEST_BAND + 1, AGE_BAND_YEARS), 0)
    unknown = 0
    for row in rows:
        age = row["age_at_death"]
        if age is None:
            unknown += row["count"]
        else:
            bands[min(age // AGE_BAND_YEARS * AGE_BAND_YEARS, OLDEST_BAND)] += row["count"]
    result = [Row(age_band_label(start), count) for start, count in bands.items()]
    if unknown:
        result.append(Row(_("Age not known"), unknown))
    return result


def top_places(entries, role: str) -> list[Row]:
    """The most frequent birth or death places, with a link to the people counted."""
    rows = (
        entries.exclude(**{f"{role}__isnull": True})
        .values(f"{role}_id", f"{role}__name", f"{role}__region")
        .annotate(count=Count("pk"))
        .order_by("-count", f"{role}__name", f"{role}_id")[:TOP_PLACES]
    )
    return [
        Row(row[f"{role}__name"], row["count"], row[f"{role}_id"], row[f"{role}__region"])
        for row in rows
    ]


def map_places(entries) -> list[MapPlace]:
    """Places with coordinates, with how many people were born, died, or either there
    (three queries); the MAP_PLACES with most people."""
    counts: dict[int, dict] = {}
    # Every place of each role, not only its most frequent: a place among those with most
    # people may be outside them in one role, and would be shown with nobody born there.
    for role in ("birth_place", "death_place"):
        rows = (
            entries.filter(
                **{f"{role}__latitude__isnull": False, f"{role}__longitude__isnull": False}
            )
            .values(f"{role}_id", f"{role}__name", f"{role}__latitude", f"{role}__longitude")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in rows:
            place = counts.setdefault(
                row[f"{role}_id"],
                {
                    "name": row[f"{role}__name"],
                    "latitude": float(row[f"{role}__latitude"]),
                    "longitude": float(row[f"{role}__longitude"]),
                    "birth_place": 0,
                    "death_place": 0,
                },
            )
            place[role] = row["count"]
    born_and_died = dict(
        entries.filter(
            birth_place=F("death_place"),
            birth_place__latitude__isnull=False,
            birth_place__longitude__isnull=False,
        )
        .values_list("birth_place_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    places = [
        MapPlace(
            place_id,
            data["name"],
            data["latitude"],
            data["longitude"],
            data["birth_place"],
            data["death_place"],
            data["birth_place"] + data["death_place"] - born_and_died.get(place_id, 0),
        )
        for place_id, data in counts.items()
    ]
    places.sort(key=lambda place: (-place.people, place.name, place.place_id))
    return places[:MAP_PLACES]


def testimony_languages() -> list[Row]:
    names = dict(LANGUAGE_CHOICES)
    rows = (
        TestimonyLanguage.objects.filter(page__in=public_testimonies().values("pk"))
        .values("language")
        .annotate(count=Count("page", distinct=True))
        .order_by("-count", "language")
    )
    return [Row(_(names.get(row["language"], row["language"])), row["count"]) for row in rows]
