"""Recordings are stored without the place they were made (recording_locations).

A phone's video of a survivor interviewed at home carries the home's position; visitors get
the recording as stored. ArchiveMedia blanks it just before the checksum is taken
(checksums.ChecksumMixin), so the checksum is of the bytes kept: an upload is blanked before
it reaches the storage, a file already stored is blanked where it lies (on local disk in
place, in a bucket by storing a blanked copy). A file that is not ISO media (mp3, wav, ogg,
webm carry no standard position) is left as it is, and so is one that cannot be walked: an
upload is never refused for it.
"""

import io
import logging
import shutil
import struct
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from .recording_locations import blank, find_locations, is_iso_media

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
    """What `scrub_recording` would blank in a stored file (Findings, empty when none)."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        return _findings(handle, field_file.name)


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
    try:
        path = storage.path(name)
    except NotImplementedError:  # a bucket: no local path to write through
        path = None
    if path is not None:
        with open(path, "r+b") as handle:
            findings = _findings(handle, name)
            if findings:
                blank(handle, findings)
            return bool(findings)
    with storage.open(name, "rb") as stored:
        findings = _findings(stored, name)
        if not findings:
            return False
        copy = _temporary_copy(stored)
    with copy:
        blank(copy, findings)
        copy.seek(0)
        new_name = storage.save(name, File(copy, name=name))
    if new_name != name:  # a storage that never overwrites stored the copy beside it
        storage.delete(name)
        field_file.name = new_name
    return True
