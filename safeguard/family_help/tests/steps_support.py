"""A family in family help for the step tests: the personas' own child and a brother, led by
a council worker, assessed, planned, met about and reviewed. Fictional names."""

from __future__ import annotations

from datetime import date

from safeguard.family_help import services
from safeguard.family_help.services import (
    ActionAgreed,
    AttendeeRecorded,
    ChildJoining,
    NeedFound,
    OutcomeAgreed,
    ProgressRecorded,
)
from safeguard.organisation.models import Team
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory

STARTED = date(2025, 1, 6)


def family_help_team(personas):
    team, _ = Team.objects.get_or_create(
        authority=personas.authority,
        name="Family help north",
        defaults={"kind": Team.Kind.FAMILY_HELP},
    )
    return team


def family_in_help(personas, *, lead=True):
    """The own child and a younger brother in family help since 6 January, led by a council
    worker, assessed, planned, met about and reviewed."""
    team = family_help_team(personas)
    worker = WorkerFactory(
        authority=personas.authority, team=team, first_name="Lena", last_name="Marsh"
    )
    family_help = services.family_help_start(
        team=team,
        started_on=STARTED,
        start_route="council",
        consent_given_on=STARTED,
        consent_given_by="Mother",
        children=[
            ChildJoining(personas.own_child, "parenting"),
            ChildJoining(ChildFactory(first_name="Ben"), "wellbeing"),
        ],
        worker=worker if lead else None,
    )
    assessment = services.family_help_assessment_start(
        family_help=family_help, start_date=date(2025, 1, 13)
    )
    services.family_help_assessment_complete(
        assessment=assessment,
        completed_on=date(2025, 1, 31),
        needs=[NeedFound("domestic_abuse", "Arguments between the parents in front of Ben")],
        analysis="Mother wants help; father does not engage.",
    )
    plan = services.family_plan_agree(
        family_help=family_help,
        agreed_on=date(2025, 2, 3),
        outcomes=[
            OutcomeAgreed(
                "domestic_abuse",
                "The children feel safe at home",
                actions=[
                    ActionAgreed("Mother", "Freedom programme"),
                    ActionAgreed("Father", "Respect programme"),
                ],
            )
        ],
    )
    services.family_meeting_record(
        family_help=family_help,
        held_on=date(2025, 2, 3),
        kind="initial",
        attendees=[
            AttendeeRecorded("Mother", "attended", is_family_member=True),
            AttendeeRecorded("Father", "did_not_attend", is_family_member=True),
        ],
    )
    services.plan_action_done(action=plan.outcomes.get().actions.first(), done_on=date(2025, 3, 3))
    services.family_plan_review_record(
        plan=plan,
        reviewed_on=date(2025, 3, 3),
        progress=[ProgressRecorded(plan.outcomes.get(), "not_started")],
    )
    return family_help
