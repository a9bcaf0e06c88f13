"""The named rules of a looked-after child's adoption journey and previous permanence. Plain
functions over dates and codes: the services, the pages and the demo generator ask the same
ones, and each is a rule of Data to Insight's SSDA903 validator kept at the point of entry
(its number on each), so the return is right when it is built.

Each returns the violations found (empty when the rule holds), named in the one registry of
rules (`cases.workflow.rules.names.Rule`).
"""

from __future__ import annotations

import re
from datetime import date

from safeguard.cases.workflow.rules import Violation
from safeguard.cases.workflow.rules.core import fmt, violation
from safeguard.cases.workflow.rules.names import Rule

from .models import SINGLE_ADOPTER, AdoptersLegalStatus, PermanencePlanOption

# SSDA903 PLACE: placed for adoption (A3, A5: with the current foster carers).
ADOPTIVE_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
WITH_FOSTER_CARERS = frozenset({"A3", "A5"})
NOT_KNOWN = "Z1"
# SSDA903 LA_PERM outside England: Wales, Scotland, Northern Ireland, outside the UK.
OUTSIDE_ENGLAND = frozenset({"WAL", "SCO", "NIR", "NUK"})
_LA_CODE = re.compile(r"\d{3}")

# Which adopters each legal status allows (validator rules 511, 514, 517-520, 524).
_ADOPTERS_FOR_STATUS: dict[str, frozenset[str]] = {
    AdoptersLegalStatus.L0: frozenset({"M1", "F1"}),
    AdoptersLegalStatus.L11: frozenset({"MF"}),
    AdoptersLegalStatus.L3: frozenset({"MF"}),
    AdoptersLegalStatus.L12: frozenset({"MM", "FF"}),
    AdoptersLegalStatus.L4: frozenset({"MM", "FF"}),
    AdoptersLegalStatus.L2: frozenset({"MM", "FF", "MF"}),
}

__all__ = [
    "ADOPTIVE_PLACEMENTS",
    "WITH_FOSTER_CARERS",
    "adopters_fit_together",
    "adoption_date_within_care_period",
    "adoption_decision_after_previous",
    "adoption_decision_one_open",
    "adoption_decision_stands",
    "adoption_match_after_decision",
    "adoption_match_recorded_once",
    "adoption_no_longer_after_decision",
    "adoption_order_after_match",
    "adoption_order_needs_placement",
    "permanence_plan_after_previous",
    "permanence_plan_changed",
    "permanence_plan_within_care_period",
    "previous_permanence_fits",
    "previous_permanence_once",
]


def adoption_date_within_care_period(
    start_date: date, end_date: date | None, field: str, on: date | None
) -> list[Violation]:
    """A decision, match or reversal is made while the child is looked after (validator
    rules 1003, 117 and 118: not before care started, not after it ended)."""
    if on is None:
        return []
    if on < start_date:
        message = (
            f"The date must be on or after {fmt(start_date)}, when the child became looked after."
        )
    elif end_date is not None and on > end_date:
        message = (
            f"The date must be on or before {fmt(end_date)}, when the child stopped being "
            "looked after."
        )
    else:
        return []
    return [violation(Rule.ADOPTION_DATE_WITHIN_CARE_PERIOD, message, field)]


def adoption_decision_one_open(open_since: date | None) -> list[Violation]:
    """One decision at a time: a new decision follows the adoption order or the decision
    that the child should no longer be placed (validator rules 579 and 583)."""
    if open_since is None:
        return []
    return [
        violation(
            Rule.ADOPTION_DECISION_ONE_OPEN,
            f"The decision of {fmt(open_since)} that the child should be placed for adoption "
            "still stands: record that they should no longer be placed before a new decision.",
            "decision_date",
        )
    ]


def adoption_decision_after_previous(
    last_reversed: date | None, on: date | None
) -> list[Violation]:
    """A new decision comes on or after the day the previous one was reversed (rule 579)."""
    if last_reversed is None or on is None or on >= last_reversed:
        return []
    return [
        violation(
            Rule.ADOPTION_DECISION_AFTER_PREVIOUS,
            f"The date of the decision must be on or after {fmt(last_reversed)}, when the "
            "previous decision was reversed.",
            "decision_date",
        )
    ]


