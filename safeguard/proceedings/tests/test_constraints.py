"""What the database itself keeps, whatever writes to it: a conference for someone, offered
by one person, its steps in order; one open period of pre-proceedings per child, its outcome
with a date, court dates only with a decision to issue; one initial meeting."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.people.tests.factories import ChildFactory
from safeguard.proceedings.models import (
    FamilyGroupConference,
    LegalPlanningMeeting,
    PreProceedings,
    PreProceedingsMeeting,
)

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)


def _refused(model, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def _conference(**fields):
    return {"child": ChildFactory(), "offered_on": DAY, "offered_by": WorkerFactory(), **fields}


def test_a_conference_is_for_someone_and_offered_by_one_person():
    FamilyGroupConference.objects.create(**_conference())
    _refused(FamilyGroupConference, **_conference(child=None))
    _refused(FamilyGroupConference, **_conference(offered_by=None))


def test_a_conference_keeps_its_steps_in_order():
    answered = {"answer": "accepted", "answered_on": DAY}
    _refused(FamilyGroupConference, **_conference(answer="accepted"))
    _refused(FamilyGroupConference, **_conference(answer="accepted", answered_on=date(2025, 3, 9)))
    _refused(FamilyGroupConference, **_conference(answer="declined", answered_on=DAY, held_on=DAY))
    _refused(FamilyGroupConference, **_conference(**answered, plan_agreed_on=DAY))
    _refused(
        FamilyGroupConference,
        **_conference(**answered, held_on=DAY, plan_agreed_on=DAY, plan_review_on=DAY),
    )
    FamilyGroupConference.objects.create(
        **_conference(**answered, held_on=DAY, plan_agreed_on=DAY, plan_review_on=date(2025, 6, 10))
    )


def _period(child, **fields):
    meeting = LegalPlanningMeeting.objects.create(
        child=child, held_on=DAY, outcome="B", rationale="R", chaired_by=WorkerFactory()
    )
    return {
        "child": child,
        "decision": meeting,
        "plo_family_reference": "PLO-TEST-0001",
        "started_on": DAY,
        **fields,
    }


def test_a_child_has_one_open_period_of_pre_proceedings():
    child = ChildFactory()
    PreProceedings.objects.create(**_period(child))
    _refused(PreProceedings, **_period(child))
    PreProceedings.objects.create(
        **_period(ChildFactory(), outcome="step_down", outcome_decided_on=DAY)
    )


def test_an_outcome_has_its_date_and_court_dates_need_a_decision_to_issue():
    child = ChildFactory()
    _refused(PreProceedings, **_period(child, outcome="step_down"))
    _refused(PreProceedings, **_period(child, outcome_decided_on=DAY))
    _refused(PreProceedings, **_period(child, letter_sent_on=date(2025, 3, 9)))
    _refused(
        PreProceedings,
        **_period(child, outcome="step_down", outcome_decided_on=DAY, court_application_on=DAY),
    )
    _refused(
        PreProceedings,
        **_period(
            child,
            outcome="issue_care_proceedings",
            outcome_decided_on=DAY,
            court_application_on=date(2025, 3, 9),
        ),
    )


def test_a_period_has_one_initial_meeting():
    period = PreProceedings.objects.create(**_period(ChildFactory()))
    PreProceedingsMeeting.objects.create(pre_proceedings=period, held_on=DAY, kind="initial")
    PreProceedingsMeeting.objects.create(pre_proceedings=period, held_on=DAY, kind="review")
    _refused(PreProceedingsMeeting, pre_proceedings=period, held_on=DAY, kind="initial")
