"""The assessment, the plan and its actions, meetings, reviews and closing: each rule refuses
with nothing written; every write is audited for each child in the family."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.workflow.rules.names import Rule
from safeguard.family_help import services
from safeguard.family_help.models import (
    AssessedNeed,
    FamilyHelpAssessment,
    FamilyPlan,
    FamilyPlanReview,
    MeetingAttendee,
    OutcomeProgress,
    PlanAction,
    PlanOutcome,
    TeamAroundFamilyMeeting,
)
from safeguard.family_help.services import (
    ActionAgreed,
    AttendeeRecorded,
    NeedFound,
    OutcomeAgreed,
    ProgressRecorded,
)
from safeguard.family_help.tests.factories import (
    EarlyHelpEpisodeFactory,
    FamilyHelpAssessmentFactory,
    LeadPractitionerFactory,
    PartnerUserFactory,
)

from .support import audited, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    """Two children in family help since 6 January 2025, led by a school's practitioner."""
    first = EarlyHelpEpisodeFactory()
    EarlyHelpEpisodeFactory(family_help=first.family_help)
    partner = PartnerUserFactory(organisation__name="Northgate Primary")
    LeadPractitionerFactory(
        family_help=first.family_help,
        worker=None,
        partner_user=partner,
        organisation_name="Northgate Primary",
    )
    return first.family_help


def _child_ids(family_help):
    return sorted(family_help.children.values_list("child_id", flat=True))


def _assessed(family_help):
    assessment = services.family_help_assessment_start(
        family_help=family_help, start_date=date(2025, 1, 13)
    )
    return services.family_help_assessment_complete(
        assessment=assessment,
        completed_on=date(2025, 1, 31),
        needs=[NeedFound("relationships", "Arguments at bedtime")],
        family_view=" We want calmer evenings. ",
    )


def _agreed(family_help):
    _assessed(family_help)
    return services.family_plan_agree(
        family_help=family_help,
        agreed_on=date(2025, 2, 3),
        outcomes=[
            OutcomeAgreed(
                "relationships",
                "Calmer evenings",
                actions=[ActionAgreed("Mother", "Parenting course", agency="Family hub")],
            ),
            OutcomeAgreed("education", "Ada at school every day"),
        ],
    )


def test_the_assessment_completes_with_its_needs_and_the_leads_organisation(family):
    assessment = _assessed(family)
    assert (assessment.completed_on, assessment.completed_by_organisation) == (
        date(2025, 1, 31),
        "Northgate Primary",
    )
    assert assessment.family_view == "We want calmer evenings."
    assert list(assessment.needs.values_list("area", flat=True)) == ["relationships"]
    ids = _child_ids(family)
    assert audited("family_help.familyhelpassessment") == sorted(
        [("create", i) for i in ids] + [("update", i) for i in ids]
    )
    assert audited("family_help.assessedneed") == [("create", i) for i in ids]


def test_a_second_open_assessment_or_one_without_needs_is_refused(family):
    assessment = FamilyHelpAssessmentFactory(family_help=family, start_date=date(2025, 1, 13))
    assert refused(
        lambda: services.family_help_assessment_start(
            family_help=family, start_date=date(2025, 1, 20)
        )
    ) == ((Rule.FAMILY_HELP_ASSESSMENT_ONE_OPEN,), ("start_date",))
    assert refused(
        lambda: services.family_help_assessment_complete(
            assessment=assessment, completed_on=date(2025, 1, 31), needs=[]
        )
    ) == ((Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS,), ("needs",))
    assessment.refresh_from_db()
    assert assessment.completed_on is None
    assert FamilyHelpAssessment.objects.count() == 1
    assert not AssessedNeed.objects.exists()


def test_an_assessment_is_completed_once(family):
    assessment = _assessed(family)
    assert refused(
        lambda: services.family_help_assessment_complete(
            assessment=assessment,
            completed_on=date(2025, 2, 7),
            needs=[NeedFound("housing", "Damp")],
        )
    ) == ((Rule.FAMILY_HELP_ASSESSMENT_COMPLETE_FITS,), ("completed_on",))
    assessment.refresh_from_db()
    assert assessment.completed_on == date(2025, 1, 31)
    assert assessment.needs.count() == 1


def test_the_plan_is_agreed_with_its_outcomes_and_actions(family):
    plan = _agreed(family)
    assert list(plan.outcomes.order_by("pk").values_list("area", flat=True)) == [
        "relationships",
        "education",
    ]
    (action,) = PlanAction.objects.filter(outcome__plan=plan)
    assert (action.who, action.agency, action.done_on) == ("Mother", "Family hub", None)
    ids = _child_ids(family)
    assert audited("family_help.planoutcome") == [("create", i) for i in ids for _ in range(2)]
    assert audited("family_help.planaction") == [("create", i) for i in ids]


def test_a_plan_before_the_assessment_is_complete_writes_nothing(family):
    FamilyHelpAssessmentFactory(family_help=family)
    assert refused(
        lambda: services.family_plan_agree(
            family_help=family,
            agreed_on=date(2025, 2, 3),
            outcomes=[OutcomeAgreed("relationships", "Calmer evenings")],
        )
    ) == ((Rule.FAMILY_PLAN_NEEDS_ASSESSMENT,), ("agreed_on",))
    assert not FamilyPlan.objects.exists()
    assert not PlanOutcome.objects.exists()


