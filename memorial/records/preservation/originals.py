"""Original files into the bag, read through their storage (local disk or S3 alike).

Each kind gets a catalogue, `data/<kind>.jsonl`: one line per file with its provenance,
the SHA-256 recorded at ingest and the SHA-256 of the bytes actually copied. A file that
cannot be read, or whose bytes no longer match the recorded checksum, is listed as a problem;
the bag is still written, and the command reports failure.
"""

from collections.abc import Callable, Iterable

from .bag import BagWriter
from .document_checksums import with_recorded_checksums
from .references import bag_path, model_for

BATCH = 200

COMMON_FIELDS = ("title", "created_at")
PROVENANCE_FIELDS = ("credit", "rights", "source", "date_description")
KIND_FIELDS = {
    "images": ("width", "height", *PROVENANCE_FIELDS),
    "media": ("type", "duration", "width", "height", *PROVENANCE_FIELDS),
    "documents": ("file_size",),
}


def library(kind: str):
    files = model_for(kind).objects.select_related("collection").prefetch_related("tags")
    if kind == "documents":
        files = with_recorded_checksums(files)
    return files.order_by("pk")


def all_files(kind: str) -> Iterable:
    return library(kind).iterator(chunk_size=BATCH)


def selected_files(kind: str, pks) -> Iterable:
    """Only these files, fetched a batch at a time (a long `IN` list breaks some databases)."""
    ordered = sorted(pks)
    for start in range(0, len(ordered), BATCH):
        yield from library(kind).filter(pk__in=ordered[start : start + BATCH])


def describe(kind: str, obj) -> dict:
    row = {"id": obj.pk, "kind": kind}
    for name in (*COMMON_FIELDS, *KIND_FIELDS[kind]):
        row[name] = getattr(obj, name, None)
    row["collection"] = obj.collection.name if obj.collection_id else None
    row["tags"] = sorted(tag.name for tag in obj.tags.all())
    row["stored_name"] = obj.file.name
    row["sha256_recorded"] = getattr(obj, "sha256", "") or None
    return row


class OriginalsCopier:
    """Copies files of each kind and writes their catalogue."""

    def __init__(self, bag: BagWriter, progress: Callable[[str], None], every: int = 200):
        self.bag = bag
        self.progress = progress
        self.every = every
        self.counts = {}
        self.bytes = 0
        self.problems: list[dict] = []

    def copy(self, kind: str, objects: Iterable) -> int:
        copied = 0
        with self.bag.open_lines(f"{kind}.jsonl") as catalogue:
            for obj in objects:
                catalogue.write(self.copy_one(kind, obj))
                copied += 1
                if copied % self.every == 0:
                    self.progress(f"  {kind}: {copied} files")
        self.counts[kind] = copied
        return copied

    def copy_one(self, kind: str, obj) -> dict:
        row = describe(kind, obj)
        row.update(path=None, size=None, sha256_copied=None, problem=None)
        name = obj.file.name
        if not name:
            return self._problem(row, "no file recorded")
        path = bag_path(kind, obj.pk, name)
        try:
            with obj.file.storage.open(name, "rb") as source:
                sha256, size = self.bag.copy_stream(path, source)
        except OSError as error:
            return self._problem(row, f"missing from storage ({error.__class__.__name__})")
        row.update(path=f"data/{path}", size=size, sha256_copied=sha256)
        self.bytes += size
        recorded = row["sha256_recorded"]
        if recorded and recorded != sha256:
            return self._problem(row, "content differs from the checksum recorded at ingest")
        return row

    def _problem(self, row: dict, problem: str) -> dict:
        row["problem"] = problem
        self.problems.append(
            {
                "kind": row["kind"],
                "id": row["id"],
                "stored_name": row["stored_name"],
                "problem": problem,
            }
        )
        return row
