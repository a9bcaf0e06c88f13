"""The authority's services, teams and workforce, and who held each child's case when.

Teams are sized from the work the journeys created: each case-holding team gets enough
full-time equivalents for about 16 children each at the as-of date (the national caseload).
Each worker "slot" in a team is held by a chain of people over the years (turnover, agency
cover), and a case allocated to a slot moves to the next person when its holder leaves.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from safeguard.demo import names

from . import calibration as cal
from .records import (
    ChildHistory,
    Segment,
    ServiceRow,
    TeamRow,
    WorkerRow,
)
from .streams import between, chance, pick, substream
from .timeline import Timeline

CASE_HOLDING_KINDS = (
    "assessment",
    "child_protection",
    "children_in_need",
    "children_in_care",
    "care_leavers",
    "disabled_children",
)
LOCALITIES = ("North", "South", "East", "West", "Central")
SERVICES = {
    "Front Door and Assessment": ("front_door", "assessment"),
    "Safeguarding": ("child_protection", "children_in_need", "disabled_children"),
    "Children in Care and Care Leavers": ("children_in_care", "care_leavers"),
    "Quality Assurance and Reviewing": ("conference_and_review",),
}
TEAM_LABELS = {
    "front_door": "MASH",
    "assessment": "Assessment Team",
    "child_protection": "Child Protection Team",
    "children_in_need": "Children in Need Team",
    "children_in_care": "Children in Care Team",
    "care_leavers": "Care Leavers Team",
    "disabled_children": "Disabled Children's Team",
    "conference_and_review": "Conference and Review Team",
}
# A team of about this many case-holding social workers under one manager.
TEAM_SIZE = 7
FTE_CHOICES = (1.0,) * 16 + (0.8,) * 3 + (0.6,)
CONTACTS_PER_FRONT_DOOR_WORKER = 900
CHILDREN_PER_CHAIR = 55
# The demo social worker carries a little more than the team average (about 20 children).
DEMO_WORKER_CAPACITY = 1.25
# Permanent staff stay about six years (turnover ~16% a year); agency workers about a year.
PERMANENT_YEARS = 1 / cal.TURNOVER_PER_YEAR
AGENCY_YEARS = 1.2
# Agency workers stay a fifth as long, so for 17.8% of posts to be held by one at any time
# (the national share) about half of all hires must be agency: solve s = p*A / (p*A + (1-p)*P).
AGENCY_HIRE_SHARE = (
    cal.AGENCY_SHARE * PERMANENT_YEARS
    / (cal.AGENCY_SHARE * PERMANENT_YEARS + (1 - cal.AGENCY_SHARE) * AGENCY_YEARS)
)  # fmt: skip


@dataclass(eq=False)
class Slot:
    """One post in a team, held by one worker after another."""

    team: TeamRow
    capacity: float
    holders: list[WorkerRow]
    starts: list[date] = field(default_factory=list)

    def holder_on(self, d: date) -> WorkerRow:
        return self.holders[max(0, bisect_right(self.starts, d) - 1)]


@dataclass
class Workforce:
    services: list[ServiceRow]
    teams: list[TeamRow]
    workers: list[WorkerRow]
    teams_by_kind: dict[str, list[TeamRow]]
    slots: dict[TeamRow, list[Slot]]
    demo_workers: dict[str, WorkerRow]


@dataclass(frozen=True)
class Interval:
    start: date
    end: date | None
    kind: str
    needs_worker: bool
    reason: str


def case_intervals(h: ChildHistory, as_of: date) -> list[Interval]:
    """The child's allocation plan as back-to-back intervals, cut at the as-of date."""
    out: list[Interval] = []
    for run in h.runs:
        segments: list[Segment] = []
        for seg in sorted(run.segments, key=lambda s: s.start):
            if seg.start > as_of or (segments and run.end is not None and seg.start >= run.end):
                continue
            if segments and segments[-1].start == seg.start:
                segments[-1] = seg
            else:
                segments.append(seg)
        for i, seg in enumerate(segments):
            end = segments[i + 1].start if i + 1 < len(segments) else run.end
            out.append(Interval(seg.start, end, seg.kind, seg.needs_worker, seg.reason))
    return out


