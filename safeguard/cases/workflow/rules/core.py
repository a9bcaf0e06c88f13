"""What every rule is made of, and the rules that hold for any date on the record.

A rule is a plain function over plain facts (dates, counts, codes: never a model) that
returns the violations it finds, an empty list when it holds. `check` raises them together;
`holds` answers "may this step be offered?" for a page from the same function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.common.errors import SafeguardError

from .names import Rule

# Census rule 8606 (CIN census guide, "pre-birth"): a referral may come up to 40 weeks
# before the child's birth. A pregnancy's length, not a statutory timescale.
PRE_BIRTH_WINDOW = timedelta(weeks=40)


@dataclass(frozen=True)
class Violation:
    """One broken rule: its name, the sentence a practitioner reads, the fields at fault."""

    rule: Rule
    message: str
    fields: tuple[str, ...]


class RuleViolation(SafeguardError):
    """One or more statutory rules were broken; nothing was written."""

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        message = " ".join(v.message for v in self.violations)
        fields = tuple(dict.fromkeys(f for v in self.violations for f in v.fields))
        super().__init__(message, fields=fields, code=",".join(v.rule for v in self.violations))

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(v.rule for v in self.violations)


def check(*results: list[Violation]) -> None:
    """Raise one RuleViolation carrying every violation found, or return quietly."""
    violations = [v for result in results for v in result]
    if violations:
        raise RuleViolation(violations)


def holds(*results: list[Violation]) -> bool:
    """True when every rule asked holds: a page offers a step only when the service that
    records it would accept it on these facts."""
    return not any(results)


@dataclass(frozen=True)
class ChildFacts:
    date_of_birth: date | None
    expected_date_of_birth: date | None = None
    date_of_death: date | None = None


@dataclass(frozen=True)
class ReferralFacts:
    referral_date: date
    closure_date: date | None = None

    def is_open_on(self, on: date) -> bool:
        return self.referral_date <= on and (self.closure_date is None or on <= self.closure_date)


# How a message names a referral's date: the day children's social care accepted it (census
# CINreferralDate), the first day anything in the episode can happen.
REFERRAL_ACCEPTED = "the date the referral was accepted"


def violation(rule: Rule, message: str, *fields: str) -> Violation:
    return Violation(rule, message, fields)


def fmt(d: date) -> str:
    """A date as the record writes it: 4 November 2024."""
    return f"{d.day} {d:%B %Y}"


def dates_not_in_future(today: date, dates: Mapping[str, date | None]) -> list[Violation]:
    """Nothing in the record can have happened after today (CIN census and SSDA903 guidance:
    every date is on or before the collection's end and never in the future)."""
    return [
        violation(
            Rule.DATE_NOT_IN_FUTURE,
            f"The {label(name)} cannot be in the future: enter today's date or an earlier one.",
            name,
        )
        for name, value in dates.items()
        if value is not None and value > today
    ]


def dates_not_before_birth(
    child: ChildFacts, dates: Mapping[str, date | None], *, pre_birth_work: bool
) -> list[Violation]:
    """Work with a child cannot predate the child, except pre-birth work (up to 40 weeks before,
    census rule 8606), nor follow their death (census rules 8530Q-8555Q)."""
    birth = child.date_of_birth
    violations: list[Violation] = []
    for name, value in dates.items():
        if value is None:
            continue
        if birth is None:
            if not pre_birth_work:
                violations.append(
                    violation(
                        Rule.CHILD_NOT_YET_BORN,
                        f"The {label(name)} is for an unborn child: only pre-birth work can be "
                        "recorded until the date of birth is entered.",
                        name,
                    )
                )
            elif (
                child.expected_date_of_birth is not None
                and value < child.expected_date_of_birth - PRE_BIRTH_WINDOW
            ):
                violations.append(
                    violation(
                        Rule.DATE_NOT_BEFORE_BIRTH,
                        f"The {label(name)} ({fmt(value)}) is more than 40 weeks before the "
                        f"expected date of birth ({fmt(child.expected_date_of_birth)}). Check "
                        "both dates.",
                        name,
                    )
                )
            continue
        earliest = birth - PRE_BIRTH_WINDOW if pre_birth_work else birth
        if value < earliest:
            violations.append(
                violation(
                    Rule.DATE_NOT_BEFORE_BIRTH,
                    f"The {label(name)} ({fmt(value)}) is before the child's date of birth "
                    f"({fmt(birth)})"
                    + (" by more than 40 weeks." if pre_birth_work else ".")
                    + " Check both dates.",
                    name,
                )
            )
    if child.date_of_death is not None:
        for name, value in dates.items():
            if value is not None and value > child.date_of_death:
                violations.append(
                    violation(
                        Rule.DATE_NOT_AFTER_DEATH,
                        f"The {label(name)} ({fmt(value)}) is after the child's date of death "
                        f"({fmt(child.date_of_death)}).",
                        name,
                    )
                )
    return violations


def not_before(
    *,
    earlier: tuple[str, date | None],
    later: tuple[str, date | None],
    rule: Rule,
    earlier_is: str = "",
) -> list[Violation]:
    """The shape of every "this cannot come before that" rule; the named rules call it with
    their own name and source, and say what the earlier date is (`earlier_is`, "the date the
    assessment started"), so the message tells the user the first date they may enter and
    why (GOV.UK: "[date] must be the same as or after [date]"). A missing date is not
    checked."""
    (earlier_name, earlier_value), (later_name, later_value) = earlier, later
    if earlier_value is None or later_value is None or later_value >= earlier_value:
        return []
    what = earlier_is or f"the {label(earlier_name)}"
    return [
        violation(
            rule,
            f"The {label(later_name)} must be on or after {fmt(earlier_value)}, {what}.",
            later_name,
        )
    ]


def first_per_field(violations: list[Violation]) -> list[Violation]:
    """The first violation naming each field, for rules asked together whose bounds nest
    (a date before an assessment's start is also before its completion): the user is told
    the one bound that matters, once, beside the input."""
    seen: set[str] = set()
    kept: list[Violation] = []
    for v in violations:
        if v.fields and seen.intersection(v.fields):
            continue
        seen.update(v.fields)
        kept.append(v)
    return kept


def within_open_referral(
    referral: ReferralFacts, name: str, on: date, *, rule: Rule = Rule.WITHIN_OPEN_REFERRAL
) -> list[Violation]:
    """Work inside a children-in-need episode falls between its referral and closure dates
    (CIN census rules 1103-1105, 2889, 4015: nothing starts before the referral; 8565: no
    activity after closure)."""
    if referral.is_open_on(on):
        return []
    if on < referral.referral_date:
        message = (
            f"The {label(name)} must be on or after {fmt(referral.referral_date)}, "
            f"{REFERRAL_ACCEPTED}."
        )
    else:
        assert referral.closure_date is not None
        message = (
            f"The {label(name)} must be on or before {fmt(referral.closure_date)}, the date "
            "the referral closed. Work after that is recorded in a new referral."
        )
    return [violation(rule, message, name)]


def invalid_values(refused: Mapping[str, list[str]]) -> list[Violation]:
    """What the model itself refused when validating a row (Django's `message_dict`), as
    violations naming each field: not a statutory rule, but reported the same way so a form
    shows it beside the input rather than as a half-written record."""
    return [
        violation(Rule.INVALID_VALUE, " ".join(messages), name)
        for name, messages in refused.items()
    ]


def decision_needs_rationale(rationale: str, field: str = "rationale") -> list[Violation]:
    """A manager's decision on a case is recorded with its reasons, so the oversight can be
    audited (Working Together 2023: managers' decisions on a case are recorded with their
    reasons; Ofsted ILACS judges the impact of that oversight)."""
    if rationale.strip():
        return []
    return [
        violation(
            Rule.DECISION_NEEDS_RATIONALE,
            "Give the reason for the decision, so the oversight can be audited.",
            field,
        )
    ]


_LABELS = {
    "received_at": "date the contact was received",
    "decided_at": "decision date",
    "referral_date": "referral date",
    "closure_date": "closure date",
    "start_date": "start date",
    "end_date": "end date",
    "authorised_date": "authorisation date",
    "submitted_date": "completion date",
    "child_seen_date": "date the child was seen",
    "discussion_date": "date of the strategy discussion",
    "completed_date": "completion date",
    "conference_date": "conference date",
    "meeting_date": "meeting date",
    "visit_date": "visit date",
    "event_date": "date of the event",
    "review_date": "review date",
    "previous_conference_date": "previous conference",
}


def label(name: str) -> str:
    """A field's name as a sentence says it."""
    return _LABELS.get(name, name.replace("_", " "))
