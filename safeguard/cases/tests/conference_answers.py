"""What a conference recorded through the services says besides its date and outcome: who took
part and, when the plan starts or goes on, the outline plan and the next dates, inside the
clocks (fictional people). For tests that need a conference on the record, not about it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from safeguard.cases.models import ChildProtectionConference
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_working_days

Conference = ChildProtectionConference

TAKING_PART: dict[str, str] = {
    "agencies_present": "Children's social care, Police, Health, Education",
    "reports_from": "Housing",
    "attendees": "Chair Persona, independent chair\nSam Testparent, mother\n"
    "Priya Testnurse, health visitor\nAda Worker, social worker",
    "parents_participation": Conference.ParentsParticipation.ATTENDED,
    "child_participation": Conference.ChildParticipation.SOCIAL_WORKER,
}

OUTLINE = (
    "Mother to attend the parenting course weekly; the health visitor to visit fortnightly; "
    "the school to report attendance to the social worker every Friday."
)

_REVIEW_CLOCK = {"initial": "first_review_conference", "review": "later_review_conference"}


def plan_agreed(kind: str, conference_date: date) -> dict[str, Any]:
    """An outline plan, a core group five working days on (inside the first core group's 10)
    and a review a week before its clock's due date."""
    review_due = CLOCKS[_REVIEW_CLOCK[kind]].due_from(conference_date)
    return {
        "plan_outline": OUTLINE,
        "next_core_group_date": add_working_days(conference_date, 5),
        "next_review_date": review_due - timedelta(days=7),
    }


def initial_conference(conference_date: date, *, plan: bool = True) -> dict[str, Any]:
    """The answers beside an initial conference's date and outcome."""
    return {**TAKING_PART, **(plan_agreed("initial", conference_date) if plan else {})}


def review_conference(conference_date: date, *, continues: bool = True) -> dict[str, Any]:
    """The answers beside a review conference's date and outcome."""
    return {**TAKING_PART, **(plan_agreed("review", conference_date) if continues else {})}
