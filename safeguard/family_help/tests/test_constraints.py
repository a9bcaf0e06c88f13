"""The database keeps the shapes the rules keep, whoever writes: a row that breaks one is
refused by PostgreSQL and SQLite alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from safeguard.family_help.models import (
    EarlyHelpEpisode,
    FamilyHelpAssessment,
    FamilyPlanReview,
    LeadPractitioner,
    MeetingAttendee,
    OutcomeProgress,
    TeamAroundFamilyMeeting,
)
from safeguard.family_help.tests.factories import (
    EarlyHelpEpisodeFactory,
    FamilyHelpAssessmentFactory,
    FamilyHelpEpisodeFactory,
    FamilyPlanFactory,
    LeadPractitionerFactory,
    PartnerUserFactory,
    PlanOutcomeFactory,
)
from safeguard.organisation.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 2, 3)


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_family_help_ends_with_a_reason_not_before_it_started_and_after_consent():
    _refused(lambda: FamilyHelpEpisodeFactory(ended_on=DAY))
    _refused(lambda: FamilyHelpEpisodeFactory(end_reason="needs_met"))
    _refused(lambda: FamilyHelpEpisodeFactory(ended_on=date(2025, 1, 5), end_reason="needs_met"))
    _refused(lambda: FamilyHelpEpisodeFactory(consent_given_on=date(2025, 1, 7)))
    FamilyHelpEpisodeFactory(ended_on=DAY, end_reason="needs_met")


def test_a_childs_early_help_is_open_once_and_ends_with_a_reason():
    open_ = EarlyHelpEpisodeFactory()
    _refused(lambda: EarlyHelpEpisodeFactory(child=open_.child))
    _refused(lambda: EarlyHelpEpisodeFactory(end_date=date(2025, 1, 5), end_reason="moved_away"))
    _refused(lambda: EarlyHelpEpisodeFactory(end_date=DAY))
    EarlyHelpEpisodeFactory(child=open_.child, end_date=DAY, end_reason="moved_away")
    assert EarlyHelpEpisode.objects.filter(child=open_.child).count() == 2


def test_a_lead_is_a_worker_or_a_partners_user_one_at_a_time():
    lead = LeadPractitionerFactory()
    family_help = lead.family_help
    _refused(
        lambda: LeadPractitioner.objects.create(
            family_help=family_help, organisation_name="x", start_date=DAY
        )
    )
    _refused(
        lambda: LeadPractitioner.objects.create(
            family_help=family_help,
            worker=WorkerFactory(),
            partner_user=PartnerUserFactory(),
            organisation_name="x",
            start_date=DAY,
            end_date=DAY,
        )
    )
    _refused(lambda: LeadPractitionerFactory(family_help=family_help))
    _refused(lambda: LeadPractitionerFactory(family_help=family_help, end_date=date(2025, 1, 5)))


def test_one_open_assessment_completed_after_it_started():
    assessment = FamilyHelpAssessmentFactory()
    _refused(lambda: FamilyHelpAssessmentFactory(family_help=assessment.family_help))
    _refused(
        lambda: FamilyHelpAssessment.objects.create(
            family_help=assessment.family_help,
            start_date=DAY,
            completed_on=date(2025, 2, 2),
        )
    )


def test_a_family_member_at_a_meeting_has_no_staff_or_partner_account():
    meeting = TeamAroundFamilyMeeting.objects.create(
        family_help=FamilyHelpEpisodeFactory(), held_on=DAY, kind="initial"
    )
    _refused(
        lambda: MeetingAttendee.objects.create(
            meeting=meeting,
            name="Mother",
            is_family_member=True,
            attendance="attended",
            partner_user=PartnerUserFactory(),
        )
    )
    _refused(
        lambda: MeetingAttendee.objects.create(
            meeting=meeting,
            name="Two accounts",
            attendance="attended",
            worker=WorkerFactory(),
            partner_user=PartnerUserFactory(),
        )
    )


def test_the_next_review_is_after_this_one_and_progress_is_once_per_outcome():
    plan = FamilyPlanFactory()
    _refused(
        lambda: FamilyPlanReview.objects.create(plan=plan, reviewed_on=DAY, next_review_due=DAY)
    )
    review = FamilyPlanReview.objects.create(plan=plan, reviewed_on=DAY)
    outcome = PlanOutcomeFactory(plan=plan)
    OutcomeProgress.objects.create(review=review, outcome=outcome, progress="some")
    _refused(
        lambda: OutcomeProgress.objects.create(review=review, outcome=outcome, progress="some")
    )
