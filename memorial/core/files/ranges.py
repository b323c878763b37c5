"""HTTP byte ranges (RFC 9110 §14.2): one range per request, which is what players ask for
when they seek."""

import re

_SINGLE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class UnsatisfiableRange(Exception):
    """The range starts beyond the end of the file (answer 416)."""


def requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions, both inclusive, or None to send the whole file.

    A header we do not understand, or one asking for several ranges, gets the whole file,
    which the RFC allows; only a well-formed range past the end is an error.
    """
    if not header:
        return None
    match = _SINGLE_RANGE.match(header)
    if not match:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)  # "bytes=-500": the last 500 bytes
        if suffix == 0 or size == 0:
            raise UnsatisfiableRange
        return max(size - suffix, 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None  # invalid, so ignored
    if first >= size:
        raise UnsatisfiableRange
    return first, min(int(last) if last else size - 1, size - 1)
