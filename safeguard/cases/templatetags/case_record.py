"""The child record's long tables, rendered in Python.

A long case has hundreds of chronology events, and Django's template language costs a few
microseconds for every variable, filter and `{% if %}` in a loop: row by row it was most of
the page's rendering time. These tags build the same markup with `format_html` (everything
from the record is escaped), so the page template keeps the table's frame, caption and
headings, and the tag its body rows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from safeguard.common.templatetags.govuk_dates import long_date

from ..extensions import ChronologyEvent
from ..forms_record import ChronologyFilterForm
from ..selectors.record import TimelineRow

register = template.Library()

_SMALL = '<p class="govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">'


def _lines(text: str) -> str:
    """`text` escaped, its line breaks as <br> (the `linebreaksbr` filter)."""
    escaped = escape(text)
    if "\n" not in escaped and "\r" not in escaped:
        return escaped
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def chronology_row(event: ChronologyEvent) -> str:
    if event.anchor:
        title = format_html('<a class="govuk-link" href="#{}">{}</a>', event.anchor, event.title)
    else:
        title = escape(event.title)
    parts: list[str] = [title]
    if event.detail:
        parts.append(f"{_SMALL}{_lines(event.detail)}</p>")
    if event.significant:
        parts.append('<strong class="govuk-tag govuk-tag--red">Significant</strong>')
    if event.action_taken:
        parts.append(f"{_SMALL}<strong>Action taken:</strong> {_lines(event.action_taken)}</p>")
    if event.rationale:
        parts.append(f"{_SMALL}<strong>Rationale:</strong> {_lines(event.rationale)}</p>")
    return (
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell">{long_date(event.on)}</td>'
        '<th scope="row" class="govuk-table__header">\n' + "\n".join(parts) + "\n</th>"
        f'<td class="govuk-table__cell">{escape(event.kind_label)}</td>'
        f'<td class="govuk-table__cell">{escape(", ".join(event.agency_labels))}</td>'
        f'<td class="govuk-table__cell">{escape(event.who)}</td>'
        "</tr>"
    )


@register.simple_tag
def chronology_rows(events: Iterable[ChronologyEvent]) -> SafeString:
    """The chronology table's body rows: date, the event (title, detail, whether significant,
    action taken, rationale), its type, the agencies it came from, and who."""
    return mark_safe("\n".join(chronology_row(event) for event in events))  # noqa: S308


def timeline_row(row: TimelineRow) -> str:
    item = row.item
    if item.met:
        met = long_date(item.met)
    elif item.closed:
        met = "Not met: the episode ended"
    else:
        met = "Not yet"
    return (
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{escape(item.label)}</th>'
        f'<td class="govuk-table__cell">{long_date(item.started)}</td>'
        f'<td class="govuk-table__cell">{long_date(item.due)}</td>'
        f'<td class="govuk-table__cell">{met}</td>'
        f'<td class="govuk-table__cell"><strong class="govuk-tag {row.tag_class}">'
        f"{escape(item.status.label)}</strong></td>"
        "</tr>"
    )


@register.simple_tag
def timeline_rows(rows: Iterable[TimelineRow]) -> SafeString:
    """The statutory timeline's body rows: the clock, when it started, when it is due, when
    it was met, and its state in words beside its colour."""
    return mark_safe("\n".join(timeline_row(row) for row in rows))  # noqa: S308


@functools.cache
def _unchosen_filter(name: str) -> SafeString:
    return ChronologyFilterForm(None)[name].as_field_group()


@register.simple_tag
def chronology_filter_field(form: ChronologyFilterForm, name: str) -> SafeString:
    """One of the chronology filter's groups of checkboxes. With nothing chosen (the record as
    usually opened) the group is the same on every record, its choices being fixed, so it is
    rendered once, not on every view."""
    if form.is_bound:
        return form[name].as_field_group()
    return _unchosen_filter(name)
