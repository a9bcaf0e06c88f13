"""Statutory and local timescales ("clocks"), and the state each one is in.

Every clock runs from a starting event for a Period, and is in one of five states:
upcoming, due soon, overdue, met in time, met late. A missed clock stays visible as
"met late" so that the history can be audited.

Plain Python: no Django import, so the rules can be tested in milliseconds and used
by the demo generator. Local policy (visit and review frequencies that vary between
authorities) is read from ``settings.SAFEGUARD_TIMESCALES`` by the caller and passed
in as a mapping; see ``clock_with_local_overrides``.

Sources read for this registry (legislation.gov.uk, ICO, local procedures):

- Care Planning Regs 2010 reg. 28 (visits): the text as made has one week from the
  start of a placement, then six weeks in its first year, then three months if the
  placement is meant to last until 18 and six weeks otherwise. Part 5 was changed
  from 1 April 2015 by SI 2015/495, which created "long-term foster placements";
  local procedures quoting the amended text add that in such a placement, after the
  first year, visits may be up to six months apart if the child, being of sufficient
  age and understanding, agrees. The revised reg. 28 text itself could not be
  retrieved here, so that clock cites the procedures.
- Subject access: the ICO counts the month from the day of receipt and moves a due
  date falling on a weekend or bank holiday to the next working day, which plain
  "one month" in UK GDPR Art. 12(3) does not say.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from .working_days import add_months, add_working_days, is_working_day, working_days_between

__all__ = [
    "CLOCKS",
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "Clock",
    "ClockStatus",
    "LocalTimescales",
    "Period",
    "PeriodUnit",
    "clock_sql_parameters",
    "clock_status",
    "clock_with_local_overrides",
    "clocks_with_local_overrides",
    "due_soon_working_days",
    "local_timescales",
    "next_working_day_on_or_after",
]

DEFAULT_DUE_SOON_WORKING_DAYS = 5


class PeriodUnit(enum.Enum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


_UNIT_WORDS = {
    PeriodUnit.WORKING_DAYS: ("working day", "working days"),
    PeriodUnit.DAYS: ("day", "days"),
    PeriodUnit.WEEKS: ("week", "weeks"),
    PeriodUnit.MONTHS: ("month", "months"),
}


def next_working_day_on_or_after(d: date) -> date:
    """``d`` if it is a working day, otherwise the next working day after it."""
    return d if is_working_day(d) else add_working_days(d, 1)


@dataclass(frozen=True)
class Period:
    """A length of time such as "45 working days" or "3 months".

    ``roll_to_working_day`` moves a due date that falls on a weekend or bank holiday
    to the next working day; only the ICO's reading of the subject access month
    does that.
    """

    amount: int
    unit: PeriodUnit
    roll_to_working_day: bool = False

    def due_from(self, start: date) -> date:
        """The last day on which the event is still in time."""
        if self.unit is PeriodUnit.WORKING_DAYS:
            due = add_working_days(start, self.amount)
        elif self.unit is PeriodUnit.DAYS:
            due = start + timedelta(days=self.amount)
        elif self.unit is PeriodUnit.WEEKS:
            due = start + timedelta(weeks=self.amount)
        else:
            due = add_months(start, self.amount)
        return next_working_day_on_or_after(due) if self.roll_to_working_day else due

    def __str__(self) -> str:
        singular, plural = _UNIT_WORDS[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"

    def first_start_due_on_or_after(self, day: date) -> date:
        """The earliest start whose due date is ``day`` or later. A later start is never due
        earlier (each unit counts on from the start), so whatever started on ``s`` is due
        before ``day`` exactly when ``s`` is before this date: a database can then filter
        on the start's own column instead of working out every item's due date."""
        low, high = day - timedelta(days=400), day
        while self.due_from(low) >= day:
            low -= timedelta(days=400)
        while self.due_from(high) < day:
            high += timedelta(days=400)
        # due_from(low) < day <= due_from(high): halve the days between.
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if self.due_from(middle) < day:
                low = middle
            else:
                high = middle
        return high

    def counted(self) -> Period:
        """The same length in a unit the calendar table counts: weeks become days (the table
        numbers days, working days and months; it has no week number)."""
        if self.unit is PeriodUnit.WEEKS:
            return replace(self, amount=self.amount * 7, unit=PeriodUnit.DAYS)
        return self


class ClockStatus(enum.StrEnum):
    """Where a clock stands. Values are stored; labels are shown to people."""

    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET_IN_TIME = "met_in_time"
    MET_LATE = "met_late"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs, in the shape Django's ``choices=`` takes."""
        return [(status.value, status.label) for status in cls]


