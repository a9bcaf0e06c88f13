"""`assessment_start`, `assessment_submit`, `assessment_authorise` and `assessment_return`."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import Assessment, ManagementDecision, Referral
from safeguard.cases.tests.factories import AssessmentFactory, assessment_sections
from safeguard.cases.tests.services.support import TODAY, TOMORROW, refused
from safeguard.cases.workflow import rules
from safeguard.common import codes
from safeguard.organisation.models import Worker

pytestmark = pytest.mark.django_db


def test_an_assessment_starts_inside_the_referral(referral: Referral, worker: Worker) -> None:
    assessment = services.assessment_start(
        referral=referral, start_date=date(2025, 1, 7), worker=worker
    )

    assert Assessment.objects.get() == assessment
    assert (assessment.child, assessment.start_date, assessment.worker) == (
        referral.child,
        date(2025, 1, 7),
        worker,
    )


def test_an_assessment_cannot_start_before_the_referral(referral: Referral) -> None:
    with refused("within_open_referral"):
        services.assessment_start(referral=referral, start_date=date(2025, 1, 3))


def test_a_referral_has_one_assessment_in_progress_at_a_time(referral: Referral) -> None:
    AssessmentFactory(referral=referral)

    with refused("one_open_assessment"):
        services.assessment_start(referral=referral, start_date=date(2025, 2, 3))


def test_a_referral_whose_assessment_is_authorised_starts_no_second_one(
    referral: Referral,
) -> None:
    AssessmentFactory(referral=referral, authorised=True)

    with refused("assessment_once_per_referral"):
        services.assessment_start(referral=referral, start_date=TODAY)


def test_an_assessment_cannot_start_in_the_future(referral: Referral) -> None:
    with refused("date_not_in_future"):
        services.assessment_start(referral=referral, start_date=TOMORROW)


def test_a_worker_submits_an_assessment_with_its_factors(referral: Referral) -> None:
    assessment = AssessmentFactory(referral=referral)

    services.assessment_submit(
        assessment=assessment,
        submitted_date=date(2025, 3, 3),
        child_seen_date=date(2025, 1, 9),
        factors=["16A", "3B"],
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
        **assessment_sections(),
    )

    assessment.refresh_from_db()
    assert (assessment.submitted_date, assessment.child_seen_date, assessment.factors) == (
        date(2025, 3, 3),
        date(2025, 1, 9),
        ["16A", "3B"],
    )
    assert assessment.authorised_date is None
    written = {name: getattr(assessment, name) for name in rules.ASSESSMENT_SECTIONS}
    assert written == assessment_sections()


@pytest.mark.parametrize("section", rules.ASSESSMENT_SECTIONS)
def test_an_assessment_with_a_section_left_blank_is_refused_and_nothing_is_written(
    referral: Referral, section: str
) -> None:
    assessment = AssessmentFactory(referral=referral)

    with refused("assessment_section_required") as caught:
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=date(2025, 1, 9),
            factors=["16A"],
            outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
            **assessment_sections(**{section: "  \n "}),
        )

    assert caught.value.fields == (section,)


def test_an_assessment_of_a_child_not_seen_still_gives_the_childs_voice(
    referral: Referral,
) -> None:
    assessment = AssessmentFactory(referral=referral)

    with refused("assessment_section_required") as caught:
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=None,
            factors=["21"],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(childs_voice=""),
        )

    assert str(caught.value) == (
        "Enter the child's voice: the child was not seen, so say why their views could not be "
        "gathered."
    )


def test_an_assessment_cannot_be_completed_before_it_starts(referral: Referral) -> None:
    assessment = AssessmentFactory(referral=referral, start_date=date(2025, 1, 10))

    with refused("assessment_completed_not_before_start"):
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 1, 9),
            child_seen_date=None,
            factors=["21"],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(),
        )


def test_the_child_cannot_have_been_seen_before_the_referral(referral: Referral) -> None:
    assessment = AssessmentFactory(referral=referral)  # referral 6 January 2025

    with refused("child_seen_not_before_referral") as caught:
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=date(2024, 2, 5),
            factors=["21"],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(),
        )

    assert caught.value.fields == ("child_seen_date",)


def test_a_submitted_assessment_waits_unchanged_for_the_managers_decision(
    referral: Referral,
) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)

    with refused("assessment_awaiting_decision"):
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=None,
            factors=["21"],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(),
        )


def test_an_assessment_is_submitted_with_at_least_one_factor(referral: Referral) -> None:
    assessment = AssessmentFactory(referral=referral)

    with refused("assessment_factors_required"):
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=None,
            factors=[],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(),
        )


def test_an_assessment_is_submitted_with_census_factors_only(referral: Referral) -> None:
    assessment = AssessmentFactory(referral=referral)

    with refused("assessment_factors_known", "assessment_factor_21_alone"):
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=None,
            factors=["21", "99Z"],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(),
        )


def test_an_authorised_assessment_cannot_be_resubmitted(referral: Referral) -> None:
    assessment = AssessmentFactory(referral=referral, authorised=True)

    with refused("assessment_already_authorised"):
        services.assessment_submit(
            assessment=assessment,
            submitted_date=date(2025, 3, 3),
            child_seen_date=None,
            factors=["21"],
            outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
            **assessment_sections(),
        )


def test_a_manager_authorises_a_submitted_assessment(referral: Referral, manager: Worker) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)

    services.assessment_authorise(
        assessment=assessment,
        authorised_date=date(2025, 2, 11),
        authorised_by=manager,
        rationale="Analysis is sound; plan agreed.",
    )

    assessment.refresh_from_db()
    assert (assessment.authorised_date, assessment.authorised_by) == (date(2025, 2, 11), manager)


def test_assessment_cannot_be_authorised_before_it_starts(
    referral: Referral, manager: Worker
) -> None:
    # Submitted on 10 February, so authorising on 5 January is before both: the user is told
    # the later bound, once.
    assessment = AssessmentFactory(referral=referral, submitted=True)

    with refused("assessment_authorised_after_completed") as caught:
        services.assessment_authorise(
            assessment=assessment,
            authorised_date=date(2025, 1, 5),
            authorised_by=manager,
            rationale="Analysis is sound; plan agreed.",
        )

    assert caught.value.fields == ("authorised_date",)
    assert str(caught.value) == (
        "The authorisation date must be on or after 10 February 2025, the date the assessment "
        "was completed."
    )
    assert Assessment.objects.get().authorised_date is None


def test_an_assessment_cannot_be_authorised_before_it_is_completed(
    referral: Referral, manager: Worker
) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)  # submitted 10 February

    with refused("assessment_authorised_after_completed"):
        services.assessment_authorise(
            assessment=assessment,
            authorised_date=date(2025, 2, 7),
            authorised_by=manager,
            rationale="Analysis is sound; plan agreed.",
        )


def test_an_assessment_not_yet_completed_cannot_be_authorised(
    referral: Referral, manager: Worker
) -> None:
    assessment = AssessmentFactory(referral=referral)

    with refused("assessment_authorised_after_completed"):
        services.assessment_authorise(
            assessment=assessment,
            authorised_date=TODAY,
            authorised_by=manager,
            rationale="Analysis is sound; plan agreed.",
        )


def test_an_assessment_is_authorised_once(referral: Referral, manager: Worker) -> None:
    assessment = AssessmentFactory(referral=referral, authorised=True)

    with refused("assessment_already_authorised"):
        services.assessment_authorise(
            assessment=assessment,
            authorised_date=TODAY,
            authorised_by=manager,
            rationale="Analysis is sound; plan agreed.",
        )


def test_an_assessment_cannot_be_authorised_in_the_future(
    referral: Referral, manager: Worker
) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)

    with refused("date_not_in_future"):
        services.assessment_authorise(
            assessment=assessment,
            authorised_date=TOMORROW,
            authorised_by=manager,
            rationale="Analysis is sound; plan agreed.",
        )


def test_a_manager_returns_a_submitted_assessment_for_more_work(
    referral: Referral, manager: Worker
) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)

    services.assessment_return(
        assessment=assessment, returned_by=manager, rationale="Needs the father's view."
    )

    assessment.refresh_from_db()
    assert assessment.submitted_date is None
    decision = ManagementDecision.objects.get()
    assert (decision.kind, decision.rationale, decision.decided_by) == (
        "return",
        "Needs the father's view.",
        manager,
    )


def test_authorisation_and_return_need_a_rationale(referral: Referral, manager: Worker) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)

    with refused("decision_needs_rationale"):
        services.assessment_authorise(
            assessment=assessment,
            authorised_date=date(2025, 2, 11),
            authorised_by=manager,
            rationale="  ",
        )
    with refused("decision_needs_rationale"):
        services.assessment_return(assessment=assessment, returned_by=manager, rationale="")


def test_authorisation_records_the_management_decision(referral: Referral, manager: Worker) -> None:
    assessment = AssessmentFactory(referral=referral, submitted=True)

    services.assessment_authorise(
        assessment=assessment,
        authorised_date=date(2025, 2, 11),
        authorised_by=manager,
        rationale="Analysis is sound; plan agreed.",
    )

    decision = ManagementDecision.objects.get()
    assert (decision.kind, decision.child, decision.subject_id) == (
        "authorisation",
        assessment.child,
        assessment.pk,
    )


def test_only_a_submitted_unauthorised_assessment_can_be_returned(
    referral: Referral, manager: Worker
) -> None:
    assessment = AssessmentFactory(referral=referral)

    with refused("assessment_return_needs_submitted"):
        services.assessment_return(
            assessment=assessment, returned_by=manager, rationale="Needs the father's view."
        )
