"""`workflow.rules.referral`: opening and closing the episode (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules import (
    OpenWork,
)
from safeguard.common import codes

from .support import (
    CLOSED_REFERRAL,
    OPEN_REFERRAL,
    only,
)

# --- Closing a referral ------------------------------------------------------------------------


def test_a_referral_whose_work_is_finished_can_close() -> None:
    finished = OpenWork(latest_activity=date(2025, 2, 26))

    assert rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 26), "RC7", finished) == []


def test_a_referral_cannot_close_twice() -> None:
    violation = only(rules.referral_can_close(CLOSED_REFERRAL, date(2025, 3, 3), "RC7", OpenWork()))

    assert violation.rule == "referral_already_closed"
    assert violation.fields == ("closure_date",)


def test_a_referral_cannot_close_before_it_opened() -> None:
    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 1, 5), "RC7", OpenWork()))

    assert violation.rule == "referral_closed_not_before_opened"
    assert violation.fields == ("closure_date",)


def test_a_referral_can_close_on_the_day_it_opened() -> None:
    assert rules.referral_can_close(OPEN_REFERRAL, date(2025, 1, 6), "RC8", OpenWork()) == []


def test_closing_a_referral_needs_a_reason() -> None:
    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 3), "", OpenWork()))

    assert violation.rule == "referral_closure_needs_reason"
    assert violation.fields == ("closure_reason",)


@pytest.mark.parametrize(
    ("open_work", "named"),
    [
        (OpenWork(assessments_unauthorised=1), "1 assessment not yet authorised"),
        (OpenWork(section47_enquiries_open=1), "1 section 47 enquiry not yet completed"),
        (OpenWork(protection_plans_open=1), "1 child protection plan still open"),
        (OpenWork(cin_plans_open=2), "2 child in need plan still open"),
        (OpenWork(extra={"strategy discussion pending": 1}), "1 strategy discussion pending"),
    ],
)
def test_closing_a_referral_requires_what_it_contains_to_be_finished(
    open_work: OpenWork, named: str
) -> None:
    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 3), "RC7", open_work))

    assert violation.rule == "referral_close_requires_finished_work"
    assert violation.fields == ("closure_date",)
    assert named in violation.message


def test_closing_a_referral_lists_all_its_unfinished_work_in_one_message() -> None:
    open_work = OpenWork(
        assessments_unauthorised=1,
        section47_enquiries_open=1,
        protection_plans_open=1,
        cin_plans_open=1,
    )

    violation = only(rules.referral_can_close(OPEN_REFERRAL, date(2025, 2, 3), "RC7", open_work))

    assert violation.message == (
        "The referral cannot close while work inside it is open: 1 assessment not yet "
        "authorised; 1 section 47 enquiry not yet completed; 1 child protection plan still "
        "open; 1 child in need plan still open. Finish or end these first."
    )


def test_a_referral_cannot_close_before_the_last_work_recorded_in_it() -> None:
    violation = only(
        rules.referral_can_close(
            OPEN_REFERRAL,
            date(2025, 2, 25),
            "RC7",
            OpenWork(latest_activity=date(2025, 2, 26)),
        )
    )

    assert violation.rule == "referral_closed_after_last_activity"
    assert violation.fields == ("closure_date",)


# --- Opening a referral ------------------------------------------------------------------------


def test_a_child_without_an_open_referral_can_have_one_opened() -> None:
    assert rules.one_open_referral(None) == []


def test_a_child_has_one_open_referral() -> None:
    violation = only(rules.one_open_referral(date(2024, 11, 4)))

    assert (violation.rule, violation.fields) == ("one_open_referral", ("referral_date",))
    assert violation.message.startswith(
        "The child already has an open referral from 4 November 2024"
    )


def test_a_new_referral_may_start_the_day_the_last_closed() -> None:
    assert rules.referrals_do_not_overlap(date(2025, 2, 28), date(2025, 2, 28)) == []
    assert rules.referrals_do_not_overlap(date(2025, 2, 28), None) == []


def test_a_new_referral_cannot_start_before_the_last_closed() -> None:
    violation = only(rules.referrals_do_not_overlap(date(2025, 2, 27), date(2025, 2, 28)))
    assert violation.rule == "referrals_do_not_overlap"
    assert "previous referral closed on 28 February 2025" in violation.message


@pytest.mark.parametrize(
    "decision", [codes.ContactDecision.REFERRAL, codes.ContactDecision.STRATEGY_DISCUSSION]
)
def test_a_referral_opens_from_a_contact_decided_as_a_referral(decision: str) -> None:
    assert rules.referral_from_contact(same_child=True, contact_decision=decision) == []


def test_a_referral_opens_from_a_contact_about_the_same_child() -> None:
    violation = only(
        rules.referral_from_contact(
            same_child=False, contact_decision=codes.ContactDecision.REFERRAL
        )
    )
    assert violation.rule == "referral_contact_same_child"


def test_a_referral_does_not_open_from_a_contact_decided_otherwise() -> None:
    violation = only(
        rules.referral_from_contact(
            same_child=True, contact_decision=codes.ContactDecision.EARLY_HELP
        )
    )
    assert violation.rule == "referral_needs_referral_decision"


def test_an_open_referral_may_close_and_a_closed_one_not_again() -> None:
    assert rules.referral_closed_once(None) == []
    assert only(rules.referral_closed_once(date(2025, 2, 28))).rule == "referral_already_closed"


def test_a_closure_reason_comes_with_its_date() -> None:
    assert rules.referral_closure_has_date(None, "") == []
    assert rules.referral_closure_has_date(date(2025, 2, 28), "RC7") == []
    violation = only(rules.referral_closure_has_date(None, "RC7"))
    assert violation.rule == "referral_closure_needs_date"


def test_a_referral_with_nothing_open_inside_it_has_its_work_finished() -> None:
    assert rules.referral_work_finished(OpenWork(latest_activity=date(2025, 2, 26))) == []
    violation = only(rules.referral_work_finished(OpenWork(section47_enquiries_open=1)))

    assert violation.rule == "referral_close_requires_finished_work"