def _person_name(rng: random.Random) -> tuple[str, str]:
    group = pick(rng, tuple(names.SURNAMES))
    table = names.FIRST_NAMES_FEMALE if chance(rng, 0.8) else names.FIRST_NAMES_MALE
    return pick(rng, table[group]), pick(rng, names.SURNAMES[group])


class _Hiring:
    def __init__(self, seed: int, timeline: Timeline) -> None:
        self.rng = substream(seed, "workforce")
        self.t = timeline
        self.workers: list[WorkerRow] = []
        self.registration = 100_000

    def hire(
        self, role: str, team: TeamRow | None, started: date, *, agency: bool = False,
        fte: float = 1.0,
    ) -> WorkerRow:  # fmt: skip
        first, last = _person_name(self.rng)
        number = ""
        if role in ("social_worker", "senior_practitioner", "team_manager", "conference_chair",
                    "head_of_service", "front_door_worker"):  # fmt: skip
            self.registration += between(self.rng, 1, 97)
            number = f"SW{self.registration}"
        worker = WorkerRow(first, last, role, team, started, None, fte, agency, number)
        self.workers.append(worker)
        return worker

    def long_serving(self) -> date:
        return self.t.sim_start - timedelta(days=between(self.rng, 200, 10 * 365))

    def slot(self, team: TeamRow, role: str, *, steady: bool = False, capacity: float = 0) -> Slot:
        """A post and the chain of people who held it up to the as-of date."""
        rng = self.rng
        fte = pick(rng, FTE_CHOICES) if not steady else 1.0
        slot = Slot(team, capacity or fte, [])
        started = self.long_serving()
        while True:
            agency = not steady and chance(rng, AGENCY_HIRE_SHARE)
            worker = self.hire(role, team, started, agency=agency, fte=fte)
            slot.holders.append(worker)
            slot.starts.append(started)
            if steady:
                return slot
            mean_years = AGENCY_YEARS if agency else PERMANENT_YEARS
            left = started + timedelta(days=30 + int(rng.expovariate(1 / (mean_years * 365))))
            if left > self.t.as_of:
                return slot
            worker.left_on = left
            started = left