def test_an_action_is_done_once(family):
    plan = _agreed(family)
    action = PlanAction.objects.get(outcome__plan=plan)
    services.plan_action_done(action=action, done_on=date(2025, 3, 1))
    assert refused(lambda: services.plan_action_done(action=action, done_on=date(2025, 3, 2))) == (
        (Rule.PLAN_ACTION_DONE_ONCE,),
        ("done_on",),
    )
    action.refresh_from_db()
    assert action.done_on == date(2025, 3, 1)


def test_a_meeting_is_recorded_with_who_came(family):
    partner = PartnerUserFactory()
    meeting = services.family_meeting_record(
        family_help=family,
        held_on=date(2025, 2, 3),
        kind="initial",
        decisions="Plan agreed.",
        attendees=[
            AttendeeRecorded("Mother", "attended", is_family_member=True),
            AttendeeRecorded("A Teacher", "apologies", role="Class teacher", partner_user=partner),
        ],
    )
    assert list(meeting.attendees.order_by("pk").values_list("name", "attendance")) == [
        ("Mother", "attended"),
        ("A Teacher", "apologies"),
    ]
    ids = _child_ids(family)
    assert audited("family_help.meetingattendee") == [("create", i) for i in ids for _ in range(2)]


def test_a_meeting_after_today_or_before_family_help_writes_nothing(family):
    def meeting(on):
        return lambda: services.family_meeting_record(
            family_help=family,
            held_on=on,
            kind="initial",
            attendees=[AttendeeRecorded("Mother", "attended", is_family_member=True)],
        )

    assert refused(meeting(date(2025, 3, 15))) == ((Rule.DATE_NOT_IN_FUTURE,), ("held_on",))
    assert refused(meeting(date(2025, 1, 5))) == (
        (Rule.FAMILY_HELP_DATE_WITHIN_EPISODE,),
        ("held_on",),
    )
    assert not TeamAroundFamilyMeeting.objects.exists()
    assert not MeetingAttendee.objects.exists()


def test_a_review_records_progress_on_each_outcome_and_the_next_is_due_in_three_months(family):
    plan = _agreed(family)
    outcomes = list(plan.outcomes.order_by("pk"))
    review = services.family_plan_review_record(
        plan=plan,
        reviewed_on=date(2025, 3, 3),
        progress=[
            ProgressRecorded(outcomes[0], "some", "Two calm weeks"),
            ProgressRecorded(outcomes[1], "not_started"),
        ],
    )
    assert review.next_review_due == date(2025, 6, 3)
    assert sorted(review.progress.values_list("progress", flat=True)) == ["not_started", "some"]
    assert audited("family_help.familyplanreview") == [("create", i) for i in _child_ids(family)]


def test_a_review_missing_an_outcome_or_before_the_plan_writes_nothing(family):
    plan = _agreed(family)
    first = plan.outcomes.order_by("pk").first()
    assert refused(
        lambda: services.family_plan_review_record(
            plan=plan, reviewed_on=date(2025, 3, 3), progress=[ProgressRecorded(first, "some")]
        )
    ) == ((Rule.FAMILY_PLAN_PROGRESS_ON_OUTCOMES,), ("progress",))
    rules, fields = refused(
        lambda: services.family_plan_review_record(
            plan=plan,
            reviewed_on=date(2025, 2, 1),
            progress=[ProgressRecorded(o, "some") for o in plan.outcomes.all()],
        )
    )
    assert (rules, fields) == ((Rule.FAMILY_PLAN_REVIEW_NEEDS_PLAN,), ("reviewed_on",))
    elsewhere = TeamAroundFamilyMeeting.objects.create(
        family_help=EarlyHelpEpisodeFactory().family_help, held_on=date(2025, 3, 3), kind="review"
    )
    assert refused(
        lambda: services.family_plan_review_record(
            plan=plan,
            reviewed_on=date(2025, 3, 3),
            meeting=elsewhere,
            progress=[ProgressRecorded(o, "some") for o in plan.outcomes.all()],
        )
    ) == ((Rule.FAMILY_PLAN_REVIEW_MEETING_OF_FAMILY,), ("meeting",))
    assert not FamilyPlanReview.objects.exists()
    assert not OutcomeProgress.objects.exists()


def test_needs_met_is_refused_while_an_action_is_open_and_nothing_closes(family):
    _agreed(family)
    assert refused(
        lambda: services.family_help_close(
            family_help=family, ended_on=date(2025, 3, 10), end_reason="needs_met"
        )
    ) == ((Rule.FAMILY_HELP_CLOSE_NEEDS_ACTIONS_DONE,), ("end_reason",))
    family.refresh_from_db()
    assert family.ended_on is None
    assert family.children.filter(end_date__isnull=True).count() == 2
    assert family.leads.get().end_date is None


def test_closing_ends_every_child_and_the_lead_and_then_nothing_more_is_recorded(family):
    plan = _agreed(family)
    services.plan_action_done(
        action=PlanAction.objects.get(outcome__plan=plan), done_on=date(2025, 3, 7)
    )
    closed = services.family_help_close(
        family_help=family, ended_on=date(2025, 3, 10), end_reason="needs_met"
    )
    assert (closed.ended_on, closed.end_reason, closed.lead_user) == (
        date(2025, 3, 10),
        "needs_met",
        None,
    )
    assert set(family.children.values_list("end_date", "end_reason")) == {
        (date(2025, 3, 10), "needs_met")
    }
    assert family.leads.get().end_date == date(2025, 3, 10)
    assert refused(
        lambda: services.family_help_assessment_start(
            family_help=family, start_date=date(2025, 3, 10)
        )
    ) == ((Rule.FAMILY_HELP_OPEN,), ("family_help",))
    ids = _child_ids(family)
    assert ("update", ids[0]) in audited("family_help.familyhelpepisode")
