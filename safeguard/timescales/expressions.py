"""ORM expressions for working-day and calendar-month timescales, on any model.

Each expression is a scalar subquery over the calendar table (``CalendarDay``), so
"overdue" is one set-based query on SQLite and PostgreSQL alike::

    Assessment.objects.annotate(
        due=clock_due(CLOCKS["assessment"], F("referral__referral_date"))
    ).filter(due__lt=today)

``clock_due`` is the SQL form of ``Clock.due_from``: lengths come from the clock, never
from a number written here or in a query.

The SQL is plain SQL-92 (scalar subqueries, CASE, MAX), nothing vendor-specific,
and it follows the conventions of ``working_days``, which the tests check row by row.
A date outside the calendar table (2000-2045 unless refreshed wider) gives NULL.

Why raw subqueries rather than ``Subquery(...filter(date=OuterRef(...)))``: OuterRef
only takes a field name, whereas these take any date expression (a related field,
a Coalesce, another of these expressions), compiled in the caller's own query.
The calendar table gets aliases of its own (``sg_cal_*``) so that a query over
CalendarDay itself still means its own rows by its own name.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, ClassVar, TypeAlias

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Expression, F, Func, IntegerField, Value
from django.db.models.sql.compiler import SQLCompiler

from .clocks import Clock, Period, PeriodUnit
from .models import CalendarDay

__all__ = [
    "WorkingDayOrdinal",
    "clock_due",
    "days_after",
    "months_after",
    "period_after",
    "working_day_ordinal",
    "working_days_after",
    "working_days_between_expr",
]

DateInput: TypeAlias = str | datetime.date | Expression | F
IntInput: TypeAlias = int | Expression | F


def _date_expression(value: DateInput) -> Expression | F:
    if isinstance(value, str):
        return F(value)
    if isinstance(value, datetime.datetime):
        raise TypeError("Pass a date, not a datetime (use TruncDate for datetime fields)")
    if isinstance(value, datetime.date):
        return Value(value, output_field=DateField())
    return value


def _int_expression(value: IntInput) -> Expression | F:
    if isinstance(value, bool):
        raise TypeError("A number of days or months must be an int, not a bool")
    if isinstance(value, int):
        return Value(value, output_field=IntegerField())
    return value


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class _CalendarExpression(Func):
    """A scalar subquery over the calendar table, written as ``sql_template``.

    In the template, ``{table}`` and the CalendarDay field names become quoted
    identifiers from the model's metadata, and the names in ``arg_names`` become the
    compiled source expressions with their params, in the order they appear (an
    argument used twice is compiled in twice). No value is ever formatted into SQL.
    """

    sql_template: ClassVar[str]
    arg_names: ClassVar[tuple[str, ...]]

    def as_sql(  # type: ignore[override]
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        args = {
            name: compiler.compile(expression)
            for name, expression in zip(self.arg_names, self.get_source_expressions(), strict=True)
        }
        opts = CalendarDay._meta
        identifiers = {"table": connection.ops.quote_name(opts.db_table)} | {
            field.name: connection.ops.quote_name(field.column)
            for field in opts.concrete_fields
            if field.column
        }
        sql: list[str] = []
        params: list[Any] = []
        position = 0
        for match in _PLACEHOLDER.finditer(self.sql_template):
            sql.append(self.sql_template[position : match.start()])
            name = match.group(1)
            if name in args:
                arg_sql, arg_params = args[name]
                sql.append(arg_sql)
                params.extend(arg_params)
            else:
                sql.append(identifiers[name])
            position = match.end()
        sql.append(self.sql_template[position:])
        return "".join(sql), params


class WorkingDayOrdinal(_CalendarExpression):
    """The calendar table's ``working_day_ordinal`` for a date expression."""

    arity = 1
    output_field = IntegerField()
    arg_names = ("day",)
    sql_template = (
        "(SELECT sg_cal_day.{working_day_ordinal} FROM {table} sg_cal_day"
        " WHERE sg_cal_day.{date} = {day})"
    )


