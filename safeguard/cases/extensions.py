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

Clocks of apps above `cases` (care's health assessments, care leavers' pathway plans) reach
My cases, the team dashboard and the overdue lists through `register_clock_source`: a
`ClockSource` says which figures its clocks make on the team dashboard (`ClockFamily`) and
gives a function that, for a set of children, answers their open (unmet) items as `OpenClock`s
in a fixed number of queries, never one per child. These functions run on every request of
My cases and the dashboard, so they read with statements compiled once (`common.compiled`,
the ids as one run parameter: `common.id_lists.IdInParam`), their tables together where they
can (care's four reads are one union)::

    extensions.register_clock_source(
        extensions.ClockSource(
            name="care_health",
            families=(ClockFamily("health-assessments", "Health assessments", ...),),
            open_items=care_clocks.open_health_items,
        )
    )

`open_items(child_ids, today, timescales)`: `child_ids` is the children asked about, or None
for every child of the authority (the authority-wide overdue list); `timescales` is the
authority's (`timescales.clocks.local_timescales`), to be applied with
`clocks_with_local_overrides` so the due dates are the timeline's. Items already met, or whose
episode ended, are left out; access is the caller's (it passes only children the user may
see). The child's timeline keeps its own seam (`register_timeline_source`), which shows met
clocks as well.

A record panel or chronology source reads its tables about the child with the record's own, in
the record's one statement: `cases.selectors.record_tables.register_record_tables` at import of
the app's selectors, then `record_rows(child, name)` in the source (supervision, family help,
proceedings and case audits do). So a child with none of an app's rows costs the record no
query of that app's; `cases/tests/views/test_record_page.py` pins what the other apps add.

A team panel is handed the cases the dashboard has just read (`HeldCase`: child, worker, team
and the day allocated, need to know asked), so a panel about the teams' cases reads only what
is its own (supervision's: each case's latest supervision); `test_team_dashboard.py` pins what
the panels and clock sources add to the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

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
    "ClockFamily",
    "ClockSource",
    "HeldCase",
    "OpenClock",
    "OpenItemsReader",
    "Panel",
    "RecordPanelSource",
    "TeamPanelSource",
    "TimelineSource",
    "caseload_panels",
    "chronology_events",
    "clock_families",
    "clock_sources",
    "open_clocks",
    "record_panels",
    "register_caseload_panel",
    "register_chronology_source",
    "register_clock_source",
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
    # Registered by family_help (its start, step up and step down, and end).
    ("family_help", "Family help"),
    # Registered by supervision: each case supervision (docs/supervision.md).
    ("management_oversight", "Management oversight"),
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
    "family_help": "Family help",
    "management_oversight": "Case supervision",
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
# (user, teams, today, the cases the teams hold as the dashboard read them, or None where it
# could not name them) -> a panel on the team dashboard for those teams
TeamPanelSource = Callable[
    [AnyUser, Sequence["Team"], date, "Sequence[HeldCase] | None"], Panel | None
]

# (user, child, today, the authority's timescales) -> more clocks for the child's timeline,
# in the timeline's own `DueItem`s (the care app's health assessments)
TimelineSource = Callable[[AnyUser, "Person", date, Mapping[str, int]], Sequence["DueItem"]]


class HeldCase(NamedTuple):
    """A child whose case one of the dashboard's teams holds (allocated to a worker), as the
    dashboard read it, need to know already asked: handed to the team panels so that a panel
    about the teams' cases (supervision's) need not read their open allocations again. A
    tuple: one is made for every case of the teams on every view."""

    child_id: int
    child_name: str
    team_id: int
    worker_id: int
    worker_name: str
    allocated_on: date


@dataclass(frozen=True)
class OpenClock:
    """One open (unmet) statutory item of a child, as the overdue lists hold it."""

    child_id: int
    clock: str  # a `timescales.clocks.CLOCKS` name
    subject: str  # what it belongs to ("care_period", "missing_episode")
    subject_id: int
    started: date
    due: date


@dataclass(frozen=True)
class ClockFamily:
    """A pair of figures on the team dashboard ("<label> overdue", "<label> due soon") for the
    source's clocks named in `clocks`, in its looked-after table. `definition` says what is
    counted and the lengths, from the clocks' own periods; `started_heading` heads the list's
    column of the day each item's clock started."""

    slug: str
    label: str
    noun: str
    definition: str
    started_heading: str
    clocks: frozenset[str]


# (the children asked about, or None for all; today; the authority's timescales) -> their open
# items, in a fixed number of queries
OpenItemsReader = Callable[[Collection[int] | None, date, Mapping[str, int]], Sequence[OpenClock]]


@dataclass(frozen=True)
class ClockSource:
    name: str
    families: tuple[ClockFamily, ...]
    open_items: OpenItemsReader


_Source = TypeVar("_Source")

_chronology_sources: list[ChronologySource] = []
_record_panels: list[RecordPanelSource] = []
_caseload_panels: list[CaseloadPanelSource] = []
_team_panels: list[TeamPanelSource] = []
_timeline_sources: list[TimelineSource] = []
_clock_sources: list[ClockSource] = []


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


def register_clock_source(source: ClockSource) -> ClockSource:
    # Registered again under the same name (a reloaded app), it replaces the old one.
    _clock_sources[:] = [s for s in _clock_sources if s.name != source.name]
    _clock_sources.append(source)
    return source


def clock_sources() -> tuple[ClockSource, ...]:
    return tuple(_clock_sources)


def clock_families() -> tuple[ClockFamily, ...]:
    return tuple(family for source in _clock_sources for family in source.families)


def open_clocks(
    child_ids: Collection[int] | None, today: date, timescales: Mapping[str, int]
) -> list[OpenClock]:
    """Every registered source's open items for these children (None: every child)."""
    if child_ids is not None and not child_ids:
        return []
    return [
        item
        for source in _clock_sources
        for item in source.open_items(child_ids, today, timescales)
    ]


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


def team_panels(
    user: AnyUser, teams: Sequence[Team], today: date, held: Sequence[HeldCase] | None
) -> list[Panel]:
    """The registered team panels; `held` is the cases the teams hold as the dashboard read
    them (`selectors.team.TeamDashboard.held`), or None where it could not name them."""
    panels = (source(user, teams, today, held) for source in _team_panels)
    return [p for p in panels if p is not None]
