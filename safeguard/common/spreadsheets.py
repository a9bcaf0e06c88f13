"""Cells written to a CSV or spreadsheet a person will open in Excel or LibreOffice.

Text that starts with `=`, `+`, `-` or `@` is read by a spreadsheet as a formula, so a name or
a note typed as `=HYPERLINK(...)` would run on the analyst's machine (CSV injection, OWASP).
Every export in Safeguard passes its text through `safe_cell`: such text gains a leading
apostrophe and is shown as typed. Numbers, dates and empty cells pass unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
