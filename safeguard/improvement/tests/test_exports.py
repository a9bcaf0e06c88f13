"""The board report's Word and PDF files, opened and read back: the same figures as the page,
the protective marking, and a core font's Latin-1 standing in for typographic characters."""

from __future__ import annotations

import io
import re
import zlib
from datetime import date

import pytest
import time_machine
from django.test import override_settings
from docx import Document

from safeguard.improvement import exports, services
from safeguard.improvement.codes import Status
from safeguard.improvement.selectors import board_report_for
from safeguard.improvement.tests.factories import document_evidence_in, recommendation_in, source_in

pytestmark = pytest.mark.django_db

MARKING = "OFFICIAL-SENSITIVE: test marking"
# A title with a curly apostrophe, as a word processor types it (outside Latin-1).
TITLE = "Child J\u2019s practice review"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2025, 11, 14), tick=False):
        yield


@pytest.fixture
def report(personas):
    review = source_in(personas.authority, TITLE)
    recommendation_in(personas.authority, "R1", source=review, due_on=date(2025, 1, 31))
    done = recommendation_in(personas.authority, "R2", source=review)
    document_evidence_in(personas.authority, done)
    services.recommendation_status_change(
        recommendation=done, status=Status.EVIDENCED, on=date(2025, 11, 14), changed_by=None
    )
    return board_report_for(authority=personas.authority, today=date(2025, 11, 14))


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    section = document.sections[0]
    parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    """The text a PDF draws: each page's content stream inflated, and the strings its text
    operators show (fpdf2 writes a core font's text as literal strings)."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content):
            shown.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return " ".join(shown)


@override_settings(SAFEGUARD_PROTECTIVE_MARKING=MARKING)
def test_the_word_report_has_the_figures_sources_and_marking(report):
    text = docx_text(exports.board_report_docx(report))

    assert "Improvement plan: board report, 14 November 2025" in text
    assert (
        "2 recommendations and areas for improvement. 1 implemented with evidence, 1 overdue"
        in text
    )
    assert f"{TITLE}\t2\t1\t1\t0\t0 of 0" in text
    assert f"R1\t{TITLE}" in text
    assert MARKING in text


@override_settings(SAFEGUARD_PROTECTIVE_MARKING=MARKING)
def test_the_pdf_report_has_the_same_figures_in_a_core_font(report):
    data = exports.board_report_pdf(report)
    text = pdf_text(data)

    assert data.startswith(b"%PDF-")
    assert b"/BaseFont /Helvetica" in data
    assert "Improvement plan: board report, 14 November 2025" in text
    assert "1 implemented with evidence" in text
    # The curly apostrophe is outside Latin-1: written as a straight one.
    assert "Child J's practice review" in text
    assert MARKING in text
