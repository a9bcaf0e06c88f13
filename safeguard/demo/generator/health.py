"""The demo's looked-after children's health: an initial health assessment for each period of
care (most within 20 working days, some late), review health assessments (six-monthly under 5,
yearly from 5; most on time), dental checks, whether immunisations were up to date at each
assessment, and a yearly SDQ score for children of 4 to 16.

Drawn from a random stream of its own, so the rest of the demo is as it was. Every row is
checked with the rules the services ask (`care.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from safeguard.care import rules
from safeguard.care.clocks import REVIEW, review_clock_for
from safeguard.care.models import HealthAssessment
from safeguard.timescales.clocks import CLOCKS
from safeguard.timescales.working_days import add_working_days

from .records import CarePeriodRow, ChildHistory
from .streams import substream

ON_TIME_INITIAL = 0.8
ON_TIME_REVIEW = 0.85
UP_TO_DATE = 0.85
# Fictional health professionals, as a report names them.
_PAEDIATRICIANS = ("Dr R Okafor", "Dr S Whitlow", "Dr M Patel-Hughes", "Dr J Fenwick")
_NURSES = ("Ann Corbridge", "Tom Ashdown", "Priya Lund", "Kerry Mellor")
_OUTCOMES = (
    "Growth and development within the expected range. Health plan: registered with a GP "
    "near the placement; eyesight test to be booked.",
    "Well, settling in the placement. Health plan: catch-up immunisations at the GP surgery; "
    "referral to the emotional health service discussed with the carer.",
    "Asthma reviewed; inhaler technique shown to the carer. Health plan: annual asthma review "
    "at the GP; dentist registration.",
    "No new health needs. Health plan: continue with the school nurse drop-in; next review as "
    "scheduled.",
)


@dataclass(slots=True, eq=False)
class HealthRow:
    """One entry in a looked-after child's health record: `kind` is "assessment", "dental",
    "immunisation" or "sdq"."""

    period: CarePeriodRow
    kind: str
    on: date
    assessment_kind: str = ""
    carried_out_by: str = ""
    outcome: str = ""
    up_to_date: bool = False
    score: int = 0


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _period_health(
    h: ChildHistory, period: CarePeriodRow, rng: Random, as_of: date
) -> list[HealthRow]:
    born = h.child.date_of_birth
    last = min(period.end_date or as_of, as_of)
    rows: list[HealthRow] = []
    due = CLOCKS["lac_initial_health_assessment"].due_from(period.start_date)
    if rng.random() < ON_TIME_INITIAL:
        initial = add_working_days(period.start_date, rng.randint(3, 20))
    else:
        initial = add_working_days(due, rng.randint(1, 25))
    if initial > last:
        return rows
    assessments = [(HealthAssessment.Kind.INITIAL.value, initial)]
    anchor = initial
    while True:
        months = 12 if review_clock_for(born, anchor) == REVIEW else 6
        due_on = _add_months(anchor, months)
        if rng.random() < ON_TIME_REVIEW:
            nxt = due_on - timedelta(days=rng.randint(0, 40))
        else:
            nxt = due_on + timedelta(days=rng.randint(1, 70))
        if nxt > last:
            break
        assessments.append((HealthAssessment.Kind.REVIEW.value, nxt))
        anchor = nxt
    for kind, on in assessments:
        who = rng.choice(_PAEDIATRICIANS if kind == "initial" else _NURSES)
        role = "community paediatrician" if kind == "initial" else "looked-after children's nurse"
        rows.append(
            HealthRow(
                period,
                "assessment",
                on,
                assessment_kind=kind,
                carried_out_by=f"{who}, {role}",
                outcome=rng.choice(_OUTCOMES),
            )
        )
        rows.append(HealthRow(period, "immunisation", on, up_to_date=rng.random() < UP_TO_DATE))
    # Dental checks: the first a month or few after care began, then about every 6-12 months.
    check = period.start_date + timedelta(days=rng.randint(20, 120))
    while check <= last:
        if born is None or check >= born + timedelta(days=365):
            rows.append(HealthRow(period, "dental", check))
        check += timedelta(days=rng.randint(180, 400))
    # The SDQ yearly, for children of 4 to 16 on the day (SSDA903 OC2).
    sdq = period.start_date + timedelta(days=rng.randint(40, 200))
    while born is not None and sdq <= last:
        if not rules.sdq_age_4_to_16(born, sdq):
            score = max(0, min(40, round(rng.gauss(14, 6))))
            rows.append(HealthRow(period, "sdq", sdq, score=score))
        sdq = _add_months(sdq, 12) + timedelta(days=rng.randint(-20, 20))
    return rows


def _check(h: ChildHistory, row: HealthRow) -> None:
    period = row.period
    found = rules.health_date_within_care_period(period.start_date, period.end_date, "on", row.on)
    if row.kind == "sdq":
        found += rules.sdq_score_in_range(row.score) + rules.sdq_age_4_to_16(
            h.child.date_of_birth, row.on
        )
    if found:
        raise AssertionError(f"demo health row breaks {[v.rule for v in found]}")


def give_health(children: list[ChildHistory], seed: int, as_of: date) -> None:
    """Every period of care's health record, up to `as_of`."""
    for h in children:
        if not h.care_periods:
            continue
        rng = substream(seed, "care-health", h.index)
        for period in h.care_periods:
            for row in _period_health(h, period, rng, as_of):
                _check(h, row)
                h.health.append(row)
