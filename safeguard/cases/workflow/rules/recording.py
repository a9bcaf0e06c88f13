"""The everyday record: visits, case notes, and who the case is allocated to."""

from __future__ import annotations

from datetime import date

from .core import Violation, not_before, violation
from .names import Rule


def visit_seen_consistent(
    *, child_seen: bool, seen_alone: bool, not_seen_reason: str, child_born: bool
) -> list[Violation]:
    """A visit says whether the child was seen; if not, why; 'seen alone' needs 'seen'
    (Working Together 2023, ch. 2: the child is seen, and seen alone where appropriate)."""
    violations: list[Violation] = []
    if seen_alone and not child_seen:
        violations.append(
            violation(
                Rule.VISIT_SEEN_ALONE_REQUIRES_SEEN,
                "A child cannot be seen alone without being seen: check 'child seen'.",
                "seen_alone",
            )
        )
    if not child_seen and not not_seen_reason.strip():
        violations.append(
            violation(
                Rule.VISIT_NOT_SEEN_NEEDS_REASON,
                "Say why the child was not seen.",
                "not_seen_reason",
            )
        )
    if child_seen and not child_born:
        violations.append(
            violation(
                Rule.VISIT_UNBORN_NOT_SEEN,
                "An unborn child cannot be seen: record the visit as 'not seen' with the reason "
                "'pre-birth visit'.",
                "child_seen",
            )
        )
    return violations


def visit_record_complete(
    *, child_seen: bool, wishes_and_feelings: str, place: str, place_other: str
) -> list[Violation]:
    """A visit where the child was seen records the child's wishes and feelings, what they
    said or showed (Working Together 2023, ch. 2 and 3: the child's wishes and feelings
    inform every decision); a visit "somewhere else" says where."""
    violations: list[Violation] = []
    if child_seen and not wishes_and_feelings.strip():
        violations.append(
            violation(
                Rule.VISIT_SEEN_NEEDS_WISHES,
                "Enter the child's wishes and feelings: what they said, or how they showed "
                "how they feel.",
                "wishes_and_feelings",
            )
        )
    if place == "other" and not place_other.strip():
        violations.append(
            violation(
                Rule.VISIT_OTHER_PLACE_NEEDS_DESCRIPTION,
                "Enter where the visit took place.",
                "place_other",
            )
        )
    return violations


def case_note_has_text(body: str) -> list[Violation]:
    """A case note says what happened (Working Together 2023: records are clear and kept up
    to date)."""
    if body.strip():
        return []
    return [violation(Rule.CASE_NOTE_NEEDS_TEXT, "Write the case note.", "body")]


def allocation_not_before_current(current_start: date | None, start_date: date) -> list[Violation]:
    """A new allocation ends the current one on its first day, so it cannot start before it:
    the history of who held the case has no gaps and no overlaps."""
    return not_before(
        earlier=("start_date", current_start),
        later=("start_date", start_date),
        rule=Rule.ALLOCATION_NOT_BEFORE_CURRENT,
        earlier_is="the date the current allocation started",
    )


def allocation_one_open(previous_end: date | None, start_date: date) -> list[Violation]:
    """One allocation at a time: the previous one has ended by the day this one starts."""
    if previous_end is not None and previous_end <= start_date:
        return []
    return [
        violation(
            Rule.ALLOCATION_ONE_OPEN,
            "The case is allocated elsewhere on that day: end that allocation first.",
            "start_date",
        )
    ]


def allocation_end_not_before_start(start_date: date, end_date: date | None) -> list[Violation]:
    """An allocation ends on or after the day it started."""
    return not_before(
        earlier=("start_date", start_date),
        later=("end_date", end_date),
        rule=Rule.ALLOCATION_END_NOT_BEFORE_START,
        earlier_is="the date the allocation started",
    )


def allocation_worker_in_team(*, in_team: bool, worker: str, team: str) -> list[Violation]:
    """A worker holds a case in their own team, under that team's manager."""
    if in_team:
        return []
    return [
        violation(
            Rule.ALLOCATION_WORKER_IN_TEAM,
            f"{worker} is not a member of {team}: choose a worker from that team or allocate to "
            "the team only.",
            "worker",
        )
    ]


def allocation_worker_employed(
    *,
    started_on: date,
    left_on: date | None,
    start_date: date,
    end_date: date | None,
) -> list[Violation]:
    """A case is allocated to a worker only while they work for the authority."""
    if started_on <= start_date and (
        left_on is None or (end_date is not None and end_date <= left_on)
    ):
        return []
    return [
        violation(
            Rule.ALLOCATION_WORKER_EMPLOYED,
            "The worker was not in post for the whole allocation.",
            "worker",
        )
    ]
