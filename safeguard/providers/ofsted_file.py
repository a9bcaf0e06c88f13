"""Reading Ofsted's provider-level file ("Children's social care data in England", provider
level in year) into providers and inspections, or into a list of what is wrong with it.

The layout is Ofsted's own: a few lines of title and notes, then a row of column names (URN,
Provision type, Registration status, ... Inspection event type, Inspection date, Inspection
publication date, Inspection event number, Overall experiences and progress of children and
young people, then the same for the provider's previous inspection), then one row for each
inspection or visit in the year. The columns read, and the names Ofsted has used for them, are
`COLUMNS`; docs/providers.md lists them with their source.

Nothing here touches the database: the file becomes `OfstedFile`, every row checked, and the
import service (`services.ofsted_file_import`) writes it only if nothing is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from . import rules
from .codes import Grade, InspectionKind, ProviderKind, RegistrationStatus

# Ofsted's national file is under 2 MB; anything far bigger is not that file.
MAX_BYTES = 20 * 1024 * 1024
# The title and notes above Ofsted's column names take three lines; allow for a few more.
HEADER_WITHIN_ROWS = 10
# Errors listed in full; beyond these only counted (a file of the wrong layout would list
# every row for the same reason).
ERRORS_LISTED = 500
# Ofsted withholds a children's home's name and address in its published files.
WITHHELD = "REDACTED"

NOT_UTF8 = (
    "The file is not saved as UTF-8 text, so it cannot be read. Open it in a spreadsheet and "
    'save it again as "CSV UTF-8 (comma delimited)", then import that file.'
)
TOO_BIG = (
    "The file is {size:.0f} MB. Ofsted's provider-level file is under 2 MB: check that this "
    "is that file, saved as CSV."
)
EMPTY = "The file is empty. Import Ofsted's provider-level file, saved as CSV."
NOT_CSV = "The file cannot be read as CSV ({error}). Save it again as CSV and import that file."
NO_HEADER = (
    "No row of column names was found: Ofsted's file has one within its first "
    f"{HEADER_WITHIN_ROWS} rows, starting with the URN column. Check that this is Ofsted's "
    "provider-level file, saved as CSV."
)
MISSING_COLUMNS = (
    "The file has no column called {names}. Ofsted's provider-level file has them: check "
    "that this is that file, with its column names unchanged."
)
NO_ROWS = "The file has column names but no rows of providers under them."


@dataclass(frozen=True)
class Column:
    key: str
    # The names Ofsted has given the column, the current one first.
    names: tuple[str, ...]
    required: bool = True

    @property
    def name(self) -> str:
        return self.names[0]


COLUMNS = (
    Column("urn", ("URN",)),
    Column("kind", ("Provision type", "Provider type")),
    Column("registration_status", ("Registration status",)),
    Column("name", ("Name", "Setting name", "Provider name"), required=False),
    Column("postcode", ("Postcode",), required=False),
    Column("local_authority", ("Local authority",), required=False),
    Column("sector", ("Sector",), required=False),
    Column("owner", ("Organisation which owns the provider",), required=False),
    Column("event_type", ("Inspection event type",)),
    Column("inspection_date", ("Inspection date",)),
    Column("publication_date", ("Inspection publication date", "Publication date")),
    Column("event_number", ("Inspection event number",), required=False),
    Column(
        "grade",
        (
            "Overall experiences and progress of children and young people",
            "Inspection overall experiences and progress of children and young people",
            "Overall effectiveness",
        ),
    ),
    Column("previous_event_type", ("Previous event type",), required=False),
    Column("previous_inspection_date", ("Previous inspection date",), required=False),
    Column("previous_publication_date", ("Previous publication date",), required=False),
    Column("previous_event_number", ("Previous event number",), required=False),
    Column(
        "previous_grade",
        ("Previous overall experiences and progress of children and young people",),
        required=False,
    ),
)
_BY_KEY = {column.key: column for column in COLUMNS}


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell: the file's row (as a spreadsheet numbers it), the column,
    what is wrong, and how to put it right."""

    row: int
    column: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.problem} {self.fix}"


@dataclass(frozen=True)
class ProviderLine:
    row: int
    urn: str
    kind: str
    registration_status: str
    name: str
    postcode: str
    local_authority: str
    sector: str
    owner: str


@dataclass(frozen=True)
class InspectionLine:
    row: int
    urn: str
    kind: str
    inspection_date: date
    grade: str
    publication_date: date | None
    event_number: str

    @property
    def key(self) -> tuple[str, date, str]:
        return (self.urn, self.inspection_date, self.kind)


