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
    """The manifest of the backup in `folder`, every name in it checked before restore
    changes anything; the names are then used exactly as written."""
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
    if not _is_plain_name(manifest["database"]["file"]):
        raise BackupError(f"{path} does not name the database dump in the backup folder.")
    for name in manifest["files"]:
        check_file_name(name)
    return manifest


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


def sha256_of_path(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()
