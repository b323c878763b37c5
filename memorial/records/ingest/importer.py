"""Validate a whole file, then import its good rows in batches that each commit alone.

Pass one reads the file and reports every bad row with its line number, keeping only
identifiers in memory. Pass two reads it again and writes batches: a batch is one
transaction (pages, names, sources, places, search index), so an interrupted import
leaves whole batches behind and a second run skips what exists, by `id`, and goes on.
A batch holds its collections (as Wagtail holds a parent while adding a child), so a run
of the same file at the same moment waits and then skips, and a page added meanwhile in
the admin takes its place in the tree before the batch takes the next ones.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction

from memorial.core.changes import mark_archive_changed
from memorial.entries.models import (
    EntryNameKey,
    EntryNameVariant,
    EntrySource,
    MemorialEntryPage,
    MemorialIndexPage,
)
from memorial.entries.models.name_keys import entry_names, key_rows

from ..oai.datestamps import store_datestamps
from ..oai.repository import KIND_BY_MODEL
from .bulk_sql import insert_rows
from .parsing import EntryData, RowInvalid, guess_script, parse_row
from .places import PlaceResolver
from .readers import read_rows
from .rows import biography_json, derived_values
from .search_index import finish_indexing, index_new_entries
from .statistics import refresh_statistics
from .tree import insert_entries, lock_collections, next_free_step, step_is_free
from .updates import apply_update, planned_update

MAX_REPORTED_ERRORS = 10_000


@dataclass
class RowError:
    line: int
    identifier: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add_error(self, line: int, identifier: str, message: str):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(line, identifier, message))

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "errors": [vars(error) for error in self.errors],
            "warnings": self.warnings,
            "seconds": round(self.seconds, 2),
        }


def shown(text: str) -> str:
    """`text` as a report can hold and show it: a NUL, or a byte that was not UTF-8 (an
    unpaired surrogate), written as an escape."""
    return text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


class EntryImporter:
    def __init__(
        self,
        path,
        default_collection: str = "",
        update: bool = False,
        dry_run: bool = False,
        batch_size: int = 1000,
        on_progress: Callable[[int, int], None] | None = None,
    ):
        self.path = Path(path)
        self.default_collection = default_collection
        self.update = update
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.on_progress = on_progress or (lambda done, total: None)
        self.collections = {
            page.slug: page for page in MemorialIndexPage.collections().order_by("path")
        }

    # Pass one ---------------------------------------------------------------------------
    def validate(self) -> ImportReport:
        report = ImportReport()
        started = time.monotonic()
        for _entry in self._valid_rows(report):
            report.valid += 1
        report.seconds = time.monotonic() - started
        return report

    def _valid_rows(self, report: ImportReport) -> Iterator[EntryData]:
        seen: dict[str, int] = {}
        for row in read_rows(self.path):
            report.rows += 1
            identifier = shown(str(row.data.get("id", "") or ""))[:64]
            if row.error:
                report.add_error(row.line, identifier, row.error)
                continue
            try:
                entry = parse_row(row.data, self.default_collection, set(self.collections))
            except RowInvalid as invalid:
                report.add_error(row.line, identifier, " ".join(invalid.problems))
                continue
            if entry.identifier in seen:
                report.add_error(
                    row.line,
                    entry.identifier,
                    f"id {entry.identifier!r} already appears on line {seen[entry.identifier]}.",
                )
                continue
            seen[entry.identifier] = row.line
            yield entry

    # Pass two ---------------------------------------------------------------------------
    def run(self) -> ImportReport:
        report = self.validate()
        if self.dry_run or not report.valid:
            return self._count_only(report) if self.dry_run else report
        started = time.monotonic()
        places = PlaceResolver()
        self.next_steps: dict[int, int] = {}
        done = 0
        discard = ImportReport()
        rows = self._valid_rows(discard)
        while batch := list(islice(rows, self.batch_size)):
            with transaction.atomic():
                self._import_batch(batch, places, report)
            mark_archive_changed()  # rows written in bulk send no signals
            done += len(batch)
            self.on_progress(done, report.valid)
        finish_indexing()
        refresh_statistics(report.created + report.updated)
        report.seconds += time.monotonic() - started
        return report

    def _count_only(self, report: ImportReport) -> ImportReport:
        """A dry run: say what would be created or updated, write nothing."""
        rows = self._valid_rows(ImportReport())
        places = PlaceResolver(create=False)
        while batch := list(islice(rows, self.batch_size)):
            existing = dict(
                MemorialEntryPage.objects.filter(
                    identifier__in=[entry.identifier for entry in batch]
                ).values_list("identifier", "pk")
            )
            old = [entry for entry in batch if entry.identifier in existing]
            report.created += len(batch) - len(old)
            if not self.update:
                report.unchanged += len(old)
                continue
            # Each row compared as the real run compares it: only real changes count.
            for data in old:
                self._count_update(report, planned_update(existing[data.identifier], data, places))
        return report

    def _import_batch(self, batch: list[EntryData], places: PlaceResolver, report):
        lock_collections([self.collections[entry.collection] for entry in batch])
        existing = dict(
            MemorialEntryPage.objects.filter(
                identifier__in=[entry.identifier for entry in batch]
            ).values_list("identifier", "pk")
        )
        new = [entry for entry in batch if entry.identifier not in existing]
        old = [entry for entry in batch if entry.identifier in existing]
        places.resolve({name for entry in new for name in (entry.birth_place, entry.death_place)})
        by_collection = defaultdict(list)
        for data in new:
            by_collection[data.collection].append(data)
        for slug, items in by_collection.items():
            report.created += self._create(self.collections[slug], items, places)
        if not self.update:
            report.unchanged += len(old)
            return
        for data in old:
            self._count_update(report, apply_update(existing[data.identifier], data, places))

    @staticmethod
    def _count_update(report, outcome):
        if outcome.changed:
            report.updated += 1
        else:
            report.unchanged += 1
        report.warnings.extend(outcome.warnings)

    def _create(self, collection, items: list[EntryData], places: PlaceResolver) -> int:
        for data in items:
            data.values = derived_values(data)
            data.biography = biography_json(data.biography_text)
            data.place_ids = (places.id_for(data.birth_place), places.id_for(data.death_place))
        if not step_is_free(collection, self.next_steps.get(collection.pk)):
            self.next_steps[collection.pk] = next_free_step(collection)
        ids = insert_entries(collection, items, self.next_steps[collection.pk])
        store_datestamps(KIND_BY_MODEL[MemorialEntryPage], ids)  # bulk SQL sends no signals
        self.next_steps[collection.pk] += len(items)
        insert_rows(
            EntryNameVariant._meta.db_table,
            ["page_id", "sort_order", "name", "script", "language", "note"],
            [
                [page_id, i, name, guess_script(name), "", ""]
                for page_id, data in zip(ids, items, strict=True)
                for i, name in enumerate(data.name_variants)
            ],
        )
        insert_rows(
            EntrySource._meta.db_table,
            ["page_id", "sort_order", "citation", "url", "document_id"],
            [
                [page_id, i, citation, "", None]
                for page_id, data in zip(ids, items, strict=True)
                for i, citation in enumerate(data.sources)
            ],
        )
        key_table_rows = []
        for page_id, data in zip(ids, items, strict=True):
            variants = [(name, "") for name in data.name_variants]
            key_table_rows += key_rows(page_id, entry_names(data, variants))
        insert_rows(EntryNameKey._meta.db_table, ["entry_id", "kind", "key"], key_table_rows)
        index_new_entries(
            [
                (page_id, data.values, data.name_variants, data.biography_text)
                for page_id, data in zip(ids, items, strict=True)
            ]
        )
        return len(ids)
