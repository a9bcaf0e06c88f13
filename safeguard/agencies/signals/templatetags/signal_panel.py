"""A signals panel's rows, rendered in Python.

The panel shows on My cases, the team dashboard and the child record, up to twenty rows of
prepared cells (`selectors.PanelSignal`); through the template language each cell and
`{% if %}` cost a few microseconds on every one of those pages. This tag writes the same
markup with every value escaped, as `cases/templatetags/case_record.py` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from safeguard.common.html import escape

from ..selectors import PanelSignal

register = template.Library()

_CELL = '<td class="govuk-table__cell">'


def signal_row(
    signal: PanelSignal, *, show_child: bool, show_recipient: bool, show_status: bool
) -> str:
    cells = [
        f'<tr class="govuk-table__row" data-signal="{signal.pk}">',
        f"{_CELL}{escape(signal.raised)}</td>",
    ]
    if show_child:
        cells.append(f"{_CELL}{escape(signal.child_name)}</td>")
    cells.append(
        '<th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{escape(signal.url)}">{escape(signal.title)}</a>'
        '<p class="govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">'
        f"{escape(signal.explanation)}</p></th>"
    )
    if show_recipient:
        cells.append(f"{_CELL}{escape(signal.sent_to)}</td>")
    if show_status:
        if signal.acknowledged:
            status = (
                '<strong class="govuk-tag govuk-tag--green">Acknowledged</strong>'
                '<span class="govuk-body-s govuk-!-display-block">'
                f"{escape(signal.acknowledgement)}</span>"
            )
        else:
            status = '<strong class="govuk-tag govuk-tag--red">To acknowledge</strong>'
        cells.append(f"{_CELL}{status}</td>")
    cells.append("</tr>")
    return "".join(cells)


@register.simple_tag
def signal_rows(panel: Mapping[str, Any]) -> SafeString:
    """The panel's body rows: raised, the child (on lists of several children), the signal
    and its explanation, whom it was sent to (on a team's panel) and whether acknowledged
    (on the child's record)."""
    show = {
        "show_child": bool(panel.get("show_child")),
        "show_recipient": bool(panel.get("show_recipient")),
        "show_status": bool(panel.get("show_status")),
    }
    rows = "\n".join(signal_row(signal, **show) for signal in panel["rows"])
    return mark_safe(rows)  # noqa: S308 - every value escaped
