"""Recordings are stored without the place they were made (recording_locations).

A phone's video of a survivor interviewed at home carries the home's position; visitors get
the recording as stored. ArchiveMedia blanks it just before the checksum is taken
(checksums.ChecksumMixin), so the checksum is of the bytes kept: an upload is blanked before
it reaches the storage, a file already stored is blanked where it lies (on local disk in
place, in a bucket by storing a blanked copy). A file that is not ISO media (mp3, wav, ogg,
webm carry no standard position) is left as it is, and so is one that cannot be walked: an
upload is never refused for it.
"""

import contextlib
import hashlib
import io
import logging
import shutil
import struct
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from .recording_locations import blank, blanked_chunk, find_locations, is_iso_media, writes
from .responses import is_object_store, open_object

logger = logging.getLogger(__name__)

# What reading or writing a damaged, hostile or vanished file may raise.
SCRUB_ERRORS = (OSError, ValueError, struct.error, OverflowError)


def scrub_recording(field_file) -> bool:
    """Blank the recording place in a new upload or a stored file; True if anything was."""
    try:
        if getattr(field_file, "_committed", True):
            return _scrub_stored(field_file)
        return _scrub_upload(field_file)
    except SCRUB_ERRORS as error:
        logger.warning("Recording %s left as it was: %s", field_file.name, error)
        return False


def locations_in_stored(field_file):
    """What `scrub_recording` would blank in a stored file (empty or None when nothing)."""
    with _open_stored(field_file.storage, field_file.name) as handle:
        return _findings(handle, field_file.name)


def _open_stored(storage, name):
    if is_object_store(storage):
        return RangedObject(storage, name)
    return storage.open(name, "rb")


class RangedObject:
    """An object in a bucket read like a file, by ranged GETs of a window at a time: walking
    a recording's boxes fetches their headers, never the gigabytes between them
    (django-storages' S3File would download the whole object first)."""

    WINDOW = 64 * 1024

    def __init__(self, storage, name):
        self.storage, self.name = storage, name
        self.size = storage.size(name)
        self.position, self.start, self.window = 0, 0, b""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def seek(self, offset, whence=io.SEEK_SET):
        self.position = offset + {io.SEEK_SET: 0, io.SEEK_CUR: self.position}.get(whence, self.size)
        return self.position

    def tell(self):
        return self.position

    def read(self, length=-1):
        end = self.size if length < 0 else min(self.size, self.position + length)
        if self.position >= end:
            return b""
        if not (self.start <= self.position and end <= self.start + len(self.window)):
            last = min(self.size, max(end, self.position + self.WINDOW)) - 1
            with contextlib.closing(
                open_object(self.storage, self.name, f"bytes={self.position}-{last}")
            ) as body:
                self.start, self.window = self.position, body.read()
        data = self.window[self.position - self.start : end - self.start]
        self.position += len(data)
        return data


def digests_before_and_after(field_file, findings) -> tuple[str, str]:
    """The SHA-256 of a stored file as it is and as it will be once `findings` are blanked,
    in one reading: a stored file's new checksum is known before its bytes change."""
    before, after, position = hashlib.sha256(), hashlib.sha256(), 0
    planned = writes(findings)
    with _open_whole(field_file.storage, field_file.name) as stored:
        for chunk in iter(lambda: stored.read(1024 * 1024), b""):
            before.update(chunk)
            after.update(blanked_chunk(chunk, position, planned))
            position += len(chunk)
    return before.hexdigest(), after.hexdigest()


def _findings(handle, name):
    if not is_iso_media(handle):
        return None
    handle.seek(0, io.SEEK_END)
    findings = find_locations(handle, handle.tell())
    if findings.problem:
        logger.warning(
            "Recording %s could not be read to the end (%s)%s",
            name,
            findings.problem,
            "; the place named before that was blanked" if findings else "",
        )
    return findings


def _scrub_upload(field_file) -> bool:
    content = field_file.file
    findings = _findings(content, field_file.name)
    if not findings:
        return False
    # A temporary upload or bytes in memory are ours to change; a file someone opened (an
    # import's source on disk) is not: its copy is blanked and stored instead.
    if not _ours_to_change(content):
        copy = _temporary_copy(content)
        content = File(copy, name=field_file.name)
        field_file.file = content
    blank(content, findings)
    content.seek(0)
    return True


def _ours_to_change(content) -> bool:
    inner = getattr(content, "file", content)
    return isinstance(content, UploadedFile) or isinstance(inner, io.BytesIO)


def _temporary_copy(handle):
    copy = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 (returned open)
    handle.seek(0)
    shutil.copyfileobj(handle, copy, 1024 * 1024)
    return copy


def _scrub_stored(field_file) -> bool:
    storage, name = field_file.storage, field_file.name
    path = _local_path(storage, name)
    if path is not None:
        with open(path, "r+b") as handle:
            findings = _findings(handle, name)
            if findings:
                blank(handle, findings)
            return bool(findings)
    findings = locations_in_stored(field_file)
    if not findings:
        return False
    with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as copy:
        with _open_whole(storage, name) as stored:
            shutil.copyfileobj(stored, copy, 1024 * 1024)
        blank(copy, findings)
        copy.seek(0)
        new_name = storage.save(name, File(copy, name=name))
    if new_name != name:  # a storage that never overwrites has the copy stored beside it
        storage.delete(name)
        field_file.name = new_name
    return True


def _local_path(storage, name):
    if is_object_store(storage):
        return None
    try:
        return storage.path(name)
    except NotImplementedError:  # a remote storage: no local path to write through
        return None


def _open_whole(storage, name):
    if is_object_store(storage):
        return contextlib.closing(open_object(storage, name))
    return storage.open(name, "rb")
