"""Stream rows out of CSV or JSON Lines files, each with the line it starts on."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..entry_records import FIELDS
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


def read_rows(path: Path) -> Iterator[SourceRow]:
    """Rows of the file in order. Undecodable bytes make that row an error, not the file."""
    if detect_format(path) == "csv":
        yield from _csv_rows(path)
    else:
        yield from _jsonl_rows(path)


def _has_undecodable(values) -> bool:
    return any(isinstance(v, str) and any("\udc80" <= c <= "\udcff" for c in v) for v in values)


def _csv_rows(path: Path) -> Iterator[SourceRow]:
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle, strict=True)
        try:
            header = reader.fieldnames or []
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
        start = 2
        while True:
            try:
                data = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield SourceRow(start, error=f"this row cannot be read as CSV ({error}).")
                start = reader.line_num + 1
                continue
            row = SourceRow(start, data)
            for name, value in data.items():
                if name is not None and isinstance(value, str):
                    data[name] = unguarded(value)
            if None in data:
                row.error = "this row has more cells than the header has columns."
                data.pop(None)
            elif _has_undecodable(data.values()):
                row.error = "this row contains bytes that are not UTF-8."
            yield row
            start = reader.line_num + 1


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
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield SourceRow(number, error=f"this line is not valid JSON ({error.msg}).")
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