_STATUS_LABELS = {
    ClockStatus.UPCOMING: "Upcoming",
    ClockStatus.DUE_SOON: "Due soon",
    ClockStatus.OVERDUE: "Overdue",
    ClockStatus.MET_IN_TIME: "Met in time",
    ClockStatus.MET_LATE: "Met late",
}


def clock_status(
    *, due: date, met: date | None, today: date, due_soon_working_days: int
) -> ClockStatus:
    """The state of a clock that is due on ``due`` and was met on ``met`` (if at all).

    Met on or before the due date is in time, whatever today is. An unmet clock is
    overdue from the day after it was due, and due soon while there are at most
    ``due_soon_working_days`` working days left (so always on the due date itself).
    """
    if due_soon_working_days < 0:
        raise ValueError("due_soon_working_days must not be negative")
    if met is not None:
        return ClockStatus.MET_IN_TIME if met <= due else ClockStatus.MET_LATE
    if today > due:
        return ClockStatus.OVERDUE
    if working_days_between(today, due) <= due_soon_working_days:
        return ClockStatus.DUE_SOON
    return ClockStatus.UPCOMING


@dataclass(frozen=True)
class Clock:
    """A named timescale: how long after ``starts_from`` an event is due, and why.

    ``setting`` names the key of ``settings.SAFEGUARD_TIMESCALES`` that sets the
    amount where the timescale is local policy rather than statute.
    """

    code: str
    label: str
    period: Period
    starts_from: str
    source: str
    setting: str | None = None

    @property
    def amount(self) -> int:
        return self.period.amount

    @property
    def unit(self) -> PeriodUnit:
        return self.period.unit

    @property
    def sql_parameter(self) -> str:
        """The name a hand-written SQL file binds this clock's length by, in the unit the
        calendar table counts (``Period.counted``): ``assessment_working_days``,
        ``lac_visit_days`` (six weeks as 42 days), ``lac_later_review_months``."""
        return f"{self.code}_{self.period.counted().unit.value}"

    def due_from(self, start: date) -> date:
        return self.period.due_from(start)


def _clock(
    code: str,
    label: str,
    amount: int,
    unit: PeriodUnit,
    starts_from: str,
    source: str,
    *,
    setting: str | None = None,
    roll_to_working_day: bool = False,
) -> Clock:
    return Clock(
        code=code,
        label=label,
        period=Period(amount, unit, roll_to_working_day),
        starts_from=starts_from,
        source=source,
        setting=setting,
    )


_WD = PeriodUnit.WORKING_DAYS
_CPR = "Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959)"

