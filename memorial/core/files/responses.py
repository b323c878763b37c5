"""Answering with a stored file once the viewer may have it: type, caching, ranges, and
streaming through the storage API (local disk or S3 alike) or a hand-off to the proxy."""

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from .ranges import UnsatisfiableRange, requested_range
from .visibility import Access

PUBLIC_MAX_AGE = 60 * 60  # an hour: a page closed later stops being served from caches soon
CHUNK_SIZE = 64 * 1024

# Types a browser would run as a page of this site; sent as plain bytes instead.
ACTIVE_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}


def content_type_for(filename: str) -> str:
    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return "application/octet-stream" if guessed in ACTIVE_TYPES else guessed


def file_response(request, field_file, access: Access, *, as_attachment=False, hand_off=True):
    """The file, whole or the requested range, with headers for who may have it.

    `hand_off`: with PROTECTED_FILES_ACCEL_REDIRECT set, let the proxy send the file from
    MEDIA_ROOT (files under other roots, such as release forms, are always streamed).
    """
    filename = os.path.basename(field_file.name)
    content_type = content_type_for(filename)
    accel_prefix = getattr(settings, "PROTECTED_FILES_ACCEL_REDIRECT", "")
    # The proxy can only send files from MEDIA_ROOT; a bucket's files are always streamed.
    if accel_prefix and hand_off and not is_object_store(field_file.storage):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            response = _stream(request, field_file, content_type)
        except OSError as error:  # missing from storage: for the fixity check to report
            raise Http404("The file is missing from storage.") from error
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "image/svg+xml":
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    set_cache_control(response, access)
    return response


def set_cache_control(response, access: Access):
    """Shared caches may keep what everybody may have, and nothing else."""
    if access is Access.PUBLIC:
        # Shared caches keep it no longer than a page (they are purged of pages, not files),
        # so a file closed with its page leaves a proxy as soon as the page does.
        shared = min(PUBLIC_MAX_AGE, settings.PUBLIC_PAGE_CACHE_SECONDS)
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}, s-maxage={shared}"
    else:
        response["Cache-Control"] = "private, no-store"


def _stream(request, field_file, content_type):
    storage, name = field_file.storage, field_file.name
    size = storage.size(name)
    # We send no validators, so an If-Range can never match: send the whole file.
    header = None if "If-Range" in request.headers else request.headers.get("Range")
    try:
        byte_range = requested_range(header, size)
    except UnsatisfiableRange:
        response = HttpResponse(status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if byte_range is None and not is_object_store(storage):
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    elif byte_range is None:
        response = StreamingHttpResponse(
            ByteRange(open_object(storage, name), size), content_type=content_type
        )
        response["Content-Length"] = str(size)
    else:
        first, last = byte_range
        response = StreamingHttpResponse(
            ByteRange(open_at(storage, name, first, last), last - first + 1),
            status=206,
            content_type=content_type,
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def is_object_store(storage) -> bool:
    """An S3-compatible storage (django-storages' S3Storage), read by ranged GETs."""
    return hasattr(storage, "bucket") and hasattr(storage, "_normalize_name")


def open_at(storage, name, first, last):
    """The stored bytes from `first` on, as a readable stream.

    From an object store only first..last is asked for: django-storages' S3File would
    download the whole object before the first seek, and a recording can be gigabytes.
    """
    if is_object_store(storage):
        return open_object(storage, name, f"bytes={first}-{last}")
    handle = storage.open(name, "rb")
    handle.seek(first)
    return handle


def open_object(storage, name, byte_range=None):
    """The body of a stored object, streamed as S3 sends it (never spooled to disk)."""
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(name))
    arguments = {"Range": byte_range} if byte_range else {}
    try:
        return storage.bucket.Object(key).get(**arguments)["Body"]
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            raise FileNotFoundError(f"{name} is not in the bucket.") from error
        raise


class ByteRange:
    """`length` bytes from where `handle` stands, in chunks. The response closes it, even
    when nothing was read (HEAD, a player that hung up)."""

    def __init__(self, handle, length):
        self.handle = handle
        self.length = length

    def __iter__(self):
        remaining = self.length
        while remaining > 0:
            chunk = self.handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk

    def close(self):
        self.handle.close()
