"""Reading a DfE local-authority CSV in its published layout (explore-education-statistics
"underlying data"): plain Python, no database, so the service, the management command and the
migration that ships England's figures read a file the same way.

A file may hold several periods (a time series); each is loaded as its own period.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .measures import GEOGRAPHY_COLUMNS, SUPPRESSED, Level, Measure, Table, measures_of

MISSING_COLUMNS = (
    "The file is not in the published layout: it has no {columns} column. Download the "
    "'underlying data' CSV of the {table} table from explore-education-statistics and load "
    "it unchanged."
)
NO_MEASURES = (
    "The file has none of the columns the {table} table is read from ({columns}). Check that "
    "you chose the right table (--table) for this file."
)
NOT_A_NUMBER = (
    "Row {row}, column {column}: '{value}' is neither a number nor one of the DfE's symbols "
    "for a missing figure (z, c, x, ..). Correct the file and load it again."
)
REPEATED = (
    "Row {row}: {place} appears twice for {period}. A published file lists each place once a "
    "period; check that two files were not joined."
)
EMPTY = "The file has no rows for England, a region or a local authority."
NOT_UTF8 = "The file is not a CSV in UTF-8 (as the DfE publishes them): {error}."


# Figures are kept to three places (a derived ratio to more would be noise).
KEPT = Decimal("0.001")


class LayoutError(ValueError):
    """The file cannot be loaded as it is; nothing was loaded."""


@dataclass(frozen=True)
class Figure:
    measure: str
    geographic_level: str
    new_la_code: str
    old_la_code: str
    la_name: str
    region_name: str
    value: Decimal | None
    marker: str


@dataclass
class Period:
    time_period: str
    time_identifier: str
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Parsed:
    table: Table
    periods: dict[str, Period]
    measures: tuple[str, ...]  # the measures found in the file
    skipped_rows: int  # rows at other levels (e.g. local authority district)


def _number(raw: str, row: int, column: str) -> tuple[Decimal | None, str]:
    text = raw.strip()
    if text.lower() in SUPPRESSED:
        return None, text[:5]
    try:
        return Decimal(text.replace(",", "").rstrip("%")), ""
    except InvalidOperation as error:
        raise LayoutError(NOT_A_NUMBER.format(row=row, column=column, value=text)) from error


def _value(record: dict[str, str], measure: Measure, row: int) -> tuple[Decimal | None, str]:
    value, marker = _number(record[measure.column], row, measure.column)
    if not measure.per_column:
        return (None if value is None else value.quantize(KEPT)), marker
    per, per_marker = _number(record[measure.per_column], row, measure.per_column)
    if value is None or per is None or per == 0:
        return None, marker or per_marker or "z"
    return (value / per).quantize(KEPT), ""


def parse(lines: Iterable[str], table: Table) -> Parsed:
    """The file's figures for ``table``'s measures, or LayoutError naming what is wrong."""
    try:
        reader = csv.DictReader(lines)
        header = [name.strip().lstrip("\ufeff") for name in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [name for name in GEOGRAPHY_COLUMNS if name not in header]
        if missing:
            raise LayoutError(MISSING_COLUMNS.format(columns=", ".join(missing), table=table.value))
        found = [
            m
            for m in measures_of(table)
            if m.column in header and (not m.per_column or m.per_column in header)
        ]
        if not found:
            expected = sorted({m.column for m in measures_of(table)})
            raise LayoutError(NO_MEASURES.format(table=table.value, columns=", ".join(expected)))
        periods: dict[str, Period] = {}
        seen: set[tuple[str, str, str, str]] = set()
        skipped = 0
        levels = {level.value for level in Level}
        for row, record in enumerate(reader, start=2):
            level = (record["geographic_level"] or "").strip()
            if level not in levels:
                skipped += 1
                continue
            time_period = (record["time_period"] or "").strip()
            place = (
                level,
                (record["region_name"] or "").strip() if level == Level.REGIONAL else "",
                (record["new_la_code"] or "").strip() if level == Level.LOCAL_AUTHORITY else "",
            )
            if (time_period, *place) in seen:
                name = record["la_name"] or place[1] or level
                raise LayoutError(REPEATED.format(row=row, place=name, period=time_period))
            seen.add((time_period, *place))
            period = periods.setdefault(
                time_period,
                Period(time_period, (record["time_identifier"] or "").strip()),
            )
            local = level == Level.LOCAL_AUTHORITY
            for measure in found:
                value, marker = _value(record, measure, row)
                period.figures.append(
                    Figure(
                        measure=measure.key,
                        geographic_level=level,
                        new_la_code=place[2],
                        old_la_code=(record["old_la_code"] or "").strip() if local else "",
                        la_name=(record["la_name"] or "").strip() if local else "",
                        region_name=(record["region_name"] or "").strip(),
                        value=value,
                        marker=marker,
                    )
                )
    except UnicodeDecodeError as error:
        raise LayoutError(NOT_UTF8.format(error=error)) from error
    except csv.Error as error:
        raise LayoutError(NOT_UTF8.format(error=error)) from error
    if not periods:
        raise LayoutError(EMPTY)
    return Parsed(table, periods, tuple(m.key for m in found), skipped)
