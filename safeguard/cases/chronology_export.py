"""The child's chronology as a Word document in the layout used for court bundles.

Pure: it takes the chronology events (`extensions.ChronologyEvent`, partner events
included) and the child's details and returns the .docx bytes; the view reads, checks and
audits. The layout follows the chronologies filed in care proceedings (Family Procedure
Rules PD 12A, the social work chronology): a heading with the child's name, date of birth
and the period covered, then one table, oldest event first, with the columns date, source,
event, significance and action taken. The header row repeats on every page, the pages are
landscape and numbered, and carry the protective marking at their top and bottom
(`common.marking`), so the document can go straight into a bundle.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from safeguard.common.marking import protective_marking

from .extensions import ChronologyEvent

COLUMNS = ("Date", "Source", "Event", "Significance", "Action taken")
# Widths in centimetres on landscape A4 with 2 cm margins (25.7 cm of text width).
_WIDTHS = (2.8, 4.6, 10.3, 3.0, 5.0)
SIGNIFICANT = "Significant"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ChronologyHeading:
    child_name: str
    date_of_birth: date | None
    date_from: date
    date_to: date
    authority: str = ""
    la_child_id: str = ""
    prepared_by: str = ""
    prepared_on: date | None = None


def long_date(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def events_in_range(
    events: Iterable[ChronologyEvent], date_from: date, date_to: date
) -> list[ChronologyEvent]:
    """The events from `date_from` to `date_to` inclusive, oldest first (a court chronology
    reads forwards; the record page shows newest first)."""
    return sorted((e for e in events if date_from <= e.on <= date_to), key=lambda e: e.sort_key)


def row_cells(event: ChronologyEvent) -> tuple[str, str, str, str, str]:
    """One table row: date, source, event, significance, action taken."""
    source = ", ".join(event.agency_labels)
    if event.who:
        source = f"{source}\n{event.who}" if source else event.who
    text = event.title
    if event.detail:
        text += f"\n{event.detail}"
    if event.rationale:
        text += f"\nRationale: {event.rationale}"
    return (
        long_date(event.on),
        source,
        text,
        SIGNIFICANT if event.significant else "",
        event.action_taken,
    )


def _repeat_as_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _page_number(paragraph: object) -> None:
    """A PAGE field, so Word numbers each page itself."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _set_cell(cell: object, text: str, *, bold: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()  # type: ignore[attr-defined]
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(10)


def chronology_docx(heading: ChronologyHeading, events: Sequence[ChronologyEvent]) -> bytes:
    """The Word document: heading, then the table of `events` in the order given."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    # The protective marking at the top and the bottom of every page (common.marking).
    marking = protective_marking()
    top = section.header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.add_run(marking).bold = True
    footer = section.footer.paragraphs[0]
    footer.add_run(f"Chronology: {heading.child_name}. Page ")
    _page_number(footer)
    bottom = section.footer.add_paragraph()
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom.add_run(marking).bold = True
    document.core_properties.category = marking

    document.add_heading(f"Chronology: {heading.child_name}", level=1)
    born = long_date(heading.date_of_birth) if heading.date_of_birth else "Not known"
    facts = [
        ("Child", heading.child_name),
        ("Date of birth", born),
        ("Period covered", f"{long_date(heading.date_from)} to {long_date(heading.date_to)}"),
    ]
    if heading.la_child_id:
        facts.append(("Local authority child ID", heading.la_child_id))
    if heading.authority:
        facts.append(("Local authority", heading.authority))
    if heading.prepared_by or heading.prepared_on:
        prepared = heading.prepared_by
        if heading.prepared_on:
            prepared = f"{prepared}, {long_date(heading.prepared_on)}".lstrip(", ")
        facts.append(("Prepared by", prepared))
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph(
        "Events recorded by children's social care and information shared by partner "
        "agencies, as each agency reported it, oldest first."
    )

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, title in zip(header.cells, COLUMNS, strict=True):
        _set_cell(cell, title, bold=True)
    for event in events:
        cells = table.add_row().cells
        for cell, value in zip(cells, row_cells(event), strict=True):
            _set_cell(cell, value)
    for row in table.rows:
        for cell, width in zip(row.cells, _WIDTHS, strict=True):
            cell.width = Cm(width)
    if not events:
        document.add_paragraph("No events were recorded in this period.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
