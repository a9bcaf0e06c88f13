"""The named rules the workforce record keeps. Plain functions over dates, numbers and codes
(never a model): the services, the pages and the demo generator ask the same ones.

These are the council's HR rules and the workforce census's (DfE, *Children's social work
workforce census: guide*), not social care statute, so they have their own registry of
names (`WorkforceRule`) rather than the case record's (`cases.workflow.rules.names`), and
their own refusal, `WorkforceRefused`, which the recording flow shows beside the inputs it
names as it shows any `SafeguardError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from safeguard.common.errors import SafeguardError
from safeguard.timescales.working_days import working_days_between

__all__ = [
    "FULL_TIME",
    "REGISTRATION_NUMBER",
    "Spell",
    "WorkforceRefused",
    "WorkforceRule",
    "WorkforceViolation",
    "absence_dates_fit",
    "absence_days_fit",
    "absence_not_overlapping",
    "absence_while_employed",
    "check",
    "fte_fits",
    "holding_fits_worker_fte",
    "holding_within_funded_fte",
    "holding_within_post",
    "leaving_date_fits",
    "normalise_registration_number",
    "pay_amounts_fit",
    "pay_policy_year_fits",
    "pay_while_employed",
    "peak_fte",
    "post_end_fits",
    "registration_number_format",
    "registration_number_needed",
    "worker_in_post",
    "working_days_in",
]

FULL_TIME = Decimal("1.00")

# Social Work England's register: "SW" and the register's number. The numbers it issued on
# taking over the register from the HCPC in December 2019 keep the HCPC's "SW" + digits
# form, with 5 or 6 digits so far. The census schemas the sector's tools keep accept two
# letters and 4 to 12 digits (or exactly 10), so a number of 4 to 10 digits after "SW"
# passes every one of them and fits the 12 characters `Worker.registration_number` holds
# (docs/workforce.md, "Registration number").
REGISTRATION_NUMBER = re.compile(r"SW[0-9]{4,10}")
# The roles the census counts as registered social workers in post (OrgRole 2 to 5): a
# worker in one must be on the register to practise (Children and Social Work Act 2017,
# s. 39; Social Workers Regulations 2018).
REGISTERED_ROLES = frozenset(
    {"social_worker", "senior_practitioner", "team_manager", "head_of_service"}
)


class WorkforceRule(StrEnum):
    REGISTRATION_NUMBER_FORMAT = "registration_number_format"
    REGISTRATION_NUMBER_NEEDED = "registration_number_needed"
    FTE_FITS = "fte_fits"
    HOLDING_WITHIN_POST = "holding_within_post"
    HOLDING_WITHIN_FUNDED_FTE = "holding_within_funded_fte"
    HOLDING_FITS_WORKER_FTE = "holding_fits_worker_fte"
    POST_END_FITS = "post_end_fits"
    WORKER_IN_POST = "worker_in_post"
    LEAVING_DATE_FITS = "leaving_date_fits"
    ABSENCE_DATES_FIT = "absence_dates_fit"
    ABSENCE_WHILE_EMPLOYED = "absence_while_employed"
    ABSENCE_NOT_OVERLAPPING = "absence_not_overlapping"
    ABSENCE_DAYS_FIT = "absence_days_fit"
    PAY_AMOUNTS_FIT = "pay_amounts_fit"
    PAY_WHILE_EMPLOYED = "pay_while_employed"
    PAY_POLICY_YEAR_FITS = "pay_policy_year_fits"
    # A value the model itself refused (`full_clean`).
    INVALID_VALUE = "invalid_value"


@dataclass(frozen=True)
class WorkforceViolation:
    """One broken rule: its name, the sentence an HR officer or manager reads, the fields."""

    rule: WorkforceRule
    message: str
    fields: tuple[str, ...]


class WorkforceRefused(SafeguardError):
    """One or more workforce rules were broken; nothing was written."""

    def __init__(self, violations: Iterable[WorkforceViolation]) -> None:
        self.violations = tuple(violations)
        message = " ".join(v.message for v in self.violations)
        fields = tuple(dict.fromkeys(f for v in self.violations for f in v.fields))
        super().__init__(message, fields=fields, code=",".join(v.rule for v in self.violations))

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(v.rule for v in self.violations)


def check(*results: list[WorkforceViolation]) -> None:
    """Raise one WorkforceRefused carrying every violation found, or return quietly."""
    violations = [v for result in results for v in result]
    if violations:
        raise WorkforceRefused(violations)


def _broken(rule: WorkforceRule, message: str, *fields: str) -> list[WorkforceViolation]:
    return [WorkforceViolation(rule, message, fields)]


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


@dataclass(frozen=True)
class Spell:
    """A period of a post holding (or anything else with dates and an FTE); no end: open."""

    start: date
    end: date | None
    fte: Decimal = FULL_TIME

    def overlaps(self, start: date, end: date | None) -> bool:
        return (end is None or self.start <= end) and (self.end is None or start <= self.end)


# Registration ----------------------------------------------------------------------------


def normalise_registration_number(text: str) -> str:
    """As people type it (lower case, spaces: "sw 123 456") to as the register prints it."""
    return re.sub(r"\s+", "", text).upper()


def registration_number_format(number: str) -> list[WorkforceViolation]:
    """A Social Work England registration number is "SW" and 4 to 10 digits (see
    REGISTRATION_NUMBER). Blank is not checked here: `registration_number_needed` is."""
    if not number or REGISTRATION_NUMBER.fullmatch(number):
        return []
    return _broken(
        WorkforceRule.REGISTRATION_NUMBER_FORMAT,
        "Enter the Social Work England registration number as SW and its digits, "
        "for example SW123456.",
        "registration_number",
    )


def registration_number_needed(role: str, number: str) -> list[WorkforceViolation]:
    """A social worker, senior practitioner or social work manager practises only while
    registered with Social Work England, so their record needs the number (the census's
    SWENo)."""
    if number or role not in REGISTERED_ROLES:
        return []
    return _broken(
        WorkforceRule.REGISTRATION_NUMBER_NEEDED,
        "Enter their Social Work England registration number: a social worker or manager in "
        "this role must be registered.",
        "registration_number",
    )


# Posts and who fills them ------------------------------------------------------------------


def fte_fits(fte: Decimal, field: str = "fte") -> list[WorkforceViolation]:
    """A holding or a worker is more than nothing and at most full time (1.00)."""
    if Decimal(0) < fte <= FULL_TIME:
        return []
    return _broken(
        WorkforceRule.FTE_FITS,
        "Enter a full-time equivalent more than 0 and no more than 1, for example 0.6.",
        field,
    )


def holding_within_post(
    post_start: date, post_end: date | None, start: date, end: date | None
) -> list[WorkforceViolation]:
    """A post is filled only while it is funded: from the day it was funded to the day it
    was cut."""
    if start < post_start:
        return _broken(
            WorkforceRule.HOLDING_WITHIN_POST,
            f"The start date must be on or after {_day(post_start)}, when the post was funded.",
            "start_date",
        )
    if post_end is not None and (start > post_end or end is None or end > post_end):
        return _broken(
            WorkforceRule.HOLDING_WITHIN_POST,
            f"The post was cut on {_day(post_end)}: the holding must end by then.",
            "end_date" if start <= post_end else "start_date",
        )
    return []


def peak_fte(spells: Iterable[Spell], start: date, end: date | None) -> Decimal:
    """The most FTE held at once by `spells` on any day from `start` to `end` (no end: for
    ever). The peak is reached on the first day of one of them (or on `start`)."""
    within = [s for s in spells if s.overlaps(start, end)]
    days = {start} | {s.start for s in within if s.start > start}
    return max(
        (sum((s.fte for s in within if s.overlaps(day, day)), Decimal(0)) for day in days),
        default=Decimal(0),
    )


def holding_within_funded_fte(
    funded_fte: Decimal, others: Iterable[Spell], new: Spell
) -> list[WorkforceViolation]:
    """The people holding a post at once hold no more than its funded FTE: two half-time
    workers may share a full-time post, but a third person is a post the council has not
    funded (record another post first). Agency cover counts too: it fills the funded post."""
    held = peak_fte(others, new.start, new.end)
    if held + new.fte <= funded_fte:
        return []
    free = max(funded_fte - held, Decimal(0))
    enter = f"enter {free} or less, " if free else ""
    return _broken(
        WorkforceRule.HOLDING_WITHIN_FUNDED_FTE,
        f"The post is funded for {funded_fte} FTE and {held} is already held in that period: "
        f"{enter}end the other holding first, or add another post.",
        "fte",
    )


def holding_fits_worker_fte(
    worker_fte: Decimal, others: Iterable[Spell], new: Spell
) -> list[WorkforceViolation]:
    """A worker holds no more FTE across their posts than they work."""
    held = peak_fte(others, new.start, new.end)
    if held + new.fte <= worker_fte:
        return []
    return _broken(
        WorkforceRule.HOLDING_FITS_WORKER_FTE,
        f"They work {worker_fte} FTE and already hold {held} in that period: enter "
        f"{max(worker_fte - held, Decimal(0))} or less, or end their other holding first.",
        "fte",
    )


def post_end_fits(
    post_start: date, end: date, holdings: Iterable[Spell]
) -> list[WorkforceViolation]:
    """A post is cut on or after the day it was funded, and only once nobody holds it
    after that day."""
    if end < post_start:
        return _broken(
            WorkforceRule.POST_END_FITS,
            f"The date the post was cut must be on or after {_day(post_start)}, when it was "
            "funded.",
            "end_date",
        )
    if any(s.end is None or s.end > end for s in holdings):
        return _broken(
            WorkforceRule.POST_END_FITS,
            "Someone still holds the post after that date: end their holding first.",
            "end_date",
        )
    return []


# Starters and leavers --------------------------------------------------------------------


def worker_in_post(left_on: date | None, on: date) -> list[WorkforceViolation]:
    """Nothing more is recorded of a leaver's employment after they left."""
    if left_on is None or on <= left_on:
        return []
    return _broken(
        WorkforceRule.WORKER_IN_POST,
        f"They left on {_day(left_on)}: choose a date on or before it.",
        "start_date",
    )


