"""Recognise files that are not photographs by their first bytes, before Pillow sees them.

Pillow is never asked to open these: the refusal can name what the file is, and fewer
decoders are exposed to hostile input.
"""

import re

from . import refusals

_ARCHIVES = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
_TAR_MAGIC_OFFSET = 257  # "ustar" sits in the first header block, not at the start

_OTHER_IMAGES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "Icon (ICO)"),
    (b"8BPS", "Photoshop (PSD)"),
)

# Text that starts like markup or a script. Leading BOMs and whitespace are skipped first.
_MARKUP_START = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|object|embed|a\s|div|meta|\?php|!--)|#!|<\?xml",
    re.IGNORECASE,
)
_SVG = re.compile(rb"<svg[\s>/]", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def refuse_known_non_images(data: bytes) -> None:
    """Raise UploadRefused when `data` is plainly one of the kinds we never accept."""
    if data.startswith(b"%PDF-"):
        raise refusals.pdf()
    for signature, kind in _ARCHIVES:
        if data.startswith(signature):
            raise refusals.archive(kind)
    if data[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + 5] == b"ustar":
        raise refusals.archive("tar")
    for signature, kind in _OTHER_IMAGES:
        if data.startswith(signature):
            raise refusals.unaccepted_format(kind)
    head = _strip_text_preamble(data[:4096])
    if head.startswith(b"<"):
        # An SVG may start with an XML declaration, a comment or a doctype before <svg.
        if _SVG.search(head):
            raise refusals.svg()
        raise refusals.web_page_or_script()
    if _MARKUP_START.match(head):
        raise refusals.web_page_or_script()


def _strip_text_preamble(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.lstrip(b" \t\r\n\x00")
