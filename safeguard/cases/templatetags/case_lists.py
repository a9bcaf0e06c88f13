"""My cases' and the team dashboard's tables, their body rows rendered in Python.

The views prepare every cell (`views.team`); through the template language each variable and
`{% if %}` of a row still cost a few microseconds, most of these pages' rendering. These tags
write the same markup with every value escaped (`common.html.escape`), as
`case_record.py` does for the child's record; the templates keep each table's frame, caption
and headings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from safeguard.common.html import escape

register = template.Library()

_HINT = '<span class="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">'
_CELL = '<td class="govuk-table__cell">'
_NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _rows(rows: Iterable[Mapping[str, Any]], row: Any) -> SafeString:
    return mark_safe("\n".join(row(each) for each in rows))  # noqa: S308 - every value escaped


def caseload_row(row: Mapping[str, Any]) -> str:
    child_number = (
        f'<span class="govuk-body-s govuk-!-display-block">{escape(row["la_child_id"])}</span>'
        if row["la_child_id"]
        else ""
    )
    more = f"{_HINT}{escape(row['more'])}</span>" if row["more"] else ""
    due = escape(row["due"]) if row["due"] else '<span class="govuk-visually-hidden">None</span>'
    return (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{escape(row["record_url"])}">{escape(row["name"])}</a>'
        f"{child_number}</th>"
        f"{_CELL}{escape(row['task'])}{more}</td>"
        f"{_CELL}{due}</td>"
        f'{_CELL}<strong class="govuk-tag govuk-tag--{escape(row["tag_colour"])}">'
        f"{escape(row['tag'])}</strong></td></tr>"
    )


@register.simple_tag
def caseload_rows(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """My cases' rows: the child (linked, with the authority's number), the next statutory
    task and how many more are open, when it is due, and its state."""
    return _rows(rows, caseload_row)


def _child_cell(row: Mapping[str, Any]) -> str:
    """The child's header cell: linked to the record, or marked as not allocated yet."""
    name = escape(row["child_name"])
    if row["record_url"]:
        name = f'<a class="govuk-link" href="{escape(row["record_url"])}">{name}</a>'
    else:
        name += f"{_HINT}Not allocated yet</span>"
    return f'<th scope="row" class="govuk-table__header">{name}</th>'


def waiting_row(row: Mapping[str, Any]) -> str:
    return (
        f'<tr class="govuk-table__row">{_child_cell(row)}'
        f"{_CELL}{escape(row['started'])}</td>"
        f"{_NUMERIC}{escape(row['working_days'])}</td>"
        f'{_CELL}<a class="govuk-link" href="{escape(row["allocate_url"])}">Allocate'
        f'<span class="govuk-visually-hidden"> {escape(row["child_name"])}</span></a></td></tr>'
    )


@register.simple_tag
def waiting_rows(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """Children waiting for allocation: the child, since when, working days waiting, and the
    link to allocate."""
    return _rows(rows, waiting_row)


def awaiting_row(row: Mapping[str, Any]) -> str:
    overdue = ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>' if row["overdue"] else ""
    return (
        f'<tr class="govuk-table__row">{_child_cell(row)}'
        f"{_CELL}{escape(row['worker'] or 'Not allocated')}</td>"
        f"{_CELL}{escape(row['started'])}</td>"
        f"{_CELL}{escape(row['due'])}{overdue}</td>"
        f'{_CELL}<a class="govuk-link" href="{escape(row["review_url"])}">Review'
        '<span class="govuk-visually-hidden"> the assessment of '
        f"{escape(row['child_name'])}</span></a></td></tr>"
    )


@register.simple_tag
def awaiting_rows(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """Assessments waiting for authorisation: the child, the worker, submitted, due (and
    whether overdue), and the link to review."""
    return _rows(rows, awaiting_row)


def figure_row(figure: Mapping[str, Any], team_name: str) -> str:
    measure = figure["measure"]
    return (
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{escape(measure.label)}</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric" '
        f'data-measure="{escape(measure.slug)}">'
        f'<a class="govuk-link" href="{escape(figure["url"])}">'
        f'{escape(figure["count"])}<span class="govuk-visually-hidden"> {escape(measure.noun)} in '
        f"{team_name}</span></a></td></tr>"
    )


@register.simple_tag
def figure_rows(figures: Iterable[Mapping[str, Any]], team_name: str) -> SafeString:
    """A team's figures: each measure and its count of children, linked to them."""
    name = escape(team_name)
    return mark_safe("\n".join(figure_row(figure, name) for figure in figures))  # noqa: S308


def caseload_held_row(held: Mapping[str, Any]) -> str:
    agency = (
        ' <strong class="govuk-tag govuk-tag--grey">Agency</strong>' if held["is_agency"] else ""
    )
    per_fte = held["children_per_fte"]
    name = escape(held["name"])
    return (
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{name}{agency}</th>'
        f"{_CELL}{escape(held['role'])}</td>"
        f"{_NUMERIC}{escape(held['full_time_equivalent'])}</td>"
        '<td class="govuk-table__cell govuk-table__cell--numeric" '
        f'data-worker="{escape(held["worker_id"])}">'
        f'<a class="govuk-link" href="{escape(held["url"])}">'
        f'{escape(held["children"])}<span class="govuk-visually-hidden"> children allocated to '
        f"{name}</span></a></td>"
        f"{_NUMERIC}{escape(per_fte) if per_fte is not None else 'Not known'}</td></tr>"
    )


@register.simple_tag
def caseload_held_rows(caseloads: Iterable[Mapping[str, Any]]) -> SafeString:
    """Each worker's caseload: name (and whether agency staff), role, full-time equivalent,
    children allocated (linked to them) and children per full-time post."""
    return _rows(caseloads, caseload_held_row)
