"""The working-day calendar as a table, so that timescales can be queried in SQL.

Working days between two dates is a subtraction of ``working_day_ordinal`` on any
database, and "N working days after D" is the row whose ``working_day_number`` is
D's ordinal plus N. See ``expressions.py`` for the ORM side.
"""

from django.db import models


class CalendarDay(models.Model):
    """One calendar day, filled from ``working_days`` (England bank holidays)."""

    date = models.DateField(primary_key=True)
    # Days since 1 January 2000, so "N calendar days after" is an index probe on any database.
    day_number = models.IntegerField(unique=True)
    is_working_day = models.BooleanField()
    working_day_ordinal = models.IntegerField(
        help_text="Working days from 1 January 2000 up to and including this date."
    )
    # Unique, so the lookup "the working day numbered n" is an index probe.
    working_day_number = models.IntegerField(
        null=True,
        unique=True,
        help_text="The working-day ordinal on working days; empty on other days.",
    )
    month_index = models.IntegerField(help_text="year * 12 + month - 1")
    day_of_month = models.SmallIntegerField()

    class Meta:
        ordering = ["date"]
        indexes = [
            # "The last day of month m that is on or before day d" (months_after).
            models.Index(fields=["month_index", "day_of_month"], name="calendarday_month_day_idx"),
        ]

    def __str__(self) -> str:
        return self.date.isoformat()
