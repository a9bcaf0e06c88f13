"""The demo authority's pay record: each directly employed social worker's pay from the day
they started, raised each 1 April by the year's pay award, and the council's pay policy for
each of the five census years. Written after `give_workforce`, from the workers already
written; it changes none of their rows.

Salaries are drawn in today's money from plausible English council scales for the worker's
role and taken back to their start by the awards since, so a worker who started years ago
began on less. Agency workers get no pay rows: the census asks pay only of the council's own
employees (`workforce.rules.pay_while_employed`). A few case holders receive a recruitment
and retention payment, which the pay policy's "some are eligible" answers match.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q, QuerySet

from safeguard.organisation.models import Authority, Worker
from safeguard.workforce import rules
from safeguard.workforce.codes import PayPolicyEligibility
from safeguard.workforce.models import PayPolicy, WorkerPay

from .streams import between, chance, pick, substream
from .workforce import census_days

BATCH = 2000
WHOLE_POUNDS = Decimal("1")

# Full-time annual salary ranges in pounds at 2025/26 prices, by role: what English councils
# advertise for these posts. Roles not listed (front door, conference chairs) sit on the
# nearest comparable scale.
SCALES: dict[str, tuple[int, int]] = {
    Worker.Role.SOCIAL_WORKER: (35_000, 45_000),
    Worker.Role.FRONT_DOOR_WORKER: (36_000, 45_000),
    Worker.Role.SENIOR_PRACTITIONER: (42_000, 50_000),
    Worker.Role.CONFERENCE_CHAIR: (45_000, 52_000),
    Worker.Role.TEAM_MANAGER: (50_000, 60_000),
    Worker.Role.HEAD_OF_SERVICE: (70_000, 85_000),
}
DEFAULT_SCALE = SCALES[Worker.Role.SOCIAL_WORKER]
# The roles the workforce census counts as social work posts (whether or not the staffing
# stage registered the holder): every directly employed holder in post needs pay there.
SOCIAL_WORK_ROLES = (
    Worker.Role.SOCIAL_WORKER,
    Worker.Role.SENIOR_PRACTITIONER,
    Worker.Role.TEAM_MANAGER,
    Worker.Role.HEAD_OF_SERVICE,
    Worker.Role.CONFERENCE_CHAIR,
)

# The pay award from 1 April each year, in per cent: close to the national (NJC) awards of
# recent years, whose flat-sum years (2022, 2023) are given as their share of a typical social
# worker's salary. Earlier years had small awards; 2% stands in for them.
AWARDS: dict[int, Decimal] = {
    2019: Decimal("2.0"),
    2020: Decimal("2.75"),
    2021: Decimal("1.75"),
    2022: Decimal("5.0"),
    2023: Decimal("4.5"),
    2024: Decimal("2.5"),
    2025: Decimal("3.2"),
}
EARLIER_AWARD = Decimal("2.0")

# Recruitment and retention payments go to case holders in hard-to-fill posts.
RR_ROLES = (Worker.Role.SOCIAL_WORKER, Worker.Role.SENIOR_PRACTITIONER)
RR_SHARE = 0.12
RR_AMOUNTS = (1_000, 1_500, 2_000, 2_500, 3_000)

OTHER_ALLOWANCES = (
    "None",
    "Essential car user allowance for case-holding social workers",
    "Market supplement for case-holding social workers",
    "Out-of-hours duty payments",
)


def _award(year: int) -> Decimal:
    return AWARDS.get(year, EARLIER_AWARD)


def _factor(year: int) -> Decimal:
    return 1 + _award(year) / 100


def _pounds(value: Decimal) -> Decimal:
    return value.quantize(WHOLE_POUNDS, rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def _award_days(started_on: date, last_day: date) -> list[date]:
    """Each 1 April after the worker's first day, up to their last (or the as-of date)."""
    return [
        date(year, 4, 1)
        for year in range(started_on.year, last_day.year + 1)
        if started_on < date(year, 4, 1) <= last_day
    ]


