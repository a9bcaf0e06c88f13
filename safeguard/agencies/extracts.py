"""Reading a partner's nightly extract: CSV with a header row, or JSON lines.

A CSV row is flat; its columns map to the submission schema as follows: `reference`,
`child_<field>` (e.g. `child_last_name`, `child_nhs_number`), `adult<n>_<field>` for the
adults at the address (`adult1_first_name`, `adult1_role`), and every other column is a field
of the event (`event_type`, `school`, `date_removed`, `summary`...). Empty cells are "not
given". A JSON line is one submission exactly as `POST /api/events` takes it.

A file is read as a stream (a megabyte at a time), never whole, and twice: `extract_check`
reads it once to refuse a file that cannot be read as a whole (its encoding, a quote left
open, rows of the wrong width) before anything is stored, and takes its SHA-256; then
`extract_rows` reads it again row by row for storing. The encoding is never guessed: UTF-8
(with or without a byte order mark) and UTF-16 with a byte order mark are read as such; any
other encoding must be declared (e.g. cp1252), and a file that is not valid UTF-8 is refused
naming the line and byte where it fails.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .services.submissions import UnreadableRow

_ADULT_COLUMN = re.compile(r"adult(\d{1,2})_(\w+)")
NOT_JSON = "Not valid JSON: {error}"
NOT_AN_OBJECT = "A JSON line must be an object of fields"
# Read this much of the file at a time.
CHUNK_BYTES = 1 << 20

SAVE_AS_UTF8 = (
    'Save the file from your spreadsheet as "CSV UTF-8 (Comma delimited)" and import it '
    "again, or name the encoding it is in (for example --encoding cp1252)."
)
NOT_UTF8 = (
    "The file is not UTF-8: line {line} (byte {offset} of the file) has the byte {byte}, "
    "which UTF-8 does not allow. Nothing was stored. " + SAVE_AS_UTF8
)
NOT_IN_ENCODING = (
    "The file is not {encoding}, as declared: line {line} (byte {offset} of the file) has the "
    "byte {byte}, which {encoding} does not allow. Nothing was stored."
)
UNKNOWN_ENCODING = "{encoding!r} is not an encoding this service knows. Nothing was stored."
UTF32 = "The file is UTF-32, which is not taken. Nothing was stored. " + SAVE_AS_UTF8
NUL_CHARACTER = (
    "Line {line} has a NUL character: the file may be UTF-16 without a byte order mark, or "
    "not a text file. Nothing was stored. " + SAVE_AS_UTF8
)
EMPTY_FILE = "The file is empty. Nothing was stored."
NO_ROWS = "The file has a header row but no rows. Nothing was stored."
COLUMN_TWICE = "The header names the column {column!r} twice. Nothing was stored."
QUOTE_NOT_CLOSED = (
    'A quoted cell that starts on line {line} is never closed: a quote (") is missing, and '
    "every line after it was read into that one cell. Nothing was stored. Close the quote "
    "(or remove it) and import the file again."
)
QUOTE_BROKEN = (
    'Line {line} cannot be read as CSV: a quote (") closes a cell and more text follows it '
    "in the same cell, so a quote is probably missing or extra. Nothing was stored. Correct "
    "that line and import the file again."
)
CELL_TOO_LONG = (
    "A cell that starts on line {line} is longer than any cell can be ({limit:,} characters): "
    'a quote (") opened there is probably not closed. Nothing was stored.'
)
NOT_CSV = "Line {line} cannot be read as CSV ({error}). Nothing was stored."
WRONG_WIDTH = (
    "Line {line} has {cells} cells where the header has {columns} columns. Nothing was stored. "
    "Give every row one cell for each column (empty cells are fine)."
)
WRONG_WIDTH_ACROSS_LINES = (
    "The row that starts on line {line} runs on to line {end} and has {cells} cells where the "
    'header has {columns} columns: a quote (") opened on line {line} is probably not closed, '
    "so the lines after it were read into one cell. Nothing was stored."
)
ROWS_SWALLOWED = (
    "A quoted cell that starts on line {line} runs on to line {end} and holds what look like "
    'whole rows: a quote (") opened on line {line} is probably not closed. Nothing was '
    "stored. Close the quote and import the file again."
)


class ExtractRefused(Exception):
    """The file as a whole cannot be read as an extract: nothing is stored. `code` names the
    kind of problem for the audit trail (which never holds the file's content)."""

    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message
        super().__init__(message)


@dataclass(frozen=True)
class ExtractShape:
    """What the first reading found: how to read the file again, and what it holds."""

    encoding: str
    sha256: str
    size: int
    rows: int


@dataclass(frozen=True)
class ExtractRow:
    # 1 for the first data row (a CSV header and blank lines are not counted); a JSON
    # line's is its line number.
    number: int
    row: Any  # the submission's fields, or an UnreadableRow
    # The row's cells, to tell a repeated row: an 8-byte hash, as a number.
    fingerprint: int
    bytes_read: int  # of the file so far, for progress


def csv_row_to_submission(row: dict[str, str]) -> dict[str, Any]:
    submission: dict[str, Any] = {"child": {}, "event": {}}
    adults: dict[int, dict[str, str]] = {}
    for column, value in row.items():
        value = (value or "").strip()
        if not value:
            continue
        column = column.strip()
        if column == "reference":
            submission["reference"] = value
        elif column.startswith("child_"):
            submission["child"][column.removeprefix("child_")] = value
        elif match := _ADULT_COLUMN.fullmatch(column):
            adults.setdefault(int(match.group(1)), {})[match.group(2)] = value
        else:
            submission["event"][column] = value
    if adults:
        submission["adults"] = [adults[n] for n in sorted(adults)]
    return submission


def extract_format(file_name: str, declared: str = "") -> str:
    if declared:
        return declared
    return "jsonl" if file_name.lower().endswith((".jsonl", ".ndjson", ".json")) else "csv"


# --- Decoding -------------------------------------------------------------------------------


def _encoding_of(start: bytes, declared: str | None) -> str:
    """The codec to read a file with: its byte order mark decides; then what the sender
    declared; then UTF-8."""
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ExtractRefused("encoding", UTF32)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if declared:
        try:
            return codecs.lookup(declared).name
        except LookupError:
            raise ExtractRefused("encoding", UNKNOWN_ENCODING.format(encoding=declared)) from None
    return "utf-8"


class _Text:
    """The file's text, a line at a time (split on line feeds only: a cell may hold other
    line separators), decoded strictly. Counts lines and bytes as it goes, so that a byte
    that does not decode is reported where it is."""

    def __init__(self, raw: IO[bytes], encoding: str, *, digest: Any = None) -> None:
        self.raw, self.encoding, self.digest = raw, encoding, digest
        self.bytes_read = 0
        self.lines = 0  # complete lines yielded so far

    def _refuse(self, error: UnicodeDecodeError, pending: int, decoded_lines: int) -> None:
        offset = self.bytes_read - pending + error.start + 1  # counted from 1, like lines
        before = error.object[: error.start]
        line = decoded_lines + before.decode(self.encoding, errors="replace").count("\n") + 1
        byte = f"0x{error.object[error.start]:02X}"
        template = NOT_UTF8 if self.encoding in ("utf-8", "utf-8-sig") else NOT_IN_ENCODING
        raise ExtractRefused(
            "encoding",
            template.format(line=line, offset=offset, byte=byte, encoding=self.encoding),
        ) from error

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="strict")
        buffered = ""
        decoded_lines = 0  # line feeds in the text decoded so far
        while True:
            chunk = self.raw.read(CHUNK_BYTES)
            pending = len(decoder.getstate()[0])
            if self.digest is not None:
                self.digest.update(chunk)
            self.bytes_read += len(chunk)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                self._refuse(error, pending + len(chunk), decoded_lines)
                raise  # not reached: _refuse raises
            decoded_lines += text.count("\n")
            buffered += text
            if "\n" in buffered:
                *lines, buffered = buffered.split("\n")
                for line in lines:
                    self.lines += 1
                    yield line + "\n"
            if not chunk:
                break
        if buffered:
            self.lines += 1
            yield buffered