def build_workforce(seed: int, timeline: Timeline, children: list[ChildHistory]) -> Workforce:
    """Services, teams and posts sized from the work at the as-of date."""
    as_of = timeline.as_of
    demand = dict.fromkeys(CASE_HOLDING_KINDS, 0)
    contacts_last_year = 0
    statutory_reviews = 0
    year_ago = as_of - timedelta(days=365)
    for h in children:
        for interval in case_intervals(h, as_of):
            if interval.end is None and interval.needs_worker:
                demand[interval.kind] += 1
        contacts_last_year += sum(1 for c in h.contacts if c.received_at.date() > year_ago)
        statutory_reviews += sum(1 for p in h.plans if p.end_date is None)
        statutory_reviews += sum(1 for p in h.care_periods if p.end_date is None)

    hiring = _Hiring(seed, timeline)
    services: list[ServiceRow] = []
    teams: list[TeamRow] = []
    teams_by_kind: dict[str, list[TeamRow]] = {}
    service_of_kind: dict[str, ServiceRow] = {}
    for service_name, kinds in SERVICES.items():
        service = ServiceRow(service_name)
        services.append(service)
        for kind in kinds:
            service_of_kind[kind] = service

    front_door_workers = max(2, math.ceil(contacts_last_year / CONTACTS_PER_FRONT_DOOR_WORKER))
    chairs = max(2, math.ceil(statutory_reviews / CHILDREN_PER_CHAIR))
    headcount = {kind: demand[kind] / cal.NATIONAL_CASELOAD_PER_FTE for kind in CASE_HOLDING_KINDS}
    headcount["front_door"] = front_door_workers
    headcount["conference_and_review"] = chairs
    for kind in TEAM_LABELS:
        count = max(1, round(headcount[kind] / TEAM_SIZE))
        kind_teams: list[TeamRow] = []
        for i in range(count):
            label = TEAM_LABELS[kind]
            name = f"{label} {LOCALITIES[i % len(LOCALITIES)]}" if count > 1 else label
            if count > len(LOCALITIES):
                name += f" {i // len(LOCALITIES) + 1}"
            slug = name.lower().replace("'", "").replace(" ", ".")
            team = TeamRow(
                name, kind, service_of_kind[kind],
                phone=f"{names.FICTION_PHONE_PREFIX}{len(teams):03d}",
                email=f"{slug}@{names.EMAIL_DOMAIN}",
            )  # fmt: skip
            kind_teams.append(team)
            teams.append(team)
        teams_by_kind[kind] = kind_teams

    for service in services:
        service.head = hiring.hire("head_of_service", None, hiring.long_serving())
    for team in teams:
        team.manager = hiring.hire("team_manager", team, hiring.long_serving())

    # Posts: case-holding teams from the children they hold at the as-of date.
    team_demand = _team_demand(children, teams_by_kind, as_of)
    slots: dict[TeamRow, list[Slot]] = {}
    demo: dict[str, WorkerRow] = {}
    for team in teams:
        team_slots: list[Slot] = []
        if team.kind == "front_door":
            per_team = math.ceil(front_door_workers / len(teams_by_kind["front_door"]))
            for i in range(per_team):
                team_slots.append(hiring.slot(team, "front_door_worker", steady=i == 0))
        elif team.kind == "conference_and_review":
            per_team = math.ceil(chairs / len(teams_by_kind["conference_and_review"]))
            for i in range(per_team):
                team_slots.append(hiring.slot(team, "conference_chair", steady=i == 0))
        else:
            needed = max(1.5, team_demand.get(team, 0) / cal.NATIONAL_CASELOAD_PER_FTE)
            is_demo_team = team is teams_by_kind["child_protection"][0]
            # Posts to the nearest whole worker, so caseloads average about 16.
            while sum(s.capacity for s in team_slots) < needed - 0.45:
                i = len(team_slots)
                role = "senior_practitioner" if i == 1 else "social_worker"
                if is_demo_team and i == 0:
                    slot = hiring.slot(team, role, steady=True, capacity=DEMO_WORKER_CAPACITY)
                else:
                    slot = hiring.slot(team, role)
                team_slots.append(slot)
        slots[team] = team_slots

    cp_team = teams_by_kind["child_protection"][0]
    demo["sw.demo"] = slots[cp_team][0].holders[0]
    assert cp_team.manager is not None
    demo["tm.demo"] = cp_team.manager
    assert cp_team.service.head is not None
    demo["hos.demo"] = cp_team.service.head
    demo["mash.demo"] = slots[teams_by_kind["front_door"][0]][0].holders[0]
    demo["chair.demo"] = slots[teams_by_kind["conference_and_review"][0]][0].holders[0]
    started = hiring.long_serving()
    demo["auditor.demo"] = hiring.hire("auditor", None, started)
    demo["analyst.demo"] = hiring.hire("performance_analyst", None, started)
    demo["admin.demo"] = hiring.hire("system_administrator", None, started)
    return Workforce(services, teams, hiring.workers, teams_by_kind, slots, demo)


def team_for(h: ChildHistory, kind: str, teams_by_kind: dict[str, list[TeamRow]]) -> TeamRow:
    kind_teams = teams_by_kind[kind]
    return kind_teams[(h.district - 1) % len(kind_teams)]


def _team_demand(
    children: Iterable[ChildHistory], teams_by_kind: dict[str, list[TeamRow]], as_of: date
) -> dict[TeamRow, int]:
    demand: dict[TeamRow, int] = {}
    for h in children:
        for interval in case_intervals(h, as_of):
            if interval.end is None and interval.needs_worker:
                team = team_for(h, interval.kind, teams_by_kind)
                demand[team] = demand.get(team, 0) + 1
    return demand
