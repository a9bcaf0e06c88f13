"""The child record's long tables, rendered in Python.

A long case has hundreds of chronology events, and Django's template language costs a few
microseconds for every variable, filter and `{% if %}` in a loop: row by row it was most of
the page's rendering time. These tags build the same markup with `format_html` (everything
from the record is escaped), so the page template keeps the table's frame, caption and
headings, and the tag its body rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from safeguard.common.html import escape
from safeguard.common.templatetags.govuk_dates import long_date
from safeguard.people.models import Person, Residence

from ..extensions import ChronologyEvent
from ..forms_record import ChronologyFilterForm
from ..models import CaseNote
from ..selectors.record import HouseholdMember, Relative, TimelineRow

register = template.Library()

_SMALL = '<p class="govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">'


def _lines(text: str) -> str:
    """`text` escaped, its line breaks as <br> (the `linebreaksbr` filter)."""
    escaped = escape(text)
    if "\n" not in escaped and "\r" not in escaped:
        return escaped
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


@functools.cache
def _type_and_agency_cells(kind: str, agencies: frozenset[str]) -> str:
    """An event's type and agencies cells: a few dozen different pairs on any record."""
    event = ChronologyEvent(date.min, kind, "", agencies=agencies)
    return (
        f'<td class="govuk-table__cell">{escape(event.kind_label)}</td>'
        f'<td class="govuk-table__cell">{escape(", ".join(event.agency_labels))}</td>'
    )


def chronology_row(event: ChronologyEvent) -> str:
    if event.anchor:
        title = f'<a class="govuk-link" href="#{escape(event.anchor)}">{escape(event.title)}</a>'
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
        # Free text (a note's detail, a rationale) may hold a word wider than the screen.
        '<th scope="row" class="govuk-table__header safeguard-free-text">\n'
        + "\n".join(parts)
        + "\n</th>"
        f"{_type_and_agency_cells(event.kind, event.agencies)}"
        f'<td class="govuk-table__cell">{escape(event.who)}</td>'
        "</tr>"
    )


@register.simple_tag
def chronology_rows(events: Iterable[ChronologyEvent]) -> SafeString:
    """The chronology table's body rows: date, the event (title, detail, whether significant,
    action taken, rationale), its type, the agencies it came from, and who."""
    return mark_safe("\n".join(chronology_row(event) for event in events))  # noqa: S308


def timeline_row(row: TimelineRow, *, met_column: bool = True) -> str:
    item = row.item
    if item.met:
        met = long_date(item.met)
    elif item.closed:
        met = "Not met: the episode ended"
    else:
        met = "Not yet"
    met_cell = f'<td class="govuk-table__cell">{met}</td>' if met_column else ""
    return (
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{escape(item.label)}</th>'
        f'<td class="govuk-table__cell">{long_date(item.started)}</td>'
        f'<td class="govuk-table__cell">{long_date(item.due)}</td>'
        f"{met_cell}"
        f'<td class="govuk-table__cell"><strong class="govuk-tag {row.tag_class}">'
        f"{escape(item.status.label)}</strong></td>"
        "</tr>"
    )


@register.simple_tag
def timeline_rows(rows: Iterable[TimelineRow], met_column: bool = True) -> SafeString:
    """The statutory timeline's body rows: the clock, when it started, when it is due, when
    it was met (left out for open clocks, none of which is), and its state in words beside
    its colour."""
    return mark_safe(  # noqa: S308
        "\n".join(timeline_row(row, met_column=met_column) for row in rows)
    )


_NEWLINES = re.compile(r"\r\n|\r")
_PARAGRAPH_BREAK = re.compile("\n{2,}")


