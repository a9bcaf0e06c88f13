"""The board report as a Word document (python-docx) and a PDF (fpdf2).

Pure: each takes the `BoardReport` the page shows and returns the file's bytes; the view
reads, checks and audits. Both are written from the same sections (`report_sections`), so the
page, the Word file and the PDF cannot disagree. The PDF uses a core font (Helvetica), which
needs no font file on the server: text is written in Latin-1, with the few typographic
characters outside it replaced (`_latin1`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from safeguard.common.forms import day_text
from safeguard.common.marking import protective_marking

from .codes import Movement, Status
from .selectors import BoardReport, Tally

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
TALLY_COLUMNS = (
    "",
    "Recommendations",
    "Implemented with evidence",
    "Overdue",
    "At risk",
    "Indicators moved towards target",
)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _tally_row(tally: Tally, label: str = "") -> tuple[str, ...]:
    return (
        label or tally.label,
        str(tally.total),
        str(tally.implemented_with_evidence),
        str(tally.overdue),
        str(tally.at_risk),
        f"{tally.indicators_moved} of {tally.indicators}",
    )


def _number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "No figure"
    return f"{value}{'%' if unit == '%' else ''}"


def report_title(report: BoardReport) -> str:
    return f"Improvement plan: board report, {day_text(report.on)}"


def report_sections(report: BoardReport) -> list[Section]:
    total = report.total
    summary = (
        f"{total.total} recommendations and areas for improvement. "
        f"{total.implemented_with_evidence} implemented with evidence, "
        f"{total.overdue} overdue, {total.at_risk} at risk. "
        f"{total.indicators_moved} of {total.indicators} indicators have moved towards their "
        "target.",
        "By status: "
        + ", ".join(f"{label.lower()} {count}" for label, count in total.by_status)
        + ".",
    )
    sections = [
        Section(report.authority.name, summary),
        Section(
            "By source",
            columns=TALLY_COLUMNS,
            rows=tuple(_tally_row(tally, source.title) for source, tally in report.by_source),
        ),
        Section(
            "By Ofsted judgement area",
            columns=TALLY_COLUMNS,
            rows=tuple(_tally_row(tally) for tally in report.by_area),
        ),
        Section(
            "Overdue",
            paragraphs=() if report.overdue else ("None overdue.",),
            columns=("Reference", "Source", "Owner", "Due", "Status"),
            rows=tuple(
                (
                    r.recommendation.reference,
                    r.recommendation.source.title,
                    r.recommendation.owner.full_name,
                    day_text(r.recommendation.due_on),
                    Status(r.recommendation.status).label,
                )
                for r in report.overdue
            ),
        ),
        Section(
            "At risk",
            paragraphs=() if report.at_risk else ("None at risk.",),
            columns=("Reference", "Source", "Owner", "Due", "Status"),
            rows=tuple(
                (
                    r.recommendation.reference,
                    r.recommendation.source.title,
                    r.recommendation.owner.full_name,
                    day_text(r.recommendation.due_on),
                    Status(r.recommendation.status).label,
                )
                for r in report.at_risk
            ),
        ),
        Section(
            "Indicators",
            paragraphs=() if report.indicators else ("No indicator is linked to the plan yet.",),
            columns=("Reference", "Indicator", "Baseline", "Target", "Now", "Moved"),
            rows=tuple(
                (
                    r.recommendation.reference,
                    e.indicator_title,
                    f"{_number(e.evidence.baseline, e.unit)} ({day_text(e.evidence.baseline_on)})",
                    _number(e.evidence.target, e.unit),
                    _number(e.current, e.unit),
                    Movement(e.movement).label if e.movement else "",
                )
                for r, e in report.indicators
            ),
        ),
    ]
    return sections


def board_report_docx(report: BoardReport) -> bytes:
    document = Document()
    section = document.sections[0]
    marking = protective_marking()
    top = section.header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.add_run(marking).bold = True
    bottom = section.footer.paragraphs[0]
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom.add_run(marking).bold = True
    document.core_properties.category = marking
    document.core_properties.title = report_title(report)
    document.add_heading(report_title(report), level=1)
    for part in report_sections(report):
        document.add_heading(part.heading, level=2)
        for text in part.paragraphs:
            document.add_paragraph(text)
        if part.rows:
            table = document.add_table(rows=1, cols=len(part.columns))
            table.style = "Table Grid"
            for cell, title in zip(table.rows[0].cells, part.columns, strict=True):
                run = cell.paragraphs[0].add_run(title)
                run.bold = True
                run.font.size = Pt(9)
            for row in part.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.paragraphs[0].add_run(value).font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Characters Helvetica (a core PDF font, Latin-1) cannot draw, and what stands for them.
_NOT_LATIN1 = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
}


def _latin1(text: str) -> str:
    for char, plain in _NOT_LATIN1.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


class _ReportPdf(FPDF):
    marking = ""

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 6, _latin1(self.marking), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 6, _latin1(f"{self.marking}   Page {self.page_no()}"), align="C")


def board_report_pdf(report: BoardReport) -> bytes:
    pdf = _ReportPdf(orientation="landscape", format="A4")
    pdf.marking = protective_marking()
    pdf.set_title(_latin1(report_title(report)))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(report_title(report)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for part in report_sections(report):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _latin1(part.heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 10)
        for text in part.paragraphs:
            pdf.multi_cell(0, 5, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if part.rows:
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(first_row_as_headings=True, line_height=5) as table:
                for row in (part.columns, *part.rows):
                    cells = table.row()
                    for value in row:
                        cells.cell(_latin1(value))
    return bytes(pdf.output())
