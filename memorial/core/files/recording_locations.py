"""Where an MP4, MOV, M4A or 3GP recording says it was made, and blanking it in place.

Phones and cameras write the recording's position into the ISO base media file format's
box tree (ISO/IEC 14496-12, QuickTime):

- `©xyz` in `udta` (or as an `ilst` item): an ISO 6709 string, "+40.4461+049.8669+012.000/";
- `loci` in `udta` (3GPP): place name, longitude, latitude, altitude;
- a QuickTime `meta` whose `keys` name `com.apple.quicktime.location.ISO6709` (and its
  other `com.apple.quicktime.location.*` keys), the values being `data` boxes in `ilst`;
- XMP (a `uuid` box with the XMP identifier, or `XMP_` in `udta`) with exif:GPS* tags.

Only box headers and the few small boxes that may hold a position are read; a recording of
many gigabytes is walked by seeking. Blanking never moves a byte: a whole box (`©xyz`, a
location key's `ilst` item) becomes `free` with a zeroed payload, a location key's name is
zeroed, XMP's place tags become spaces; every size and offset stays as it was and the
recording still plays.
"""

import functools
import re
import struct
from dataclasses import dataclass, field

# Where a position may sit, and the containers leading there (never `mdat` or `stbl`).
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"udta", b"meta", b"ilst", b"moof", b"traf"}
LOCATION_BOXES = {b"\xa9xyz", b"loci"}
TOP_LEVEL = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"uuid", b"styp"}
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
LOCATION_KEY_PREFIX = b"com.apple.quicktime.location."

MAX_DEPTH = 12
MAX_BOXES = 200_000  # headers read in one file: a hostile file of tiny boxes stops here
MAX_SMALL_BOX = 4 * 1024 * 1024  # `keys` and XMP are read whole only below this

# An XMP element or attribute naming a place: any prefix's GPS* (exif:GPSLatitude, ...), and
# the IPTC and Photoshop location fields.
_PLACE_NAME = rb"[\w.-]+:(?:GPS\w*|Location\w*|City|State|Country|CountryCode|Sublocation)"
_XMP_OPENING = re.compile(rb"<(" + _PLACE_NAME + rb")\b[^<>]*?(/?)>")
_XMP_ATTRIBUTE = re.compile(rb"\s" + _PLACE_NAME + rb"\s*=\s*([\"'])")


class MalformedBox(ValueError):
    """A box that does not fit in its parent, or a tree too deep or too large to walk."""


@dataclass
class Box:
    type: bytes
    start: int  # offset of the size field
    header: int  # bytes before the payload (size, type, largesize, uuid's usertype)
    end: int
    type_header: int = 8  # bytes before the payload once the type is `free` (no usertype)

    @property
    def payload(self) -> int:
        return self.start + self.header


@dataclass
class Findings:
    """What to blank: whole boxes, byte ranges to zero, byte ranges to overwrite."""

    boxes: list[Box] = field(default_factory=list)
    zeros: list[tuple[int, int]] = field(default_factory=list)  # (offset, length)
    patches: list[tuple[int, bytes]] = field(default_factory=list)  # (offset, new bytes)
    problem: str = ""  # set when part of the file could not be walked

    def __bool__(self):
        return bool(self.boxes or self.zeros or self.patches)


def is_iso_media(handle) -> bool:
    """Does the file start like an ISO base media / QuickTime file?"""
    handle.seek(0)
    head = handle.read(8)
    return len(head) == 8 and head[4:8] in TOP_LEVEL


def find_locations(handle, size: int) -> Findings:
    """Every place in the file that says where it was recorded. A part that cannot be
    walked is reported in `problem`; what was found before it is still returned."""
    findings = Findings()
    walker = _Walker(handle, findings)
    try:
        walker.walk(0, size, depth=0)
    except MalformedBox as error:
        findings.problem = str(error)
    return findings


def writes(findings: Findings) -> list[tuple[int, int, bytes | None]]:
    """(offset, length, bytes to write there, or None for zeros), in file order."""
    planned = []
    for box in findings.boxes:
        planned.append((box.start + 4, 4, b"free"))
        planned.append((box.start + box.type_header, box.end - box.start - box.type_header, None))
    planned.extend((offset, length, None) for offset, length in findings.zeros)
    planned.extend((offset, len(data), data) for offset, data in findings.patches)
    return sorted(planned, key=lambda write: write[0])


def blank(handle, findings: Findings) -> None:
    """Overwrite what `find_locations` found, in place (handle opened for reading and writing)."""
    for offset, length, data in writes(findings):
        if data is None:
            _zero(handle, offset, length)
        else:
            handle.seek(offset)
            handle.write(data)
    handle.flush()


def blanked_chunk(chunk: bytes, position: int, planned) -> bytes:
    """`chunk`, read at `position`, as it will be once `planned` (writes()) is written."""
    changed = None
    for offset, length, data in planned:
        first, last = max(offset, position), min(offset + length, position + len(chunk))
        if first >= last:
            continue
        changed = changed or bytearray(chunk)
        new = bytes(last - first) if data is None else data[first - offset : last - offset]
        changed[first - position : last - position] = new
    return bytes(changed) if changed is not None else chunk


def _looks_like_type(four: bytes) -> bool:
    return all(0x20 <= byte < 0x7F or byte == 0xA9 for byte in four)


def _zero(handle, offset: int, length: int, chunk: int = 1024 * 1024) -> None:
    handle.seek(offset)
    while length > 0:
        step = min(chunk, length)
        handle.write(bytes(step))
        length -= step