def _checked_line(line: str, number: int) -> str:
    if "\x00" in line:
        raise ExtractRefused("encoding", NUL_CHARACTER.format(line=number))
    return line


# --- The first reading: can the file be read at all? ---------------------------------------


def extract_check(path: Path, *, file_format: str, encoding: str | None = None) -> ExtractShape:
    """Read the whole file once: its encoding, its SHA-256 and, for a CSV, its structure.
    Raises ExtractRefused for a file that cannot be read as a whole; a row that is merely
    wrong (a field missing, a bad date) is left to the row's own check."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    if size == 0:
        raise ExtractRefused("empty", EMPTY_FILE)
    with path.open("rb") as raw:
        codec = _encoding_of(raw.read(4), encoding)
        raw.seek(0)
        rows = _count_rows(_Text(raw, codec, digest=digest), file_format)
    return ExtractShape(encoding=codec, sha256=digest.hexdigest(), size=size, rows=rows)


def _count_rows(text: _Text, file_format: str) -> int:
    if file_format == "jsonl":
        # A blank line is not a row; a line that is not JSON is the row's own problem.
        rows = sum(1 for line in text if _checked_line(line, text.lines).strip())
        if rows == 0:
            raise ExtractRefused("empty", EMPTY_FILE)
        return rows
    rows = _csv_check(text)
    if rows == 0:
        raise ExtractRefused("empty", NO_ROWS)
    return rows


def _csv_refusal(error: csv.Error, *, start: int, line: int) -> ExtractRefused:
    message = str(error)
    if "unexpected end of data" in message:
        return ExtractRefused("structure", QUOTE_NOT_CLOSED.format(line=start))
    if "field larger than field limit" in message:
        return ExtractRefused(
            "structure", CELL_TOO_LONG.format(line=start, limit=csv.field_size_limit())
        )
    if "expected after" in message:
        return ExtractRefused("structure", QUOTE_BROKEN.format(line=line))
    return ExtractRefused("structure", NOT_CSV.format(line=line, error=message))


def _csv_check(text: _Text) -> int:
    lines = (_checked_line(line, text.lines) for line in text)
    # strict: a quote left open to the end of the file, or closed in the middle of a cell,
    # is an error rather than read on silently.
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ExtractRefused("empty", EMPTY_FILE) from None
    except csv.Error as error:
        raise _csv_refusal(error, start=1, line=reader.line_num) from error
    columns = [c.strip() for c in header]
    named = [c for c in columns if c]
    for column in named:
        if named.count(column) > 1:
            raise ExtractRefused("structure", COLUMN_TWICE.format(column=column))
    width = len(columns)
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise _csv_refusal(error, start=start, line=reader.line_num) from error
        if not cells:
            continue  # a blank line is not a row
        end = reader.line_num
        if len(cells) != width:
            template = WRONG_WIDTH if end == start else WRONG_WIDTH_ACROSS_LINES
            raise ExtractRefused(
                "structure",
                template.format(line=start, end=end, cells=len(cells), columns=width),
            )
        if end > start and width > 2 and _holds_rows(cells, width):
            raise ExtractRefused("structure", ROWS_SWALLOWED.format(line=start, end=end))
        rows += 1


def _holds_rows(cells: list[str], width: int) -> bool:
    """A cell running over several lines, one of which reads as a whole row of this file:
    what a quote left open does to the rows after it (a note with line breaks does not)."""
    for cell in cells:
        if "\n" not in cell:
            continue
        for line in cell.split("\n")[1:]:
            if line.count(",") >= width - 1:
                return True
    return False


# --- The second reading: the rows ------------------------------------------------------------


def _fingerprint(cells: list[str] | str) -> int:
    text = cells if isinstance(cells, str) else "\x1f".join(c.strip() for c in cells)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def extract_rows(path: Path, *, file_format: str, encoding: str) -> Iterator[ExtractRow]:
    """Each row of a file `extract_check` accepted, read as a stream."""
    with path.open("rb") as raw:
        yield from _rows(raw, file_format=file_format, encoding=encoding)


def _rows(raw: IO[bytes], *, file_format: str, encoding: str) -> Iterator[ExtractRow]:
    text = _Text(raw, encoding)
    number = 0
    if file_format == "jsonl":
        for line in text:
            if not line.strip():
                continue
            number = text.lines  # a JSON line's row is its line: blank lines count
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                row: Any = UnreadableRow(NOT_JSON.format(error=error.msg))
            else:
                row = value if isinstance(value, dict) else UnreadableRow(NOT_AN_OBJECT)
            yield ExtractRow(number, row, _fingerprint(line.strip()), text.bytes_read)
        return
    reader = csv.reader(text, strict=True)
    columns = [c.strip() for c in next(reader, [])]
    for cells in reader:
        if not cells:
            continue
        number += 1
        row = csv_row_to_submission(dict(zip(columns, cells, strict=True)))
        yield ExtractRow(number, row, _fingerprint(cells), text.bytes_read)


def read_extract(data: bytes, *, file_format: str) -> Iterator[tuple[int, Any]]:
    """(row number, row) for each row of an extract held in memory (a test's, a small
    upload's). Raises ExtractRefused like `extract_check`; repeated rows are not told apart."""
    codec = _encoding_of(data[:4], None)
    _count_rows(_Text(io.BytesIO(data), codec), file_format)
    for extracted in _rows(io.BytesIO(data), file_format=file_format, encoding=codec):
        yield extracted.number, extracted.row
