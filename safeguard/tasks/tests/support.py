"""What the task tests share: the record built through the services, on a fixed day, so each
task appears because the record says so and clears because the record changed. Names are
fictional."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from safeguard.cases import services
from safeguard.cases.models import Assessment
from safeguard.cases.tests.factories import assessment_sections
from safeguard.common import codes

LONDON = ZoneInfo("Europe/London")
# Noon on Friday 14 March 2025; "due soon" is within 5 working days.
NOW = datetime(2025, 3, 14, 12, 0, tzinfo=LONDON)
TODAY = NOW.date()
RETURN_REASON = "Add the father's view and what the school told you on 3 March."


def referral_for(personas: Any, child: Any, *, referral_date: date = date(2025, 2, 10)) -> Any:
    return services.referral_open(
        child=child,
        referral_date=referral_date,
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )


def submitted_assessment(
    personas: Any, child: Any = None, *, referral_date: date = date(2025, 2, 10)
) -> Assessment:
    """An assessment of the child (the social worker's own child unless told) that the worker
    has completed and sent to their manager."""
    child = child or personas.own_child
    referral = referral_for(personas, child, referral_date=referral_date)
    assessment = services.assessment_start(
        referral=referral, start_date=referral_date, worker=personas.social_worker.worker
    )
    return resubmit(assessment, on=date(2025, 3, 10))


def resubmit(assessment: Assessment, *, on: date = TODAY) -> Assessment:
    return services.assessment_submit(
        assessment=assessment,
        submitted_date=on,
        child_seen_date=assessment.start_date,
        factors=[codes.AssessmentFactor.NEGLECT],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **assessment_sections(analysis="Fictional: the home is cold and there is little food."),
    )


def returned_assessment(
    personas: Any,
    child: Any = None,
    *,
    reason: str = RETURN_REASON,
    referral_date: date = date(2025, 2, 10),
) -> Assessment:
    """A completed assessment the team manager returned to the worker, saying why."""
    assessment = submitted_assessment(personas, child, referral_date=referral_date)
    return services.assessment_return(
        assessment=assessment, returned_by=personas.team_manager.worker, rationale=reason
    )


def titles(tasks: Any, kind: Any) -> list[str]:
    """The titles of one kind of task in a task list."""
    return [
        task.title for section in tasks.sections if section.kind == kind for task in section.tasks
    ]