def leaving_date_fits(
    started_on: date, left_on: date, already_left_on: date | None
) -> list[WorkforceViolation]:
    """A leaver leaves once, on or after the day they started (the census's leaving date
    follows its start date)."""
    if already_left_on is not None:
        return _broken(
            WorkforceRule.LEAVING_DATE_FITS,
            f"They are already recorded as leaving on {_day(already_left_on)}.",
            "left_on",
        )
    if left_on < started_on:
        return _broken(
            WorkforceRule.LEAVING_DATE_FITS,
            f"The leaving date must be on or after {_day(started_on)}, when they started.",
            "left_on",
        )
    return []


# Absence ---------------------------------------------------------------------------------


def absence_dates_fit(start: date, end: date) -> list[WorkforceViolation]:
    if end >= start:
        return []
    return _broken(
        WorkforceRule.ABSENCE_DATES_FIT,
        "The last day of absence must be the same as or after the first day.",
        "end_date",
    )


def absence_while_employed(
    started_on: date, left_on: date | None, start: date, end: date
) -> list[WorkforceViolation]:
    """Absence is from work they were employed to do: within their employment."""
    if start < started_on:
        return _broken(
            WorkforceRule.ABSENCE_WHILE_EMPLOYED,
            f"The first day of absence must be on or after {_day(started_on)}, when they started.",
            "start_date",
        )
    if left_on is not None and end > left_on:
        return _broken(
            WorkforceRule.ABSENCE_WHILE_EMPLOYED,
            f"The last day of absence must be on or before {_day(left_on)}, when they left.",
            "end_date",
        )
    return []


