"""The improvement plan's services: each rule refused with nothing written, each write audited,
and evidence of each kind letting a recommendation be evidenced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile

from safeguard.audit.models import Action, AuditEntry
from safeguard.case_audits.models import CaseAudit
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    InitialConferenceFactory,
    ReferralFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
)
from safeguard.improvement import rules, services
from safeguard.improvement.codes import Status
from safeguard.improvement.models import Evidence, StatusChange
from safeguard.improvement.rules import ImprovementRefused
from safeguard.improvement.tests.factories import (
    PDF_BYTES,
    document_evidence_in,
    recommendation_in,
    source_in,
)
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 14)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2025, 11, 14), tick=False):
        yield


def _changed(recommendation: Any, status: str, on: date = TODAY, reason: str = "") -> Any:
    return services.recommendation_status_change(
        recommendation=recommendation, status=status, on=on, reason=reason, changed_by=None
    )


def _audit_entries(object_type: str) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=object_type)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_evidenced_is_refused_without_evidence_and_nothing_is_written(personas):
    recommendation = recommendation_in(personas.authority)
    _changed(recommendation, Status.IMPLEMENTED, on=date(2025, 6, 2))
    before = (StatusChange.objects.count(), AuditEntry.objects.count())

    with pytest.raises(ImprovementRefused) as refused:
        _changed(recommendation, Status.EVIDENCED)

    assert refused.value.message == rules.EVIDENCED_NEEDS_EVIDENCE
    recommendation.refresh_from_db()
    assert recommendation.status == Status.IMPLEMENTED
    assert (StatusChange.objects.count(), AuditEntry.objects.count()) == before


def test_a_document_lets_a_recommendation_be_evidenced_and_the_move_is_kept(personas):
    recommendation = recommendation_in(personas.authority)
    document_evidence_in(personas.authority, recommendation)

    change = _changed(recommendation, Status.EVIDENCED)

    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.status_since) == (Status.EVIDENCED, TODAY)
    assert (change.from_status, change.to_status) == (Status.NOT_STARTED, Status.EVIDENCED)
    assert [c.to_status for c in recommendation.status_changes.all()] == [
        Status.NOT_STARTED,
        Status.EVIDENCED,
    ]
    assert _audit_entries("improvement.recommendation") == [Action.CREATE, Action.UPDATE]
    assert _audit_entries("improvement.evidence") == [Action.CREATE]


def _case_audit(personas: Any, completed_on: date | None) -> CaseAudit:
    return CaseAudit.objects.create(
        child=personas.own_child,
        worker=personas.social_worker.worker,
        team=personas.team,
        auditor=personas.auditor.worker,
        started_on=date(2025, 9, 1),
        completed_on=completed_on,
        grade="good" if completed_on else "",
    )


def test_a_completed_case_audit_is_evidence_and_one_in_progress_is_refused(personas):
    recommendation = recommendation_in(personas.authority)

    with pytest.raises(ImprovementRefused) as refused:
        services.evidence_case_audit_add(
            recommendation=recommendation,
            case_audit=_case_audit(personas, None),
            title="",
            added_by=None,
        )
    assert refused.value.fields == ("case_audit",)
    assert not Evidence.objects.exists()

    services.evidence_case_audit_add(
        recommendation=recommendation,
        case_audit=_case_audit(personas, date(2025, 9, 20)),
        title="Re-audit of plans",
        added_by=None,
    )
    _changed(recommendation, Status.EVIDENCED)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.EVIDENCED


def test_a_case_audit_of_another_authority_is_refused(personas):
    other = recommendation_in(AuthorityFactory())
    with pytest.raises(ImprovementRefused):
        services.evidence_case_audit_add(
            recommendation=other,
            case_audit=_case_audit(personas, date(2025, 9, 20)),
            title="",
            added_by=None,
        )
    assert not Evidence.objects.exists()


def _on_a_plan(team: Any) -> None:
    """One child on a child protection plan in `team` from 3 February 2025 (the factory's)."""
    referral = ReferralFactory(team=team, referral_date=date(2025, 1, 6))
    enquiry = Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(referral=referral), completed=True
    )
    ChildProtectionPlanFactory(
        initial_conference=InitialConferenceFactory(section47_enquiry=enquiry)
    )


@pytest.fixture
def authority_with_a_plan(calendar):
    # 10,000 children, so one child on a plan is 1.0 per 10,000.
    authority = AuthorityFactory(child_population=10_000)
    _on_a_plan(TeamFactory(authority=authority))
    return authority


def _indicator(recommendation: Any, baseline: str, target: str) -> Evidence:
    return services.evidence_indicator_add(
        recommendation=recommendation,
        indicator="children_on_plans",
        baseline=Decimal(baseline),
        baseline_on=date(2024, 12, 1),
        target=Decimal(target),
        added_by=None,
    )


