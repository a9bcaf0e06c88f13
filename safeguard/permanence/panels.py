"""What the permanence app adds to the child's record through the seam (`cases.extensions`):
the adoption journey and previous permanence with the links to record each step, and each
step in the child's chronology."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import ChronologyEvent, Panel
from safeguard.common.forms import day_text
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors
from .models import AdoptionDecision, PermanencePlan, PreviousPermanence

TEMPLATE = "permanence/adoption_panel.html"
MANAGE = "child.manage_episodes"
ANCHOR = "permanence-adoption"


def _previous(previous: PreviousPermanence | None) -> str:
    if previous is None:
        return "Not recorded"
    if previous.order_date is None:
        return previous.get_option_display()
    return (
        f"{previous.get_option_display()}, order of {day_text(previous.order_date)} "
        f"(authority {previous.authority_code})"
    )


def _plan(plan: PermanencePlan) -> str:
    return f"{plan.get_plan_display()} (agreed {day_text(plan.agreed_on)})"


def _rows(decision: AdoptionDecision, placed_on: date | None) -> list[tuple[str, str]]:
    rows = [("Decision to place for adoption", day_text(decision.decision_date))]
    if decision.match_date is not None:
        rows.append(
            (
                "Matched with prospective adopters",
                f"{day_text(decision.match_date)}: {decision.get_adopters_sex_display()}, "
                f"{decision.get_adopters_legal_status_display().lower()}",
            )
        )
    if placed_on is not None and placed_on >= decision.decision_date:
        rows.append(("Placed for adoption", day_text(placed_on)))
    if decision.order_date is not None:
        rows.append(("Adoption order", day_text(decision.order_date)))
    if decision.no_longer_date is not None:
        rows.append(
            (
                "Should no longer be placed for adoption",
                f"{day_text(decision.no_longer_date)}: {decision.get_no_longer_reason_display()}",
            )
        )
    return rows


def adoption_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown for a child who has been looked after: previous permanence for the latest period
    of care, its permanence plan with the earlier ones, and each decision to place for adoption
    with what followed; the links only while they are looked after, to the people who manage
    their episodes. Four queries, none for a child never looked after."""
    journey = selectors.adoption_journey(child=child)
    if journey.period is None:
        return None
    looked_after_now = journey.period.end_date is None
    links: list[tuple[str, str]] = []
    if looked_after_now and allowed(user, MANAGE, child):

        def link(name: str, text: str) -> None:
            links.append((url_for(name, [child.pk]), text))

        link(
            "permanence:permanence_plan",
            "Record a change of permanence plan" if journey.plans else "Record the permanence plan",
        )
        if journey.previous is None:
            link("permanence:previous_permanence", "Record previous permanence")
        standing = journey.open_decision
        if standing is None:
            link(
                "permanence:adoption_decision",
                "Record the decision that the child should be placed for adoption",
            )
        else:
            if standing.match_date is None:
                link("permanence:adoption_match", "Record the match with prospective adopters")
            elif journey.placed_on is None:
                link("cases:placement_change", "Record the placement for adoption (A3 to A6)")
            else:
                link("permanence:adoption_order", "Record the adoption order")
            link(
                "permanence:adoption_no_longer",
                "Record that the child should no longer be placed for adoption",
            )
    return Panel(
        TEMPLATE,
        "Adoption and permanence",
        ANCHOR,
        {
            "anchor": ANCHOR,
            "title": "Adoption and permanence",
            "previous": _previous(journey.previous),
            "plan": _plan(journey.plans[0]) if journey.plans else "Not recorded",
            "earlier_plans": [_plan(p) for p in journey.plans[1:]],
            "decisions": [_rows(d, journey.placed_on) for d in journey.decisions],
            "links": links,
        },
    )


def adoption_chronology(user: AnyUser, child: Person) -> Sequence[ChronologyEvent]:
    """Each step of the adoption journey on its day; the caller has applied need to know to
    the child. The decisions the section reads (one query, none for a child never looked
    after)."""
    events = []
    for decision in selectors.adoption_decisions_list(child=child):
        steps = [
            (decision.decision_date, "Decision that the child should be placed for adoption", ""),
            (
                decision.match_date,
                "Matched with prospective adopters",
                decision.get_adopters_sex_display() if decision.adopters_sex else "",
            ),
            (decision.order_date, "Adoption order made", ""),
            (
                decision.no_longer_date,
                "Decision that the child should no longer be placed for adoption",
                decision.get_no_longer_reason_display() if decision.no_longer_reason else "",
            ),
        ]
        for step, (on, title, detail) in enumerate(steps):
            if on is not None:
                events.append(
                    ChronologyEvent(
                        on=on, kind="looked_after", title=title, detail=detail, step=50 + step
                    )
                )
    return events
