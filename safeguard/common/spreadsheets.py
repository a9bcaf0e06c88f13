"""Cells written to a CSV or spreadsheet a person will open in Excel or LibreOffice.

Text that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which a spreadsheet
skips before reading the rest as a formula) is read as a formula, so a name or a note typed as
`=HYPERLINK(...)` would run on the analyst's machine (CSV injection, OWASP). Every export in
Safeguard passes its cells through `safe_cell`: such text gains a leading apostrophe, so the
spreadsheet shows it as typed and as text. Numbers (negative ones too), dates, booleans and
empty cells pass unchanged, and so does text that is only a number ("-2"), which no
spreadsheet runs.

The apostrophe also keeps openpyxl from storing the text as a formula (it makes any str that
starts with `=` a formula cell), so the same value is safe in .xlsx and .csv alike.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"

# First characters worth a closer look: most cells are ordinary text, and an export may hold
# millions of them.
_MAY_RUN = frozenset("".join(FORMULA_STARTS) + MARK)

# A plain negative number is read as that number, never run: -2, -0.5, -1,234.50.
_NUMBER = re.compile(r"-(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def _runs_as_formula(text: str) -> bool:
    # Apostrophes already at the front are looked through, so that `read_cell` can tell text
    # typed as "'=1" from "=1" marked by us: every `safe_cell` output reads back exactly.
    rest = text.lstrip(MARK)
    return rest.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(rest)


def safe_cell(value: Any) -> Any:
    """`value` as it may go into a cell: text a spreadsheet would run gains a leading "'"."""
    if isinstance(value, str) and value[:1] in _MAY_RUN and _runs_as_formula(value):
        return MARK + value
    return value


def read_cell(text: str) -> str:
    """The text as it was before `safe_cell`, for a page that shows a file Safeguard wrote."""
    if text.startswith(MARK) and _runs_as_formula(text[1:]):
        return text[1:]
    return text
