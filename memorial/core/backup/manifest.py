"""DIR/manifest.json: what a backup holds and how to check it.

{
  "format": 1,
  "created": "2031-04-02T10:00:00+00:00",
  "versions": {"django": "5.2.19", "wagtail": "8.0.1", "python": "3.11.9"},
  "database": {"vendor": "postgresql", "file": "database.jsonl", "sha256": "…", "objects": 1234},
  "migrations": {"wagtailcore": ["0001_initial", …], …},
  "row_counts": {"entries.MemorialEntryPage": 120, "core.User_groups": 3, …},
  "files": {"media/original_images/a.jpg": "<sha256>", "private/imports/b.csv": "<sha256>"}
}
"""

import hashlib
import json
import platform
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail

from .errors import BackupError

FORMAT = 1
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "database.jsonl"
MEDIA_DIR = "media"
PRIVATE_DIR = "private"
CHUNK_SIZE = 1024 * 1024


def new_manifest() -> dict:
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "python": platform.python_version(),
        },
    }


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def read_manifest(folder: Path) -> dict:
    """The manifest of the backup in `folder`, its shape and every name in it checked before
    restore changes anything; the names are then used exactly as written."""
    path = folder / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{path} is missing: {folder} is not a finished backup made by `backup`."
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} cannot be read ({error.__class__.__name__}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup manifest this version understands.")
    for key in ("database", "migrations", "row_counts", "files"):
        if key not in manifest:
            raise BackupError(f"{path} has no {key!r}: the backup is incomplete.")
    problem = _shape_problem(manifest)
    if problem:
        raise BackupError(f"{path} is damaged or was not written by `backup`: {problem}.")
    for name in manifest["files"]:
        check_file_name(name)
    return manifest


def _shape_problem(manifest: dict) -> str | None:
    """What is wrong with the manifest's parts, in words; None when nothing is."""
    database = manifest["database"]
    if not isinstance(database, dict):
        return "'database' should describe the database dump"
    if not _is_plain_name(database.get("file")):
        return "'database' does not name the dump file in the backup folder"
    if not _is_sha256(database.get("sha256")):
        return "'database' has no valid checksum for the dump"
    migrations = manifest["migrations"]
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names)
        for names in migrations.values()
    ):
        return "'migrations' should list migration names for each app"
    row_counts = manifest["row_counts"]
    if not isinstance(row_counts, dict) or not all(
        type(rows) is int and rows >= 0 for rows in row_counts.values()
    ):
        return "'row_counts' should give a number of rows for each table"
    files = manifest["files"]
    if not isinstance(files, dict):
        return "'files' should list every file with its checksum"
    for name, sha256 in files.items():
        if not _is_sha256(sha256):
            return f"the file {name!r} has no valid checksum"
    return None


def check_file_name(name: str) -> None:
    """Refuse a manifest file name unless it is a plain relative path under media/ or private/.

    The check reads the name as written, not a normalised path: `private//etc/x` must not
    pass as `private/etc/x`, since restore copies to the name it was given.
    """
    parts = name.split("/")
    if not (
        len(parts) > 1 and parts[0] in (MEDIA_DIR, PRIVATE_DIR) and all(map(_is_plain_name, parts))
    ):
        raise BackupError(
            f"The manifest names a file that restore will not write: {name!r}. A backup holds "
            f"only files under {MEDIA_DIR}/ and {PRIVATE_DIR}/ with plain relative names; "
            f"this one may have been altered. Nothing was changed."
        )


def _is_plain_name(name) -> bool:
    """One file or folder name: no separators, no way up or out."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and not any(character in name for character in "/\\\x00")
    )


def _is_sha256(value) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def sha256_of_path(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()
