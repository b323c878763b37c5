"""Stream entries out as exchange records, in tree order, so exports are reproducible."""

import csv
import json

from memorial.core.privacy import public_pages
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage

from .entry_records import FIELDS, entry_to_record, record_to_csv_row
from .spreadsheet_cells import guarded

CHUNK = 1000


def export_queryset(collection: str = "", include_restricted: bool = False):
    entries = MemorialEntryPage.objects.all()
    if collection:
        parent = MemorialIndexPage.collections().get(slug=collection)
        entries = entries.child_of(parent)
    if not include_restricted:
        entries = public_pages(entries)
    return (
        entries.select_related("birth_place", "death_place")
        .prefetch_related("name_variants", "sources")
        .order_by("path")
    )


def iter_records(collection: str = "", include_restricted: bool = False):
    slugs = dict(MemorialIndexPage.objects.values_list("path", "slug"))
    for entry in export_queryset(collection, include_restricted).iterator(chunk_size=CHUNK):
        yield entry_to_record(entry, slugs.get(entry.path[: -MemorialEntryPage.steplen], ""))


def write_csv(records, stream) -> int:
    """Entries as CSV; a cell a spreadsheet would run as a formula is written as text
    (memorial.records.spreadsheet_cells), and the importer reads it back unchanged."""
    writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        row = record_to_csv_row(record)
        writer.writerow({name: guarded(value) for name, value in row.items()})
        count += 1
    return count


def write_jsonl(records, stream) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