def adoption_decision_stands(ordered: date | None, reversed_on: date | None) -> list[Violation]:
    """A match, an order or a reversal follows a decision that still stands: one that ended
    in an order or was reversed is closed (validator rules 525 and 558)."""
    if ordered is not None:
        message = f"The adoption order was made on {fmt(ordered)}: this decision is closed."
    elif reversed_on is not None:
        message = f"The decision was reversed on {fmt(reversed_on)}: record a new decision first."
    else:
        return []
    return [violation(Rule.ADOPTION_DECISION_STANDS, message, "decision_date")]


def adoption_match_after_decision(decided: date, matched: date | None) -> list[Violation]:
    """The child is matched with adopters on or after the decision that they should be
    placed for adoption (validator rule 333)."""
    if matched is None or matched >= decided:
        return []
    return [
        violation(
            Rule.ADOPTION_MATCH_AFTER_DECISION,
            f"The date of the match must be on or after {fmt(decided)}, the date of the decision "
            "that the child should be placed for adoption.",
            "match_date",
        )
    ]


def adoption_match_recorded_once(matched: date | None) -> list[Violation]:
    """One match per decision: a match that did not go ahead ends the decision, and a new
    decision has its own."""
    if matched is None:
        return []
    return [
        violation(
            Rule.ADOPTION_MATCH_RECORDED_ONCE,
            f"The child was matched with adopters on {fmt(matched)} already.",
            "match_date",
        )
    ]


def adopters_fit_together(sex: str, legal_status: str) -> list[Violation]:
    """Single adopters are single people; a married or unmarried couple of different sexes is
    a man and a woman; of the same sex, two men or two women; civil partners are a couple
    (validator rules 511, 514, 517, 518, 519, 520 and 524)."""
    allowed = _ADOPTERS_FOR_STATUS.get(legal_status)
    if not sex or allowed is None or sex in allowed:
        return []
    if legal_status == AdoptersLegalStatus.L0:
        message = "A single person adopts alone: choose a single adopter, or the couple's status."
    elif sex in SINGLE_ADOPTER:
        message = "A couple adopts together: choose who the couple are, or a single person."
    else:
        message = (
            f"{AdoptersLegalStatus(legal_status).label} does not fit who the adopters are: "
            "check both answers."
        )
    return [violation(Rule.ADOPTERS_FIT_TOGETHER, message, "adopters_legal_status")]


def adoption_order_needs_placement(
    placement_type: str | None, placed_on: date | None, matched: date | None
) -> list[Violation]:
    """An adoption order is made for a child placed for adoption (validator rule 390: a child
    who ceased care adopted was last in an A3-A6 placement), placed on or after the match
    (rule 331)."""
    if placement_type not in ADOPTIVE_PLACEMENTS or placed_on is None:
        return [
            violation(
                Rule.ADOPTION_ORDER_NEEDS_PLACEMENT,
                "The child is not placed for adoption now: record the placement with the "
                "adopters before the adoption order.",
                "order_date",
            )
        ]
    if matched is not None and placed_on < matched:
        return [
            violation(
                Rule.ADOPTION_ORDER_NEEDS_PLACEMENT,
                f"The child was placed for adoption on {fmt(placed_on)}, before the match on "
                f"{fmt(matched)}: correct the placement or the match first.",
                "order_date",
            )
        ]
    return []


def adoption_order_after_match(
    matched: date | None, placed_on: date | None, ordered: date | None
) -> list[Violation]:
    """The adoption order follows the match (validator rule 582 expects it after the day of
    the match) and the placement for adoption; without a match there is no order."""
    if ordered is None:
        return []
    if matched is None:
        return [
            violation(
                Rule.ADOPTION_ORDER_AFTER_MATCH,
                "Record the match with the adopters before the adoption order.",
                "order_date",
            )
        ]
    latest = max(matched, placed_on) if placed_on is not None else matched
    if ordered > latest:
        return []
    return [
        violation(
            Rule.ADOPTION_ORDER_AFTER_MATCH,
            f"The date of the adoption order must be after {fmt(latest)}, when the child was "
            "matched with and placed with the adopters.",
            "order_date",
        )
    ]


