"""Transcript files: WebVTT and SubRip in, WebVTT out, and saving them on a testimony.

A file is checked whole before anything is saved; a file with any problem is rejected with
every problem listed by line number (see errors.TranscriptError).
"""

from pathlib import PurePath

from .cues import MAX_CUES, MAX_FILE_BYTES, MAX_FILE_LABEL, Cue
from .errors import LineError, TranscriptError
from .srt import parse_srt
from .webvtt import parse_webvtt, write_webvtt

PARSERS = {"vtt": parse_webvtt, "srt": parse_srt}
FORMAT_NAMES = {"vtt": "WebVTT", "srt": "SubRip (SRT)"}


def format_from_name(filename: str) -> str | None:
    """'vtt' or 'srt' from a file name's extension, None for anything else."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    return {"vtt": "vtt", "webvtt": "vtt", "srt": "srt"}.get(suffix)


def parse_transcript(data: bytes, fmt: str) -> list[Cue]:
    return PARSERS[fmt](data)


__all__ = [
    "FORMAT_NAMES",
    "MAX_CUES",
    "MAX_FILE_BYTES",
    "MAX_FILE_LABEL",
    "Cue",
    "LineError",
    "TranscriptError",
    "format_from_name",
    "parse_srt",
    "parse_transcript",
    "parse_webvtt",
    "write_webvtt",
]