_CLOCK_LIST = [
    _clock(
        "contact_decision",
        "Decision on a contact or referral",
        1,
        _WD,
        "the contact or referral is received",
        "Working Together to Safeguard Children 2023, ch. 3 (2018 edition: ch. 1): within "
        "one working day of a referral a social worker acknowledges it and decides the "
        "type of response needed.",
    ),
    _clock(
        "assessment",
        "Assessment authorised",
        45,
        _WD,
        "the referral date",
        "Working Together to Safeguard Children 2023, ch. 3: an assessment is completed "
        "within 45 working days of the point of referral; CIN census validation 8670Q.",
    ),
    _clock(
        "initial_conference",
        "Initial child protection conference",
        15,
        _WD,
        "the strategy discussion at which the section 47 enquiry started "
        "(CIN census S47ActualStartDate)",
        "Working Together to Safeguard Children 2023, ch. 3: within 15 working days of "
        "the strategy discussion, or of the one at which section 47 enquiries were "
        "initiated if there was more than one; CIN census InitialCPCtarget, "
        "validations 8675Q, 8870Q, 8875.",
    ),
    _clock(
        "first_core_group",
        "First core group meeting",
        10,
        _WD,
        "the initial child protection conference",
        "Local child protection procedures (e.g. Sefton, Medway, Liverpool); not "
        "verified in Working Together 2023.",
    ),
    _clock(
        "first_review_conference",
        "First child protection review conference",
        3,
        PeriodUnit.MONTHS,
        "the initial child protection conference",
        "Working Together to Safeguard Children 2023, ch. 3: the first review conference "
        "is held within three months of the initial conference.",
    ),
    _clock(
        "later_review_conference",
        "Child protection review conference",
        6,
        PeriodUnit.MONTHS,
        "the previous review conference",
        "Working Together to Safeguard Children 2023, ch. 3: further reviews at intervals "
        "of not more than six months while the plan lasts.",
    ),
    _clock(
        "cp_visit",
        "Child protection plan visit",
        10,
        _WD,
        "the start of the plan or the previous visit",
        "Local policy, set per authority (10 working days in Liverpool, Central "
        "Bedfordshire and Camden; 2 weeks in Walsall; 4 weeks in Bolton).",
        setting="CP_VISIT_WORKING_DAYS",
    ),
    _clock(
        "cin_visit",
        "Child in need plan visit",
        20,
        _WD,
        "the start of the plan or the previous visit",
        "Local policy, set per authority (commonly 20 working days).",
        setting="CIN_VISIT_WORKING_DAYS",
    ),
    _clock(
        "cin_plan_review",
        "Child in need plan review",
        3,
        PeriodUnit.MONTHS,
        "the start of the plan or the previous review",
        "Local policy, set per authority (commonly 3 months).",
        setting="CIN_REVIEW_MONTHS",
    ),
    _clock(
        "lac_care_plan",
        "Care plan agreed",
        10,
        _WD,
        "the start of the first placement (the day the child became looked after)",
        f"{_CPR}, reg. 4(2): the care plan is prepared before the child is first placed or, "
        "if that is not practicable, within ten working days of the start of the first "
        "placement (except where Children Act 1989 s.31A, care plans for care orders, "
        "applies); reg. 5 sets its contents. Read as made on legislation.gov.uk.",
    ),
    _clock(
        "lac_first_review",
        "First looked-after review",
        20,
        _WD,
        "the child becoming looked after",
        f"{_CPR}, reg. 33(1): within 20 working days of the date on which the child "
        "becomes looked after.",
    ),
    _clock(
        "lac_second_review",
        "Second looked-after review",
        3,
        PeriodUnit.MONTHS,
        "the first looked-after review",
        f"{_CPR}, reg. 33(2)(a): not more than three months after the first review.",
    ),
    _clock(
        "lac_later_review",
        "Looked-after review",
        6,
        PeriodUnit.MONTHS,
        "the previous looked-after review",
        f"{_CPR}, reg. 33(2)(b): not more than six months after the previous review.",
    ),
    _clock(
        "lac_initial_health_assessment",
        "Initial health assessment",
        20,
        _WD,
        "the child becoming looked after",
        f"{_CPR}, reg. 7(1): a registered medical practitioner assesses the child's health "
        "before the first placement or, if that is not reasonably practicable, before the "
        "first review (due within 20 working days, reg. 33(1)); Promoting the health and "
        "wellbeing of looked-after children, statutory guidance (DfE and DH, March 2015): "
        "the initial health assessment within 20 working days of becoming looked after, in "
        "time to inform the first review. Reg. 7 read through local procedures quoting it.",
    ),
    _clock(
        "lac_review_health_assessment_under_5",
        "Review health assessment (under 5)",
        6,
        PeriodUnit.MONTHS,
        "the previous health assessment, for a child under 5 on its day",
        f"{_CPR}, reg. 7(4): a review of the child's health at least once every six months "
        "before the fifth birthday; Promoting the health and wellbeing of looked-after "
        "children (2015).",
    ),
    _clock(
        "lac_review_health_assessment",
        "Review health assessment",
        12,
        PeriodUnit.MONTHS,
        "the previous health assessment, for a child 5 or over on its day",
        f"{_CPR}, reg. 7(4): a review of the child's health at least once every twelve "
        "months after the fifth birthday; Promoting the health and wellbeing of "
        "looked-after children (2015).",
    ),
    _clock(
        "missing_return_interview",
        "Return home interview",
        3,
        PeriodUnit.DAYS,
        "the day a looked-after child returned from being missing or away",
        "Statutory guidance on children who run away or go missing from home or care (DfE, "
        "January 2014), on return interviews: an independent return interview is offered "
        "when the child is found and carried out within 72 hours of their return; read as "
        "three calendar days from the day they returned (the record holds days, not hours).",
    ),
    _clock(
        "lac_pep",
        "Personal education plan",
        20,
        _WD,
        "the child becoming looked after (or their third birthday, if later)",
        "Promoting the education of looked-after children and previously looked-after "
        "children, statutory guidance (DfE, February 2018): the PEP is part of the care plan, "
        "in place within 20 school days of entering care (or of joining a new school) and "
        "ready for the first review. The record holds no school terms, so school days are "
        "read as working days (as Gateshead's and Knowsley's PEP procedures do: 20 working "
        "days, ready for the first review on the 20th). Read through those procedures.",
    ),
    _clock(
        "lac_pep_review",
        "Personal education plan review",
        4,
        PeriodUnit.MONTHS,
        "the previous personal education plan meeting",
        "Promoting the education of looked-after children (DfE, 2018): the PEP is reviewed "
        "each school term, and before each statutory review of the care plan. Three terms a "
        "year read as a review at most 4 months after the one before (the record holds no "
        "term dates).",
    ),
    _clock(
        "care_leaver_needs_assessment",
        "Care leaver's needs assessment",
        3,
        PeriodUnit.MONTHS,
        "the 16th birthday, or the day the young person became eligible if later",
        f"{_CPR}, reg. 42(1): the assessment of an eligible child's needs is completed not "
        "more than three months after they reach 16 or, if later, become an eligible child; "
        "the Care Leavers (England) Regulations 2010 (SI 2010/2571), reg. 5, for a relevant "
        "child not yet assessed. Cited as issue 15 gives it; the regulation text was not read "
        "here.",
    ),
    _clock(
        "pathway_plan_review",
        "Pathway plan review",
        6,
        PeriodUnit.MONTHS,
        "the day the pathway plan was agreed, or its previous review",
        "Care Leavers (England) Regulations 2010 (SI 2010/2571), reg. 7: the pathway plan is "
        "reviewed at least every six months, and whenever the young person or their "
        "personal adviser asks; for an eligible child, with the care plan at each "
        f"looked-after review ({_CPR}, reg. 43). Cited as issue 15 gives it; the regulation "
        "text was not read here.",
    ),
    _clock(
        "lac_first_visit",
        "First visit in a placement",
        1,
        PeriodUnit.WEEKS,
        "the start of the placement",
        f"{_CPR}, reg. 28(2)(a): within one week of the start of any placement.",
    ),
    _clock(
        "lac_visit",
        "Looked-after child visit",
        6,
        PeriodUnit.WEEKS,
        "the previous visit",
        f"{_CPR}, reg. 28(2)(b) and (c)(ii): at intervals of not more than six weeks for "
        "the first year of any placement, and afterwards unless one of the longer "
        "intervals below applies. Reg. 28 was amended from 1 April 2015 (SI 2015/495) "
        "for long-term foster placements: see lac_visit_long_term_foster.",
    ),
    _clock(
        "lac_visit_until_18",
        "Looked-after child visit (placement until 18)",
        3,
        PeriodUnit.MONTHS,
        "the previous visit, after the first year of the placement",
        f"{_CPR}, reg. 28(2)(c)(i): after the first year, at intervals of not more than "
        "three months where the placement is intended to last until the child is 18.",
    ),
    _clock(
        "lac_visit_long_term_foster",
        "Looked-after child visit (long-term foster placement)",
        6,
        PeriodUnit.MONTHS,
        "the previous visit, after the first year of the placement",
        f"{_CPR}, reg. 28 as amended from 1 April 2015 by SI 2015/495: in a long-term "
        "foster placement, after the first year, at intervals of not more than six "
        "months where the child, being of sufficient age and understanding, agrees. "
        "Read from local procedures quoting the amended text (e.g. Southwark, "
        "Cumbria, Nottinghamshire); the amending instrument itself was not read.",
    ),
    _clock(
        "lac_visit_weekly_until_first_review",
        "Weekly visit until the first review",
        1,
        PeriodUnit.WEEKS,
        "the previous visit (or the start of the placement)",
        f"{_CPR}, reg. 28(3)(a) and (4)(a): at least once a week until the first review "
        "where the child is placed with a parent before assessment (reg. 19), with a "
        "temporarily approved connected person (reg. 24), or with a parent under an "
        "interim care order.",
    ),
    _clock(
        "lac_visit_connected_person",
        "Visit in a temporary connected-person placement",
        4,
        PeriodUnit.WEEKS,
        "the previous visit, after the first review",
        f"{_CPR}, reg. 28(4)(b): after the first review, at intervals of not more than "
        "four weeks (temporary approval under reg. 24, or a parent under an interim "
        "care order); reg. 28(3)(b) keeps six weeks for reg. 19 placements.",
    ),
    _clock(
        "subject_access_request",
        "Subject access request answered",
        1,
        PeriodUnit.MONTHS,
        "the day the request (or the identification or clarification asked for) is received",
        "UK GDPR Art. 12(3): without undue delay and within one month of receipt, "
        "extendable by two further months. ICO guidance: count from the day of receipt "
        "to the same date next month (the last day of that month if it has no such "
        "date), moved to the next working day if it falls on a weekend or public "
        "holiday.",
        roll_to_working_day=True,
    ),
]

