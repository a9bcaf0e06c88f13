# ruff: noqa: S608 - SQL here is composed only of the indicator files' own text, fixed
# fragments and SQL the ORM compiled; every value is a bound parameter (see bind()).
"""Running the indicators' SQL: bind the parameters, aggregate in the database.

Each indicator's SQL (``sql/<slug>.sql``) names its parameters ``%(name)s``. Binding turns
them into positional ``%s`` placeholders and a list of values in the order they appear, so
the same text runs through Django's ``cursor.execute`` on SQLite and PostgreSQL, and can be
wrapped in an aggregation (or joined to a need-to-know filter compiled by the ORM) without
any value ever being formatted into SQL. Python never loops over children: it gets grouped
counts back (one row per category and number of days, or per team, at most a few hundred).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from safeguard.organisation.models import Authority
from safeguard.timescales.calendar_table import CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY
from safeguard.timescales.clocks import (
    clock_sql_parameters,
    clocks_with_local_overrides,
    local_timescales,
)

from .registry import Indicator

_PARAMETER = re.compile(r"%\((\w+)\)s")

PERIOD_BACKWARDS = "The start of the period must be on or before its end"
PERIOD_OUTSIDE_CALENDAR = (
    "The period must fall between {first:%-d %B %Y} and {last:%-d %B %Y}, the years the "
    "working-day calendar covers"
)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """From and to dates, both included."""

    date_from: date
    date_to: date

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise PeriodError(PERIOD_BACKWARDS)
        # The last day's successor is looked up too (contacts end at the next midnight).
        if self.date_from < CALENDAR_FIRST_DAY or self.date_to >= CALENDAR_LAST_DAY:
            raise PeriodError(
                PERIOD_OUTSIDE_CALENDAR.format(first=CALENDAR_FIRST_DAY, last=CALENDAR_LAST_DAY)
            )

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def _local_midnight(day: date) -> Any:
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def parameters_for(
    period: Period, authority: Authority, indicator: Indicator | None = None
) -> dict[str, Any]:
    """Every value an indicator's SQL may name: the period, every clock's length (with the
    authority's own visit and review lengths) and the indicator's own lengths."""
    return {
        **clock_sql_parameters(clocks_with_local_overrides(local_timescales(authority))),
        **(indicator.parameters if indicator is not None else {}),
        "date_from": period.date_from,
        "date_to": period.date_to,
        # Contacts carry a time: the period runs from local midnight to the next midnight.
        "from_moment": _local_midnight(period.date_from),
        "to_moment": _local_midnight(period.date_to + timedelta(days=1)),
    }


def bind(sql: str, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """``%(name)s`` placeholders to positional ``%s`` and their values, in order. A name with
    no value is a programming error, raised rather than sent as NULL."""
    params: list[Any] = []

    def take(match: re.Match[str]) -> str:
        params.append(values[match.group(1)])
        return "%s"

    return _PARAMETER.sub(take, sql), params


def _facts(
    indicator: Indicator, period: Period, authority: Authority, team_id: int | None
) -> tuple[str, list[Any]]:
    """The indicator's fact rows as a derived table ``f``, limited to a team if given."""
    sql, params = bind(indicator.sql, parameters_for(period, authority, indicator))
    where = ""
    if team_id is not None:
        where = " WHERE f.team_id = %s"
        params = [*params, team_id]
    return f"(SELECT * FROM ({sql}) f0) f{where}", params


def _run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _number(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


@dataclass(frozen=True)
class Group:
    """Totals over the facts sharing a key (a category and number of days, a team)."""

    key: Any
    rows: int
    numerator: Decimal
    denominator: Decimal


def grouped_by_category_and_days(
    indicator: Indicator, period: Period, authority: Authority, team_id: int | None = None
) -> list[Group]:
    """One query: totals per (category, days). Everything on the indicator page is summed from
    these few rows: the headline, the breakdown, the distribution and its percentiles."""
    facts, params = _facts(indicator, period, authority, team_id)
    rows = _run(
        "SELECT f.category, f.days, COUNT(*), SUM(f.numerator), SUM(f.denominator)"
        f" FROM {facts} GROUP BY f.category, f.days",
        params,
    )
    return [
        Group(key=(category, days), rows=n, numerator=_number(num), denominator=_number(den))
        for category, days, n, num, den in rows
    ]


def grouped_by_team(indicator: Indicator, period: Period, authority: Authority) -> list[Group]:
    """One query: totals per team (team None: attributed to no team)."""
    facts, params = _facts(indicator, period, authority, None)
    rows = _run(
        "SELECT f.team_id, COUNT(*), SUM(f.numerator), SUM(f.denominator)"
        f" FROM {facts} GROUP BY f.team_id",
        params,
    )
    return [
        Group(key=team, rows=n, numerator=_number(num), denominator=_number(den))
        for team, n, num, den in rows
    ]


FACT_COLUMNS = (
    "child_id",
    "team_id",
    "subject_id",
    "event_date",
    "category",
    "numerator",
    "denominator",
    "days",
)


def fact_rows(
    indicator: Indicator,
    period: Period,
    authority: Authority,
    *,
    team_id: int | None,
    numerator_only: bool,
    category: str | None = None,
    children_sql: tuple[str, Sequence[Any]] | None,
    limit: int | None,
) -> tuple[list[dict[str, Any]], int]:
    """The facts themselves (for a drill-down list or an export), each with the child's name
    when the child is in ``children_sql`` (the ids of the children the reader may see, as
    compiled by the ORM), and the number of facts whose child is not (counted, not listed).
    Worker rows (caseload) carry the worker's name instead."""
    facts, params = _facts(indicator, period, authority, team_id)
    conditions = ["f.numerator > 0"] if numerator_only else []
    if category is not None:
        conditions.append("f.category = %s")
        params = [*params, category]
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    if indicator.rows_are_workers:
        sql = (
            "SELECT f.child_id, f.team_id, f.subject_id, f.event_date, f.category, f.numerator,"
            " f.denominator, f.days, w.first_name, w.last_name"
            f" FROM {facts} JOIN organisation_worker w ON w.id = f.subject_id{where}"
            " ORDER BY w.last_name, w.first_name, f.subject_id"
        )
        rows = _run(sql + (f" LIMIT {int(limit)}" if limit else ""), params)
        return [_row(r) for r in rows], 0
    visible_sql, visible_params = children_sql or ("SELECT 1 WHERE 1 = 0", [])
    visible = f"f.child_id IN ({visible_sql})"
    listed_where = where + (" AND " if where else " WHERE ") + visible
    sql = (
        "SELECT f.child_id, f.team_id, f.subject_id, f.event_date, f.category, f.numerator,"
        " f.denominator, f.days, p.first_name, p.last_name"
        f" FROM {facts} JOIN people_person p ON p.id = f.child_id{listed_where}"
        " ORDER BY f.event_date, f.subject_id"
    )
    rows = _run(sql + (f" LIMIT {int(limit)}" if limit else ""), [*params, *visible_params])
    hidden_where = where + (" AND " if where else " WHERE ") + f"NOT ({visible})"
    ((hidden,),) = _run(f"SELECT COUNT(*) FROM {facts}{hidden_where}", [*params, *visible_params])
    return [_row(r) for r in rows], int(hidden)


def _row(row: Sequence[Any]) -> dict[str, Any]:
    values = dict(zip(FACT_COLUMNS, row[:8], strict=True))
    values["event_date"] = as_date(values["event_date"])
    values["name"] = " ".join(part for part in row[8:10] if part) or "(no name)"
    return values


def as_date(value: Any) -> date | None:
    """A date from what a raw cursor returns: SQLite gives text for computed columns, and
    contacts are dated by a moment (shown as its local date)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) > 10:
        moment = datetime.fromisoformat(text)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_fixed_timezone(0))
        return timezone.localtime(moment).date()
    return date.fromisoformat(text)
