"""The demo authority's supervision (issue 17): case supervision of its allocated cases over
the last year, and personal supervision of its case-holding workers, by the supervision clock
(`supervision.clock`) and the authority's own interval.

Mostly on time, some late and some overdue on the day of the demo, improving through the year
(the share held by its due date rises from about 70% to 90%), as an authority recovering
from an inadequate inspection would show. Written after the rest of the demo, from the
allocations and workers already written; it changes none of their rows.

- A case allocated within the year is first supervised one interval after its allocation; a
  case allocated before it was last supervised in the weeks before the year began.
- The supervisor keeps the rules the services ask (`supervision.rules`): the case holder's
  team manager (never the case holder), and the worker's line manager for personal
  supervision; a team without a manager has no supervision here.
- Supervision actions are owned by the case holder, due one to three weeks on, most done.
- Nothing is dated after `as_of`. The texts are generated phrases about fictional work.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F

from safeguard.cases.models import Allocation
from safeguard.organisation.models import Authority, Worker
from safeguard.supervision.clock import due_after, on_or_after_working_day
from safeguard.supervision.models import CaseSupervision, PersonalSupervision, SupervisionAction
from safeguard.timescales.working_days import add_working_days, is_working_day

from .streams import between, chance, pick, substream

__all__ = ["ON_TIME_AT_END", "ON_TIME_AT_START", "give_supervision"]

YEAR = timedelta(days=365)
# The share of supervisions held by their due date, at the start and end of the year.
ON_TIME_AT_START = 0.70
ON_TIME_AT_END = 0.90

DISCUSSIONS = (
    "Progress against the plan; the child's views from the last visit.",
    "School attendance and the family's engagement with the plan.",
    "Risks at home since the last visit; what the health visitor reported.",
    "The assessment's analysis and whether the threshold is still met.",
    "Contact arrangements and how the child is settling in placement.",
    "The core group's view of progress; parental capacity to change.",
)
DECISIONS = (
    "Continue the plan; visit weekly until the next review, as the risks are unchanged.",
    "Ask for a strategy discussion if the school reports another unexplained injury.",
    "Step down to a child in need plan at the review if progress holds.",
    "Keep the current placement; complete the life story work before the review.",
    "Complete the assessment within timescale; seek the GP's information first.",
    "Hold a core group meeting within ten working days to agree new actions.",
)
ACTIONS = (
    "Visit the child at home and see them alone",
    "Ask the school for attendance and wellbeing information",
    "Update the chronology before the review",
    "Arrange a core group meeting",
    "Share the plan with the family and record their views",
    "Complete the direct work with the child",
)
WELLBEING = (
    "Well; a demanding month with two court hearings.",
    "Tired after a difficult visit; took time back the following week.",
    "Settled and well supported by the team.",
)
WORKLOAD = (
    "Caseload manageable; one complex case discussed at length.",
    "Caseload high this month; two cases to be reallocated.",
    "Caseload steady; court work taking much of the week.",
)
LEARNING = (
    "Attended the court skills course; reflective discussion on analysis in assessments.",
    "Booked on the trauma-informed practice training.",
    "Continuing professional development recorded with Social Work England.",
)


def _on_time_share(day: date, start: date, as_of: date) -> float:
    span = max((as_of - start).days, 1)
    progress = min(max((day - start).days / span, 0.0), 1.0)
    return ON_TIME_AT_START + (ON_TIME_AT_END - ON_TIME_AT_START) * progress


def _working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _held_dates(
    rng: random.Random, started: date, ended: date | None, interval: int, start: date, as_of: date
) -> Iterator[date]:
    """The days supervision was held, by the clock from `started`: each one on time (in the
    ten days before its due date) or late (three to twenty days after it), as the year's
    on-time share says; none after the end or after `as_of`."""
    last_day = as_of if ended is None else min(as_of, ended)
    anchor = started
    if started < start:
        # Supervised before the year began: the clock runs from that supervision.
        anchor = _working_day_on_or_before(start - timedelta(days=between(rng, 1, 25)))
        if anchor <= started:
            anchor = started
        else:
            yield anchor
    while True:
        due = due_after(anchor, interval)
        if chance(rng, _on_time_share(due, start, as_of)):
            held = _working_day_on_or_before(due - timedelta(days=between(rng, 0, 10)))
        else:
            held = on_or_after_working_day(due + timedelta(days=between(rng, 3, 20)))
        if held <= anchor:
            held = on_or_after_working_day(anchor + timedelta(days=1))
        if held > last_day:
            return
        yield held
        anchor = held


def _case_supervisions(
    seed: int, authority: Authority, start: date, as_of: date
) -> tuple[list[CaseSupervision], list[list[SupervisionAction]]]:
    interval = authority.supervision_interval_months
    allocations = (
        Allocation.objects.filter(
            team__authority=authority,
            worker__isnull=False,
            team__manager__isnull=False,
            start_date__lte=as_of,
        )
        .exclude(end_date__lt=start)
        .exclude(team__manager=F("worker"))
        .select_related("team")
        .order_by("pk")
    )
    supervisions: list[CaseSupervision] = []
    actions: list[list[SupervisionAction]] = []
    for allocation in allocations:
        rng = substream(seed, "case_supervision", allocation.pk)
        manager_id = allocation.team.manager_id
        assert manager_id is not None and allocation.worker_id is not None
        for held in _held_dates(
            rng, allocation.start_date, allocation.end_date, interval, start, as_of
        ):
            supervisions.append(
                CaseSupervision(
                    child_id=allocation.child_id,
                    case_holder_id=allocation.worker_id,
                    supervisor_id=manager_id,
                    held_on=held,
                    discussion=pick(rng, DISCUSSIONS),
                    decisions=pick(rng, DECISIONS),
                    recorded_by_id=manager_id,
                )
            )
            agreed = []
            for _ in range(between(rng, 0, 2)):
                due_on = add_working_days(held, between(rng, 5, 15))
                done = due_on <= as_of and chance(rng, 0.85)
                agreed.append(
                    SupervisionAction(
                        what=pick(rng, ACTIONS),
                        owner_id=allocation.worker_id,
                        due_on=due_on,
                        done_on=min(due_on - timedelta(days=between(rng, 0, 4)), as_of)
                        if done
                        else None,
                    )
                )
            actions.append(agreed)
    return supervisions, actions


def _personal_supervisions(
    seed: int, authority: Authority, start: date, as_of: date
) -> list[PersonalSupervision]:
    interval = authority.supervision_interval_months
    workers = (
        Worker.objects.filter(
            authority=authority,
            role__in=Worker.CASE_HOLDING_ROLES,
            team__manager__isnull=False,
            started_on__lte=as_of,
        )
        .exclude(left_on__lt=start)
        .select_related("team")
        .order_by("pk")
    )
    rows = []
    for worker in workers:
        assert worker.team is not None and worker.team.manager_id is not None
        manager_id = worker.team.manager_id
        if manager_id == worker.pk:
            continue
        rng = substream(seed, "personal_supervision", worker.pk)
        for held in _held_dates(rng, worker.started_on, worker.left_on, interval, start, as_of):
            rows.append(
                PersonalSupervision(
                    worker_id=worker.pk,
                    supervisor_id=manager_id,
                    held_on=held,
                    wellbeing=pick(rng, WELLBEING),
                    workload=pick(rng, WORKLOAD),
                    learning=pick(rng, LEARNING),
                    agreed="Next supervision booked.",
                    recorded_by_id=manager_id,
                )
            )
    return rows


def give_supervision(seed: int, scale: float, as_of: date) -> dict[str, int]:
    """Write the demo's case and personal supervision for the year to `as_of`; the rows
    written, by model. The scale is the rest of the demo's: supervision follows the cases and
    workers already written."""
    start = as_of - YEAR
    written = {"case": 0, "action": 0, "personal": 0}
    with transaction.atomic():
        for authority in Authority.objects.order_by("pk"):
            supervisions, actions = _case_supervisions(seed, authority, start, as_of)
            CaseSupervision.objects.bulk_create(supervisions, batch_size=2000)
            agreed = []
            for supervision, its_actions in zip(supervisions, actions, strict=True):
                for action in its_actions:
                    action.supervision = supervision
                    agreed.append(action)
            SupervisionAction.objects.bulk_create(agreed, batch_size=2000)
            personal = _personal_supervisions(seed, authority, start, as_of)
            PersonalSupervision.objects.bulk_create(personal, batch_size=2000)
            written["case"] += len(supervisions)
            written["action"] += len(agreed)
            written["personal"] += len(personal)
    return {
        "supervision.casesupervision": written["case"],
        "supervision.supervisionaction": written["action"],
        "supervision.personalsupervision": written["personal"],
    }
