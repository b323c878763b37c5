"""What every transcript format reads into: timed cues, and the checks all formats share.

Times are kept in milliseconds while reading; the archive stores whole seconds, rounded
outwards so a passage is never cut short: start = floor, end = ceil (1.5 s → 2.2 s is
stored as 1 → 3).
"""

import re
from dataclasses import dataclass

from .errors import ErrorCollector, TranscriptError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILE_LABEL = "5 MB"
MAX_CUES = 20_000
# No single recording runs this long; a larger value is a typing error, and it keeps the
# stored seconds far inside the database's integer range.
MAX_MILLISECONDS = 1000 * 3600 * 1000
MAX_SPEAKER_LENGTH = 100  # TranscriptSegment.speaker's max_length

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters other than tab, line feed and carriage return mark a binary file.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
ARROW = "-->"


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""
    line: int = 0  # where the cue's timing line is, for messages

    @property
    def start_seconds(self) -> int:
        return self.start_ms // 1000

    @property
    def end_seconds(self) -> int:
        return -(-self.end_ms // 1000)


def split_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def decode_lines(data: bytes) -> list[str]:
    """The file's lines, or a TranscriptError if it is too large, binary or not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise TranscriptError.single(
            None,
            f"the file is {len(data) / 1024 / 1024:.1f} MB; transcripts may be up to "
            f"{MAX_FILE_LABEL}. Split the recording's transcript into parts.",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptError.single(1, "the file is UTF-16; save it as UTF-8 and try again.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = len(split_lines(data[: problem.start].decode("utf-8")))
        raise TranscriptError.single(
            line,
            f"not UTF-8 text (byte 0x{data[problem.start]:02x} cannot be read); save the "
            "file as UTF-8 and try again.",
        ) from None
    lines = split_lines(text.removeprefix("\ufeff"))
    errors = ErrorCollector()
    for number, line in enumerate(lines, start=1):
        if match := CONTROL_CHARACTER.search(line):
            errors.add(
                number,
                f"binary data (control character U+{ord(match.group()):04X}); "
                "this does not look like a text file.",
            )
    errors.raise_if_any()
    return lines


def blocks(lines: list[str], first: int = 0):
    """(line number, lines) of each run of non-blank lines, starting at index `first`."""
    block: list[str] = []
    start = 0
    for index in range(first, len(lines)):
        if lines[index].strip():
            if not block:
                start = index + 1
            block.append(lines[index])
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def timing_values(line: str) -> tuple[str, str]:
    """The start and end of a timing line `start --> end [settings]`, as written."""
    start, _, rest = line.partition(ARROW)
    end = rest.split()
    return start.strip(), end[0] if end else ""


def tidy_text(text: str) -> str:
    """Each line stripped, empty lines dropped, line breaks kept."""
    return "\n".join(line.strip() for line in split_lines(text) if line.strip())


def check_cue(cue: Cue, errors: ErrorCollector) -> bool:
    """Checks every format shares; False (with the reasons added) if the cue is unusable."""
    ok = True
    if cue.end_ms <= cue.start_ms:
        errors.add(
            cue.line,
            f"the cue ends at {format_ms(cue.end_ms)}, which is not after its start at "
            f"{format_ms(cue.start_ms)}.",
        )
        ok = False
    if max(cue.start_ms, cue.end_ms) > MAX_MILLISECONDS:
        errors.add(cue.line, "a time beyond 1,000 hours; check the timestamp.")
        ok = False
    if len(cue.speaker) > MAX_SPEAKER_LENGTH:
        errors.add(cue.line, f"the speaker's name is longer than {MAX_SPEAKER_LENGTH} characters.")
        ok = False
    return ok


def format_ms(milliseconds: int) -> str:
    hours, rest = divmod(milliseconds, 3600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def finish(cues: list[Cue], errors: ErrorCollector) -> list[Cue]:
    """Raise every problem found, or return the cues of a file that had at least one."""
    if not cues and not errors:
        errors.add(None, "the file holds no cues (no timed passages of text).")
    errors.raise_if_any()
    return cues


class CueLimit:
    """Stops reading once a file has more cues than any single transcript needs."""

    def __init__(self, errors: ErrorCollector):
        self.errors = errors
        self.count = 0

    def exceeded(self, line: int) -> bool:
        self.count += 1
        if self.count > MAX_CUES:
            self.errors.add(line, f"more than {MAX_CUES:,} cues; split the transcript into parts.")
            return True
        return False
