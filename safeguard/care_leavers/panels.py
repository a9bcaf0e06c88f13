"""What the care leavers app adds to the young person's record through the seam
(`cases.extensions`): the leaving-care section with the links to record each step, and the
needs assessment and pathway plan clocks on the timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import Panel
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors
from .views import MANAGE, facts

TEMPLATE = "care_leavers/panel.html"
TITLE = "Leaving care"
ANCHOR = "care-leaver"


def care_leaver_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown for a young person entitled to leaving-care support, or with anything recorded;
    the links only while they are entitled, and only to the people who manage their case."""
    record = selectors.care_leaver_record(child=child, today=today)
    if not record.shown:
        return None
    links = []
    if record.entitlement is not None and allowed(user, MANAGE, child):
        steps = [
            ("needs_assessment", "Record a needs assessment"),
            ("pathway_plan", "Record a pathway plan"),
        ]
        if record.plans:
            steps.append(("pathway_plan_review", "Record a pathway plan review"))
        steps += [
            ("personal_adviser", "Record the personal adviser"),
            ("contact", "Record a contact"),
        ]
        links = [(url_for(f"care_leavers:{name}", [child.pk]), text) for name, text in steps]
    return Panel(
        TEMPLATE,
        TITLE,
        ANCHOR,
        {"anchor": ANCHOR, "title": TITLE, "rows": facts(record), "links": links},
    )


def care_leaver_timeline(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> Sequence[DueItem]:
    return selectors.care_leaver_record(child=child, today=today, timescales=timescales).clocks
