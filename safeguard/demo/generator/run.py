"""The stages of `generate_demo`, in order, each with a progress bar on stderr.

1. journeys: children arrive at the front door and go through the statutory steps;
2. families: their parents, siblings and homes;
3. staffing: the workforce, sized from the work, and who held each case when;
4. front door: how each contact arrived, and the queue waiting at the as-of date; then when
   each case note and visit was written up;
5. rules: every child's history checked against `cases.workflow.rules`;
6. writing: bulk inserts in one transaction.
Only the last stage touches the database.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from tqdm import tqdm

from . import calibration as cal
from .benchmarks import give_benchmarks
from .care_leavers import give_care_leavers
from .case_audits import give_case_audits
from .conferences import record_conferences
from .education import give_education, write_education
from .family_help import family_help_teams_add, give_family_help
from .front_door import FrontDoorRows, give_routes, open_front_door, validate_front_door
from .health import give_health
from .improvement import give_improvement
from .measure import Figures, measure
from .missing import give_missing_episodes
from .organisation import Workforce, build_workforce
from .people import add_family, northbridge_streets
from .permanence import PermanenceRows, give_permanence, write_permanence
from .population import arrivals, simulate
from .providers import give_placements_urns, make_demo_placement_to_review
from .records import ChildHistory
from .staffing import allocate, make_demo_allocation_waiting, make_demo_visits_overdue, name_workers
from .streams import substream
from .supervision import give_supervision
from .timeline import Timeline
from .validation import validate_child
from .workforce import give_workforce
from .workforce_pay import give_workforce_pay
from .write_ups import time_write_ups
from .writing import assign_ids, write_everything

AUTHORITY_NAME = "Northbridge City Council"


@dataclass(frozen=True)
class Options:
    seed: int
    scale: float
    as_of: date
    demo_password: str
    show_progress: bool = True

    @property
    def child_population(self) -> int:
        return max(1, round(cal.CHILD_POPULATION_AT_SCALE_1 * self.scale))


@dataclass
class Built:
    """Everything generated, in memory and checked, before anything is written."""

    timeline: Timeline
    children: list[ChildHistory]
    workforce: Workforce
    front_door: FrontDoorRows
    permanence: PermanenceRows = field(default_factory=PermanenceRows)

    def row_count(self) -> int:
        wf = self.workforce
        total = len(wf.services) + len(wf.teams) + len(wf.workers) + self.front_door.row_count()
        for h in self.children:
            for name in ChildHistory.__slots__:
                value = getattr(h, name)
                if isinstance(value, list) and name != "runs":
                    total += len(value)
        return total


@dataclass
class Result:
    children: int
    rows: dict[str, int] = field(default_factory=dict)
    figures: Figures | None = None


@contextmanager
def _bar(desc: str, total: int, show: bool) -> Iterator[Any]:
    bar = tqdm(
        total=total, desc=desc, file=sys.stderr, disable=not show, dynamic_ncols=True,
        mininterval=0.5,
    )  # fmt: skip
    try:
        yield bar
    finally:
        bar.close()


def build(options: Options) -> Built:
    """Stages 1-5: the whole authority in memory, checked against the rules."""
    show = options.show_progress
    timeline = Timeline.ending(options.as_of)
    found = arrivals(options.seed, options.scale, timeline)
    with _bar("Journeys", found.total, show) as bar:
        journeys = simulate(options.seed, timeline, found, lambda: bar.update(1))
    children = [j.h for j, _ in journeys]

    streets = northbridge_streets(options.seed)
    with _bar("Families", len(journeys), show) as bar:
        for j, front_door_only in journeys:
            rng = substream(options.seed, "family", j.h.index)
            add_family(j.h, rng, streets, j.born, timeline.as_of, front_door_only=front_door_only)
            bar.update(1)
    del journeys

    with _bar("Staffing", 4, show) as bar:
        workforce = build_workforce(options.seed, timeline, children)
        bar.update(1)
        allocate(children, workforce, timeline.as_of)
        make_demo_allocation_waiting(children, workforce, timeline.as_of)
        give_placements_urns(children, options.seed, options.scale)
        make_demo_placement_to_review(children, workforce, timeline.as_of)
        bar.update(1)
        name_workers(children, workforce)
        bar.update(1)
        make_demo_visits_overdue(children, workforce, timeline.as_of)
        bar.update(1)

    with _bar("Front door", 2, show) as bar:
        give_routes(children, options.seed)
        bar.update(1)
        front_door = open_front_door(children, workforce, options.seed, timeline.as_of, streets)
        bar.update(1)
    time_write_ups(children, options.seed, timeline.as_of)
    record_conferences(children, options.seed)
    give_health(children, options.seed, timeline.as_of)
    give_missing_episodes(children, options.seed, timeline.as_of)
    permanence = give_permanence(children, options.seed, timeline.as_of, settings.SAFEGUARD_LA_CODE)

    with _bar("Checking rules", len(children), show) as bar:
        for h in children:
            validate_child(h, timeline.as_of)
            bar.update(1)
        validate_front_door(front_door, timeline.as_of)
    return Built(timeline, children, workforce, front_door, permanence)


def generate(options: Options) -> Result:
    """Build the authority and write it to the database."""
    # The configured code (settings: a real pair in demo mode), so the sector's validators
    # recognise the demo's UPNs (census rule 1530) while its people stay fictional.
    # (generate_demo has refused an empty one.)
    la_code = settings.SAFEGUARD_LA_CODE
    built = build(options)
    # The family help teams, after every other post (their own stream; others keep their ids).
    family_help_teams_add(built.workforce, options.seed, options.scale, built.timeline)
    education = give_education(built.children, options.seed, built.timeline.as_of)
    assign_ids(built.workforce, built.children, la_code, unmatched=built.front_door.unmatched)
    figures = measure(built.children, built.timeline, options.child_population, built.workforce)
    with _bar("Writing", built.row_count(), options.show_progress) as bar:
        rows = write_everything(
            authority_name=AUTHORITY_NAME,
            la_code=la_code,
            child_population=options.child_population,
            workforce=built.workforce,
            children=built.children,
            front_door=built.front_door,
            demo_password=options.demo_password,
            progress=bar.update,
        )
    rows.update(write_permanence(built.permanence))
    rows.update(write_education(education))
    # Care leavers are drawn from the written periods of care (care_leavers.eligibility).
    rows.update(give_care_leavers(options.seed, built.timeline.as_of))
    # Family help starts from the written record (early help decisions, RC9 step downs).
    rows.update(
        give_family_help(options.seed, options.scale, built.timeline.as_of, options.demo_password)
    )
    # The workforce, its supervision and quality assurance, read from the written record (the
    # establishment from who held the posts); then the improvement plan, whose evidence cites
    # the audits, and the neighbours the authority compares itself with.
    as_of = built.timeline.as_of
    rows.update(give_benchmarks(options.seed, options.scale, as_of))
    rows.update(give_workforce(options.seed, options.scale, as_of))
    rows.update(give_workforce_pay(options.seed, options.scale, as_of))
    rows.update(give_supervision(options.seed, options.scale, as_of))
    rows.update(give_case_audits(options.seed, options.scale, as_of))
    rows.update(give_improvement(options.seed, options.scale, as_of))
    return Result(children=len(built.children), rows=rows, figures=figures)
