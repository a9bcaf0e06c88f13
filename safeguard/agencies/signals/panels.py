"""What signals add to social care's pages (cases.extensions): blocks on the child record,
the worker's "My cases" and the manager's team dashboard, and entries in the child's
chronology. Each reads a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from safeguard.cases.extensions import ChronologyEvent, HeldCase, Panel
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Team
from safeguard.people.models import Person

from . import selectors
from .models import Signal
from .rules import RULES_BY_ID
from .selectors import PANEL_LIMIT, PanelSignal

TEMPLATE = "signals/panel.html"


def _context(rows: list[PanelSignal], *, anchor: str, title: str, **extra: Any) -> dict[str, Any]:
    shown = rows[:PANEL_LIMIT]
    return {
        "rows": shown,
        # The caption, written here rather than counted and pluralised in the template.
        "count": f"{len(shown)} signal{'' if len(shown) == 1 else 's'}",
        "more": len(rows) > PANEL_LIMIT,
        "anchor": anchor,
        "title": title,
        **extra,
    }


def record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    rows = selectors.child_signals(user=user, child=child)
    if not rows:
        return None
    waiting = selectors.signal_count_unacknowledged(rows)
    return Panel(
        TEMPLATE,
        "Signals",
        "signals",
        _context(
            rows,
            anchor="signals",
            title="Signals",
            intro=(f"{waiting} not yet acknowledged. " if waiting else "All acknowledged. ")
            + "A signal is raised when what agencies have told us matches a pattern that "
            "serious case reviews have shown matters.",
            show_child=False,
            show_status=True,
        ),
    )


def caseload_panel(user: AnyUser, today: date) -> Panel | None:
    rows = selectors.caseload_signals(user=user)
    if not rows:
        return None
    return Panel(
        TEMPLATE,
        "Signals to acknowledge",
        "signals",
        _context(
            rows,
            anchor="signals",
            title="Signals to acknowledge",
            intro="Patterns found in what agencies have told us about children you are "
            "responsible for. Look at each and record what you decided.",
            show_child=True,
            show_status=False,
        ),
    )


def team_panel(
    user: AnyUser, teams: Sequence[Team], today: date, held: Sequence[HeldCase] | None
) -> Panel | None:
    # Signals are sent to the teams, whichever cases they hold: `held` is not needed.
    rows = selectors.team_signals(user=user, teams=teams)
    if not rows:
        return None
    return Panel(
        TEMPLATE,
        "Signals not yet acknowledged",
        "team-signals",
        _context(
            rows,
            anchor="team-signals",
            title="Signals not yet acknowledged",
            intro="Signals sent to your teams' workers or to the team, shown here until "
            "someone acknowledges them.",
            show_child=True,
            show_status=False,
            show_recipient=True,
        ),
    )


_DECISIONS = dict(Signal.Decision.choices)


def signal_chronology(user: AnyUser, child: Person) -> list[ChronologyEvent]:
    """Each signal about the child as a chronology entry on the day it was raised, with the
    acknowledgement as its "action taken" (the court-bundle column). Read with the record's
    own tables (`selectors.signals_of_child`), shared with the panel; the caller has applied
    need to know to the child."""
    events = []
    for step, row in enumerate(selectors.signals_of_child(child)):
        action = ""
        if row.acknowledged_at is not None and row.acknowledged_by:
            when = timezone.localtime(row.acknowledged_at).date()
            decision = row.decision
            action = (
                f"{_DECISIONS.get(decision, decision)} ({row.acknowledged_by}, "
                f"{when.day} {when:%B %Y}): {row.rationale}"
            )
        events.append(
            ChronologyEvent(
                on=row.raised_on,
                kind="decision",
                title=f"Signal raised: {RULES_BY_ID[row.rule_id].title}",
                detail=row.explanation,
                who=f"Sent to {row.sent_to}" if row.sent_to else "",
                step=100 + step,
                action_taken=action,
            )
        )
    return events