def absence_not_overlapping(
    others: Iterable[tuple[date, date]], start: date, end: date
) -> list[WorkforceViolation]:
    """A day is lost once: one absence of a worker may not overlap another (a sickness
    during training is recorded by ending the one and starting the other)."""
    clash = next(((s, e) for s, e in others if s <= end and start <= e), None)
    if clash is None:
        return []
    return _broken(
        WorkforceRule.ABSENCE_NOT_OVERLAPPING,
        f"They already have an absence from {_day(clash[0])} to {_day(clash[1])}: "
        "choose dates outside it.",
        "start_date",
    )


def absence_days_fit(days_lost: Decimal, most: Decimal) -> list[WorkforceViolation]:
    """Days lost are never negative, and never more than the working days the worker would
    have worked in the spell (`most`: the England calendar's working days x their FTE); a
    part day is fewer."""
    if Decimal(0) <= days_lost <= most:
        return []
    return _broken(
        WorkforceRule.ABSENCE_DAYS_FIT,
        f"Working days lost must be between 0 and {most}, the working days they would have "
        "worked in that period.",
        "working_days_lost",
    )


def working_days_in(start: date, end: date) -> int:
    """England's working days from `start` to `end`, both included."""
    return working_days_between(start - timedelta(days=1), end)


# Pay --------------------------------------------------------------------------------------

