"""The services of family group conferences and pre-proceedings: each step in order, audited
once per child it is about, and a refused step writes nothing (no row, no audit entry)."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.cases.workflow.rules import RuleViolation
from safeguard.cases.workflow.rules.names import Rule
from safeguard.family_help.tests.factories import EarlyHelpEpisodeFactory
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.proceedings import services
from safeguard.proceedings.models import (
    FamilyGroupConference,
    FamilyNetworkAttendee,
    LegalPlanningMeeting,
    PreProceedings,
    PreProceedingsMeeting,
)
from safeguard.proceedings.selectors import pre_proceedings_census_items
from safeguard.proceedings.services import NetworkAttendee

pytestmark = pytest.mark.django_db

GRAN = NetworkAttendee("Ivy Testbrook", "maternal grandmother")


def _nothing_written(call, *, rule):
    tables = (
        FamilyGroupConference,
        FamilyNetworkAttendee,
        LegalPlanningMeeting,
        PreProceedings,
        PreProceedingsMeeting,
        AuditEntry,
    )
    before = [
        (
            t.objects.count(),
            list(t.objects.values_list("updated_at" if t is not AuditEntry else "pk", flat=True)),
        )
        for t in tables
    ]
    with pytest.raises(RuleViolation) as refused:
        call()
    assert rule in refused.value.rules
    after = [
        (
            t.objects.count(),
            list(t.objects.values_list("updated_at" if t is not AuditEntry else "pk", flat=True)),
        )
        for t in tables
    ]
    assert after == before


def _audited(model, pk):
    return sorted(
        AuditEntry.objects.filter(
            object_type=model._meta.label_lower, object_id=str(pk)
        ).values_list("action", "child_id")
    )


# Family group conferences -----------------------------------------------------------------


def test_a_conference_for_a_child_goes_from_offer_to_the_familys_plan():
    child = ChildFactory()
    worker = WorkerFactory()
    conference = services.family_group_conference_offer(
        child=child, offered_on=date(2025, 3, 3), offered_by=worker
    )
    services.family_group_conference_answer(
        conference=conference, answer="accepted", answered_on=date(2025, 3, 5)
    )
    services.family_group_conference_hold(
        conference=conference,
        held_on=date(2025, 3, 20),
        coordinator_name="Rowan Coordinator",
        coordinator_organisation="Northbridge FGC Service",
        attendees=[GRAN, NetworkAttendee("Sam Testbrook", "uncle")],
    )
    services.family_group_plan_agree(
        conference=conference,
        agreed_on=date(2025, 3, 20),
        plan="Gran collects the children from school every weekday.",
        review_on=date(2025, 6, 20),
    )
    conference.refresh_from_db()
    assert (conference.answer, conference.held_on, conference.plan_review_on) == (
        "accepted",
        date(2025, 3, 20),
        date(2025, 6, 20),
    )
    assert sorted(conference.attendees.values_list("name", flat=True)) == [
        "Ivy Testbrook",
        "Sam Testbrook",
    ]
    assert _audited(FamilyGroupConference, conference.pk) == sorted(
        [("create", child.pk)] + [("update", child.pk)] * 3
    )


def test_a_conference_for_a_family_is_audited_for_each_child_open_in_it():
    first = EarlyHelpEpisodeFactory()
    second = EarlyHelpEpisodeFactory(family_help=first.family_help)
    EarlyHelpEpisodeFactory(
        family_help=first.family_help, end_date=date(2025, 2, 1), end_reason="moved_away"
    )
    conference = services.family_group_conference_offer(
        family_help=first.family_help, offered_on=date(2025, 3, 3), offered_by=WorkerFactory()
    )
    assert _audited(FamilyGroupConference, conference.pk) == sorted(
        [("create", first.child_id), ("create", second.child_id)]
    )


def test_a_conference_for_no_one_is_refused_and_nothing_written():
    _nothing_written(
        lambda: services.family_group_conference_offer(
            offered_on=date(2025, 3, 3), offered_by=WorkerFactory()
        ),
        rule=Rule.FAMILY_GROUP_CONFERENCE_FOR_SOMEONE,
    )


def test_a_conference_is_not_offered_before_the_familys_help_started():
    episode = EarlyHelpEpisodeFactory()
    _nothing_written(
        lambda: services.family_group_conference_offer(
            family_help=episode.family_help,
            offered_on=date(2024, 12, 2),
            offered_by=WorkerFactory(),
        ),
        rule=Rule.FAMILY_HELP_DATE_WITHIN_EPISODE,
    )


def test_a_declined_conference_is_not_held_and_nothing_written():
    conference = services.family_group_conference_offer(
        child=ChildFactory(), offered_on=date(2025, 3, 3), offered_by=WorkerFactory()
    )
    services.family_group_conference_answer(
        conference=conference, answer="declined", answered_on=date(2025, 3, 4)
    )
    _nothing_written(
        lambda: services.family_group_conference_hold(
            conference=conference,
            held_on=date(2025, 3, 20),
            coordinator_name="Rowan Coordinator",
            coordinator_organisation="",
            attendees=[GRAN],
        ),
        rule=Rule.FAMILY_GROUP_CONFERENCE_NEEDS_ACCEPTANCE,
    )


def test_a_conference_without_the_family_network_is_refused_and_nothing_written():
    conference = services.family_group_conference_offer(
        child=ChildFactory(), offered_on=date(2025, 3, 3), offered_by=WorkerFactory()
    )
    services.family_group_conference_answer(
        conference=conference, answer="accepted", answered_on=date(2025, 3, 4)
    )
    _nothing_written(
        lambda: services.family_group_conference_hold(
            conference=conference,
            held_on=date(2025, 3, 20),
            coordinator_name="Rowan Coordinator",
            coordinator_organisation="",
            attendees=[],
        ),
        rule=Rule.FAMILY_GROUP_CONFERENCE_NETWORK_ATTENDED,
    )


def test_the_familys_plan_needs_a_review_date_and_a_held_conference():
    conference = services.family_group_conference_offer(
        child=ChildFactory(), offered_on=date(2025, 3, 3), offered_by=WorkerFactory()
    )
    _nothing_written(
        lambda: services.family_group_plan_agree(
            conference=conference, agreed_on=date(2025, 3, 20), plan="A plan", review_on=None
        ),
        rule=Rule.FAMILY_GROUP_CONFERENCE_STEP_IN_ORDER,
    )


# Pre-proceedings --------------------------------------------------------------------------


def _started(child=None, on=date(2025, 4, 7), reference=""):
    child = child or ChildFactory()
    meeting = services.legal_planning_meeting_record(
        child=child,
        held_on=on,
        outcome="B",
        rationale="Neglect continues despite the child protection plan.",
        chaired_by=WorkerFactory(manager=True),
        plo_family_reference=reference,
    )
    return meeting.pre_proceedings


def test_a_decision_to_start_pre_proceedings_starts_the_childs_period_with_a_family_reference():
    period = _started()
    sibling = _started(reference=period.plo_family_reference)
    assert period.started_on == date(2025, 4, 7)
    assert period.plo_family_reference.startswith("PLO-")
    assert sibling.plo_family_reference == period.plo_family_reference
    assert _audited(PreProceedings, period.pk) == [("create", period.child_id)]


def test_a_gateway_decision_to_continue_the_plan_starts_nothing():
    meeting = services.legal_planning_meeting_record(
        child=ChildFactory(),
        held_on=date(2025, 4, 7),
        outcome="A",
        rationale="The plan is working.",
        chaired_by=WorkerFactory(manager=True),
    )
    assert not PreProceedings.objects.filter(decision=meeting).exists()


def test_a_second_decision_to_start_while_in_pre_proceedings_writes_nothing():
    period = _started()
    _nothing_written(
        lambda: _started(child=period.child, on=date(2025, 5, 7)),
        rule=Rule.PRE_PROCEEDINGS_ONE_OPEN_PER_CHILD,
    )


def test_a_decision_without_its_reasons_writes_nothing():
    _nothing_written(
        lambda: services.legal_planning_meeting_record(
            child=ChildFactory(),
            held_on=date(2025, 4, 7),
            outcome="B",
            rationale="  ",
            chaired_by=WorkerFactory(manager=True),
        ),
        rule=Rule.DECISION_NEEDS_RATIONALE,
    )


def test_pre_proceedings_to_issue_give_the_census_its_items():
    period = _started()
    services.pre_proceedings_letter_send(
        pre_proceedings=period,
        sent_on=date(2025, 4, 10),
        family_group_conference_offered=True,
        parents_legally_represented="Yes",
    )
    services.pre_proceedings_meeting_record(
        pre_proceedings=period, held_on=date(2025, 4, 24), kind="initial"
    )
    services.pre_proceedings_meeting_record(
        pre_proceedings=period, held_on=date(2025, 6, 5), kind="review"
    )
    conference = services.family_group_conference_offer(
        child=period.child, offered_on=date(2025, 4, 10), offered_by=WorkerFactory()
    )
    services.family_group_conference_answer(
        conference=conference, answer="accepted", answered_on=date(2025, 4, 11)
    )
    held = services.family_group_conference_hold(
        conference=conference,
        held_on=date(2025, 5, 1),
        coordinator_name="Rowan Coordinator",
        coordinator_organisation="",
        attendees=[GRAN],
    )
    services.pre_proceedings_end(
        pre_proceedings=period,
        outcome="issue_care_proceedings",
        decided_on=date(2025, 7, 21),
        court_application_on=date(2025, 7, 23),
        care_proceedings_letter_on=date(2025, 7, 23),
        court_reference="NB25C00123",
    )
    period.refresh_from_db()
    items = pre_proceedings_census_items(pre_proceedings=period, conferences=[held])
    assert (
        items.PPStartDate,
        items.LBPSentDate,
        items.FGDMMeetingOffer,
        items.FGDMMeetingFac,
        items.InitialPPMeetingDate,
        items.ReviewMeetingsCount,
        items.StepDecisionDate,
        items.CourtAppDate,
        items.LetterInitCPDate,
    ) == (
        date(2025, 4, 7),
        date(2025, 4, 10),
        True,
        True,
        date(2025, 4, 24),
        1,
        date(2025, 7, 21),
        date(2025, 7, 23),
        date(2025, 7, 23),
    )


def test_a_meeting_before_the_letter_writes_nothing():
    period = _started()
    _nothing_written(
        lambda: services.pre_proceedings_meeting_record(
            pre_proceedings=period, held_on=date(2025, 4, 24), kind="initial"
        ),
        rule=Rule.PRE_PROCEEDINGS_MEETING_AFTER_LETTER,
    )


def test_a_letter_before_the_decision_writes_nothing():
    period = _started()
    _nothing_written(
        lambda: services.pre_proceedings_letter_send(
            pre_proceedings=period, sent_on=date(2025, 4, 1), family_group_conference_offered=False
        ),
        rule=Rule.PRE_PROCEEDINGS_DATE_WITHIN,
    )


def test_nothing_more_is_recorded_once_stepped_down():
    period = _started()
    services.pre_proceedings_end(
        pre_proceedings=period, outcome="step_down", decided_on=date(2025, 7, 21)
    )
    _nothing_written(
        lambda: services.pre_proceedings_letter_send(
            pre_proceedings=period, sent_on=date(2025, 7, 22), family_group_conference_offered=False
        ),
        rule=Rule.PRE_PROCEEDINGS_OPEN,
    )


def test_a_step_down_with_a_court_application_writes_nothing():
    period = _started()
    _nothing_written(
        lambda: services.pre_proceedings_end(
            pre_proceedings=period,
            outcome="step_down",
            decided_on=date(2025, 7, 21),
            court_application_on=date(2025, 7, 23),
        ),
        rule=Rule.PRE_PROCEEDINGS_COURT_DATES_FIT,
    )


def test_an_outcome_the_ssd_does_not_know_writes_nothing():
    period = _started()
    _nothing_written(
        lambda: services.pre_proceedings_end(
            pre_proceedings=period, outcome="adjourned", decided_on=date(2025, 7, 21)
        ),
        rule=Rule.INVALID_VALUE,
    )
