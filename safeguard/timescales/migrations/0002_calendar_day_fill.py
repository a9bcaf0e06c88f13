"""Fill the calendar table for 2000-01-01..2045-12-31 from the holidays package.

Later changes to bank holidays are applied with ``manage.py refresh_calendar``, not
by editing this migration.
"""

from datetime import date

from django.db import migrations

from safeguard.timescales.calendar_table import calendar_rows


def fill_calendar(apps, schema_editor):
    CalendarDay = apps.get_model("timescales", "CalendarDay")
    using = schema_editor.connection.alias
    CalendarDay.objects.using(using).all().delete()
    CalendarDay.objects.using(using).bulk_create(
        (
            CalendarDay(**row._asdict())
            for row in calendar_rows(date(2000, 1, 1), date(2045, 12, 31))
        ),
        batch_size=2000,
    )


def empty_calendar(apps, schema_editor):
    CalendarDay = apps.get_model("timescales", "CalendarDay")
    CalendarDay.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0001_calendar_day_create"),
    ]

    operations = [
        migrations.RunPython(fill_calendar, empty_calendar, elidable=False),
    ]
