"""Recording the family help assessment (started, then completed with the needs found by
headline outcome), the family plan (outcomes with actions) and an action done."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.family_help.models import (
    AssessedNeed,
    FamilyHelpAssessment,
    FamilyPlan,
    PlanAction,
    PlanOutcome,
)
from safeguard.family_help.tests.factories import (
    FamilyHelpAssessmentFactory,
    FamilyPlanFactory,
    PlanActionFactory,
    PlanOutcomeFactory,
)
from safeguard.family_help.tests.views.recording_support import (
    banner,
    check_answers,
    day,
    family_of,
    frozen_today,  # noqa: F401 (autouse)
    record,
    record_at_once,
    refused,
)

pytestmark = pytest.mark.django_db


# --- The assessment ---------------------------------------------------------------------------


def test_the_assessment_starts_in_one_step(personas, sign_in):
    family = family_of(personas)
    client = sign_in(personas.fhp)
    response = record_at_once(
        client,
        reverse("family_help:assessment_start", args=[family.pk]),
        day("start_date", date(2025, 1, 13)),
    )
    assert banner(response) == ["The family help assessment has started"]
    assert FamilyHelpAssessment.objects.get().start_date == date(2025, 1, 13)


def test_a_second_assessment_waits_for_the_first_to_complete(personas, sign_in):
    family = family_of(personas)
    FamilyHelpAssessmentFactory(family_help=family)
    client = sign_in(personas.fhp)
    url = reverse("family_help:assessment_start", args=[family.pk])
    token_page = client.get(url).content.decode()
    assert "submission_token" in token_page
    html = refused(client.post(url, day("start_date", date(2025, 2, 3))))
    assert "An assessment started on 6 January 2025 is not complete yet" in html
    assert FamilyHelpAssessment.objects.count() == 1


def test_the_assessment_is_completed_with_its_needs_by_headline_outcome(personas, sign_in):
    family = family_of(personas)
    assessment = FamilyHelpAssessmentFactory(family_help=family)
    client = sign_in(personas.fhp)
    url = reverse("family_help:assessment_complete", args=[family.pk, assessment.pk])
    answers = {
        **day("completed_on", date(2025, 2, 10)),
        "need_relationships": "Arguments every morning before school",
        "need_housing": "Damp in the children's bedroom",
        "family_view": "We want calmer mornings.",
    }
    check = check_answers(client, url, answers).content.decode()
    # Only what will be recorded is read back: the outcomes left blank are not.
    assert "Damp in the children" in check
    assert "Getting a good education" not in check

    response = record(client, url, answers)

    assert banner(response) == ["The family help assessment is complete"]
    assessment.refresh_from_db()
    assert (assessment.completed_on, assessment.family_view) == (
        date(2025, 2, 10),
        "We want calmer mornings.",
    )
    assert assessment.completed_by_organisation == "Family help"
    assert sorted(AssessedNeed.objects.values_list("area", "description")) == [
        ("housing", "Damp in the children's bedroom"),
        ("relationships", "Arguments every morning before school"),
    ]


def test_an_assessment_with_no_need_is_refused_and_nothing_is_written(personas, sign_in):
    family = family_of(personas)
    assessment = FamilyHelpAssessmentFactory(family_help=family)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:assessment_complete", args=[family.pk, assessment.pk]),
            day("completed_on", date(2025, 2, 10)),
        )
    )
    assert "Record at least one need the assessment found." in html
    assessment.refresh_from_db()
    assert assessment.completed_on is None


def test_another_familys_assessment_is_404(personas, sign_in):
    family = family_of(personas)
    elsewhere = FamilyHelpAssessmentFactory()
    url = reverse("family_help:assessment_complete", args=[family.pk, elsewhere.pk])
    assert sign_in(personas.fhp).get(url).status_code == 404


# --- The family plan --------------------------------------------------------------------------


def _assessed(family):
    assessment = FamilyHelpAssessmentFactory(family_help=family, completed_on=date(2025, 1, 27))
    AssessedNeed.objects.create(assessment=assessment, area="relationships", description="Rows")
    AssessedNeed.objects.create(assessment=assessment, area="housing", description="Damp")
    return assessment


def test_the_plan_offers_the_outcomes_the_assessment_found(personas, sign_in):
    family = family_of(personas)
    _assessed(family)
    html = sign_in(personas.fhp).get(reverse("family_help:plan_agree", args=[family.pk]))
    page = html.content.decode()
    assert "Improved family relationships" in page
    assert "Secure housing" in page
    assert "Getting a good education" not in page


def test_the_plan_is_agreed_with_outcomes_and_their_actions(personas, sign_in):
    family = family_of(personas)
    _assessed(family)
    client = sign_in(personas.fhp)
    response = record(
        client,
        reverse("family_help:plan_agree", args=[family.pk]),
        {
            **day("agreed_on", date(2025, 2, 3)),
            "change_relationships": "Calmer mornings before school",
            "baseline_relationships": "Arguments most days",
            "what_relationships_1": "Parenting course",
            "who_relationships_1": "Jo Example",
            **day("by_relationships_1", date(2025, 5, 30)),
            "what_relationships_2": "Morning check-in",
            "who_relationships_2": "Class teacher",
            "agency_relationships_2": "Northbridge Primary",
        },
    )
    assert banner(response) == ["The family plan is agreed"]
    plan = FamilyPlan.objects.get()
    outcome = PlanOutcome.objects.get()  # housing left out of the plan
    assert (plan.agreed_on, outcome.area, outcome.baseline) == (
        date(2025, 2, 3),
        "relationships",
        "Arguments most days",
    )
    assert sorted(PlanAction.objects.values_list("what", "who", "agency", "by_date")) == [
        ("Morning check-in", "Class teacher", "Northbridge Primary", None),
        ("Parenting course", "Jo Example", "", date(2025, 5, 30)),
    ]


def test_an_action_needs_someone_to_do_it_and_an_outcome_to_belong_to(personas, sign_in):
    family = family_of(personas)
    _assessed(family)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:plan_agree", args=[family.pk]),
            {**day("agreed_on", date(2025, 2, 3)), "what_housing_1": "Report the damp"},
        )
    )
    assert "Enter who will do action 1" in html
    assert "Enter what will change, or remove the actions under this outcome" in html
    assert not FamilyPlan.objects.exists()


def test_a_plan_without_an_outcome_is_refused(personas, sign_in):
    family = family_of(personas)
    _assessed(family)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:plan_agree", args=[family.pk]), day("agreed_on", date(2025, 2, 3))
        )
    )
    assert "Add at least one outcome the family wants to achieve." in html
    assert not FamilyPlan.objects.exists()


def test_a_plan_before_the_assessment_is_complete_is_refused(personas, sign_in):
    family = family_of(personas)
    html = refused(
        sign_in(personas.fhp).post(
            reverse("family_help:plan_agree", args=[family.pk]),
            {**day("agreed_on", date(2025, 2, 3)), "change_education": "Goes to school every day"},
        )
    )
    assert "Complete the family help assessment before agreeing the plan." in html
    assert not FamilyPlan.objects.exists()


# --- An action done ---------------------------------------------------------------------------


def test_an_action_is_marked_done_once(personas, sign_in):
    family = family_of(personas)
    action = PlanActionFactory(
        outcome=PlanOutcomeFactory(plan=FamilyPlanFactory(family_help=family))
    )
    client = sign_in(personas.fhp)
    url = reverse("family_help:action_done", args=[family.pk, action.pk])

    response = record_at_once(client, url, day("done_on", date(2025, 3, 3)))

    assert banner(response) == ["Action done: Attend the parenting course"]
    action.refresh_from_db()
    assert action.done_on == date(2025, 3, 3)
    html = refused(record_at_once(client, url, day("done_on", date(2025, 3, 4))))
    assert "3 March 2025" in html
    action.refresh_from_db()
    assert action.done_on == date(2025, 3, 3)


def test_an_action_of_another_family_is_404(personas, sign_in):
    family = family_of(personas)
    action = PlanActionFactory()
    url = reverse("family_help:action_done", args=[family.pk, action.pk])
    assert sign_in(personas.fhp).get(url).status_code == 404
