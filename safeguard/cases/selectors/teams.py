"""Your teams: a head of service's teams side by side (the head of service's landing page).

Each team's caseload, the work waiting for a decision and what is overdue, summed from the
team dashboards' own figures (`team.team_dashboards_get`), so the row and the team's page
cannot disagree and the page asks no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.organisation.models import Team

from .. import extensions
from .team import TeamDashboard, TeamMeasure, team_measures

# The figures that count statutory work past its timescale, in the order a team's page gives
# them.
OVERDUE_MEASURES = (
    "assessments-overdue",
    "cp-visits-overdue",
    "initial-conferences-overdue",
    "review-conferences-overdue",
    "care-plans-overdue",
    "looked-after-reviews-overdue",
    "looked-after-visits-overdue",
)


def overdue_measures() -> tuple[str, ...]:
    """`OVERDUE_MEASURES` and the overdue figure of each family of clocks other apps register."""
    return OVERDUE_MEASURES + tuple(f"{f.slug}-overdue" for f in extensions.clock_families())


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    # Children allocated to a worker in the team.
    caseload: int
    # Children waiting for a worker, and open referrals with no allocation.
    unallocated: int
    # Assessments sent to a manager and not yet decided.
    awaiting_authorisation: int
    # Each overdue figure that is not nought, with its count.
    overdue: list[tuple[TeamMeasure, int]]

    @property
    def overdue_total(self) -> int:
        return sum(count for _measure, count in self.overdue)


def team_summaries(dashboards: list[TeamDashboard]) -> list[TeamSummary]:
    """Each team's line on "Your teams", from its dashboard's figures."""
    measures = team_measures()
    return [
        TeamSummary(
            team=dashboard.team,
            caseload=dashboard.counts.get("caseload", 0),
            unallocated=dashboard.counts.get("unallocated", 0),
            awaiting_authorisation=dashboard.counts.get("awaiting-authorisation", 0),
            overdue=[
                (measures[slug], dashboard.counts[slug])
                for slug in overdue_measures()
                if dashboard.counts.get(slug, 0)
            ],
        )
        for dashboard in dashboards
    ]
