"""The statutory rules every write to the case record must satisfy.

Plain functions over plain facts: the services gather the facts from the database, call
`check(...)` with the rules that apply, and write nothing if any rule is broken. The HTML
forms, the partner API and the demo generator all go through the same rules.

Each rule returns the violations it finds (an empty list when satisfied). A violation names
the rule and the fields at fault so a form can show the message beside the right input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from safeguard.common.errors import SafeguardError

# Census rule 8606: a referral may come up to 40 weeks before the child's birth.
PRE_BIRTH_WINDOW = timedelta(weeks=40)


@dataclass(frozen=True)
class Violation:
    rule: str
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


@dataclass(frozen=True)
class ConferenceFacts:
    kind: str  # "initial" or "review"
    conference_date: date
    outcome: str  # "plan", "no_plan", "continue_plan", "end_plan"


@dataclass(frozen=True)
class OpenWork:
    """What is still open inside a referral when someone asks to close it."""

    assessments_unauthorised: int = 0
    section47_enquiries_open: int = 0
    protection_plans_open: int = 0
    cin_plans_open: int = 0
    latest_activity: date | None = None
    extra: Mapping[str, int] = field(default_factory=dict)


def _fmt(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def dates_not_in_future(today: date, dates: Mapping[str, date | None]) -> list[Violation]:
    """Nothing in the record can have happened after today."""
    return [
        Violation(
            "date_not_in_future",
            f"The {_label(name)} cannot be in the future: enter today's date or an earlier one.",
            (name,),
        )
        for name, value in dates.items()
        if value is not None and value > today
    ]


def dates_not_before_birth(
    child: ChildFacts, dates: Mapping[str, date | None], *, pre_birth_work: bool
) -> list[Violation]:
    """Work with a child cannot predate the child, except pre-birth work (up to 40 weeks before)."""
    birth = child.date_of_birth
    violations: list[Violation] = []
    for name, value in dates.items():
        if value is None:
            continue
        if birth is None:
            if not pre_birth_work:
                violations.append(
                    Violation(
                        "child_not_yet_born",
                        f"The {_label(name)} is for an unborn child: only pre-birth work can be "
                        "recorded until the date of birth is entered.",
                        (name,),
                    )
                )
            elif (
                child.expected_date_of_birth is not None
                and value < child.expected_date_of_birth - PRE_BIRTH_WINDOW
            ):
                violations.append(
                    Violation(
                        "date_not_before_birth",
                        f"The {_label(name)} ({_fmt(value)}) is more than 40 weeks before the "
                        f"expected date of birth ({_fmt(child.expected_date_of_birth)}). Check "
                        "both dates.",
                        (name,),
                    )
                )
            continue
        earliest = birth - PRE_BIRTH_WINDOW if pre_birth_work else birth
        if value < earliest:
            violations.append(
                Violation(
                    "date_not_before_birth",
                    f"The {_label(name)} ({_fmt(value)}) is before the child's date of birth "
                    f"({_fmt(birth)})"
                    + (" by more than 40 weeks." if pre_birth_work else ".")
                    + " Check both dates.",
                    (name,),
                )
            )
    if child.date_of_death is not None:
        for name, value in dates.items():
            if value is not None and value > child.date_of_death:
                violations.append(
                    Violation(
                        "date_not_after_death",
                        f"The {_label(name)} ({_fmt(value)}) is after the child's date of death "
                        f"({_fmt(child.date_of_death)}).",
                        (name,),
                    )
                )
    return violations


def not_before(
    *, earlier: tuple[str, date | None], later: tuple[str, date | None], rule: str
) -> list[Violation]:
    (earlier_name, earlier_value), (later_name, later_value) = earlier, later
    if earlier_value is None or later_value is None or later_value >= earlier_value:
        return []
    return [
        Violation(
            rule,
            f"The {_label(later_name)} ({_fmt(later_value)}) cannot be before the "
            f"{_label(earlier_name)} ({_fmt(earlier_value)}).",
            (later_name,),
        )
    ]


def within_open_referral(
    referral: ReferralFacts, name: str, on: date, *, rule: str = "within_open_referral"
) -> list[Violation]:
    """Work inside a children-in-need episode must fall between its referral and closure dates."""
    if referral.is_open_on(on):
        return []
    if on < referral.referral_date:
        detail = f"before the referral date ({_fmt(referral.referral_date)})"
    else:
        assert referral.closure_date is not None
        detail = f"after the referral was closed ({_fmt(referral.closure_date)})"
    return [
        Violation(
            rule,
            f"The {_label(name)} ({_fmt(on)}) is {detail}. Record it within an open referral, "
            "or open a new referral first.",
            (name,),
        )
    ]


def section47_requires_open_referral(referral: ReferralFacts, start_date: date) -> list[Violation]:
    """A section 47 enquiry is made within an open children-in-need episode (Children Act 1989
    s.47; census rules 2889, 8565)."""
    return within_open_referral(
        referral, "start_date", start_date, rule="section47_requires_open_referral"
    )


def assessment_authorised_not_before_start(
    start_date: date, authorised_date: date | None
) -> list[Violation]:
    """An assessment cannot be authorised before it starts (census rule 8608)."""
    return not_before(
        earlier=("start_date", start_date),
        later=("authorised_date", authorised_date),
        rule="assessment_authorised_not_before_start",
    )


def plan_starts_at_initial_conference(
    conference: ConferenceFacts, plan_start: date
) -> list[Violation]:
    """A child protection plan starts at an initial conference that decided on a plan
    (Working Together 2023, ch. 2; census rule 2885: CPP start date equals the ICPC date)."""
    violations: list[Violation] = []
    if conference.kind != "initial":
        violations.append(
            Violation(
                "plan_starts_at_initial_conference",
                "A child protection plan can only start at an initial child protection conference.",
                ("initial_conference",),
            )
        )
    elif conference.outcome != "plan":
        violations.append(
            Violation(
                "plan_starts_at_initial_conference",
                "The initial conference did not decide on a child protection plan, so no plan "
                "can start from it.",
                ("initial_conference", "outcome"),
            )
        )
    if plan_start != conference.conference_date:
        violations.append(
            Violation(
                "plan_starts_at_initial_conference",
                f"A child protection plan starts on the day of the initial conference "
                f"({_fmt(conference.conference_date)}), not {_fmt(plan_start)}.",
                ("start_date",),
            )
        )
    return violations


def one_open_protection_plan(open_plan_start: date | None) -> list[Violation]:
    """A child has at most one open child protection plan (census rule 8935)."""
    if open_plan_start is None:
        return []
    return [
        Violation(
            "one_open_protection_plan",
            f"The child already has a child protection plan open since {_fmt(open_plan_start)}. "
            "End it at a review conference before starting another.",
            ("start_date",),
        )
    ]


def referral_can_close(
    referral: ReferralFacts, closure_date: date, closure_reason: str, open_work: OpenWork
) -> list[Violation]:
    """A referral closes only when what it contains is finished (census rules 8565, 8867,
    8868, 8805/8810: closure date and reason together)."""
    violations: list[Violation] = []
    if referral.closure_date is not None:
        violations.append(
            Violation(
                "referral_already_closed",
                f"This referral was already closed on {_fmt(referral.closure_date)}.",
                ("closure_date",),
            )
        )
    violations += not_before(
        earlier=("referral_date", referral.referral_date),
        later=("closure_date", closure_date),
        rule="referral_closed_not_before_opened",
    )
    if not closure_reason:
        violations.append(
            Violation(
                "referral_closure_needs_reason",
                "Choose the reason the referral is closing.",
                ("closure_reason",),
            )
        )
    unfinished = {
        "assessment not yet authorised": open_work.assessments_unauthorised,
        "section 47 enquiry not yet completed": open_work.section47_enquiries_open,
        "child protection plan still open": open_work.protection_plans_open,
        "child in need plan still open": open_work.cin_plans_open,
        **open_work.extra,
    }
    outstanding = [f"{count} {what}" for what, count in unfinished.items() if count]
    if outstanding:
        violations.append(
            Violation(
                "referral_close_requires_finished_work",
                "The referral cannot close while work inside it is open: "
                + "; ".join(outstanding)
                + ". Finish or end these first.",
                ("closure_date",),
            )
        )
    if open_work.latest_activity is not None and closure_date < open_work.latest_activity:
        violations.append(
            Violation(
                "referral_closed_after_last_activity",
                f"The closure date ({_fmt(closure_date)}) is before the last recorded work in "
                f"this referral ({_fmt(open_work.latest_activity)}).",
                ("closure_date",),
            )
        )
    return violations


def assessment_factors_valid(factors: Iterable[str], known: frozenset[str]) -> list[Violation]:
    """Factors are census codes, not repeated, and 21 (no factors) stands alone (rules 8869,
    8898)."""
    factors = list(factors)
    violations: list[Violation] = []
    unknown = [f for f in factors if f not in known]
    if unknown:
        violations.append(
            Violation(
                "assessment_factors_known",
                "These factors are not census codes: " + ", ".join(unknown) + ".",
                ("factors",),
            )
        )
    if len(set(factors)) != len(factors):
        violations.append(
            Violation("assessment_factors_unique", "Each factor can be chosen once.", ("factors",))
        )
    if "21" in factors and len(factors) > 1:
        violations.append(
            Violation(
                "assessment_factor_21_alone",
                "'No factors identified' cannot be chosen with other factors.",
                ("factors",),
            )
        )
    return violations


def visit_seen_consistent(
    *, child_seen: bool, seen_alone: bool, not_seen_reason: str, child_born: bool
) -> list[Violation]:
    """A visit says whether the child was seen; if not, why; 'seen alone' needs 'seen'."""
    violations: list[Violation] = []
    if seen_alone and not child_seen:
        violations.append(
            Violation(
                "visit_seen_alone_requires_seen",
                "A child cannot be seen alone without being seen: check 'child seen'.",
                ("seen_alone",),
            )
        )
    if not child_seen and not not_seen_reason.strip():
        violations.append(
            Violation(
                "visit_not_seen_needs_reason",
                "Say why the child was not seen.",
                ("not_seen_reason",),
            )
        )
    if child_seen and not child_born:
        violations.append(
            Violation(
                "visit_unborn_not_seen",
                "An unborn child cannot be seen: record the visit as 'not seen' with the reason "
                "'pre-birth visit'.",
                ("child_seen",),
            )
        )
    return violations


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


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " "))
