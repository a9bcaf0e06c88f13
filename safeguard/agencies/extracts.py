"""Reading a partner's nightly extract: CSV with a header row, or JSON lines.

A CSV row is flat; its columns map to the submission schema as follows: `reference`,
`child_<field>` (e.g. `child_last_name`, `child_nhs_number`), `adult<n>_<field>` for the
adults at the address (`adult1_first_name`, `adult1_role`), and every other column is a field
of the event (`event_type`, `school`, `date_removed`, `summary`...). Empty cells are "not
given". A JSON line is one submission exactly as `POST /api/events` takes it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from .services import UnreadableRow

_ADULT_COLUMN = re.compile(r"adult(\d{1,2})_(\w+)")
NOT_JSON = "Not valid JSON: {error}"
NOT_AN_OBJECT = "A JSON line must be an object of fields"
TOO_MANY_CELLS = "This row has more cells than the header has columns"


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


def read_extract(data: bytes, *, file_format: str) -> Iterator[tuple[int, Any]]:
    """(row number, row) for each row of the file; a row that cannot be read is an
    UnreadableRow with the reason, so it is reported rather than dropped."""
    text = data.decode("utf-8-sig", errors="replace")
    if file_format == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue  # a blank line is not a row
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, UnreadableRow(NOT_JSON.format(error=error.msg))
                continue
            yield number, value if isinstance(value, dict) else UnreadableRow(NOT_AN_OBJECT)
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="_extra")
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # A broken line (e.g. a cell over the size limit) is reported; reading goes on.
            yield number, UnreadableRow(f"Could not read this CSV row: {error}")
            continue
        if row.get("_extra"):
            yield number, UnreadableRow(TOO_MANY_CELLS)
            continue
        yield number, csv_row_to_submission(row)


def extract_format(file_name: str, declared: str = "") -> str:
    if declared:
        return declared
    return "jsonl" if file_name.lower().endswith((".jsonl", ".ndjson", ".json")) else "csv"
