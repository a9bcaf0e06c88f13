"""The demo authority's case audits (issue 17): the quality assurance team's and managers'
audits of practice on children's cases over the last five years (or since the first
allocation, if later), with grades that improve as an authority recovering from an
inadequate inspection would show: about a third inadequate at first, mostly good by the end.

Written after the rest of the demo, from the allocations and workers already written; it
changes none of their rows. Every row keeps the rules the services ask (`case_audits.rules`):

- the practice audited is that of the worker holding the case on the day the audit starts,
  in that allocation's team;
- the auditor is the authority's auditor or a manager in post, never the worker nor anyone
  who has held the child's case;
- a completed audit has every theme graded, its strengths and areas for development; a grade
  of inadequate (overall or on a theme) always has an action; the audits started in the last
  few weeks are still in progress;
- actions are owned by the worker or their team manager, due two to six weeks on, most done;
- most workers respond within a fortnight of completion, most agreeing;
- nothing is dated after `as_of`. The texts are generated phrases about fictional work.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from safeguard.case_audits.models import (
    AuditTheme,
    CaseAudit,
    CaseAuditAction,
    CaseAuditThemeGrade,
    Grade,
)
from safeguard.cases.models import Allocation
from safeguard.organisation.models import Authority, Worker

from .streams import between, chance, pick, substream

YEARS = 5
# Audits a month at scale 1: a quality assurance programme auditing a few cases per team.
AUDITS_PER_MONTH = 20
MIN_AUDITS_PER_MONTH = 2
GRADES = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
AUDITOR_ROLES = (Worker.Role.AUDITOR, Worker.Role.TEAM_MANAGER, Worker.Role.HEAD_OF_SERVICE)

STRENGTHS = (
    "The child's views are recorded in their own words at each visit.",
    "Visits are regular and purposeful, and the worker knows the child well.",
    "The assessment draws together the history and what partners know.",
    "The plan is clear about what must change, by whom and by when.",
    "Management oversight is recorded and gives the case direction.",
    "Partners are involved in planning and share information promptly.",
)
DEVELOPMENT = (
    "Record the child's lived experience, not only what adults say.",
    "The plan's actions need dates and named owners.",
    "Supervision should record the reasons for decisions.",
    "The chronology is not up to date.",
    "Analysis of risk should weigh the history, not only the latest incident.",
    "Contingency plans are missing if things do not improve.",
)
FINDINGS = {
    Grade.OUTSTANDING: "Exemplary: the record shows the difference made for the child.",
    Grade.GOOD: "Consistently good practice, with small gaps.",
    Grade.REQUIRES_IMPROVEMENT: "Practice is not yet good: some gaps affect the child.",
    Grade.INADEQUATE: "Serious gaps leave the child at risk of harm.",
}
ACTIONS = (
    "Visit the child and record their wishes and feelings.",
    "Update the chronology and the assessment.",
    "Add dates and owners to the plan's actions.",
    "Discuss the case in supervision and record the decision.",
    "Hold a professionals meeting with the school and health visitor.",
    "Complete a contingency plan.",
)
RESPONSES_AGREE = (
    "I agree with the findings and have updated the plan.",
    "Agreed: the visits are now recorded in the child's words.",
)
RESPONSES_DISAGREE = (
    "The visits were late because the family moved; this is on the record.",
    "I do not agree: the assessment took the history into account.",
)


def _weights(progress: float) -> tuple[float, ...]:
    """The chance of each grade (outstanding, good, requires improvement, inadequate) an
    audit `progress` of the way (0 to 1) through the five years."""
    return (
        0.02 + 0.08 * progress,
        0.20 + 0.40 * progress,
        0.43 - 0.20 * progress,
        0.35 - 0.28 * progress,
    )


def _near(rng: random.Random, overall: Grade) -> Grade:
    """A theme's grade: the overall one, or a grade either side of it."""
    at = GRADES.index(overall) + pick(rng, (0, 0, 0, -1, 1))
    return GRADES[min(max(at, 0), len(GRADES) - 1)]


@dataclass
class PlannedAudit:
    audit: CaseAudit
    grades: list[CaseAuditThemeGrade] = field(default_factory=list)
    actions: list[CaseAuditAction] = field(default_factory=list)


def _month_starts(start: date, end: date) -> list[date]:
    months = []
    day = date(start.year, start.month, 1)
    while day <= end:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _in_post(worker: Worker, on: date) -> bool:
    return worker.started_on <= on and (worker.left_on is None or worker.left_on > on)


