"""The demo's case audits (issue 17) on the demo tests' shared authority (scale 0.01, seed 5,
as of 14 November 2025, see conftest): audits over five years whose grades improve, every
row as the services' rules allow, and the same audits for the same seed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count, Q

from safeguard.case_audits.models import AuditTheme, CaseAudit, CaseAuditAction, Grade
from safeguard.case_audits.selectors import audit_results_by_theme
from safeguard.cases.models import Allocation
from safeguard.demo.generator.case_audits import give_case_audits, plan_case_audits
from safeguard.organisation.models import Authority

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db

SCALE = 0.01


@pytest.fixture
def audits(northbridge: None) -> None:
    """The audits, written now unless `generate_demo` already wrote them."""
    if not CaseAudit.objects.exists():
        give_case_audits(SEED, SCALE, AS_OF)


def _authority() -> Authority:
    return Authority.objects.order_by("pk").first()  # type: ignore[return-value]


def test_audits_span_the_five_years_with_actions_responses_and_some_in_progress(audits: None):
    assert CaseAudit.objects.filter(started_on__lt=date(2021, 6, 1)).exists()
    assert CaseAudit.objects.filter(completed_on__isnull=False).count() >= 80
    assert CaseAudit.objects.filter(completed_on__isnull=True).exists()
    assert CaseAudit.objects.filter(worker_responded_on__isnull=False).exists()
    assert CaseAuditAction.objects.filter(done_on__isnull=True).exists()
    assert CaseAuditAction.objects.filter(done_on__isnull=False).exists()
    for column in ("started_on", "completed_on", "worker_responded_on"):
        assert not CaseAudit.objects.filter(**{f"{column}__gt": AS_OF}).exists()
    assert not CaseAuditAction.objects.filter(done_on__gt=AS_OF).exists()


def test_grades_improve_from_mostly_inadequate_or_requiring_improvement_to_mostly_good(
    audits: None,
):
    def shares(start: date, end: date) -> tuple[float, float]:
        rows = audit_results_by_theme(authority_id=_authority().pk, date_from=start, date_to=end)
        overall = [r.counts for r in rows if r.theme == "overall"]
        total = sum(sum(c) for c in overall)
        good = sum(c[0] + c[1] for c in overall)
        inadequate = sum(c[3] for c in overall)
        return good / total, inadequate / total

    first_good, first_inadequate = shares(date(2020, 11, 1), date(2022, 10, 31))
    last_good, last_inadequate = shares(date(2023, 11, 15), AS_OF)
    assert last_good > first_good + 0.15
    assert first_inadequate > last_inadequate


def test_every_completed_audit_keeps_the_rules_the_services_ask(audits: None):
    completed = CaseAudit.objects.filter(completed_on__isnull=False)
    graded = completed.annotate(themes=Count("theme_grades"))
    assert set(graded.values_list("themes", flat=True)) == {len(AuditTheme)}
    inadequate = completed.filter(
        Q(grade=Grade.INADEQUATE) | Q(theme_grades__grade=Grade.INADEQUATE)
    ).distinct()
    assert inadequate.exists()
    assert not inadequate.annotate(n=Count("actions")).filter(n=0).exists()
    for audit in CaseAudit.objects.all():
        held = set(Allocation.objects.filter(child=audit.child_id).values_list("worker", flat=True))
        assert audit.auditor_id != audit.worker_id
        assert audit.auditor_id not in held
        assert audit.worker_id in held
        assert audit.auditor.role in ("auditor", "team_manager", "head_of_service")


def test_the_same_seed_plans_the_same_audits(audits: None):
    def plan() -> list[tuple[object, ...]]:
        return [
            (p.audit.child_id, p.audit.started_on, p.audit.grade, len(p.actions))
            for p in plan_case_audits(SEED, SCALE, AS_OF, _authority())
        ]

    assert plan() == plan()
