"""Pay and the pay policy: the census's 2025 items, recorded through the services, each
refusal naming its rule and writing nothing, each write audited without the amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.organisation.models import Authority
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.workforce import rules, services
from safeguard.workforce.models import PayPolicy, WorkerPay
from safeguard.workforce.rules import WorkforceRefused, WorkforceRule

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = date(2026, 12, 5)
POLICY = {
    "recruitment_bonus": "2",
    "retention_bonus": "1",
    "performance_award": "0",
    "car_allowance": "0",
    "relocation_package": "2",
    "regional_weighting": "0",
    "cost_swe": "1",
    "cost_dbs": "1",
    "other_allowances": " None ",
}


def _state() -> list[object]:
    rows = [sorted(map(repr, t.objects.values())) for t in (WorkerPay, PayPolicy)]
    return [*rows, AuditEntry.objects.count()]


def _refused(call, rule: WorkforceRule) -> WorkforceRefused:
    before = _state()
    with pytest.raises(WorkforceRefused) as refused:
        call()
    assert rule in refused.value.rules
    assert _state() == before, "a refusal writes nothing"
    return refused.value


def _employee():
    return WorkerFactory(is_agency=False, started_on=date(2023, 4, 3), left_on=None)


def test_a_workers_pay_is_recorded_and_audited_without_the_amounts():
    worker = _employee()
    pay = services.worker_pay_record(
        worker=worker,
        effective_from=date(2025, 4, 1),
        base_salary=D("39186.00"),
        recruitment_retention_payments=D("2000.00"),
    )
    assert (pay.base_salary, pay.recruitment_retention_payments, pay.other_payments) == (
        D("39186.00"),
        D("2000.00"),
        D("0.00"),
    )
    entry = AuditEntry.objects.get(object_type="workforce.workerpay", object_id=str(pay.pk))
    assert entry.action == "create"
    assert "39186" not in repr(entry.details)


def test_recording_pay_again_for_the_same_day_corrects_it():
    worker = _employee()
    first = services.worker_pay_record(
        worker=worker, effective_from=date(2025, 4, 1), base_salary=D("39186.00")
    )
    again = services.worker_pay_record(
        worker=worker, effective_from=date(2025, 4, 1), base_salary=D("39816.00")
    )
    assert again.pk == first.pk and WorkerPay.objects.get().base_salary == D("39816.00")
    actions = AuditEntry.objects.filter(object_type="workforce.workerpay").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == ["create", "update"]


def test_an_agency_workers_pay_is_refused_as_the_agencys():
    worker = WorkerFactory(is_agency=True, started_on=date(2024, 1, 8))
    refused = _refused(
        lambda: services.worker_pay_record(
            worker=worker, effective_from=date(2025, 4, 1), base_salary=D("45000.00")
        ),
        WorkforceRule.PAY_WHILE_EMPLOYED,
    )
    assert "agency" in str(refused)


def test_pay_before_the_worker_started_is_refused():
    refused = _refused(
        lambda: services.worker_pay_record(
            worker=_employee(), effective_from=date(2023, 4, 2), base_salary=D("39186.00")
        ),
        WorkforceRule.PAY_WHILE_EMPLOYED,
    )
    assert "3 April 2023" in str(refused) and "2 April 2023" in str(refused)


def test_a_salary_with_an_extra_digit_and_a_negative_payment_are_refused_together():
    refused = _refused(
        lambda: services.worker_pay_record(
            worker=_employee(),
            effective_from=date(2025, 4, 1),
            base_salary=D("391860.00"),
            other_payments=D("-1.00"),
        ),
        WorkforceRule.PAY_AMOUNTS_FIT,
    )
    assert set(refused.fields) == {"base_salary", "other_payments"}


def test_a_pay_policy_is_recorded_once_a_year_and_replaced_when_recorded_again():
    authority = Authority.objects.create(name="Payshire", la_code="895", child_population=1)
    first = services.pay_policy_record(authority_id=authority.pk, year=2025, today=TODAY, **POLICY)
    assert first.other_allowances == "None"
    again = services.pay_policy_record(
        authority_id=authority.pk, year=2025, today=TODAY, **{**POLICY, "car_allowance": "2"}
    )
    assert again.pk == first.pk and PayPolicy.objects.get().car_allowance == "2"
    actions = AuditEntry.objects.filter(object_type="workforce.paypolicy").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == ["create", "update"]


def test_a_pay_policy_for_a_year_not_yet_begun_or_with_a_bad_code_is_refused():
    authority = Authority.objects.create(name="Payshire", la_code="895", child_population=1)
    # On 5 December 2026 the next census is 30 September 2027: 2028 is too far.
    _refused(
        lambda: services.pay_policy_record(
            authority_id=authority.pk, year=2028, today=TODAY, **POLICY
        ),
        WorkforceRule.PAY_POLICY_YEAR_FITS,
    )
    _refused(
        lambda: services.pay_policy_record(
            authority_id=authority.pk, year=2025, today=TODAY, **{**POLICY, "cost_dbs": "3"}
        ),
        WorkforceRule.INVALID_VALUE,
    )
    _refused(
        lambda: services.pay_policy_record(
            authority_id=authority.pk, year=2025, today=TODAY, **{**POLICY, "other_allowances": " "}
        ),
        WorkforceRule.INVALID_VALUE,
    )


@pytest.mark.parametrize(
    ("year", "today", "fits"),
    [
        (2027, date(2026, 12, 5), True),  # after 30 September the next census is next year's
        (2027, date(2026, 9, 30), False),  # on the day itself it is still this year's
        (2026, date(2026, 9, 30), True),
        (2010, date(2026, 12, 5), True),
        (2009, date(2026, 12, 5), False),
    ],
)
def test_the_pay_policy_year_runs_from_2010_to_the_next_census(year, today, fits):
    assert (rules.pay_policy_year_fits(year, today) == []) is fits


@pytest.mark.parametrize(
    ("base", "fits"),
    [(D("0.00"), False), (D("0.01"), True), (D("250000.00"), True), (D("250000.01"), False)],
)
def test_a_base_salary_is_more_than_nothing_and_at_most_250000(base, fits):
    assert (rules.pay_amounts_fit(base, D(0), D(0)) == []) is fits
