"""The archive's exchange record for one person: what export writes and import reads.

CSV and JSON Lines carry the same fields. In CSV, list fields are joined with ';', a ';'
inside an item written '\\;' and a backslash '\\\\'; in JSON Lines they are arrays.
"""

import re

from memorial.core.dates import DatePrecision, iso_partial_date

from .biography_text import stream_to_markdown

FIELDS = [
    "id",
    "given_name",
    "family_name",
    "patronymic",
    "birth_name",
    "name_variants",
    "sex",
    "birth_date",
    "birth_date_precision",
    "birth_place",
    "death_date",
    "death_date_precision",
    "death_place",
    "occupation",
    "biography",
    "sources",
    "collection",
]
LIST_FIELDS = ("name_variants", "sources")
LIST_SEPARATOR = ";"
# The longest cell a record may carry: in practice a biography, of some 4,000 pages. The
# model sets no bound, but the importer holds a cell in memory whole, so it needs one.
MAX_CELL_CHARACTERS = 8 * 1024 * 1024


def place_label(place) -> str:
    """'Name' or 'Name, Region': how a place is written in a record."""
    if place is None:
        return ""
    return f"{place.name}, {place.region}" if place.region else place.name


def record_date(value, precision: str) -> str:
    if precision == DatePrecision.UNKNOWN:
        return ""
    return iso_partial_date(value, precision)


def entry_to_record(entry, collection_slug: str) -> dict:
    """The record of one entry. Expects name_variants and sources prefetched."""
    return {
        "id": entry.identifier,
        "given_name": entry.given_name,
        "family_name": entry.family_name,
        "patronymic": entry.patronymic,
        "birth_name": entry.birth_name,
        "name_variants": [variant.name for variant in entry.name_variants.all()],
        "sex": entry.sex,
        "birth_date": record_date(entry.birth_date, entry.birth_date_precision),
        "birth_date_precision": entry.birth_date_precision,
        "birth_place": place_label(entry.birth_place),
        "death_date": record_date(entry.death_date, entry.death_date_precision),
        "death_date_precision": entry.death_date_precision,
        "death_place": place_label(entry.death_place),
        "occupation": entry.occupation,
        "biography": stream_to_markdown(entry.biography),
        "sources": [source.citation for source in entry.sources.all()],
        "collection": collection_slug,
    }


def join_list(items: list[str]) -> str:
    return LIST_SEPARATOR.join(
        item.replace("\\", "\\\\").replace(LIST_SEPARATOR, "\\" + LIST_SEPARATOR) for item in items
    )


# '\\' and '\;' are escapes, ';' separates; any other backslash is itself, so a cell written
# before backslashes were escaped ('C:\scans', 'A\;B') reads as it always did.
LIST_TOKEN = re.compile(r"\\([\\;])|(;)|(\\|[^\\;]+)")


def split_list(cell: str) -> list[str]:
    items, current = [], []
    for escaped, separator, text in LIST_TOKEN.findall(cell or ""):
        if separator:
            items.append("".join(current))
            current = []
        else:
            current.append(escaped or text)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def record_to_csv_row(record: dict) -> dict:
    return {
        name: join_list(record[name]) if name in LIST_FIELDS else record[name] for name in FIELDS
    }
