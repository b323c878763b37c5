"""The archive's files: default storage as DIR/media/, PRIVATE_FILES_ROOT as DIR/private/.

Media goes through the storage API, so an S3 bucket is copied like a local folder.
"""

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from memorial.core.health import STORAGE_PREFIX

from .errors import BackupError
from .manifest import CHUNK_SIZE, MEDIA_DIR, PRIVATE_DIR, check_file_name, sha256_of_path


def _storage_names(folder: str = "") -> Iterator[str]:
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for directory in sorted(directories):
        if f"{folder}{directory}/" != STORAGE_PREFIX:  # the health check's probe files
            yield from _storage_names(f"{folder}{directory}/")


def _private_root() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT)


def _copy_stream(source, target: Path) -> str:
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        for chunk in iter(lambda: source.read(CHUNK_SIZE), b""):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def copy_files_out(folder: Path, progress) -> dict[str, str]:
    """Copy every stored file into the backup; {backup path: sha256}."""
    hashes = {}
    for name in _storage_names():
        try:
            with default_storage.open(name, "rb") as source:
                hashes[f"{MEDIA_DIR}/{name}"] = _copy_stream(source, folder / MEDIA_DIR / name)
        except FileNotFoundError:
            progress(f"  skipped {name}: deleted while the backup ran")
            continue
        _report(len(hashes), progress)
    root = _private_root()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            with open(path, "rb") as source:
                hashes[f"{PRIVATE_DIR}/{relative}"] = _copy_stream(
                    source, folder / PRIVATE_DIR / relative
                )
            _report(len(hashes), progress)
    return hashes


def copy_files_in(folder: Path, names: list[str], progress) -> None:
    """Put every file of the backup back where it was (same names, same bytes).

    `names` were checked by read_manifest; each target is checked again once resolved, so
    a folder that is a link in the file areas cannot send a file elsewhere either.
    """
    for count, backup_name in enumerate(names, start=1):
        area, name = _area_and_name(backup_name)
        source = folder / backup_name
        if area == MEDIA_DIR:
            _refuse_unless_inside(_media_root(), _media_path(name), backup_name)
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(source, "rb") as handle:
                saved_as = default_storage.save(name, File(handle, name=name))
            if saved_as != name:
                raise BackupError(f"The file storage renamed {name} to {saved_as} on restore.")
        else:
            target = _private_root() / name
            _refuse_unless_inside(_private_root(), target, backup_name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        _report(count, progress)


def restored_hash(backup_name: str) -> str | None:
    """The sha256 of a restored file where the site reads it, or None when it is missing."""
    area, name = _area_and_name(backup_name)
    if area == MEDIA_DIR:
        try:
            with default_storage.open(name, "rb") as handle:
                digest = hashlib.sha256()
                for chunk in iter(lambda: handle.read(CHUNK_SIZE), b""):
                    digest.update(chunk)
                return digest.hexdigest()
        except FileNotFoundError:
            return None
    path = _private_root() / name
    return sha256_of_path(path) if path.is_file() else None


def _area_and_name(backup_name: str) -> tuple[str, str]:
    check_file_name(backup_name)
    area, _, name = backup_name.partition("/")
    return area, name


def _media_root() -> Path | None:
    location = getattr(default_storage, "location", None)
    return Path(location) if location else None


def _media_path(name: str) -> Path | None:
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None  # a remote storage (S3) has keys, not paths; the name check holds there


def _refuse_unless_inside(root: Path | None, target: Path | None, backup_name: str) -> None:
    if root is None or target is None:
        return
    if not target.resolve().is_relative_to(root.resolve()):
        raise BackupError(
            f"{backup_name} would be written outside {root}, through a link or an unusual "
            f"name; the restore stopped before copying it."
        )


def _report(count: int, progress) -> None:
    if count % 500 == 0:
        progress(f"  {count} files copied")
