"""Management decisions (allocation, closure, step-down) record who, when and why; field-level
problems come back as rule violations; referrals do not overlap."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases import services
from safeguard.cases.models import ChildProtectionPlan, ManagementDecision, Referral
from safeguard.cases.tests.conference_answers import review_conference
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.cases.tests.services.support import refused
from safeguard.common import codes
from safeguard.organisation.models import Team, Worker
from safeguard.people.models import Person
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_a_managers_allocation_records_its_rationale(
    child: Person, team: Team, worker: Worker, manager: Worker
) -> None:
    services.allocation_allocate(
        child=child,
        team=team,
        worker=worker,
        start_date=date(2025, 3, 3),
        reason="Worker knows the family from an earlier referral.",
        allocated_by=manager,
    )
    decision = ManagementDecision.objects.get()
    assert (decision.kind, decision.decided_by, decision.child) == ("allocation", manager, child)
    assert decision.rationale == "Worker knows the family from an earlier referral."


def test_a_managers_allocation_without_a_rationale_is_refused(
    child: Person, team: Team, worker: Worker, manager: Worker
) -> None:
    with refused("decision_needs_rationale"):
        services.allocation_allocate(
            child=child,
            team=team,
            worker=worker,
            start_date=date(2025, 3, 3),
            reason="",
            allocated_by=manager,
        )


def test_a_managers_closure_records_the_decision(referral: Referral, manager: Worker) -> None:
    services.referral_close(
        referral=referral,
        closure_date=date(2025, 3, 10),
        closure_reason=codes.ReasonForClosure.RC7,
        closed_by=manager,
        rationale="Family engaged with early help; no further role for social care.",
    )
    decision = ManagementDecision.objects.get()
    assert (decision.kind, decision.subject_id) == ("closure", referral.pk)


def test_ending_a_plan_with_a_chair_records_the_step_down(
    protection_plan: ChildProtectionPlan, manager: Worker
) -> None:
    with refused("decision_needs_rationale"):
        services.review_conference_record(
            plan=protection_plan,
            conference_date=date(2025, 3, 12),
            outcome="end_plan",
            chair=manager,
            **review_conference(date(2025, 3, 12), continues=False),
        )
    services.review_conference_record(
        plan=protection_plan,
        conference_date=date(2025, 3, 12),
        outcome="end_plan",
        chair=manager,
        rationale="Risk reduced: step down to a child in need plan.",
        **review_conference(date(2025, 3, 12), continues=False),
    )
    assert ManagementDecision.objects.get().kind == "step_down"


def test_a_new_referral_cannot_start_before_the_last_one_closed(team: Team) -> None:
    child = ChildFactory()
    ReferralFactory(
        child=child,
        team=team,
        referral_date=date(2025, 1, 6),
        closure_date=date(2025, 2, 20),
        closure_reason="RC8",
    )
    with refused("referrals_do_not_overlap"):
        services.referral_open(child=child, referral_date=date(2025, 2, 19), source="6", team=team)
    services.referral_open(child=child, referral_date=date(2025, 2, 20), source="6", team=team)


def test_a_value_the_model_refuses_comes_back_as_a_rule_violation(
    child: Person, team: Team
) -> None:
    with refused("invalid_value") as caught:
        services.referral_open(
            child=child, referral_date=date(2025, 3, 3), source="NOT-A-CODE", team=team
        )
    assert caught.value.fields == ("source",)
