"""Where the multi-agency hub adds to social care's pages without `cases` importing it.

Partners depend on social care, not the other way round (docs/architecture.md), yet the
child's chronology must show what partners told us and the worker's and manager's pages must
show the signals raised from it. So the hub registers small read functions here from its
`AppConfig.ready()`, and the case record's selectors call whatever is registered. Each
function must read a fixed number of rows' worth of queries (one or two), whatever the case,
so the pages keep their fixed query counts.

What a registered function returns is defined here too: a `Panel`, or `ChronologyEvent`s using
the chronology's types (`CHRONOLOGY_TYPES`) and agencies (`AGENCIES`). Social care's own
chronology (`selectors.record`) builds the same events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from safeguard.common.types import AnyUser

if TYPE_CHECKING:
    from safeguard.cases.workflow.timeline import DueItem
    from safeguard.organisation.models import Team
    from safeguard.people.models import Person

__all__ = [
    "AGENCIES",
    "CHRONOLOGY_TYPES",
    "SOCIAL_CARE",
    "CaseloadPanelSource",
    "ChronologyEvent",
    "ChronologySource",
    "Panel",
    "RecordPanelSource",
    "TeamPanelSource",
    "TimelineSource",
    "caseload_panels",
    "chronology_events",
    "record_panels",
    "register_caseload_panel",
    "register_chronology_source",
    "register_record_panel",
    "register_team_panel",
    "register_timeline_source",
    "team_panels",
    "timeline_items",
]

# The chronology's types of event, in the order the statutory journey meets them (also the
# order of events on the same day, oldest first).
CHRONOLOGY_TYPES: tuple[tuple[str, str], ...] = (
    ("contact", "Contacts"),
    ("referral", "Referrals"),
    ("allocation", "Allocations"),
    ("assessment", "Assessments"),
    ("strategy_discussion", "Strategy discussions"),
    ("section47", "Section 47 enquiries"),
    ("conference", "Child protection conferences"),
    ("plan", "Plans and plan reviews"),
    ("looked_after", "Looked after"),
    ("visit", "Visits"),
    ("case_note", "Case notes"),
    ("decision", "Management decisions"),
    ("partner", "Information from partner agencies"),
)
_TYPE_RANK = {code: rank for rank, (code, _) in enumerate(CHRONOLOGY_TYPES)}
_TYPE_LABELS = {
    "contact": "Contact",
    "referral": "Referral",
    "allocation": "Allocation",
    "assessment": "Assessment",
    "strategy_discussion": "Strategy discussion",
    "section47": "Section 47 enquiry",
    "conference": "Conference",
    "plan": "Plan",
    "looked_after": "Looked after",
    "visit": "Visit",
    "case_note": "Case note",
    "decision": "Management decision",
    "partner": "Partner information",
}

SOCIAL_CARE = "social_care"
# Who an event came from: children's social care itself, or the agency that told us, grouped
# as the census groups referral sources (codes.ReferralSource: 1x individuals, 2x education,
# 3x health, ...).
AGENCIES: tuple[tuple[str, str], ...] = (
    (SOCIAL_CARE, "Children's social care"),
    ("individual", "Family, friends and the public"),
    ("education", "Education"),
    ("health", "Health"),
    ("housing", "Housing"),
    ("council", "Other council services"),
    ("police", "Police"),
    ("legal", "Courts, probation and other legal agencies"),
    ("voluntary", "Voluntary and other organisations"),
    ("anonymous", "Anonymous or unknown"),
)


@dataclass(frozen=True)
class ChronologyEvent:
    """One line of a child's chronology, from social care's record or a partner agency."""

    on: date
    kind: str  # a CHRONOLOGY_TYPES code
    title: str
    detail: str = ""
    who: str = ""
    rationale: str = ""
    agencies: frozenset[str] = frozenset({SOCIAL_CARE})
    # The id of the fuller entry on the page (a case note), if there is one.
    anchor: str = ""
    # Orders events of the same type on the same day (a start before its end).
    step: int = 0
    # Marked significant by the agency or worker (a court-bundle chronology's "significance").
    significant: bool = False
    # What was done about it ("action taken" in a court-bundle chronology), where recorded.
    action_taken: str = ""

    @property
    def kind_label(self) -> str:
        return _TYPE_LABELS[self.kind]

    @property
    def agency_labels(self) -> list[str]:
        return [label for code, label in AGENCIES if code in self.agencies]

    @property
    def sort_key(self) -> tuple[date, int, int]:
        return (self.on, _TYPE_RANK[self.kind], self.step)


@dataclass(frozen=True)
class Panel:
    """A block of a page: a template and what it needs. `title` labels it in the page's
    contents list; `anchor` is the id its heading carries."""

    template_name: str
    title: str
    anchor: str
    context: dict[str, Any] = field(default_factory=dict)


# (user, child) -> events for the child's chronology, already need-to-know checked by the caller
ChronologySource = Callable[[AnyUser, "Person"], Sequence[ChronologyEvent]]
# (user, child, today) -> a panel on the child record, or None to show nothing
RecordPanelSource = Callable[[AnyUser, "Person", date], Panel | None]
# (user, today) -> a panel on "My cases"
CaseloadPanelSource = Callable[[AnyUser, date], Panel | None]
# (user, teams, today) -> a panel on the team dashboard for those teams
TeamPanelSource = Callable[[AnyUser, Sequence["Team"], date], Panel | None]

# (user, child, today, the authority's timescales) -> more clocks for the child's timeline,
# in the timeline's own `DueItem`s (the care app's health assessments)
TimelineSource = Callable[[AnyUser, "Person", date, Mapping[str, int]], Sequence["DueItem"]]

_Source = TypeVar("_Source")

_chronology_sources: list[ChronologySource] = []
_record_panels: list[RecordPanelSource] = []
_caseload_panels: list[CaseloadPanelSource] = []
_team_panels: list[TeamPanelSource] = []
_timeline_sources: list[TimelineSource] = []


def _register(registry: list[_Source], source: _Source) -> _Source:
    # ready() can run twice in tests that reload apps; register each function once.
    if source not in registry:
        registry.append(source)
    return source


def register_chronology_source(source: ChronologySource) -> ChronologySource:
    return _register(_chronology_sources, source)


def register_record_panel(source: RecordPanelSource) -> RecordPanelSource:
    return _register(_record_panels, source)


def register_caseload_panel(source: CaseloadPanelSource) -> CaseloadPanelSource:
    return _register(_caseload_panels, source)


def register_team_panel(source: TeamPanelSource) -> TeamPanelSource:
    return _register(_team_panels, source)


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    return _register(_timeline_sources, source)


def timeline_items(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> list[DueItem]:
    return [i for source in _timeline_sources for i in source(user, child, today, timescales)]


def chronology_events(user: AnyUser, child: Person) -> list[ChronologyEvent]:
    return [event for source in _chronology_sources for event in source(user, child)]


def record_panels(user: AnyUser, child: Person, today: date) -> list[Panel]:
    panels = (source(user, child, today) for source in _record_panels)
    return [p for p in panels if p is not None]


def caseload_panels(user: AnyUser, today: date) -> list[Panel]:
    panels = (source(user, today) for source in _caseload_panels)
    return [p for p in panels if p is not None]


def team_panels(user: AnyUser, teams: Sequence[Team], today: date) -> list[Panel]:
    panels = (source(user, teams, today) for source in _team_panels)
    return [p for p in panels if p is not None]
