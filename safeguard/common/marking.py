"""The protective marking on everything Safeguard shows or hands out.

A child's social care record is OFFICIAL information whose loss or misuse could harm the
child: under the Government Security Classifications (Cabinet Office, 2023) it is handled as
OFFICIAL-SENSITIVE, and the marking goes at the top and the bottom of every page, on paper and
in every document that leaves the service. The words come from one setting
(`SAFEGUARD_PROTECTIVE_MARKING`, "OFFICIAL-SENSITIVE" unless an authority's policy names
another), read here and nowhere else, so a page, its print and every export say the same.

Where each kind of output carries it (docs/security.md):
- pages: a banner at the top and the bottom of `base.html` on screen; on paper, the top and
  the bottom margin of every printed sheet (`marking_print_css`), with the sheet's number;
- Word documents (the court-bundle chronology): the header and footer of every page;
- CSV: the first line of the file;
- Excel workbooks: the printed header and footer of every sheet, and the file's
  "Classification" property; a workbook whose first row is fixed by its layout (Ofsted's
  Annex A) keeps that row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from openpyxl.packaging.custom import StringProperty

# The custom file property that names a document's classification, as Office's own labelling
# and most records-management tools read it.
CLASSIFICATION_PROPERTY = "Classification"


def protective_marking() -> str:
    """The marking, as configured (`SAFEGUARD_PROTECTIVE_MARKING`)."""
    return str(settings.SAFEGUARD_PROTECTIVE_MARKING)


def marking_print_css() -> str:
    """The print stylesheet's page rule: the marking in the top and bottom margin of every
    printed sheet, not only on the first and the last as a banner in the page would be.
    The words are escaped as a CSS string, so no marking can close the style element."""
    words = "".join(
        ch if ch.isalnum() or ch in " -" else f"\\{ord(ch):06x}" for ch in protective_marking()
    )
    box = f'content: "{words}"; font: 700 10pt/1.2 arial, sans-serif; letter-spacing: 0.05em;'
    return (
        "@media print { @page { margin: 18mm 15mm;"
        f" @top-center {{ {box} }} @bottom-center {{ {box} }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages);'
        " font: 9pt/1.2 arial, sans-serif; } }"
        # The banners in the page would print once more, on the first and the last sheet.
        " .safeguard-marking { display: none !important; } }"
    )


def marking_csv_row() -> list[str]:
    """The first line of every CSV Safeguard writes: the marking on its own."""
    return [protective_marking()]


def mark_workbook(workbook: Any) -> None:
    """Put the marking in the printed header and footer of every sheet of an openpyxl
    workbook (write-only ones too: call it before the workbook is saved) and in the file's
    Classification property."""
    # "&" starts a code in a header or footer (page number, font): doubled it is a "&".
    text = protective_marking().replace("&", "&&")
    for sheet in workbook.worksheets:
        sheet.oddHeader.center.text = text
        sheet.oddFooter.center.text = text
    workbook.custom_doc_props.append(
        StringProperty(name=CLASSIFICATION_PROPERTY, value=protective_marking())
    )