class _Walker:
    def __init__(self, handle, findings: Findings):
        self.handle = handle
        self.findings = findings
        self.count = 0

    def read_at(self, offset: int, length: int) -> bytes:
        self.handle.seek(offset)
        data = self.handle.read(length)
        if len(data) != length:
            raise MalformedBox(f"the file ends at {offset + len(data)}, inside a box")
        return data

    def boxes(self, start: int, end: int, *, top: bool = False):
        offset = start
        while offset + 8 <= end:
            self.count += 1
            if self.count > MAX_BOXES:
                raise MalformedBox(f"more than {MAX_BOXES} boxes")
            size, kind = struct.unpack(">I4s", self.read_at(offset, 8))
            header = 8
            if size == 1:
                size = struct.unpack(">Q", self.read_at(offset + 8, 8))[0]
                header = 16
            elif size == 0:
                if not top:
                    raise MalformedBox(f"{kind!r} at {offset} runs to the end inside a box")
                size = end - offset
            type_header = header
            if kind == b"uuid":
                header += 16
            if size < header or offset + size > end:
                raise MalformedBox(f"{kind!r} at {offset} does not fit in its parent")
            yield Box(kind, offset, header, offset + size, type_header)
            offset += size

    def walk(self, start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise MalformedBox("boxes nested too deep")
        for box in self.boxes(start, end, top=depth == 0):
            self.visit(box, depth)

    def visit(self, box: Box, depth: int) -> None:
        if box.type in LOCATION_BOXES:
            self.findings.boxes.append(box)
        elif self.is_xmp(box):
            self.xmp(box)
        elif box.type == b"meta":
            self.meta(box, depth + 1)
        elif box.type in CONTAINERS:
            self.walk(box.payload, box.end, depth + 1)

    def is_xmp(self, box: Box) -> bool:
        if box.type == b"uuid":
            return self.read_at(box.start + box.type_header, 16) == XMP_UUID
        return box.type == b"XMP_"

    def meta(self, box: Box, depth: int) -> None:
        """ISO's `meta` is a full box (4 bytes of version and flags before its children);
        QuickTime's is not: where ISO has its first child's size, QuickTime has its type."""
        start = box.payload
        if box.end - start >= 8 and not _looks_like_type(self.read_at(start + 4, 4)):
            start += 4
        children = list(self.boxes(start, box.end))
        keys = next((child for child in children if child.type == b"keys"), None)
        location_keys = self.location_keys(keys, box) if keys else set()
        for child in children:
            if child.type == b"ilst":
                self.ilst(child, location_keys)
            else:
                self.visit(child, depth)

    def location_keys(self, keys: Box, meta: Box) -> set[int]:
        """The 1-based indexes of `com.apple.quicktime.location.*` keys; their names are
        blanked too. A `keys` box too large or broken to read has its whole `meta` blanked."""
        length = keys.end - keys.payload
        if length > MAX_SMALL_BOX or length < 8:
            self.findings.boxes.append(meta)
            return set()
        data = self.read_at(keys.payload, length)
        count = struct.unpack(">I", data[4:8])[0]
        found, offset = set(), 8
        for index in range(1, count + 1):
            if offset + 8 > length:
                self.findings.boxes.append(meta)
                return set()
            key_size = struct.unpack(">I", data[offset : offset + 4])[0]
            if key_size < 8 or offset + key_size > length:
                self.findings.boxes.append(meta)
                return set()
            name = data[offset + 8 : offset + key_size]
            if name.startswith(LOCATION_KEY_PREFIX):
                found.add(index)
                self.findings.zeros.append((keys.payload + offset + 8, key_size - 8))
            offset += key_size
        return found

    def ilst(self, ilst: Box, location_keys: set[int]) -> None:
        for item in self.boxes(ilst.payload, ilst.end):
            if item.type in LOCATION_BOXES:
                self.findings.boxes.append(item)
            elif struct.unpack(">I", item.type)[0] in location_keys:
                self.findings.boxes.append(item)  # its `data` is zeroed with it

    def xmp(self, box: Box) -> None:
        length = box.end - box.payload
        if length > MAX_SMALL_BOX:
            self.findings.boxes.append(box)
            return
        packet = self.read_at(box.payload, length)
        for start, end in xmp_place_spans(packet):
            # Spaces are XMP's own padding: the packet stays well-formed.
            self.findings.patches.append((box.payload + start, b" " * (end - start)))


def xmp_place_spans(packet: bytes) -> list[tuple[int, int]]:
    """(start, end) of every element and attribute naming a place, found in one pass: each
    closing tag or quote is searched for once (a packet of unclosed tags is no slower)."""
    spans, closers = [], {}

    def closer(pattern: re.Pattern, after: int) -> int | None:
        """End of the first match of `pattern` after `after`, remembered for the next ask."""
        found = closers.get(pattern)
        if found is None or (found[0] is not None and found[0] < after):
            match = pattern.search(packet, after)
            found = closers[pattern] = (match.start(), match.end()) if match else (None, None)
        return found[1]

    for opening in _XMP_OPENING.finditer(packet):
        end = opening.end()
        if not opening.group(2):
            end = closer(_closing_tag(opening.group(1)), opening.end())
        if end is not None:
            spans.append((opening.start(), end))
    for attribute in _XMP_ATTRIBUTE.finditer(packet):
        end = closer(_QUOTES[attribute.group(1)], attribute.end())
        if end is not None:
            spans.append((attribute.start(), end))
    return spans


_QUOTES = {b'"': re.compile(b'"'), b"'": re.compile(b"'")}


@functools.cache
def _closing_tag(name: bytes) -> re.Pattern:
    return re.compile(b"</" + re.escape(name) + rb"\s*>")
