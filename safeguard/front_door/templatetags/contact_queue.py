"""The front door's queue rows, rendered in Python.

A page of the queue is fifty contacts of nine cells each; through the template language every
variable and `{% if %}` of a row costs a few microseconds, and together they were most of the
page's CPU. The view prepares every cell (`views_mash._queue_rows`); this tag writes the same
markup with each value escaped, as `cases/templatetags/case_record.py` does for the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template
from django.utils.safestring import SafeString, mark_safe

from safeguard.common.html import escape

register = template.Library()

_SMALL = '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">'


def queue_row(row: Mapping[str, str]) -> str:
    reference = escape(row["reference"])
    if row["url"]:
        reference = f'<a class="govuk-link" href="{escape(row["url"])}">{reference}</a>'
    described = (
        f"{_SMALL}Sender said: {escape(row['described'])}</span>" if row["described"] else ""
    )
    return (
        f'<tr class="govuk-table__row" data-contact="{escape(row["reference"])}">'
        f'<th scope="row" class="govuk-table__header">{reference}</th>'
        f'<td class="govuk-table__cell">{escape(row["child"])}{described}</td>'
        f'<td class="govuk-table__cell">{escape(row["received"])}</td>'
        f'<td class="govuk-table__cell">{escape(row["route"])}'
        f"{_SMALL}{escape(row['from'])}</span></td>"
        f'<td class="govuk-table__cell"><strong class="govuk-tag {escape(row["rag_class"])}">'
        f"{escape(row['rag'])}</strong></td>"
        f'<td class="govuk-table__cell">{escape(row["urgency"])}</td>'
        f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(row["waited"])}</td>'
        f'<td class="govuk-table__cell">{escape(row["due"])}</td>'
        f'<td class="govuk-table__cell"><strong class="govuk-tag {escape(row["status_class"])}">'
        f"{escape(row['status'])}</strong></td>"
        "</tr>"
    )


@register.simple_tag
def queue_rows(rows: Iterable[Mapping[str, str]]) -> SafeString:
    """The queue table's body rows: reference (linked if the contact opens for this worker),
    the child, received, route and sender, RAG, urgency, working days waited, the decision's
    due date and the clock's state."""
    return mark_safe("\n".join(queue_row(row) for row in rows))  # noqa: S308