def plan_case_audits(
    seed: int, scale: float, as_of: date, authority: Authority
) -> list[PlannedAudit]:
    """The authority's audits, oldest first, unsaved: the same for the same seed."""
    allocations = list(
        Allocation.objects.filter(
            team__authority=authority, worker__isnull=False, start_date__lte=as_of
        )
        .select_related("team")
        .order_by("start_date", "pk")
    )
    if not allocations:
        return []
    held_by: dict[int, set[int]] = defaultdict(set)
    for allocation in allocations:
        assert allocation.worker_id is not None
        held_by[allocation.child_id].add(allocation.worker_id)
    auditors = list(
        Worker.objects.filter(authority=authority, role__in=AUDITOR_ROLES).order_by("pk")
    )
    starts = [a.start_date for a in allocations]
    first = max(allocations[0].start_date, date(as_of.year - YEARS, as_of.month, 1))
    months = _month_starts(first, as_of)
    per_month = max(MIN_AUDITS_PER_MONTH, round(AUDITS_PER_MONTH * scale))
    planned: list[PlannedAudit] = []
    audited: set[tuple[int, int]] = set()
    for index, month in enumerate(months):
        rng = substream(seed, "case_audits", authority.pk, month.isoformat())
        progress = index / max(len(months) - 1, 1)
        for _ in range(per_month):
            started_on = min(month + timedelta(days=between(rng, 0, 27)), as_of)
            # Allocations started by then, of which those still open on the day.
            candidates = [
                a
                for a in allocations[: bisect(starts, started_on)]
                if a.end_date is None or a.end_date >= started_on
            ]
            if not candidates:
                continue
            allocation = pick(rng, candidates)
            assert allocation.worker_id is not None
            key = (allocation.child_id, allocation.worker_id)
            independent = [
                w
                for w in auditors
                if _in_post(w, started_on) and w.pk not in held_by[allocation.child_id]
            ]
            if key in audited or not independent:
                continue
            audited.add(key)
            auditor = pick(rng, independent)
            planned.append(_audit(rng, allocation, auditor, started_on, progress, as_of))
    return planned


def _audit(
    rng: random.Random,
    allocation: Allocation,
    auditor: Worker,
    started_on: date,
    progress: float,
    as_of: date,
) -> PlannedAudit:
    assert allocation.worker_id is not None
    audit = CaseAudit(
        child_id=allocation.child_id,
        worker_id=allocation.worker_id,
        team_id=allocation.team_id,
        auditor_id=auditor.pk,
        started_on=started_on,
    )
    planned = PlannedAudit(audit)
    completed_on = started_on + timedelta(days=between(rng, 7, 28))
    if completed_on > as_of:
        return planned  # still in progress on the day
    overall = rng.choices(GRADES, weights=_weights(progress))[0]
    for theme in AuditTheme:
        grade = _near(rng, overall)
        planned.grades.append(
            CaseAuditThemeGrade(theme=theme.value, grade=grade.value, finding=FINDINGS[grade])
        )
    grades = {overall, *(Grade(g.grade) for g in planned.grades)}
    wanted = 0
    if Grade.INADEQUATE in grades:
        wanted = between(rng, 1, 2)
    elif Grade.REQUIRES_IMPROVEMENT in grades:
        wanted = between(rng, 0, 2)
    owners = [allocation.worker_id]
    if allocation.team.manager_id is not None and allocation.team.manager_id != auditor.pk:
        owners.append(allocation.team.manager_id)
    for _ in range(wanted):
        set_on = started_on + timedelta(days=between(rng, 0, (completed_on - started_on).days))
        due_on = set_on + timedelta(days=between(rng, 14, 42))
        done = due_on <= as_of and chance(rng, 0.85)
        planned.actions.append(
            CaseAuditAction(
                action=pick(rng, ACTIONS),
                owner_id=pick(rng, owners),
                set_on=set_on,
                due_on=due_on,
                done_on=max(set_on, due_on - timedelta(days=between(rng, 0, 10))) if done else None,
            )
        )
    audit.grade = overall.value
    audit.completed_on = completed_on
    audit.strengths = pick(rng, STRENGTHS)
    audit.areas_for_development = pick(rng, DEVELOPMENT)
    responded_on = completed_on + timedelta(days=between(rng, 1, 14))
    if responded_on <= as_of and chance(rng, 0.8):
        agrees = chance(rng, 0.85)
        audit.worker_agrees = agrees
        audit.worker_response = pick(rng, RESPONSES_AGREE if agrees else RESPONSES_DISAGREE)
        audit.worker_responded_on = responded_on
    return planned


def give_case_audits(seed: int, scale: float, as_of: date) -> dict[str, int]:
    """Write the demo's case audits up to `as_of`; the rows written, by model."""
    written = {"audit": 0, "grade": 0, "action": 0}
    with transaction.atomic():
        for authority in Authority.objects.order_by("pk"):
            planned = plan_case_audits(seed, scale, as_of, authority)
            audits = CaseAudit.objects.bulk_create([p.audit for p in planned], batch_size=2000)
            grades, actions = [], []
            for audit, plan in zip(audits, planned, strict=True):
                for grade in plan.grades:
                    grade.audit = audit
                    grades.append(grade)
                for action in plan.actions:
                    action.audit = audit
                    actions.append(action)
            CaseAuditThemeGrade.objects.bulk_create(grades, batch_size=2000)
            CaseAuditAction.objects.bulk_create(actions, batch_size=2000)
            written["audit"] += len(audits)
            written["grade"] += len(grades)
            written["action"] += len(actions)
    return {
        "case_audits.caseaudit": written["audit"],
        "case_audits.caseauditthemegrade": written["grade"],
        "case_audits.caseauditaction": written["action"],
    }
