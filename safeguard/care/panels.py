"""What the care app adds to the child's record through the seam (`cases.extensions`): the
health summary with the links to record each step, and the health clocks on the timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.urls import reverse

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import Panel
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors

TEMPLATE = "care/health_panel.html"
MANAGE = "child.manage_episodes"


def health_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown for a child who has been looked after; the links only while they are, and only
    to the people who manage their episodes."""
    summary = selectors.health_summary(child=child, today=today)
    if summary.period is None:
        return None
    looked_after_now = summary.period.end_date is None
    links = []
    if looked_after_now and allowed(user, MANAGE, child):
        links = [
            (reverse(f"care:{name}", args=[child.pk]), text)
            for name, text in (
                ("health_assessment", "Record a health assessment"),
                ("dental_check", "Record a dental check"),
                ("immunisations", "Record immunisations"),
                ("sdq", "Record an SDQ score"),
            )
        ]
    return Panel(
        TEMPLATE,
        "Health (looked after)",
        "care-health",
        {
            "anchor": "care-health",
            "title": "Health (looked after)",
            "looked_after_now": looked_after_now,
            "rows": summary.facts(),
            "links": links,
        },
    )


def health_timeline(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> Sequence[DueItem]:
    return selectors.health_due_items_for_child(child=child, today=today, timescales=timescales)