def _paragraphs(text: str) -> str:
    """`text` escaped, as paragraphs and line breaks (the `linebreaks` filter)."""
    paragraphs = _PARAGRAPH_BREAK.split(_NEWLINES.sub("\n", text))
    return "\n\n".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def case_note_block(note: CaseNote) -> str:
    by = f", written by {escape(note.written_by.full_name)}" if note.written_by else ""
    # As the `date` filter shows a time: in the authority's time zone.
    recorded = timezone.localtime(note.created_at)
    kind = f"{escape(note.get_kind_display())}: " if note.kind else ""
    significant = (
        ' <strong class="govuk-tag govuk-tag--red">Significant</strong>' if note.significant else ""
    )
    return (
        f'\n<div class="govuk-!-margin-bottom-6" id="case-note-{note.pk}">\n'
        f'  <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{escape(note.subject)}'
        f"{significant}</h3>\n"
        f'  <p class="govuk-body-s govuk-!-margin-bottom-2">{kind}{long_date(note.event_date)}{by}'
        f" (recorded {long_date(recorded)}, {recorded:%H:%M})</p>\n"
        f'  <div class="govuk-body">{_paragraphs(note.body)}</div>\n'
        "</div>\n"
    )


@register.simple_tag
def case_note_blocks(notes: Iterable[CaseNote]) -> SafeString:
    """Each case note in full, newest first: its subject, when it happened, who wrote it and
    when it was recorded, and what it says (paragraphs and line breaks kept)."""
    blocks = "".join(case_note_block(note) for note in notes)
    return mark_safe(blocks or '\n<p class="govuk-body">No case notes have been written.</p>\n')  # noqa: S308


_ROW = '\n      <tr class="govuk-table__row">\n        <th scope="row" class="govuk-table__header">'
_CELL = '\n        <td class="govuk-table__cell">'
_ROW_END = "\n      </tr>\n      "


def _born(person: Person) -> str:
    return long_date(person.date_of_birth) or "Not known"


def relative_row(relative: Relative) -> str:
    if relative.parental_responsibility is None:
        responsibility = "Not applicable"
    elif relative.parental_responsibility:
        responsibility = '<strong class="govuk-tag govuk-tag--blue">Yes</strong>'
    else:
        responsibility = "No"
    start, end = relative.start_date, relative.end_date
    dates = f"From {long_date(start)}" if start else ""
    if end:
        dates += f"{'<br>' if start else ''}Until {long_date(end)}"
    elif not start:
        dates += "Current"
    return (
        f"{_ROW}{escape(relative.person.full_name)}</th>"
        f"{_CELL}{escape(relative.relationship)}</td>"
        f"{_CELL}{responsibility}</td>"
        f"{_CELL}{_born(relative.person)}</td>"
        f"{_CELL}{dates}</td>{_ROW_END}"
    )


@register.simple_tag
def relative_rows(relatives: Iterable[Relative]) -> SafeString:
    """The relatives table's body rows: name, relationship to the child, parental
    responsibility, date of birth, and from and until when."""
    return mark_safe("".join(relative_row(r) for r in relatives))  # noqa: S308


def household_row(member: HouseholdMember) -> str:
    return (
        f"{_ROW}{escape(member.person.full_name)}</th>"
        f"{_CELL}{escape(member.relationship)}</td>"
        f"{_CELL}{_born(member.person)}</td>"
        f"{_CELL}{escape(member.address)}</td>{_ROW_END}"
    )


@register.simple_tag
def household_rows(members: Iterable[HouseholdMember]) -> SafeString:
    """Who lives at the child's current address: name, relationship, date of birth, address."""
    return mark_safe("".join(household_row(m) for m in members))  # noqa: S308


def residence_row(residence: Residence) -> str:
    kind = escape(residence.get_kind_display())
    if residence.kind == "refuge":
        kind += '<br><strong class="govuk-tag govuk-tag--red">Do not disclose</strong>'
    return (
        '\n      <tr class="govuk-table__row">'
        f"{_CELL}{escape(residence.address)}</td>"
        f"{_CELL}{kind}</td>"
        f"{_CELL}{long_date(residence.start_date)}</td>"
        f"{_CELL}{long_date(residence.end_date) or 'Current'}</td>{_ROW_END}"
    )


@register.simple_tag
def residence_rows(residences: Iterable[Residence]) -> SafeString:
    """The child's addresses: address, kind (a refuge marked not to be disclosed), from, to."""
    return mark_safe("".join(residence_row(r) for r in residences))  # noqa: S308


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
