"""`backup DIR`: dump the database, copy the files, write the manifest last.

The manifest is written only when everything else succeeded, so a folder without one is
an interrupted backup and restore refuses it.
"""

import hashlib
from pathlib import Path

from django.db import connection, transaction

from . import database, files
from .errors import BackupError
from .manifest import DATABASE_NAME, MANIFEST_NAME, new_manifest, write_manifest
from .migrations import applied_migrations


class _HashingWriter:
    """A text stream that hashes what it writes, so the dump is read only once."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def write(self, text: str) -> int:
        data = text.encode()
        self.digest.update(data)
        self.handle.write(data)
        return len(text)

    def flush(self) -> None:
        self.handle.flush()


def write_backup(folder: Path, progress=print) -> dict:
    """Back the whole archive up into `folder` (created; must be empty); the manifest."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"{folder} exists and is not a folder; back up into a new folder.")
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; back up into a new folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot create the folder {folder}: {error}") from error
    try:
        return _write_into(folder, progress)
    except OSError as error:
        raise BackupError(
            f"The backup stopped ({error}). {folder} holds an incomplete backup without a "
            f"manifest, which restore refuses: delete it, fix the cause (free some space, "
            f"fix the permissions) and back up again."
        ) from error


def _write_into(folder: Path, progress) -> dict:
    manifest = new_manifest()

    progress("Writing the database…")
    with _snapshot():
        manifest["migrations"] = applied_migrations()
        with open(folder / DATABASE_NAME, "wb") as handle:
            writer = _HashingWriter(handle)
            objects = database.dump(writer, progress)
        manifest["row_counts"] = database.row_counts(database.models_to_copy())
    manifest["database"] = {
        "vendor": connection.vendor,
        "file": DATABASE_NAME,
        "sha256": writer.digest.hexdigest(),
        "objects": objects,
    }
    progress(f"  {objects} rows from {len(manifest['row_counts'])} tables")

    progress("Copying files…")
    manifest["files"] = files.copy_files_out(folder, progress)
    progress(f"  {len(manifest['files'])} files")

    write_manifest(folder, manifest)
    progress(f"Backup complete: {folder / MANIFEST_NAME}")
    return manifest


class _snapshot:
    """On PostgreSQL, one repeatable-read transaction: every table as of the same moment.

    SQLite (WAL) gives each query a consistent view but not the whole dump; its writers
    are not blocked for the length of a backup.
    """

    def __enter__(self):
        self.atomic = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return self

    def __exit__(self, *exc_info):
        if self.atomic is not None:
            return self.atomic.__exit__(*exc_info)
        return False
