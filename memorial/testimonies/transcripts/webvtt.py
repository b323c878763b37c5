"""WebVTT (https://www.w3.org/TR/webvtt1/) in and out.

Reading keeps what the archive stores: times, the speaker of a `<v Speaker>` voice tag and
the words, with line breaks. Other cue markup (`<i>`, `<b>`, `<u>`, `<c.class>`, `<lang>`,
`<ruby>`, timestamp tags) is dropped and character references (`&amp;`) are decoded.
NOTE, STYLE and REGION blocks and cue identifiers and settings are ignored. A cue in which
several voices speak becomes one passage per voice, all with the cue's times.

Writing: see write_webvtt().
"""

import html
import re
from bisect import bisect_right

from ..speakers import public_speaker
from .cues import (
    ARROW,
    Cue,
    CueLimit,
    blocks,
    check_cue,
    decode_lines,
    finish,
    format_ms,
    tidy_text,
    timing_values,
)
from .errors import ErrorCollector

HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
IGNORED_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
TIMESTAMP = re.compile(r"^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
TAG = re.compile(r"<([^>]*)>")
VOICE = re.compile(r"^v(?:\.\S*)?(?:\s+(.*))?$", re.DOTALL)
TIMING_EXAMPLE = "00:01:02.000 --> 00:01:05.000"


def parse_timestamp(value: str) -> int | None:
    """Milliseconds, or None if `value` is not hh:mm:ss.ttt or mm:ss.ttt."""
    match = TIMESTAMP.match(value)
    if not match:
        return None
    hours, minutes, seconds, millis = (int(part or 0) for part in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def parse_timing(line: str, number: int, errors: ErrorCollector) -> tuple[int, int] | None:
    times = []
    for value in timing_values(line):
        milliseconds = parse_timestamp(value)
        if milliseconds is None:
            errors.add(
                number,
                f"bad timestamp {value!r}; expected hh:mm:ss.ttt or mm:ss.ttt, "
                f"e.g. {TIMING_EXAMPLE}.",
            )
        times.append(milliseconds)
    if None in times:
        return None
    return times[0], times[1]


def voices(payload: str) -> list[tuple[str, str]]:
    """(speaker, text) for each voice in a cue's text, markup removed."""
    parts: list[list] = [["", []]]
    position = 0
    for match in TAG.finditer(payload):
        parts[-1][1].append(html.unescape(payload[position : match.start()]))
        position = match.end()
        voice = VOICE.match(match.group(1))
        if not voice:
            continue  # any other tag: formatting, class, language, ruby or a timestamp
        speaker = " ".join(html.unescape(voice.group(1) or "").split())
        speaker_so_far, text_so_far = parts[-1]
        if "".join(text_so_far).strip() and speaker != speaker_so_far:
            parts.append([speaker, []])
        else:
            parts[-1][0] = speaker
    parts[-1][1].append(html.unescape(payload[position:]))
    return [(speaker, tidy_text("".join(text))) for speaker, text in parts]


def parse_cue_block(start: int, block: list[str], errors: ErrorCollector) -> list[Cue]:
    timing_index = 0 if ARROW in block[0] else 1
    if timing_index >= len(block) or ARROW not in block[timing_index]:
        errors.add(
            start,
            "expected a cue: an optional identifier line, then a timing line such as "
            f"{TIMING_EXAMPLE}, then the text. (NOTE, STYLE and REGION blocks are skipped.)",
        )
        return []
    timing_line = start + timing_index
    times = parse_timing(block[timing_index], timing_line, errors)
    payload = block[timing_index + 1 :]
    for offset, line in enumerate(payload, start=timing_line + 1):
        if ARROW in line:
            errors.add(offset, "cue text cannot contain '-->'; is a blank line missing before it?")
            return []
    parts = [(speaker, text) for speaker, text in voices("\n".join(payload)) if text]
    if not parts:
        errors.add(timing_line, "the cue has no text.")
        return []
    if times is None:
        return []
    cues = [
        Cue(times[0], times[1], text, speaker=speaker, line=timing_line) for speaker, text in parts
    ]
    usable = [check_cue(cue, errors) for cue in cues]
    return cues if all(usable) else []


def parse_webvtt(data: bytes) -> list[Cue]:
    """The cues of a WebVTT file, or TranscriptError listing every problem with its line."""
    lines = decode_lines(data)
    errors = ErrorCollector()
    first_block = 0
    if HEADER.match(lines[0]):
        # The header runs to the first blank line; a cue may follow WEBVTT directly.
        first_block = 1
        while first_block < len(lines) and lines[first_block].strip():
            if ARROW in lines[first_block]:
                identifier = first_block > 1 and ARROW not in lines[first_block - 1]
                first_block -= 1 if identifier else 0
                break
            first_block += 1
    else:
        errors.add(
            1,
            "a WebVTT file must begin with the line 'WEBVTT'. (An .srt file needs the SRT format.)",
        )
    cues: list[Cue] = []
    limit = CueLimit(errors)
    for start, block in blocks(lines, first_block):
        if IGNORED_BLOCK.match(block[0]):
            continue
        if limit.exceeded(start):
            break
        cues.extend(parse_cue_block(start, block, errors))
    return finish(cues, errors)


# Writing ---------------------------------------------------------------------------------

# A segment without an end lasts until the next segment starts, or this long if none does.
DEFAULT_CUE_MILLISECONDS = 5000


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ordered(segments) -> list[list]:
    """Runs of [timed segment, untimed segments after it], sorted by start time.

    WebVTT requires cues in time order; untimed passages stay after the passage the
    editor put them after (leading ones first).
    """
    runs: list[list] = [[]]
    for segment in segments:
        if segment.start_seconds is not None:
            runs.append([segment])
        else:
            runs[-1].append(segment)
    leading, timed = runs[0], runs[1:]
    timed.sort(key=lambda run: run[0].start_seconds)
    return ([leading] if leading else []) + timed


def _cue_block(segment, end_ms: int, text: str, speaker: str) -> str:
    lines = [escape(line) for line in tidy_text(text).split("\n")]
    if speaker:
        lines[0] = f"<v {escape(' '.join(speaker.split()))}>{lines[0]}"
    timing = f"{format_ms(segment.start_seconds * 1000)} --> {format_ms(end_ms)}"
    return "\n".join([timing, *lines])


def _note_block(text: str, speaker: str) -> str:
    # Comments take no character references; only '-->' and blank lines must go.
    lines = [line.replace(ARROW, "-- >") for line in tidy_text(text).split("\n")]
    if speaker:
        lines[0] = f"{' '.join(speaker.split())}: {lines[0]}"
    return "\n".join(["NOTE untimed passage", *lines])


def write_webvtt(segments, *, master: bool = False, testimony=None) -> str:
    """A WebVTT file of these transcript segments.

    Public (default): each segment's `public_text`, so a withheld passage reads
    "[passage withheld]". Master (`master=True`, for staff and preservation): the full text.
    Speakers become `<v Speaker>` voice tags. A segment without a start time cannot be a
    timed cue: it is written as a NOTE block (players ignore it; readers keep the words) and
    is not imported back. With the `testimony` they belong to, speakers are labelled as
    `public_speaker` shows them (never an anonymous narrator's name, even in a master).
    A segment without a usable end lasts until the next one starts
    (or 5 seconds for the last). Segments without text are left out.
    """
    blocks_out = []
    runs = _ordered(segments)
    starts = [run[0].start_seconds for run in runs if run[0].start_seconds is not None]
    for run in runs:
        for segment in run:
            text = segment.text if master else segment.public_text
            if not tidy_text(text):
                continue
            speaker = segment.speaker
            if testimony is not None:
                speaker = public_speaker(testimony, speaker)
            if segment.start_seconds is None:
                blocks_out.append(_note_block(text, speaker))
                continue
            start_ms = segment.start_seconds * 1000
            if segment.end_seconds is not None and segment.end_seconds > segment.start_seconds:
                end_ms = segment.end_seconds * 1000
            else:
                following = bisect_right(starts, segment.start_seconds)
                end_ms = (
                    starts[following] * 1000
                    if following < len(starts)
                    else start_ms + DEFAULT_CUE_MILLISECONDS
                )
            blocks_out.append(_cue_block(segment, end_ms, text, speaker))
    return "\n\n".join(["WEBVTT", *blocks_out]) + "\n"