CLOCKS: dict[str, Clock] = {clock.code: clock for clock in _CLOCK_LIST}


def clock_with_local_overrides(code: str, timescales: Mapping[str, int]) -> Clock:
    """The clock ``code`` with its amount taken from local settings where it has one.

    Pass ``settings.SAFEGUARD_TIMESCALES``; keys not present keep the default.
    """
    clock = CLOCKS[code]
    if clock.setting is None or clock.setting not in timescales:
        return clock
    amount = int(timescales[clock.setting])
    if amount < 0:
        raise ValueError(f"{clock.setting} must not be negative")
    return replace(clock, period=replace(clock.period, amount=amount))


def clocks_with_local_overrides(timescales: Mapping[str, int]) -> dict[str, Clock]:
    """Every clock, with local settings applied (see ``clock_with_local_overrides``)."""
    return {code: clock_with_local_overrides(code, timescales) for code in CLOCKS}


class LocalTimescales(Protocol):
    """What an authority sets for itself (``organisation.Authority`` has these fields)."""

    @property
    def cp_visit_working_days(self) -> int: ...
    @property
    def cin_visit_working_days(self) -> int: ...
    @property
    def cin_review_months(self) -> int: ...
    @property
    def due_soon_working_days(self) -> int: ...


def local_timescales(authority: LocalTimescales) -> dict[str, int]:
    """An authority's own settings, keyed as ``settings.SAFEGUARD_TIMESCALES`` (the ``setting``
    of each local clock), for ``clocks_with_local_overrides`` and ``due_soon_working_days``."""
    return {
        "CP_VISIT_WORKING_DAYS": authority.cp_visit_working_days,
        "CIN_VISIT_WORKING_DAYS": authority.cin_visit_working_days,
        "CIN_REVIEW_MONTHS": authority.cin_review_months,
        "DUE_SOON_WORKING_DAYS": authority.due_soon_working_days,
    }


def clock_sql_parameters(clocks: Mapping[str, Clock]) -> dict[str, int]:
    """Every clock's length as a bound parameter for hand-written SQL, named by
    ``Clock.sql_parameter``, so that no SQL file repeats a length as a literal. Pass
    ``clocks_with_local_overrides(...)`` to bind an authority's own visit and review lengths."""
    return {clock.sql_parameter: clock.period.counted().amount for clock in clocks.values()}


def due_soon_working_days(timescales: Mapping[str, int]) -> int:
    """The local "due soon" warning window, in working days."""
    return int(timescales.get("DUE_SOON_WORKING_DAYS", DEFAULT_DUE_SOON_WORKING_DAYS))
