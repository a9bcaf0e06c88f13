"""The demo's pay record on the demo tests' shared authority (scale 0.01, seed 5, as of
14 November 2025, see conftest): every directly employed social worker's pay from their
start, on their role's scale and within the workforce record's rules; a pay policy for each
of the five census years; the same rows for the same seed; and the 2025 workforce census
builds with each worker's pay and the council's pay policy."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest

from safeguard.demo.generator.workforce import census_days, give_workforce
from safeguard.demo.generator.workforce_pay import (
    DEFAULT_SCALE,
    SCALES,
    give_workforce_pay,
    paid_workers,
)
from safeguard.organisation.models import Authority
from safeguard.returns.workforce.services import workforce_census_prepare
from safeguard.workforce import rules
from safeguard.workforce.models import PayPolicy, Post, WorkerPay

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.django_db

SCALE = 0.01


@pytest.fixture
def pay(northbridge: None) -> None:
    """The workforce and pay records, written now unless `generate_demo` already wrote them."""
    if not Post.objects.exists():
        give_workforce(SEED, SCALE, AS_OF)
    if not WorkerPay.objects.exists():
        give_workforce_pay(SEED, SCALE, AS_OF)


def _pay_rows() -> list[tuple[object, ...]]:
    return [
        *WorkerPay.objects.order_by("worker_id", "effective_from").values_list(
            "worker_id",
            "effective_from",
            "base_salary",
            "recruitment_retention_payments",
            "other_payments",
        ),
        *PayPolicy.objects.order_by("authority_id", "year").values_list(
            "authority_id",
            "year",
            "recruitment_bonus",
            "retention_bonus",
            "performance_award",
            "car_allowance",
            "relocation_package",
            "regional_weighting",
            "cost_swe",
            "cost_dbs",
            "other_allowances",
        ),
    ]


def test_every_directly_employed_social_worker_is_paid_from_their_first_day(pay: None) -> None:
    authority = Authority.objects.order_by("pk").first()
    assert authority is not None
    employed = paid_workers(authority, AS_OF)
    first = {p.worker_id: p.effective_from for p in WorkerPay.objects.order_by("-effective_from")}
    assert employed.exists()
    assert first == {w.pk: w.started_on for w in employed}
    assert not WorkerPay.objects.filter(worker__is_agency=True).exists()


def test_pay_keeps_to_the_workforce_record_s_rules(pay: None) -> None:
    rows = WorkerPay.objects.select_related("worker")
    assert rows.exists()
    for p in rows:
        w = p.worker
        assert not rules.pay_amounts_fit(
            p.base_salary, p.recruitment_retention_payments, p.other_payments
        )
        assert not rules.pay_while_employed(w.is_agency, w.started_on, w.left_on, p.effective_from)
        assert p.effective_from <= AS_OF


def test_pay_rises_each_april_to_the_role_s_scale_and_a_few_have_r_and_r_payments(
    pay: None,
) -> None:
    by_worker: dict[int, list[WorkerPay]] = defaultdict(list)
    for p in WorkerPay.objects.select_related("worker").order_by("effective_from"):
        by_worker[p.worker_id].append(p)
    for rows in by_worker.values():
        for before, after in pairwise(rows):
            assert (after.effective_from.month, after.effective_from.day) == (4, 1)
            assert after.base_salary > before.base_salary
        latest = rows[-1]
        low, high = SCALES.get(latest.worker.role, DEFAULT_SCALE)
        # The last pay is on the role's scale, but for a starter of 30 and more awards ago
        # whose first pay was raised to the floor.
        if len(rows) <= 30:
            assert low - 1 <= latest.base_salary <= high + 1
    with_rr = {p.worker_id for p in WorkerPay.objects.filter(recruitment_retention_payments__gt=0)}
    assert 0 < len(with_rr) < len(by_worker) / 2


def test_the_council_has_a_pay_policy_for_each_of_the_five_census_years(pay: None) -> None:
    authority = Authority.objects.order_by("pk").first()
    assert authority is not None
    policies = PayPolicy.objects.filter(authority=authority).order_by("year")
    assert [p.year for p in policies] == [d.year for d in census_days(AS_OF)]
    for p in policies:
        assert not rules.pay_policy_year_fits(p.year, AS_OF)
        assert p.other_allowances.strip()
        # Some receive R&R payments, so some are eligible for a retention bonus.
        assert p.retention_bonus == "2"


def test_writing_the_pay_again_with_the_same_seed_gives_the_same_rows(pay: None) -> None:
    first = _pay_rows()
    WorkerPay.objects.all().delete()
    PayPolicy.objects.all().delete()
    rows = give_workforce_pay(SEED, SCALE, AS_OF)
    assert _pay_rows() == first
    assert rows == {
        "workforce.workerpay": WorkerPay.objects.count(),
        "workforce.paypolicy": PayPolicy.objects.count(),
    }


def test_the_2025_workforce_census_has_the_pay_policy_and_everyone_s_pay(pay: None) -> None:
    authority = Authority.objects.order_by("pk").first()
    assert authority is not None
    prepared = workforce_census_prepare(authority=authority, year=2025)
    assert prepared.vacancies.pay_policy is not None
    assert not [i for i in prepared.issues if i.code == "NO_BASE_SALARY"]
    paid = [w for w in prepared.workers if w.base_salary is not None]
    assert paid
    assert all(Decimal(0) < w.base_salary <= Decimal(85_000) for w in paid if w.base_salary)
    assert date(2025, 9, 30) == prepared.year.reference_date
