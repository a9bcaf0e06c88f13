"""Dates as GOV.UK writes them ("23 November 2026", "23 Nov 2026").

Django's `date` filter looks up the format and month names through the translation machinery
on every call; a long chronology formats a few hundred dates, which cost more than every query
on the page. Safeguard is in English only, so these format directly. Built in to every
template (settings.TEMPLATES builtins), so no `{% load %}` is needed.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

register = template.Library()

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SHORT_MONTHS = tuple(name[:3] for name in _MONTHS)


# expects_localtime: an aware datetime arrives already in the authority's time zone, as with
# Django's own `date` filter.
@register.filter(expects_localtime=True)
def long_date(value: date | datetime | None) -> str:
    """23 November 2026; blank for no date."""
    if not value:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


@register.filter(expects_localtime=True)
def short_date(value: date | datetime | None) -> str:
    """23 Nov 2026; blank for no date."""
    if not value:
        return ""
    return f"{value.day} {_SHORT_MONTHS[value.month - 1]} {value.year}"
