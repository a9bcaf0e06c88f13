"""`workflow.rules.children_in_need`: child in need plans and reviews (no database)."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow import rules

from .support import only

START = date(2025, 1, 20)


def test_a_child_in_need_plan_does_not_run_alongside_a_protection_plan() -> None:
    assert rules.cin_plan_not_during_protection_plan(False) == []
    violation = only(rules.cin_plan_not_during_protection_plan(True))
    assert violation.rule == "cin_plan_not_during_protection_plan"
    assert "census rule 4003" in violation.message


def test_a_child_has_one_open_child_in_need_plan() -> None:
    assert rules.one_open_cin_plan(False) == []
    assert only(rules.one_open_cin_plan(True)).message == (
        "The child already has an open child in need plan."
    )


def test_a_plan_ends_on_or_after_it_started() -> None:
    assert rules.cin_plan_end_not_before_start(START, START) == []
    assert rules.cin_plan_end_not_before_start(START, None) == []
    violation = only(rules.cin_plan_end_not_before_start(START, date(2025, 1, 19)))
    assert (violation.rule, violation.fields) == ("cin_plan_end_not_before_start", ("end_date",))


def test_a_plan_is_reviewed_from_its_start() -> None:
    assert rules.cin_review_within_plan(START, START) == []
    violation = only(rules.cin_review_within_plan(START, date(2025, 1, 19)))
    assert (violation.rule, violation.fields) == ("cin_review_within_plan", ("review_date",))


def test_an_ended_plan_is_neither_reviewed_nor_ended_again() -> None:
    assert rules.cin_plan_still_open(None) == []
    violation = only(rules.cin_plan_still_open(date(2025, 3, 3)))
    assert (violation.rule, violation.fields) == ("cin_plan_still_open", ("end_date",))
    assert violation.message == (
        "This child in need plan ended on 3 March 2025. If the child needs a plan again, start "
        "a new one."
    )
    assert only(rules.cin_plan_still_open(date(2025, 3, 3), "review_date")).fields == (
        "review_date",
    )