def adoption_no_longer_after_decision(decided: date, on: date | None) -> list[Violation]:
    """The decision that the child should no longer be placed comes on or after the decision
    that they should be (validator rule 522)."""
    if on is None or on >= decided:
        return []
    return [
        violation(
            Rule.ADOPTION_NO_LONGER_AFTER_DECISION,
            f"The date must be on or after {fmt(decided)}, the date of the decision that the "
            "child should be placed for adoption.",
            "no_longer_date",
        )
    ]


def previous_permanence_fits(
    option: str, authority_code: str, order_date: date | None, care_started: date
) -> list[Violation]:
    """A known previous permanence names the authority that arranged it and the date of the
    order, before this period of care began (validator rules 630, 632, 633, 635); not known
    names neither."""
    found = []
    if option == NOT_KNOWN:
        if authority_code or order_date is not None:
            found.append(
                violation(
                    Rule.PREVIOUS_PERMANENCE_FITS,
                    "Leave the authority and the date of the order blank when the previous "
                    "permanence is not known.",
                    "authority_code",
                )
            )
        return found
    if not authority_code:
        found.append(
            violation(
                Rule.PREVIOUS_PERMANENCE_FITS,
                "Enter the authority that arranged the order.",
                "authority_code",
            )
        )
    elif not (_LA_CODE.fullmatch(authority_code) or authority_code in OUTSIDE_ENGLAND):
        found.append(
            violation(
                Rule.PREVIOUS_PERMANENCE_FITS,
                "Enter the authority's three-digit DfE code, like 352, or WAL, SCO, NIR or NUK.",
                "authority_code",
            )
        )
    if order_date is None:
        found.append(
            violation(Rule.PREVIOUS_PERMANENCE_FITS, "Enter the date of the order.", "order_date")
        )
    elif order_date >= care_started:
        found.append(
            violation(
                Rule.PREVIOUS_PERMANENCE_FITS,
                f"The date of the order must be before {fmt(care_started)}, when the child "
                "became looked after.",
                "order_date",
            )
        )
    return found


def previous_permanence_once(recorded: str | None) -> list[Violation]:
    """Previous permanence is recorded once for a period of care, when it starts."""
    if recorded is None:
        return []
    return [
        violation(
            Rule.PREVIOUS_PERMANENCE_ONCE,
            f"Previous permanence was recorded for this period of care already ({recorded}).",
            "option",
        )
    ]


def permanence_plan_within_care_period(
    start_date: date, end_date: date | None, on: date | None
) -> list[Violation]:
    """A permanence plan is agreed for a child while they are looked after: it is part of the
    care plan (Care Planning Regulations 2010, reg. 5(b)(i)), which lasts as long as the
    period of care."""
    if on is None:
        return []
    if on < start_date:
        message = (
            f"The date the plan was agreed must be on or after {fmt(start_date)}, when the "
            "child became looked after."
        )
    elif end_date is not None and on > end_date:
        message = (
            f"The date the plan was agreed must be on or before {fmt(end_date)}, when the "
            "child stopped being looked after."
        )
    else:
        return []
    return [violation(Rule.PERMANENCE_PLAN_WITHIN_CARE_PERIOD, message, "agreed_on")]


def permanence_plan_after_previous(
    latest_agreed_on: date | None, on: date | None
) -> list[Violation]:
    """A new plan replaces the one in force: agreed on or after the latest recorded, so the
    history reads in order and "the plan on a day" has one answer (Annex A list 8)."""
    if latest_agreed_on is None or on is None or on >= latest_agreed_on:
        return []
    return [
        violation(
            Rule.PERMANENCE_PLAN_AFTER_PREVIOUS,
            f"The date the plan was agreed must be on or after {fmt(latest_agreed_on)}, when "
            "the current plan was agreed.",
            "agreed_on",
        )
    ]


def permanence_plan_changed(current: str | None, plan: str) -> list[Violation]:
    """A plan recorded is a change of plan: the plan in force is already on the record, and a
    review that keeps it changes nothing."""
    if current is None or current != plan:
        return []
    label = PermanencePlanOption(current).label
    return [
        violation(
            Rule.PERMANENCE_PLAN_CHANGED,
            f"The child's permanence plan is already '{label}': choose the new plan.",
            "plan",
        )
    ]
