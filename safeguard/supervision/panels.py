"""What supervision adds to other apps' pages through `cases.extensions`:

- the child's record: a "Case supervision" panel with the latest supervisions, their
  decisions and actions, when the next is due, and the link to record one (for those who
  may: `supervision.record_case`);
- the team dashboard: the case and personal supervisions of the teams that are overdue or
  due soon (`selectors.team_supervisions_due`: two queries, the teams' cases handed over by the
  dashboard).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from safeguard.access.permissions import allowed
from safeguard.access.roles import worker_of
from safeguard.cases.extensions import HeldCase, Panel
from safeguard.common.forms import day_text
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team
from safeguard.people.models import Person

from . import selectors

__all__ = ["case_supervision_record_panel", "supervision_team_panel"]

RECORD_TEMPLATE = "supervision/record_panel.html"
RECORD_TITLE = "Case supervision"
RECORD_ANCHOR = "case-supervision"
TEAM_TEMPLATE = "supervision/team_panel.html"
TEAM_TITLE = "Supervision overdue and due soon"
TEAM_ANCHOR = "supervision-due"
RECORD_CASE = "supervision.record_case"


def case_supervision_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """The child's case supervision; nothing for a case never supervised and not allocated."""
    me = worker_of(user)
    if me is None:
        return None
    summary = selectors.case_supervision_summary(child, me.authority.supervision_interval_months)
    if summary.case_holder is None and not summary.recent:
        return None
    may_record = allowed(user, RECORD_CASE, child)
    supervisions = [
        {
            "held_on": day_text(s.held_on),
            "supervisor": s.supervisor,
            "case_holder": s.case_holder,
            "decisions": s.decisions,
            "actions": [
                {
                    "what": a.what,
                    "owner": a.owner,
                    "due_on": day_text(a.due_on),
                    "done_on": day_text(a.done_on) if a.done_on else "",
                    "done_url": url_for("supervision:action_done", [child.pk, a.pk])
                    if a.done_on is None and may_record
                    else "",
                }
                for a in s.actions
            ],
        }
        for s in summary.recent
    ]
    next_due = summary.next_due
    return Panel(
        RECORD_TEMPLATE,
        RECORD_TITLE,
        RECORD_ANCHOR,
        {
            "anchor": RECORD_ANCHOR,
            "title": RECORD_TITLE,
            "case_holder": summary.case_holder or "",
            "next_due": day_text(next_due) if next_due else "",
            "overdue": next_due is not None and next_due < today,
            "supervisions": supervisions,
            "record_url": url_for("supervision:case_record", [child.pk])
            if summary.case_holder is not None and may_record
            else "",
        },
    )


def supervision_team_panel(
    user: AnyUser, teams: Sequence[Team], today: date, held: Sequence[HeldCase] | None
) -> Panel | None:
    """The teams' supervisions overdue and due soon, case and personal, soonest first; of the
    cases the dashboard read (`held`) where it hands them over."""
    rows = selectors.team_supervisions_due(user=user, teams=teams, today=today, held=held)
    items = [
        {
            "kind": "Case" if r.kind == "case" else "Personal",
            "due": day_text(r.due),
            "overdue": r.overdue,
            "worker": r.worker,
            "worker_url": url_for("supervision:worker", [r.worker_id]),
            "team": r.team,
            "child": r.child,
            "child_url": url_for("cases:child_record", [r.child_id]) if r.child_id else "",
            "last_held": day_text(r.last_held) if r.last_held else "None yet",
        }
        for r in rows
    ]
    return Panel(
        TEAM_TEMPLATE,
        TEAM_TITLE,
        TEAM_ANCHOR,
        {
            "anchor": TEAM_ANCHOR,
            "title": TEAM_TITLE,
            "rows": items,
            "overdue": sum(r.overdue for r in rows),
            "due_soon": sum(not r.overdue for r in rows),
        },
    )
