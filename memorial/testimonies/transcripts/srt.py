"""SubRip (.srt) in: a cue number, a timing line `00:01:02,500 --> 00:01:05,000`, the text.

SubRip has no speakers, so passages are imported without one. Formatting tags (`<i>`,
`<b>`, `<u>`, `<s>`, `<font …>`) and `{\\an8}`-style position codes are dropped; any other
text, `<` included, is kept as written. A missing cue number is tolerated, and a full stop
is accepted in place of the decimal comma.
"""

import re

from .cues import (
    ARROW,
    Cue,
    CueLimit,
    blocks,
    check_cue,
    decode_lines,
    finish,
    tidy_text,
    timing_values,
)
from .errors import ErrorCollector

TIMESTAMP = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)[,.](\d{1,3})$")
FORMATTING = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)
TIMING_EXAMPLE = "00:01:02,500 --> 00:01:05,000"


def parse_timestamp(value: str) -> int | None:
    match = TIMESTAMP.match(value)
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    millis = int(fraction.ljust(3, "0"))
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def parse_block(start: int, block: list[str], errors: ErrorCollector) -> Cue | None:
    if ARROW in block[0]:
        timing_index = 0
    elif block[0].strip().isdigit():
        timing_index = 1
        if len(block) < 2 or ARROW not in block[1]:
            errors.add(
                start + 1 if len(block) > 1 else start,
                f"expected a timing line such as {TIMING_EXAMPLE} after the cue number.",
            )
            return None
    else:
        errors.add(
            start,
            f"expected a cue number, then a timing line such as {TIMING_EXAMPLE}, then "
            "the text. (Is a blank line missing, or one too many inside a cue?)",
        )
        return None
    timing_line = start + timing_index
    times = []
    for value in timing_values(block[timing_index]):
        milliseconds = parse_timestamp(value)
        if milliseconds is None:
            errors.add(
                timing_line,
                f"bad timestamp {value!r}; expected hh:mm:ss,ttt, e.g. {TIMING_EXAMPLE}.",
            )
        times.append(milliseconds)
    payload = block[timing_index + 1 :]
    for number, line in enumerate(payload, start=timing_line + 1):
        if ARROW in line:
            errors.add(number, "cue text cannot contain '-->'; is a blank line missing?")
            return None
    text = tidy_text(FORMATTING.sub("", "\n".join(payload)))
    if not text:
        errors.add(timing_line, "the cue has no text.")
        return None
    if None in times:
        return None
    cue = Cue(times[0], times[1], text, line=timing_line)
    return cue if check_cue(cue, errors) else None


def parse_srt(data: bytes) -> list[Cue]:
    """The cues of a SubRip file, or TranscriptError listing every problem with its line."""
    lines = decode_lines(data)
    errors = ErrorCollector()
    cues: list[Cue] = []
    limit = CueLimit(errors)
    for start, block in blocks(lines):
        if limit.exceeded(start):
            break
        if cue := parse_block(start, block, errors):
            cues.append(cue)
    return finish(cues, errors)
