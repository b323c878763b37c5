"""`restore DIR`: check everything, put the files back, then replace the database.

Order matters: every checksum is verified and the target is found empty (or --force was
given) before anything is changed; the files are copied before the database is touched;
the tables are emptied and the rows loaded and counted in one transaction, so a restore
that fails there leaves the rows as they were; file hashes are compared at the end.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from memorial.core.changes import mark_archive_changed

from . import database, files
from .errors import BackupError
from .manifest import read_manifest, sha256_of_path
from .migrations import BackupSchema


def verify_backup(folder: Path) -> dict:
    """The manifest, once the dump and every file match their recorded sha256."""
    manifest = read_manifest(folder)
    recorded = {manifest["database"]["file"]: manifest["database"]["sha256"], **manifest["files"]}
    for name, expected in recorded.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup; nothing was changed.")
        if sha256_of_path(path) != expected:
            raise BackupError(
                f"{name} does not match its checksum in the manifest (damaged or changed "
                f"since the backup); nothing was changed."
            )
    return manifest


def restore_backup(folder: Path, *, force: bool = False, progress=print) -> dict:
    """Replace this database and put back the files of the backup in `folder`; a summary."""
    folder = Path(folder)
    progress(f"Checking {folder}…")
    manifest = verify_backup(folder)
    progress(f"  the database dump and {len(manifest['files'])} files match the manifest")

    occupied = database.tables_with_rows()
    if occupied and not force:
        examples = ", ".join(sorted(occupied)[:3])
        raise BackupError(
            f"The target database is not empty ({sum(occupied.values())} rows in "
            f"{len(occupied)} tables, e.g. {examples}). Restore replaces everything in it: "
            f"use a new, empty database, or pass --force to replace this one."
        )

    schema = BackupSchema(manifest["migrations"])  # refuses before anything changes

    # Files first: when one cannot be copied (a full disk), the database is still as it was.
    progress("Copying files…")
    try:
        files.copy_files_in(folder, sorted(manifest["files"]), progress)
    except OSError as error:
        raise BackupError(
            f"A file could not be copied ({error}); the database was not changed. Free some "
            f"space or fix the permissions, then restore again."
        ) from error

    progress("Preparing the database…")
    schema.migrate()

    progress("Loading rows…")
    loaded = _replace_rows(folder / manifest["database"]["file"], manifest, schema, progress)
    progress(f"  {loaded} rows")
    call_command("migrate", interactive=False, verbosity=0)  # migrations newer than the backup

    progress("Rebuilding the search index…")
    call_command("update_index", verbosity=0)
    mark_archive_changed()

    summary = _compare_files_with_manifest(manifest)
    progress(
        f"Restore complete: {summary['rows']} rows in {summary['tables']} tables and "
        f"{summary['files']} files, all matching the manifest."
    )
    return summary


def _replace_rows(dump_path: Path, manifest: dict, schema: BackupSchema, progress) -> int:
    """Empty the tables and load the dump in one transaction, so a dump that fails to load
    (or loads other counts than the manifest's) leaves the rows as they were."""
    try:
        with transaction.atomic(), open(dump_path, encoding="utf-8") as stream:
            database.empty_tables(schema.registry)
            loaded = database.load(stream, schema.registry, progress)
            _compare_row_counts(manifest["row_counts"], schema.registry)
    except (DatabaseError, DeserializationError, BackupError) as error:
        kept = "The database keeps the rows it had before the restore."
        if schema.migrated:
            kept += (
                " Its tables were migrated to the backup's state: run `manage.py migrate` "
                "to bring them up to date again."
            )
        raise BackupError(f"The backup's rows could not be loaded: {error}\n{kept}") from error
    return loaded


def _compare_row_counts(expected: dict[str, int], registry) -> None:
    counts = database.row_counts(database.models_to_copy(registry))
    wrong = [
        f"{label}: {counts.get(label)} instead of {rows}"
        for label, rows in sorted(expected.items())
        if counts.get(label) != rows
    ]
    if wrong:
        raise BackupError("row counts differ from the manifest (" + "; ".join(wrong) + ")")


def _compare_files_with_manifest(manifest: dict) -> dict:
    bad_files = [
        name for name, sha256 in manifest["files"].items() if files.restored_hash(name) != sha256
    ]
    if bad_files:
        raise BackupError(
            "Restored files differ from the manifest: " + ", ".join(sorted(bad_files)[:10])
        )
    expected = manifest["row_counts"]
    return {
        "tables": len(expected),
        "rows": sum(expected.values()),
        "files": len(manifest["files"]),
        "vendor": connection.vendor,
    }