def test_an_indicator_that_moved_towards_its_target_is_evidence(authority_with_a_plan):
    recommendation = recommendation_in(authority_with_a_plan)
    # Children on plans from 0 (baseline) towards 5 per 10,000: 1.0 now is towards.
    _indicator(recommendation, "0", "5")

    _changed(recommendation, Status.EVIDENCED)

    recommendation.refresh_from_db()
    assert recommendation.status == Status.EVIDENCED


def test_an_indicator_that_moved_away_from_its_target_is_not_evidence(authority_with_a_plan):
    recommendation = recommendation_in(authority_with_a_plan)
    # From 0.5 towards 0.2: 1.0 now has moved away.
    _indicator(recommendation, "0.5", "0.2")

    with pytest.raises(ImprovementRefused):
        _changed(recommendation, Status.EVIDENCED)


def test_sustained_needs_six_months_evidenced_and_an_indicator_that_held(authority_with_a_plan):
    recommendation = recommendation_in(authority_with_a_plan)
    document_evidence_in(authority_with_a_plan, recommendation)
    _changed(recommendation, Status.EVIDENCED, on=date(2025, 5, 1))

    # A document is evidence, but only an indicator can show a change has held.
    with pytest.raises(ImprovementRefused) as refused:
        _changed(recommendation, Status.SUSTAINED)
    assert refused.value.message == rules.SUSTAINED_NEEDS_INDICATOR.format(months=6)

    # On a plan on 14 May 2025 and on 14 November 2025: held towards 5 per 10,000.
    _indicator(recommendation, "0", "5")
    _changed(recommendation, Status.SUSTAINED)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.SUSTAINED


def test_a_status_moves_back_only_with_the_reason_which_is_kept(personas):
    recommendation = recommendation_in(personas.authority)
    _changed(recommendation, Status.IMPLEMENTED, on=date(2025, 6, 2))

    with pytest.raises(ImprovementRefused) as refused:
        _changed(recommendation, Status.IN_PROGRESS)
    assert refused.value.fields == ("reason",)

    _changed(recommendation, Status.IN_PROGRESS, reason="Re-audit found no change in practice.")
    latest = recommendation.status_changes.last()
    assert latest is not None
    assert (latest.from_status, latest.to_status, latest.reason) == (
        Status.IMPLEMENTED,
        Status.IN_PROGRESS,
        "Re-audit found no change in practice.",
    )


def test_a_change_cannot_be_dated_before_the_last_one_or_in_the_future(personas):
    recommendation = recommendation_in(personas.authority)
    _changed(recommendation, Status.IN_PROGRESS, on=date(2025, 6, 2))

    with pytest.raises(ImprovementRefused) as earlier:
        _changed(recommendation, Status.IMPLEMENTED, on=date(2025, 6, 1))
    assert earlier.value.message == (
        "The date of the change must be on or after 2 June 2025, the last change"
    )
    with pytest.raises(ImprovementRefused) as future:
        _changed(recommendation, Status.IMPLEMENTED, on=date(2025, 11, 15))
    assert future.value.message == rules.CHANGED_IN_FUTURE


def test_a_recommendation_is_owned_within_the_authority_and_due_after_its_source(personas):
    source = source_in(personas.authority)
    stranger = WorkerFactory()

    with pytest.raises(ImprovementRefused) as refused:
        recommendation_in(
            personas.authority, source=source, owner=stranger, due_on=date(2021, 2, 1)
        )

    assert set(refused.value.fields) == {"due_on", "owner"}
    assert not source.recommendations.exists()


def test_a_reference_is_used_once_in_a_source(personas):
    source = source_in(personas.authority)
    recommendation_in(personas.authority, "R1", source=source)
    with pytest.raises(ImprovementRefused) as refused:
        services.recommendation_create(
            source=source,
            kind="recommendation",
            reference="R1",
            text="Again.",
            owner=personas.head_of_service.worker,
            agencies=[],
            judgement_area="leaders",
            due_on=date(2022, 1, 1),
            created_by=None,
        )
    assert refused.value.fields == ("reference",)


def test_a_document_that_is_not_what_its_name_says_is_refused_and_nothing_kept(personas):
    recommendation = recommendation_in(personas.authority)
    with pytest.raises(ImprovementRefused) as refused:
        services.evidence_document_add(
            recommendation=recommendation,
            title="Minutes",
            document=ContentFile(b"MZ\x90\x00 not a pdf", name="minutes.pdf"),
            added_by=None,
        )
    assert refused.value.fields == ("document",)
    assert not Evidence.objects.exists()


def test_a_document_is_kept_in_the_default_storage_and_reads_back(personas):
    evidence = document_evidence_in(personas.authority)
    assert evidence.document.name.startswith(f"improvement/evidence/{evidence.recommendation_id}/")
    with evidence.document.open("rb") as kept:
        assert kept.read() == PDF_BYTES


def test_a_source_cannot_be_published_in_the_future(personas):
    with pytest.raises(ImprovementRefused) as refused:
        source_in(personas.authority, published_on=date(2025, 11, 15))
    assert refused.value.fields == ("published_on",)
