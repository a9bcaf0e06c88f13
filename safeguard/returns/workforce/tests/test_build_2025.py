"""The census of 30 September 2025, the first with pay: each worker's pay as at the day, the
council's pay policy in LALevelVacancies, no QualInst; a golden file, our 2025 XSD, a missing
pay policy refused with what to record and where, and 2026 built in the 2025 structure."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from safeguard.returns.workforce.schema import schema_errors
from safeguard.returns.workforce.services import (
    WorkforceCensusError,
    workforce_census_build,
    workforce_census_prepare,
)
from safeguard.returns.workforce.years import census_year
from safeguard.workforce.models import PayPolicy, WorkerPay

from .authority import Workforce, build_workforce

GOLDEN = Path(__file__).parent / "golden" / "csww_2025.xml"
D = Decimal

pytestmark = pytest.mark.django_db


def _policy(workforce: Workforce, year: int) -> PayPolicy:
    return PayPolicy.objects.create(
        authority=workforce.authority,
        year=year,
        recruitment_bonus="2",
        retention_bonus="1",
        performance_award="0",
        car_allowance="0",
        relocation_package="2",
        regional_weighting="0",
        cost_swe="1",
        cost_dbs="1",
        other_allowances="Market supplement for case holders",
    )


def _pay(worker, day: date, base: str, rr: str = "0.00", other: str = "0.00") -> None:
    WorkerPay.objects.create(
        worker=worker,
        effective_from=day,
        base_salary=D(base),
        recruitment_retention_payments=D(rr),
        other_payments=D(other),
    )


def _paid_workforce() -> Workforce:
    """The 2024 authority a year on. Ada's pay rose on 1 April 2025 and rises again on
    1 October 2025, after the day: the census takes the April pay. Ben's one pay record is
    from his start. Hal's and Ivy's pay is not recorded (a query). Dan is agency: no pay."""
    workforce = build_workforce()
    _pay(workforce.ada, date(2020, 1, 6), "36000.00")
    _pay(workforce.ada, date(2025, 4, 1), "39186.00", rr="2000.00", other="150.50")
    _pay(workforce.ada, date(2025, 10, 1), "41000.00")
    _pay(workforce.ben, date(2024, 3, 4), "44539.00", rr="1500.00")
    _policy(workforce, 2025)
    return workforce


@time_machine.travel(datetime(2026, 12, 5, 9, 30, tzinfo=UTC), tick=False)
def test_the_2025_census_carries_pay_as_at_30_september_and_matches_the_golden_file(tmp_path):
    workforce = _paid_workforce()
    output = tmp_path / "csww_2025.xml"
    built = workforce_census_build(authority=workforce.authority, year=2025, output=output)
    if os.environ.get("CENSUS_GOLDEN_WRITE"):  # regenerate after a deliberate change
        GOLDEN.write_bytes(output.read_bytes())
    assert output.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert schema_errors(output, census_year(2025)) == []
    pay = {w.name: (w.base_salary, w.rr_payments, w.other_payments) for w in built.workers}
    assert pay["Ada Generated"] == (D("39186.00"), D("2000.00"), D("150.50"))
    assert pay["Ben Generated"] == (D("44539.00"), D("1500.00"), D("0.00"))
    assert pay["Dan Generated"] == (None, None, None)
    assert pay["Hal Generated"] == (None, None, None)


def test_the_2025_file_has_the_pay_policy_and_no_qualifying_institution():
    text = workforce_census_prepare(authority=_paid_workforce().authority, year=2025).document
    document = text.decode()
    assert "<NoAgencyHeadcount>1</NoAgencyHeadcount>\n    <RecruitmentBonus>2" in document
    assert "<OtherAllowances>Market supplement for case holders</OtherAllowances>" in document
    assert "<QualInst>" not in document and "<CFKSSstatus>" not in document
    assert "<BaseSalary>39186.00</BaseSalary>" in document


def test_a_worker_in_post_without_pay_is_a_query_naming_where_to_record_it():
    prepared = workforce_census_prepare(authority=_paid_workforce().authority, year=2025)
    no_pay = [(i.worker, i.item, i.is_query) for i in prepared.issues if i.code == "NO_BASE_SALARY"]
    # Hal's pay is not recorded; Ivy, who started on 1 October 2024, has none either.
    assert no_pay == [("Hal Generated", "BaseSalary", True), ("Ivy Generated", "BaseSalary", True)]
    assert "Record pay" in next(i for i in prepared.issues if i.code == "NO_BASE_SALARY").message
    # No qualifying institution is not asked from 2025, so not checked.
    assert not [i for i in prepared.issues if i.code == "QUALINST_MISSING"]


def test_without_the_years_pay_policy_the_census_is_refused_saying_what_to_record(tmp_path):
    workforce = _paid_workforce()
    _policy(workforce, 2024)  # another year's policy does not do
    with pytest.raises(WorkforceCensusError) as refused:
        workforce_census_build(authority=workforce.authority, year=2026, output=tmp_path / "c.xml")
    assert "pay policy for 2026" in str(refused.value)
    assert "record the pay policy for 2026 in the workforce record" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_2026_is_built_in_the_2025_structure_with_the_2026_policy():
    workforce = _paid_workforce()
    PayPolicy.objects.filter(year=2025).update(year=2026)
    prepared = workforce_census_prepare(authority=workforce.authority, year=2026)
    assert census_year(2026).schema_path.name == "csww_2025.xsd"
    assert not [i for i in prepared.issues if i.code == "XSD"]
    # Ada's pay from 1 October 2025 is hers on 30 September 2026.
    assert "<BaseSalary>41000.00</BaseSalary>" in prepared.document.decode()


def test_the_2025_schema_refuses_a_file_without_the_pay_policy():
    document = workforce_census_prepare(authority=_paid_workforce().authority, year=2025).document
    broken = document.replace(b"<CostDBS>1</CostDBS>", b"")
    errors = schema_errors(broken, census_year(2025))
    assert errors and "CostDBS" in errors[0].reason + errors[0].path


def test_the_2025_schema_refuses_a_negative_salary():
    document = workforce_census_prepare(authority=_paid_workforce().authority, year=2025).document
    broken = document.replace(b"<BaseSalary>39186.00", b"<BaseSalary>-39186.00")
    errors = schema_errors(broken, census_year(2025))
    assert [e.worker_position for e in errors] == [0]
