"""What the workforce census holds, as plain values: read from the record by `queries.py`,
checked by `rules.py`, written by `xml.py`. Codes are already the census's; a value the
record lacks is None (the item is left out of the file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Header:
    la_code: str
    reference_date: date
    software_code: str
    generated_at: str


@dataclass(frozen=True)
class Vacancies:
    """`LALevelVacancies` on 30 September: FTE of social work posts no permanent worker
    fills, and the agency workers covering social work posts (FTE and people)."""

    vacant_fte: Decimal
    agency_fte: Decimal
    agency_headcount: int
    pay_policy: PayPolicyItems | None = None  # from 2025


@dataclass(frozen=True)
class PayPolicyItems:
    """The council's pay policy for the year (`LALevelVacancies` from 2025): eligibility codes
    0/1/2 and OtherAllowances as text, in the file's order."""

    recruitment_bonus: str
    retention_bonus: str
    performance_award: str
    car_allowance: str
    relocation_package: str
    regional_weighting: str
    cost_swe: str
    cost_dbs: str
    other_allowances: str


@dataclass(frozen=True)
class CensusWorker:
    """One `CSWWWorker`. `worker_id` and `name` are not in the file: they name the worker in
    the error report."""

    worker_id: int
    name: str
    agency: bool
    swe_number: str
    fte: Decimal | None
    birth_date: date | None
    gender: str | None  # CSWW GenderCurrent code (0/1/2/9), as the record holds it
    ethnicity: str | None
    qualification_institution: str | None
    qualification_level: str | None
    step_up_graduate: bool | None
    org_role: str | None
    role_start_date: date | None
    start_origin: str | None
    role_end_date: date | None
    leaver_destination: str | None
    reason_leave: str | None
    fte_30: Decimal | None
    cases_30: int | None
    working_days_lost: Decimal | None
    frontline_graduate: bool | None
    absent_30: bool | None
    absence_reason: str | None
    in_post_30: bool
    starter: bool
    leaver: bool
    # From 2025, pay as at 30 September (directly employed workers in post only).
    base_salary: Decimal | None = None
    rr_payments: Decimal | None = None
    other_payments: Decimal | None = None