def _worker_pay(rng: random.Random, w: Worker, as_of: date) -> list[WorkerPay]:
    low, high = SCALES.get(w.role, DEFAULT_SCALE)
    last_day = w.left_on if w.left_on is not None and w.left_on < as_of else as_of
    rises = _award_days(w.started_on, last_day)
    # Today's salary taken back through the awards since they started (never below a
    # plausible floor for the oldest starters).
    salary = Decimal(between(rng, low, high))
    for day in rises:
        salary /= _factor(day.year)
    salary = max(salary, Decimal(18_000))
    rr = Decimal(0)
    if w.role in RR_ROLES and chance(rng, RR_SHARE):
        rr = Decimal(pick(rng, RR_AMOUNTS))
    rows = []
    for day in [w.started_on, *rises]:
        if day != w.started_on:
            salary *= _factor(day.year)
        row = WorkerPay(
            worker_id=w.pk,
            effective_from=day,
            base_salary=_pounds(salary),
            recruitment_retention_payments=_pounds(rr),
            other_payments=Decimal("0.00"),
        )
        rules.check(
            rules.pay_amounts_fit(
                row.base_salary, row.recruitment_retention_payments, row.other_payments
            ),
            rules.pay_while_employed(w.is_agency, w.started_on, w.left_on, day),
        )
        rows.append(row)
    return rows


def _policies(seed: int, authority: Authority, as_of: date) -> list[PayPolicy]:
    """One pay policy for each census year. The council pays the Social Work England fee and
    DBS checks throughout; from a year drawn per seed it offers a recruitment bonus to some
    posts. Retention payments to some match the workers' R&R payments."""
    rng = substream(seed, "workforce-pay-policy")
    years = [day.year for day in census_days(as_of)]
    bonus_from = pick(rng, years)
    car = pick(rng, (PayPolicyEligibility.NO, PayPolicyEligibility.SOME))
    other = pick(rng, OTHER_ALLOWANCES)
    policies = []
    for year in years:
        rules.check(rules.pay_policy_year_fits(year, as_of))
        recruitment = PayPolicyEligibility.SOME if year >= bonus_from else PayPolicyEligibility.NO
        policies.append(
            PayPolicy(
                authority=authority,
                year=year,
                recruitment_bonus=recruitment,
                retention_bonus=PayPolicyEligibility.SOME,
                performance_award=PayPolicyEligibility.NO,
                car_allowance=car,
                relocation_package=recruitment,
                # Outside London: no regional weighting.
                regional_weighting=PayPolicyEligibility.NO,
                cost_swe=PayPolicyEligibility.ALL,
                cost_dbs=PayPolicyEligibility.ALL,
                other_allowances=other,
            )
        )
    return policies


def paid_workers(authority: Authority, as_of: date) -> QuerySet[Worker]:
    """The council's own social work staff who had started by `as_of`: registered social
    workers and holders of the census's social work roles."""
    return (
        Worker.objects.filter(authority=authority, is_agency=False, started_on__lte=as_of)
        .filter(~Q(registration_number="") | Q(role__in=SOCIAL_WORK_ROLES))
        .order_by("pk")
    )


def give_workforce_pay(seed: int, scale: float, as_of: date) -> dict[str, int]:
    """Write the pay record of the written demo authority (see the module's docstring); the
    rows written, by model. `scale` sizes nothing here: pay follows the workers written."""
    authority = Authority.objects.order_by("pk").first()
    if authority is None:
        return {}
    employed = paid_workers(authority, as_of)
    pay = [
        row
        for w in employed
        for row in _worker_pay(substream(seed, "workforce-pay", w.pk), w, as_of)
    ]
    policies = _policies(seed, authority, as_of)
    with transaction.atomic():
        WorkerPay.objects.bulk_create(pay, batch_size=BATCH)
        PayPolicy.objects.bulk_create(policies, batch_size=BATCH)
    return {"workforce.workerpay": len(pay), "workforce.paypolicy": len(policies)}