class _WorkingDaysAfter(_CalendarExpression):
    arity = 2
    output_field = DateField()
    arg_names = ("start", "days")
    # The ordinal counts working days up to and including a date, so counting back
    # from a non-working day takes one step fewer to land strictly before it.
    sql_template = (
        "(CASE WHEN {days} = 0 THEN {start} ELSE ("
        "SELECT sg_cal_due.{date} FROM {table} sg_cal_due"
        " WHERE sg_cal_due.{working_day_number} = ("
        "SELECT sg_cal_start.{working_day_ordinal} + {days}"
        " + CASE WHEN {days} < 0 AND NOT sg_cal_start.{is_working_day} THEN 1 ELSE 0 END"
        " FROM {table} sg_cal_start WHERE sg_cal_start.{date} = {start})"
        ") END)"
    )


class _WorkingDaysBetween(_CalendarExpression):
    arity = 2
    output_field = IntegerField()
    arg_names = ("start", "end")
    sql_template = (
        "((SELECT sg_cal_end.{working_day_ordinal} FROM {table} sg_cal_end"
        " WHERE sg_cal_end.{date} = {end})"
        " - (SELECT sg_cal_start.{working_day_ordinal} FROM {table} sg_cal_start"
        " WHERE sg_cal_start.{date} = {start}))"
    )


class _DaysAfter(_CalendarExpression):
    arity = 2
    output_field = DateField()
    arg_names = ("start", "days")
    sql_template = (
        "(SELECT sg_cal_due.{date} FROM {table} sg_cal_start, {table} sg_cal_due"
        " WHERE sg_cal_start.{date} = {start}"
        " AND sg_cal_due.{day_number} = sg_cal_start.{day_number} + {days})"
    )


class _MonthsAfter(_CalendarExpression):
    arity = 2
    output_field = DateField()
    arg_names = ("start", "months")
    # The latest day of the target month not after the start's day of the month:
    # the same day, or the month's last day when it is shorter (31 Jan -> 28 Feb).
    sql_template = (
        "(SELECT MAX(sg_cal_due.{date}) FROM {table} sg_cal_start, {table} sg_cal_due"
        " WHERE sg_cal_start.{date} = {start}"
        " AND sg_cal_due.{month_index} = sg_cal_start.{month_index} + {months}"
        " AND sg_cal_due.{day_of_month} <= sg_cal_start.{day_of_month})"
    )


def working_day_ordinal(date_expr: DateInput) -> WorkingDayOrdinal:
    """Working days from 1 January 2000 up to and including the date (SQL)."""
    return WorkingDayOrdinal(_date_expression(date_expr))


def working_days_after(date_expr: DateInput, days: IntInput) -> Func:
    """The ``days``-th working day strictly after the date, as ``add_working_days``.

    ``days`` may be an int or an integer expression (a local setting stored on a
    row, say); 0 gives the date itself, a negative number counts backwards.
    """
    return _WorkingDaysAfter(_date_expression(date_expr), _int_expression(days))


def working_days_between_expr(start_expr: DateInput, end_expr: DateInput) -> Func:
    """Working days d with start < d <= end, as ``working_days_between`` (SQL)."""
    return _WorkingDaysBetween(_date_expression(start_expr), _date_expression(end_expr))


def days_after(date_expr: DateInput, days: IntInput) -> Func:
    """The date ``days`` calendar days on (or back), portable where date arithmetic is not."""
    return _DaysAfter(_date_expression(date_expr), _int_expression(days))


def months_after(date_expr: DateInput, months: IntInput) -> Func:
    """The date ``months`` calendar months on, clamped to month end, as ``add_months``."""
    return _MonthsAfter(_date_expression(date_expr), _int_expression(months))


def period_after(date_expr: DateInput, period: Period) -> Func:
    """The date ``period`` after the date, as ``Period.due_from`` computes it in Python."""
    counted = period.counted()
    due: Func
    if counted.unit is PeriodUnit.WORKING_DAYS:
        due = working_days_after(date_expr, counted.amount)
    elif counted.unit is PeriodUnit.DAYS:
        due = days_after(date_expr, counted.amount)
    else:
        due = months_after(date_expr, counted.amount)
    if period.roll_to_working_day:
        # The first working day on or after the due date: one working day on from the
        # working day strictly before it.
        due = working_days_after(working_days_after(due, -1), 1)
    return due


def clock_due(clock: Clock, start_expr: DateInput) -> Func:
    """When ``clock`` started at the date falls due (SQL), as ``clock.due_from`` (Python).

    Pass the clock with the authority's local settings applied
    (``clocks_with_local_overrides``) where it has one.
    """
    return period_after(start_expr, clock.period)
