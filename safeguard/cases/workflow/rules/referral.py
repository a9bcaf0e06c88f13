"""The children-in-need episode: a referral opens it and its closure ends it (CIN census
CINdetails; Working Together 2023, ch. 2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from safeguard.common import codes

from .core import REFERRAL_ACCEPTED, ReferralFacts, Violation, fmt, not_before, violation
from .names import Rule

# The contact decisions that open a referral: a strategy discussion is held within one
# (Working Together 2023, ch. 2).
REFERRAL_DECISIONS = frozenset(
    {codes.ContactDecision.REFERRAL, codes.ContactDecision.STRATEGY_DISCUSSION}
)


@dataclass(frozen=True)
class OpenWork:
    """What is still open inside a referral when someone asks to close it."""

    assessments_unauthorised: int = 0
    section47_enquiries_open: int = 0
    protection_plans_open: int = 0
    cin_plans_open: int = 0
    # The child's period of care: a looked-after child is a child in need, and the children in
    # need census counts them in an open episode (its scope includes children looked after).
    care_periods_open: int = 0
    latest_activity: date | None = None
    extra: Mapping[str, int] = field(default_factory=dict)


def one_open_referral(open_referral_date: date | None) -> list[Violation]:
    """A child has one children-in-need episode open at a time (census rules 8815, 8816,
    8820: episodes cannot overlap). `open_referral_date`: the open one's, if any."""
    if open_referral_date is None:
        return []
    return [
        violation(
            Rule.ONE_OPEN_REFERRAL,
            f"The child already has an open referral from {fmt(open_referral_date)}: "
            "record the new concern inside it "
            "or close it first (census rule 8820: episodes cannot overlap).",
            "referral_date",
        )
    ]


def referrals_do_not_overlap(referral_date: date, last_closed: date | None) -> list[Violation]:
    """A new episode starts on or after the day the previous one closed (census rule 8820)."""
    if last_closed is None or referral_date >= last_closed:
        return []
    return [
        violation(
            Rule.REFERRALS_DO_NOT_OVERLAP,
            f"The child's previous referral closed on {fmt(last_closed)}; a new referral cannot "
            "start before that (census rule 8820: episodes cannot overlap).",
            "referral_date",
        )
    ]


def referral_from_contact(*, same_child: bool, contact_decision: str) -> list[Violation]:
    """A referral opened from a contact is about the contact's child, and follows a decision
    to refer to children's social care (Working Together 2023, ch. 2)."""
    if not same_child:
        return [
            violation(
                Rule.REFERRAL_CONTACT_SAME_CHILD, "The contact is about another child.", "contact"
            )
        ]
    if contact_decision not in REFERRAL_DECISIONS:
        return [
            violation(
                Rule.REFERRAL_NEEDS_REFERRAL_DECISION,
                "A referral opens from a contact only when the contact's decision was "
                "referral to children's social care (with or without a strategy "
                "discussion).",
                "contact",
            )
        ]
    return []


def referral_closed_once(closure_date: date | None) -> list[Violation]:
    """A referral is closed once (census rules 8805, 8810: one closure date and reason)."""
    if closure_date is None:
        return []
    return [
        violation(
            Rule.REFERRAL_ALREADY_CLOSED,
            f"This referral was already closed on {fmt(closure_date)}.",
            "closure_date",
        )
    ]


def referral_closure_has_date(closure_date: date | None, closure_reason: str) -> list[Violation]:
    """A closure reason comes with its closure date (census rules 8805, 8810)."""
    if closure_date is not None or not closure_reason:
        return []
    return [
        violation(
            Rule.REFERRAL_CLOSURE_NEEDS_DATE,
            "A referral with a closure reason needs its closure date.",
            "closure_date",
        )
    ]


def referral_closed_not_before_opened(
    referral_date: date, closure_date: date | None
) -> list[Violation]:
    """An episode closes on or after the day it opened (census rules 8620, 8630)."""
    return not_before(
        earlier=("referral_date", referral_date),
        later=("closure_date", closure_date),
        rule=Rule.REFERRAL_CLOSED_NOT_BEFORE_OPENED,
        earlier_is=REFERRAL_ACCEPTED,
    )


def referral_work_finished(open_work: OpenWork) -> list[Violation]:
    """A referral closes only when what it contains is finished (census rules 8867, 8868: no
    open assessment or section 47 enquiry in a closed episode; 4000s, 8935: no open plan), and
    not while the child is looked after: a looked-after child is a child in need, whose
    episode stays open (the children in need census guide: its scope includes children looked
    after). The record offers "Close the referral" exactly when this holds."""
    unfinished = {
        "assessment not yet authorised": open_work.assessments_unauthorised,
        "section 47 enquiry not yet completed": open_work.section47_enquiries_open,
        "child protection plan still open": open_work.protection_plans_open,
        "child in need plan still open": open_work.cin_plans_open,
        "period of care still open (the child is looked after)": open_work.care_periods_open,
        **open_work.extra,
    }
    outstanding = [f"{count} {what}" for what, count in unfinished.items() if count]
    if not outstanding:
        return []
    return [
        violation(
            Rule.REFERRAL_CLOSE_REQUIRES_FINISHED_WORK,
            "The referral cannot close while work inside it is open: "
            + "; ".join(outstanding)
            + ". Finish or end these first.",
            "closure_date",
        )
    ]


def referral_can_close(
    referral: ReferralFacts, closure_date: date, closure_reason: str, open_work: OpenWork
) -> list[Violation]:
    """A referral closes only when what it contains is finished (census rules 8565, 8867,
    8868, 8805/8810: closure date and reason together)."""
    violations = referral_closed_once(referral.closure_date)
    violations += referral_closed_not_before_opened(referral.referral_date, closure_date)
    if not closure_reason:
        violations.append(
            violation(
                Rule.REFERRAL_CLOSURE_NEEDS_REASON,
                "Choose the reason the referral is closing.",
                "closure_reason",
            )
        )
    violations += referral_work_finished(open_work)
    if open_work.latest_activity is not None and closure_date < open_work.latest_activity:
        violations.append(
            violation(
                Rule.REFERRAL_CLOSED_AFTER_LAST_ACTIVITY,
                f"The closure date ({fmt(closure_date)}) is before the last recorded work in "
                f"this referral ({fmt(open_work.latest_activity)}).",
                "closure_date",
            )
        )
    return violations
