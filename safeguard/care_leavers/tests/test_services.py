"""The care leaver services and their rules: what each writes and audits, and what each
refuses with nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.care_leavers import services
from safeguard.care_leavers.models import CareLeaverContact, NeedsAssessment, PathwayPlan
from safeguard.cases.tests.views.test_actions import frozen_today  # noqa: F401 (autouse)
from safeguard.cases.workflow.rules import RuleViolation

from .support import make_care_leaver

pytestmark = pytest.mark.django_db


def test_a_needs_assessment_is_recorded_and_audited(personas):
    child = make_care_leaver(personas.own_child)
    assessment = services.needs_assessment_record(
        child=child, completed_on=date(2024, 10, 1), summary="  Wants to stay near college. "
    )
    assert assessment.summary == "Wants to stay near college."
    entry = AuditEntry.objects.get(object_type="care_leavers.needsassessment")
    assert (entry.object_id, entry.child_id) == (str(assessment.pk), child.pk)


def test_nothing_is_recorded_for_a_day_before_the_young_person_qualified(personas):
    child = make_care_leaver(personas.own_child)
    # 7 June 2024: looked after for 5 months, but not 16 until 10 June.
    with pytest.raises(RuleViolation) as refused:
        services.needs_assessment_record(child=child, completed_on=date(2024, 6, 7), summary="x")
    assert refused.value.rules == ("care_leaver_entitled",)
    assert not NeedsAssessment.objects.exists()


def test_a_child_never_looked_after_is_no_care_leaver(personas):
    child = personas.team_child
    with pytest.raises(RuleViolation) as refused:
        services.personal_adviser_appoint(
            child=child, name="Sam Adviser", appointed_on=date(2025, 3, 1)
        )
    assert refused.value.rules == ("care_leaver_entitled",)


def test_the_pathway_plan_follows_the_needs_assessment(personas):
    child = make_care_leaver(personas.own_child)
    with pytest.raises(RuleViolation) as refused:
        services.pathway_plan_record(child=child, agreed_on=date(2024, 10, 1), summary="Plan")
    assert refused.value.rules == ("pathway_plan_after_needs_assessment",)
    services.needs_assessment_record(child=child, completed_on=date(2024, 10, 1), summary="N")
    with pytest.raises(RuleViolation):
        services.pathway_plan_record(child=child, agreed_on=date(2024, 9, 30), summary="Plan")
    plan = services.pathway_plan_record(child=child, agreed_on=date(2024, 10, 8), summary="P")
    review = services.pathway_plan_review_record(plan=plan, reviewed_on=date(2025, 3, 10))
    assert review.plan == plan and PathwayPlan.objects.count() == 1


def test_a_review_before_its_plan_is_refused(personas):
    child = make_care_leaver(personas.own_child)
    services.needs_assessment_record(child=child, completed_on=date(2024, 10, 1), summary="N")
    plan = services.pathway_plan_record(child=child, agreed_on=date(2024, 10, 8), summary="P")
    with pytest.raises(RuleViolation) as refused:
        services.pathway_plan_review_record(plan=plan, reviewed_on=date(2024, 10, 7))
    assert refused.value.rules == ("pathway_review_after_plan",)


def test_a_contact_in_touch_needs_accommodation_and_activity(personas):
    child = make_care_leaver(personas.own_child)
    with pytest.raises(RuleViolation) as refused:
        services.care_leaver_contact_record(
            child=child, contact_date=date(2025, 3, 3), in_touch="YES"
        )
    assert refused.value.fields == ("accommodation", "activity")
    contact = services.care_leaver_contact_record(
        child=child,
        contact_date=date(2025, 3, 3),
        in_touch="YES",
        accommodation="D",
        accommodation_suitable=False,
        activity="G5",
    )
    assert contact.oc3_accommodation == "D2"


def test_no_accommodation_or_activity_for_a_young_person_returned_home(personas):
    child = make_care_leaver(personas.own_child)
    with pytest.raises(RuleViolation) as refused:
        services.care_leaver_contact_record(
            child=child, contact_date=date(2025, 3, 3), in_touch="RHOM", activity="F2"
        )
    assert refused.value.rules == ("care_leaver_contact_answers_fit",)
    assert not CareLeaverContact.objects.exists()


def test_no_fixed_abode_is_never_suitable(personas):
    child = make_care_leaver(personas.own_child)
    with pytest.raises(RuleViolation):
        services.care_leaver_contact_record(
            child=child,
            contact_date=date(2025, 3, 3),
            in_touch="YES",
            accommodation="S",
            accommodation_suitable=True,
            activity="G5",
        )


def test_a_contact_in_the_future_is_refused(personas):
    child = make_care_leaver(personas.own_child)
    with pytest.raises(RuleViolation) as refused:
        services.care_leaver_contact_record(
            child=child, contact_date=date(2025, 3, 15), in_touch="NO"
        )
    assert refused.value.rules == ("date_not_in_future",)
