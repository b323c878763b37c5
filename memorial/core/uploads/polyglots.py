"""Find a second file hidden inside an image (a "polyglot").

A polyglot decodes as a photograph but is also a web page, a script or a zip archive, so
that a browser or an unzip tool that gets the original bytes runs the hidden part. We never
serve the original bytes (every accepted image is re-encoded), and we refuse such files too.

The search looks at the parts of the file that are not compressed pixel data: metadata
segments and chunks, and anything after the image's end. Compressed pixel data is skipped
because it is close to random bytes, and a long random stream contains a short pattern such
as `<svg` by chance often enough (about once in 30 large photographs) to refuse real ones.
A file whose structure cannot be followed is searched whole.
"""

import io
import re
import struct
import zipfile
from collections.abc import Iterator

_PAYLOADS = re.compile(
    rb"(?P<markup><script|<html|<svg|<\?php|<iframe|<!doctype\s+html)"
    rb"|(?P<archive>PK\x03\x04|PK\x05\x06|Rar!\x1a\x07|7z\xbc\xaf\x27\x1c)"
    rb"|(?P<pdf>%PDF-)",
    re.IGNORECASE,
)
_KINDS = {"markup": "web page or script", "archive": "archive", "pdf": "PDF document"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_PIXEL_CHUNKS = {b"IDAT", b"fdAT"}
_WEBP_PIXEL_CHUNKS = {b"VP8 ", b"VP8L", b"ALPH", b"ANMF"}
# After SOS, entropy-coded data runs until a 0xFF that is not a stuffed 0x00 or a restart marker.
_JPEG_NEXT_MARKER = re.compile(rb"\xff(?![\x00\xd0-\xd7])")


def hidden_payload(data: bytes) -> str | None:
    """The kind of payload hidden in `data` (an image), or None when there is none."""
    scannable = b"".join(_scannable_regions(data))
    match = _PAYLOADS.search(scannable)
    if match:
        return _KINDS[match.lastgroup]
    if zipfile.is_zipfile(io.BytesIO(scannable)):
        return "archive"
    return None


def _scannable_regions(data: bytes) -> Iterator[bytes]:
    if data.startswith(b"\xff\xd8"):
        regions = _jpeg_regions(data)
    elif data.startswith(_PNG_SIGNATURE):
        regions = _png_regions(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        regions = _webp_regions(data)
    else:
        regions = None
    try:
        yield from list(regions) if regions is not None else [data]
    except (struct.error, IndexError, ValueError):
        yield data


def _jpeg_regions(data: bytes) -> Iterator[bytes]:
    position, size = 2, len(data)
    while position < size - 1:
        if data[position] != 0xFF:
            raise ValueError("lost the JPEG marker chain")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:  # end of image: everything after it is extra
            yield data[position + 2 :]
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment_end = position + 2 + length
        if marker != 0xDA:
            yield data[position + 4 : segment_end]
            position = segment_end
            continue
        found = _JPEG_NEXT_MARKER.search(data, segment_end)
        if found is None:
            return  # no end marker: a truncated image, which decoding refuses
        position = found.start()


def _png_regions(data: bytes) -> Iterator[bytes]:
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, chunk_type = struct.unpack(">I4s", data[position : position + 8])
        body_end = position + 8 + length
        if chunk_type not in _PNG_PIXEL_CHUNKS:
            yield data[position + 8 : body_end]
        position = body_end + 4  # CRC
        if chunk_type == b"IEND":
            yield data[position:]
            return


def _webp_regions(data: bytes) -> Iterator[bytes]:
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(8 + riff_size, len(data))
    position = 12
    while position + 8 <= end:
        chunk_type, length = struct.unpack("<4sI", data[position : position + 8])
        if chunk_type not in _WEBP_PIXEL_CHUNKS:
            yield data[position + 8 : position + 8 + length]
        position += 8 + length + (length & 1)  # chunks are padded to even sizes
    yield data[end:]
