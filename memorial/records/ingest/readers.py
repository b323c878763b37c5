"""Stream rows out of CSV or JSON Lines files, each with the line it starts on."""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..entry_records import FIELDS, MAX_CELL_CHARACTERS
from ..spreadsheet_cells import unguarded

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong format, unknown columns)."""


@dataclass
class SourceRow:
    line: int
    data: dict = field(default_factory=dict)
    error: str = ""


def detect_format(path: Path) -> str:
    if path.suffix.lower() == ".csv":
        return "csv"
    if path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    with path.open("rb") as handle:
        start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if start.startswith(b"{") else "csv"


def refuse_wide_encodings(path: Path) -> None:
    """Spreadsheets save "Unicode text" as UTF-16: read as UTF-8, its column names are
    noise, so the whole file is refused with what to do instead."""
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in start:
        raise FileProblem(
            "the file is in UTF-16 (or UTF-32), not UTF-8. Save it again as UTF-8 "
            "(in Excel: 'CSV UTF-8 (comma delimited)')."
        )


def read_rows(path: Path) -> Iterator[SourceRow]:
    """Rows of the file in order. Undecodable bytes make that row an error, not the file."""
    refuse_wide_encodings(path)
    if detect_format(path) == "csv":
        yield from _csv_rows(path)
    else:
        yield from _jsonl_rows(path)


def _has_undecodable(values) -> bool:
    return any(isinstance(v, str) and any("\udc80" <= c <= "\udcff" for c in v) for v in values)


class _CountedLines:
    """The file's physical lines, counted, for the CSV reader. It also knows whether the
    record being read is inside a quoted cell, so that after an unreadable row the rest of
    that cell is skipped with it instead of being read as rows of its own."""

    def __init__(self, handle):
        self.handle = handle
        self.number = 0
        self.quotes_in_record = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.number += 1
        self.quotes_in_record += line.count('"')
        return line

    def start_record(self):
        self.quotes_in_record = 0

    def inside_quoted_cell(self) -> bool:
        # In a well-formed cell every quote but the opening and closing ones is doubled.
        return self.quotes_in_record % 2 == 1

    def skip_rest_of_record(self):
        while self.inside_quoted_cell():
            try:
                next(self)
            except StopIteration:
                return


def _unreadable_row_message(error: csv.Error) -> str:
    if "field limit" in str(error):
        return (
            f"a cell is longer than {MAX_CELL_CHARACTERS:,} characters, the most the "
            "importer reads; the row was skipped."
        )
    return f"this row cannot be read as CSV ({error})."


def _csv_rows(path: Path) -> Iterator[SourceRow]:
    # The limit is the csv module's, for the whole process; raising it to the archive's own
    # bound is what lets an exported biography longer than the default 128 KiB back in.
    csv.field_size_limit(MAX_CELL_CHARACTERS)
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        lines = _CountedLines(handle)
        # csv.reader rather than DictReader, which skips blank lines out of sight of the
        # line count.
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, [])
        except csv.Error as error:
            raise FileProblem(f"line 1: the header row cannot be read ({error}).") from error
        unknown = [name for name in header if name not in FIELDS]
        if not header:
            raise FileProblem("the file is empty: a CSV file needs a header row.")
        if unknown:
            raise FileProblem(
                f"line 1: unknown column(s) {', '.join(map(repr, unknown))}. "
                f"Known columns: {', '.join(FIELDS)}."
            )
        if "id" not in header:
            raise FileProblem("line 1: the 'id' column is required.")
        if repeated := sorted({name for name in header if header.count(name) > 1}):
            # One value of each would be lost without a word: refused as a whole.
            raise FileProblem(
                f"line 1: column(s) {', '.join(map(repr, repeated))} appear more than once."
            )
        while True:
            start = lines.number + 1
            lines.start_record()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                lines.skip_rest_of_record()
                yield SourceRow(start, error=_unreadable_row_message(error))
                continue
            if not cells:
                continue  # a blank line
            yield _csv_row(start, header, cells)


def _csv_row(line: int, header: list[str], cells: list[str]) -> SourceRow:
    data = dict(zip(header, (unguarded(cell) for cell in cells), strict=False))
    for name in header[len(cells) :]:
        data.setdefault(name, None)
    row = SourceRow(line, data)
    if len(cells) > len(header):
        row.error = "this row has more cells than the header has columns."
    elif _has_undecodable(data.values()):
        row.error = "this row contains bytes that are not UTF-8."
    return row


class RepeatedKey(ValueError):
    pass


def _object_naming_each_key_once(pairs: list[tuple]) -> dict:
    """A JSON object as a dict, refused when a key repeats (json keeps the last value and
    loses the others without a word)."""
    data = {}
    for key, value in pairs:
        if key in data:
            raise RepeatedKey(repr(key))
        data[key] = value
    return data


def _jsonl_rows(path: Path) -> Iterator[SourceRow]:
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape")
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            if _has_undecodable([line]):
                yield SourceRow(number, error="this line contains bytes that are not UTF-8.")
                continue
            try:
                data = json.loads(line, object_pairs_hook=_object_naming_each_key_once)
            except json.JSONDecodeError as error:
                yield SourceRow(number, error=f"this line is not valid JSON ({error.msg}).")
                continue
            except RepeatedKey as repeated:
                yield SourceRow(number, error=f"the key {repeated} appears more than once.")
                continue
            except RecursionError:
                yield SourceRow(number, error="this line nests lists or objects too deeply.")
                continue
            if not isinstance(data, dict):
                yield SourceRow(number, error="each line must be a JSON object ({…}).")
                continue
            unknown = [name for name in data if name not in FIELDS]
            if unknown:
                yield SourceRow(
                    number, data, error=f"unknown field(s) {', '.join(map(repr, unknown))}."
                )
                continue
            yield SourceRow(number, data)
