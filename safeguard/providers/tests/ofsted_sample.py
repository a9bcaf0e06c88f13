"""Files in the layout of Ofsted's provider-level file, with fictional providers: the title
and notes Ofsted puts above the table, its column names (from "Children's social care data
in England 2024 - Provider level in year 2023-24"), and rows built from keyword arguments."""

from __future__ import annotations

import csv
import io
from typing import Any

TITLE = "Children's social care data in England 2024 \u2013 Provider level in year 2023-24"
NOTES = (
    "This worksheet contains one table, this table begins in cell A4. Column A includes a "
    "link to the Ofsted social care provider webpage for each provider, links will open in a "
    "new window.",
    "Some cells in this table are empty. This is in instances where the column refers to data "
    "that is not applicable for that provider type or inspection type.",
)
HEADER = (
    "Web link",
    "URN",
    "Linked Education URN",
    "Provision type",
    "Registration date",
    "Registration status",
    "Name",
    "Address 1",
    "Address 2",
    "Town",
    "County",
    "Postcode",
    "Ofsted region",
    "Government Office Region",
    "Local authority",
    "Parliamentary constituency",
    "Sector",
    "Places",
    "Short-break-only children's home",
    "Multi-building children's home",
    "Organisation which owns the provider",
    "Inspection event type",
    "Inspection date",
    "Inspection publication date",
    "Inspection event number",
    "Overall experiences and progress of children and young people",
    "Outcomes in education and related learning activities",
    "Health services",
    "How well children and young people are helped and protected",
    "The effectiveness of leaders and managers",
    "Previous Event type",
    "Previous inspection Date",
    "Previous publication date",
    "Previous event number",
    "Previous overall experiences and progress of children and young people",
    "Previous outcomes in education and related learning activities",
    "Previous health services",
    "Previous how well children and young people are helped and protected",
    "Previous effectiveness of leaders and managers",
)
# Spreadsheet row of the first provider: three lines above the column names, then them.
FIRST_ROW = 5

DEFAULTS = {
    "Web link": "Ofsted Social Care Provider Webpage",
    "URN": "SC900001",
    "Provision type": "Children's home",
    "Registration date": "14/06/2005",
    "Registration status": "Active",
    "Name": "REDACTED",
    "Address 1": "REDACTED",
    "Postcode": "REDACTED",
    "Ofsted region": "North West",
    "Local authority": "Northbridge",
    "Sector": "Private",
    "Places": "4",
    "Organisation which owns the provider": "Fictional Care Homes Ltd",
    "Inspection event type": "Full inspection",
    "Inspection date": "07/11/2023",
    "Inspection publication date": "07/12/2023",
    "Inspection event number": "10900001",
    "Overall experiences and progress of children and young people": "Good",
    "How well children and young people are helped and protected": "Good",
    "The effectiveness of leaders and managers": "Good",
}
# Short names for the columns a test sets most.
SHORT = {
    "urn": "URN",
    "kind": "Provision type",
    "status": "Registration status",
    "name": "Name",
    "postcode": "Postcode",
    "la": "Local authority",
    "event": "Inspection event type",
    "inspected": "Inspection date",
    "published": "Inspection publication date",
    "number": "Inspection event number",
    "grade": "Overall experiences and progress of children and young people",
    "previous_event": "Previous Event type",
    "previous_inspected": "Previous inspection Date",
    "previous_published": "Previous publication date",
    "previous_number": "Previous event number",
    "previous_grade": "Previous overall experiences and progress of children and young people",
}


def ofsted_row(**cells: str) -> dict[str, str]:
    row = dict(DEFAULTS)
    for key, value in cells.items():
        row[SHORT.get(key, key)] = value
    return row


def ofsted_csv(*rows: dict[str, Any], header: tuple[str, ...] = HEADER, bom: bool = True) -> bytes:
    """A file as Ofsted publishes it (UTF-8 with a byte order mark), these rows under the
    column names, trailing empty cells as in the published file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    width = len(header) + 5
    writer.writerow([TITLE] + [""] * (width - 1))
    for note in NOTES:
        writer.writerow([note] + [""] * (width - 1))
    writer.writerow(list(header) + [""] * 5)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] + [""] * 5)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()
