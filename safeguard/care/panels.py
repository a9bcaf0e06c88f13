"""What the care app adds to the child's record through the seam (`cases.extensions`): the
health summary with the links to record each step, and the health clocks on the timeline;
the missing episodes with their links, and the return home interview clocks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.urls import reverse

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import Panel
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.forms import day_text
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors

TEMPLATE = "care/health_panel.html"
MISSING_TEMPLATE = "care/missing_panel.html"
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


def _yes_no(value: bool | None) -> str:
    return "Not recorded yet" if value is None else ("Yes" if value else "No")


def missing_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown for a child who has been looked after: every missing episode, the open one
    first and marked; the links only while they are looked after, to the people who manage
    their episodes. Two queries whatever the history."""
    summary = selectors.care_period_latest_get(child=child)
    if summary is None:
        return None
    episodes = selectors.missing_episodes_list(child=child)
    looked_after_now = summary.end_date is None
    may_record = looked_after_now and allowed(user, MANAGE, child)
    rows = []
    for episode in episodes:
        interview_url = ""
        if (
            may_record
            and episode.period_id == summary.pk
            and episode.end_date is not None
            and episode.rhi_offered is None
        ):
            interview_url = reverse("care:return_interview", args=[child.pk, episode.pk])
        rows.append(
            {
                "episode": episode,
                "kind": episode.get_kind_display(),
                "start": day_text(episode.start_date),
                "end": day_text(episode.end_date) if episode.end_date else "",
                "found_at": episode.found_at,
                "offered": _yes_no(episode.rhi_offered),
                "accepted": _yes_no(episode.rhi_accepted) if episode.rhi_offered else "",
                "held": day_text(episode.rhi_date) if episode.rhi_date else "",
                "interview_url": interview_url,
            }
        )
    links = []
    if may_record:
        if any(e.is_open and e.period_id == summary.pk for e in episodes):
            links.append((reverse("care:missing_return", args=[child.pk]), "Record the return"))
        else:
            links.append(
                (reverse("care:missing_start", args=[child.pk]), "Record a missing episode")
            )
    return Panel(
        MISSING_TEMPLATE,
        "Missing episodes",
        "care-missing",
        {
            "anchor": "care-missing",
            "title": "Missing episodes",
            "rows": rows,
            "links": links,
        },
    )


def missing_timeline(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> Sequence[DueItem]:
    return selectors.return_interview_due_items_for_child(
        child=child, today=today, timescales=timescales
    )