@dataclass
class OfstedFile:
    """A file read and checked. `refused` says why the file as a whole could not be read;
    otherwise `errors` lists every cell at fault, and `providers` and `inspections` are what
    it holds (a provider once, from its latest row; an inspection once)."""

    file_name: str
    sha256: str = ""
    refused: str = ""
    rows: int = 0
    providers: dict[str, ProviderLine] = field(default_factory=dict)
    inspections: list[InspectionLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def valid(self) -> bool:
        return not self.refused and not self.error_count


def ofsted_file_read(
    data: bytes, *, file_name: str, today: date, encoding: str | None = None
) -> OfstedFile:
    """Read Ofsted's provider-level CSV (`data`, the file's bytes) and check every row."""
    result = OfstedFile(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    if len(data) > MAX_BYTES:
        result.refused = TOO_BIG.format(size=len(data) / 1024 / 1024)
        return result
    if not data.strip():
        result.refused = EMPTY
        return result
    try:
        text = data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError):
        result.refused = NOT_UTF8
        return result
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        result.refused = NOT_CSV.format(error=error)
        return result
    header_at = _header_row(records)
    if header_at is None:
        result.refused = NO_HEADER
        return result
    positions, missing = _positions(records[header_at])
    if missing:
        result.refused = MISSING_COLUMNS.format(names=" or ".join(f'"{n}"' for n in missing))
        return result
    reader = _Rows(positions, today)
    for number, record in enumerate(records[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in record):
            continue
        result.rows += 1
        reader.read(number, record)
    if not result.rows:
        result.refused = NO_ROWS
        return result
    result.errors = reader.errors[:ERRORS_LISTED]
    result.error_count = len(reader.errors)
    result.providers = reader.providers
    result.inspections = list(reader.inspections.values())
    return result


def _header_row(records: list[list[str]]) -> int | None:
    for index, record in enumerate(records[:HEADER_WITHIN_ROWS]):
        if any(rules.words_key(cell) == "urn" for cell in record):
            return index
    return None


def _positions(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Where each column is, and the required ones that are missing (by Ofsted's name)."""
    at: dict[str, int] = {}
    for index, cell in enumerate(header):
        at.setdefault(rules.words_key(cell), index)
    positions = {}
    missing = []
    for column in COLUMNS:
        found = next(
            (at[rules.words_key(n)] for n in column.names if rules.words_key(n) in at), None
        )
        if found is not None:
            positions[column.key] = found
        elif column.required:
            missing.append(column.name)
    return positions, missing


_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EVENT_NUMBER = re.compile(r"\d{1,12}")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?E\+?\d+", re.IGNORECASE)
_BLANK_WORDS = frozenset({"", "null"})


class _Rows:
    """Reads rows one by one, keeping what is wrong and what the rows hold."""

    def __init__(self, positions: dict[str, int], today: date) -> None:
        self.positions = positions
        self.today = today
        self.errors: list[RowError] = []
        self.providers: dict[str, ProviderLine] = {}
        # The latest inspection date that chose each provider's line.
        self._provider_latest: dict[str, date] = {}
        self.inspections: dict[tuple[str, date, str], InspectionLine] = {}

    def cell(self, record: list[str], key: str) -> str:
        index = self.positions.get(key)
        if index is None or index >= len(record):
            return ""
        value = " ".join(record[index].split())
        return "" if value.lower() in _BLANK_WORDS else value

    def error(self, row: int, key: str, problem: str, fix: str) -> None:
        self.errors.append(RowError(row, _BY_KEY[key].name, problem, fix))

    def read(self, row: int, record: list[str]) -> None:
        before = len(self.errors)
        urn = self._urn(row, record)
        kind = self._choice(
            row, record, "kind", rules.provider_kind_from, list(ProviderKind), "provision type"
        )
        status = self._choice(
            row,
            record,
            "registration_status",
            rules.registration_status_from,
            list(RegistrationStatus),
            "registration status",
        )
        current = self._inspection(row, record, urn, previous=False)
        previous = self._inspection(row, record, urn, previous=True)
        if len(self.errors) > before or not urn or not kind or not status:
            return
        latest = current.inspection_date if current else date.min
        if latest >= self._provider_latest.get(urn, date.min):
            self._provider_latest[urn] = latest
            self.providers[urn] = ProviderLine(
                row=row,
                urn=urn,
                kind=kind,
                registration_status=status,
                name=self._withheld(self.cell(record, "name"))[:200],
                postcode=self._withheld(self.cell(record, "postcode")).upper()[:8],
                local_authority=self.cell(record, "local_authority")[:100],
                sector=self.cell(record, "sector")[:40],
                owner=self.cell(record, "owner")[:200],
            )
        for inspection in (previous, current):
            if inspection is not None:
                self._keep(inspection)

    @staticmethod
    def _withheld(value: str) -> str:
        return "" if value.upper() == WITHHELD else value

    def _urn(self, row: int, record: list[str]) -> str:
        urn = rules.urn_normalise(self.cell(record, "urn"))
        if not urn:
            self.error(row, "urn", "The URN is blank.", "Every row needs the provider's URN.")
            return ""
        if rules.URN_PATTERN.fullmatch(urn) is None:
            self.error(row, "urn", f'"{urn}" is not an Ofsted URN.', rules.URN_FORMAT)
            return ""
        return urn

    def _choice(
        self,
        row: int,
        record: list[str],
        key: str,
        read: Callable[[str], object | None],
        choices: list[ProviderKind] | list[RegistrationStatus],
        what: str,
    ) -> str:
        value = self.cell(record, key)
        found = read(value)
        if found is None:
            problem = f"The {what} is blank." if not value else f'"{value}" is not a {what}.'
            self.error(
                row, key, problem, f"Use one of Ofsted's words: {rules.known_words(choices)}."
            )
            return ""
        return str(found)

    def _date(self, row: int, record: list[str], key: str) -> date | None:
        value = self.cell(record, key)
        if not value:
            return None
        match = _DATE.fullmatch(value)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
        if parts is None and (iso := _ISO_DATE.fullmatch(value)):
            parts = (iso.group(1), iso.group(2), iso.group(3))
        try:
            if parts is None:
                raise ValueError(value)
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            self.error(
                row,
                key,
                f'"{value}" is not a date.',
                "Write it as day/month/year, as Ofsted does: for example 07/11/2023.",
            )
            return None

    def _inspection(
        self, row: int, record: list[str], urn: str, *, previous: bool
    ) -> InspectionLine | None:
        prefix = "previous_" if previous else ""
        kind_key, date_key, published_key = (
            f"{prefix}event_type",
            f"{prefix}inspection_date",
            f"{prefix}publication_date",
        )
        grade_key, number_key = f"{prefix}grade", f"{prefix}event_number"
        if previous and kind_key not in self.positions:
            return None
        kind_text = self.cell(record, kind_key)
        inspected = self._date(row, record, date_key)
        published = self._date(row, record, published_key)
        grade_text = self.cell(record, grade_key)
        grade = rules.grade_from(grade_text)
        number = self.cell(record, number_key)
        if not kind_text and inspected is None:
            if grade:
                self.error(
                    row,
                    grade_key,
                    f'"{grade_text}" is given for no inspection.',
                    "Give the inspection's type and date in the same row, or leave the grade "
                    "blank.",
                )
            # A provider registered but not yet inspected.
            return None
        kind = rules.inspection_kind_from(kind_text)
        if kind is None:
            problem = "The type is blank." if not kind_text else f'"{kind_text}" is not a type.'
            self.error(
                row,
                kind_key,
                problem,
                f"Use one of Ofsted's words: {rules.known_words(list(InspectionKind))}.",
            )
        if inspected is None and not self.cell(record, date_key):
            self.error(
                row,
                date_key,
                "The inspection date is blank.",
                "Give the date the inspection started, as day/month/year.",
            )
        if grade is None:
            self.error(
                row,
                grade_key,
                f'"{grade_text}" is not one of Ofsted\'s grades.',
                f"Use one of {rules.known_words(list(Grade))}, or leave it blank for an "
                "inspection that gave no grade.",
            )
        if number and _EVENT_NUMBER.fullmatch(number) is None:
            fix = "Ofsted's event numbers are digits only; leave it blank if not known."
            if _SCIENTIFIC.fullmatch(number):
                fix = (
                    "A spreadsheet has rounded it to a number in scientific notation: format "
                    "the column as text before saving the file as CSV, or leave it blank."
                )
            self.error(row, number_key, f'"{number}" is not an inspection event number.', fix)
        for broken in rules.inspection_date_problems(
            inspection_date=inspected, publication_date=published, today=self.today
        ):
            key = date_key if "inspection_date" in broken.fields else published_key
            self.error(row, key, broken.message + ".", "Check the date against Ofsted's report.")
        if kind is None or inspected is None or grade is None or not urn:
            return None
        return InspectionLine(
            row=row,
            urn=urn,
            kind=kind.value,
            inspection_date=inspected,
            grade=grade,
            publication_date=published,
            event_number=number if _EVENT_NUMBER.fullmatch(number or "") else "",
        )

    def _keep(self, line: InspectionLine) -> None:
        """One inspection once: Ofsted's in-year file can list it in its own row and again as
        a later row's previous inspection. The same inspection given two grades is wrong."""
        earlier = self.inspections.get(line.key)
        if earlier is None:
            self.inspections[line.key] = line
            return
        if earlier.grade != line.grade:
            said = Grade(earlier.grade).label if earlier.grade else "no grade"
            says = Grade(line.grade).label if line.grade else "no grade"
            self.error(
                line.row,
                "grade",
                f"Row {earlier.row} gives this inspection ({line.inspection_date:%d/%m/%Y}) "
                f"{said} and this row gives it {says}.",
                "Ofsted grades an inspection once: correct whichever row is wrong.",
            )
            return
        # Fill in what the earlier mention lacked (a previous-inspection column may leave the
        # publication date or event number blank).
        self.inspections[line.key] = InspectionLine(
            row=earlier.row,
            urn=earlier.urn,
            kind=earlier.kind,
            inspection_date=earlier.inspection_date,
            grade=earlier.grade,
            publication_date=earlier.publication_date or line.publication_date,
            event_number=earlier.event_number or line.event_number,
        )
