"""Where the multi-agency hub adds to social care's pages without `cases` importing it.

Partners depend on social care, not the other way round (docs/architecture.md), yet the
child's chronology must show what partners told us and the worker's and manager's pages must
show the signals raised from it. So the hub registers small read functions here from its
`AppConfig.ready()`, and the case record's selectors call whatever is registered. Each
function must read a fixed number of rows' worth of queries (one or two), whatever the case,
so the pages keep their fixed query counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeguard.organisation.models import Team
    from safeguard.people.models import Person

    from .selectors.record import ChronologyEvent


@dataclass(frozen=True)
class Panel:
    """A block of a page: a template and what it needs. `title` labels it in the page's
    contents list; `anchor` is the id its heading carries."""

    template_name: str
    title: str
    anchor: str
    context: dict[str, Any] = field(default_factory=dict)


# (user, child) -> events for the child's chronology, already need-to-know checked by the caller
ChronologySource = Callable[[Any, "Person"], Sequence["ChronologyEvent"]]
# (user, child, today) -> a panel on the child record, or None to show nothing
RecordPanelSource = Callable[[Any, "Person", date], Panel | None]
# (user, today) -> a panel on "My cases"
CaseloadPanelSource = Callable[[Any, date], Panel | None]
# (user, teams, today) -> a panel on the team dashboard for those teams
TeamPanelSource = Callable[[Any, Sequence["Team"], date], Panel | None]

_chronology_sources: list[ChronologySource] = []
_record_panels: list[RecordPanelSource] = []
_caseload_panels: list[CaseloadPanelSource] = []
_team_panels: list[TeamPanelSource] = []


def _register(registry: list[Any], source: Any) -> Any:
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


def chronology_events(user: Any, child: Person) -> list[ChronologyEvent]:
    return [event for source in _chronology_sources for event in source(user, child)]


def record_panels(user: Any, child: Person, today: date) -> list[Panel]:
    panels = (source(user, child, today) for source in _record_panels)
    return [p for p in panels if p is not None]


def caseload_panels(user: Any, today: date) -> list[Panel]:
    panels = (source(user, today) for source in _caseload_panels)
    return [p for p in panels if p is not None]


def team_panels(user: Any, teams: Sequence[Team], today: date) -> list[Panel]:
    panels = (source(user, teams, today) for source in _team_panels)
    return [p for p in panels if p is not None]
