"""Writing the Annex A workbook: one sheet per list, the layout's headers in the first row,
then one row per child or episode, streamed (openpyxl's write-only mode keeps memory flat
however many rows there are). Every cell goes through `safe_cell`: a child ID, a team, a worker
or a placement provider typed as "=..." is written as text, never as a formula."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from safeguard.common.marking import mark_workbook
from safeguard.common.spreadsheets import safe_cell
from safeguard.organisation.models import Authority

from .layout import LISTS, AnnexAList
from .queries import Projection, rows_for
from .window import ReportingWindow

DATE_FORMAT = "DD/MM/YYYY"

Progress = Callable[[AnnexAList, int], None]


@dataclass
class AnnexAResult:
    window: ReportingWindow
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class _RowCells:
    """A row as it goes into the sheet: text through `safe_cell`, and dates into one styled
    cell per date column, reused row after row.

    Dates go in as dates (so they sort and filter) shown the way Ofsted's template shows them.
    Styling a new cell for every date costs a fifth of the build; in write-only mode each
    appended row is written out before the next is appended, so the cell of a column can
    simply take the next row's value.
    """

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.cells: dict[int, WriteOnlyCell] = {}

    def row(self, values: tuple[Any, ...]) -> list[Any]:
        out = list(values)
        for column, value in enumerate(values):
            if isinstance(value, date):
                cell = self.cells.get(column)
                if cell is None:
                    cell = self.cells[column] = WriteOnlyCell(self.sheet)
                    cell.number_format = DATE_FORMAT
                cell.value = value
                out[column] = cell
            elif isinstance(value, str):
                out[column] = safe_cell(value)
        return out


def _header(sheet: WriteOnlyWorksheet, headers: tuple[str, ...]) -> list[WriteOnlyCell]:
    bold = Font(bold=True)
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(text))
        cell.font = bold
        cells.append(cell)
    return cells


def build_annex_a(
    *,
    window: ReportingWindow,
    output: IO[bytes],
    authority: Authority | None = None,
    progress: Progress | None = None,
) -> AnnexAResult:
    """Write the Annex A workbook for `window` to `output` (a binary file).

    `authority` limits the lists to that authority's children; leave it out when the
    database holds one authority. `progress` is called after each list with its row count.
    Ofsted ILACS framework, Annex A; layout as in `annex_a.layout`.
    """
    projection = Projection.for_window(window, authority)
    workbook = Workbook(write_only=True)
    result = AnnexAResult(window=window)
    for annex_list in LISTS:
        sheet = workbook.create_sheet(title=annex_list.sheet)
        sheet.append(_header(sheet, annex_list.headers))
        count = 0
        width = len(annex_list.headers)
        cells = _RowCells(sheet)
        for row in rows_for(annex_list, projection):
            assert len(row) == width, f"{annex_list.sheet}: row of {len(row)}, layout {width}"
            sheet.append(cells.row(row))
            count += 1
        result.rows[annex_list.sheet] = count
        if progress is not None:
            progress(annex_list, count)
    # Ofsted's layout fixes each sheet's first row: the protective marking goes in every
    # sheet's printed header and footer and in the file's properties (common.marking).
    mark_workbook(workbook)
    workbook.save(output)
    return result