# A full-time annual salary above this is a typing slip (an extra digit), not a social
# worker's pay: the national director's scale tops out well below it.
HIGHEST_BASE_SALARY = Decimal("250000.00")
# Census years the council may record a pay policy for: the DfE asks it from 2025; earlier
# years are kept for the council's own history.
FIRST_POLICY_YEAR = 2010


def pay_amounts_fit(
    base_salary: Decimal, recruitment_retention: Decimal, other: Decimal
) -> list[WorkforceViolation]:
    found: list[WorkforceViolation] = []
    if not Decimal(0) < base_salary <= HIGHEST_BASE_SALARY:
        found += _broken(
            WorkforceRule.PAY_AMOUNTS_FIT,
            f"The base salary must be the full-time annual salary in pounds, more than 0 and "
            f"at most {HIGHEST_BASE_SALARY:,.2f}; got {base_salary:,.2f}.",
            "base_salary",
        )
    for amount, field, label in (
        (recruitment_retention, "recruitment_retention_payments", "Recruitment and retention"),
        (other, "other_payments", "Other"),
    ):
        if amount < 0:
            found += _broken(
                WorkforceRule.PAY_AMOUNTS_FIT,
                f"{label} payments cannot be negative: enter 0 if there are none.",
                field,
            )
    return found


def pay_while_employed(
    is_agency: bool, started_on: date, left_on: date | None, effective_from: date
) -> list[WorkforceViolation]:
    """Pay is the council's to record only for its own employees, while employed."""
    if is_agency:
        return _broken(
            WorkforceRule.PAY_WHILE_EMPLOYED,
            "An agency worker is paid by their agency, not the council: the census asks pay "
            "only of directly employed workers.",
            "effective_from",
        )
    if effective_from < started_on or (left_on is not None and effective_from > left_on):
        last = f" to {_day(left_on)}" if left_on else ""
        return _broken(
            WorkforceRule.PAY_WHILE_EMPLOYED,
            f"Pay can only change while the worker is employed ({_day(started_on)}{last}); "
            f"{_day(effective_from)} is outside it.",
            "effective_from",
        )
    return []


def pay_policy_year_fits(year: int, today: date) -> list[WorkforceViolation]:
    """A census year from 2010 up to the next 30 September."""
    latest = today.year if today <= date(today.year, 9, 30) else today.year + 1
    if FIRST_POLICY_YEAR <= year <= latest:
        return []
    return _broken(
        WorkforceRule.PAY_POLICY_YEAR_FITS,
        f"A pay policy is for a census year from {FIRST_POLICY_YEAR} to {latest} (the census "
        f"of 30 September that year); got {year}.",
        "year",
    )
