"""`workflow.rules.looked_after`: periods of care, placements, reviews (no database)."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow import rules

from .support import only

START = date(2025, 1, 20)
LATER = date(2025, 3, 3)


def test_a_child_is_in_one_period_of_care_at_a_time() -> None:
    assert rules.one_open_care_period(False) == []
    violation = only(rules.one_open_care_period(True))
    assert (violation.rule, violation.message) == (
        "one_open_care_period",
        "The child is already looked after.",
    )


def test_a_period_of_care_starts_with_its_first_placement() -> None:
    assert rules.care_starts_with_placement(START, START) == []
    assert only(rules.care_starts_with_placement(START, None)).rule == (
        "care_starts_with_placement"
    )
    assert only(rules.care_starts_with_placement(START, LATER)).rule == (
        "care_starts_with_placement"
    )


def test_a_placement_changes_only_while_the_child_is_looked_after() -> None:
    assert rules.placement_needs_open_period(None) == []
    assert only(rules.placement_needs_open_period(LATER)).rule == "placement_needs_open_period"


def test_a_new_placement_starts_on_or_after_the_one_it_ends() -> None:
    assert rules.placement_after_previous(START, START) == []
    assert rules.placement_after_previous(None, START) == []
    violation = only(rules.placement_after_previous(LATER, START))
    assert violation.rule == "placement_after_previous"


def test_placements_follow_on_without_gaps() -> None:
    assert rules.placements_follow_on(LATER, LATER) == []
    assert rules.placements_follow_on(None, None) == []
    assert only(rules.placements_follow_on(START, LATER)).rule == "placement_after_previous"


def test_a_placement_ends_on_or_after_it_started() -> None:
    assert rules.placement_end_not_before_start(START, START) == []
    violation = only(rules.placement_end_not_before_start(LATER, START))
    assert violation.rule == "placement_end_not_before_start"


def test_care_ends_after_the_last_placement_started_and_once() -> None:
    assert rules.care_ends_after_last_placement(START, START) == []
    early = only(rules.care_ends_after_last_placement(LATER, START))
    assert early.rule == "care_ends_after_last_placement"
    assert rules.care_period_ended_once(None) == []
    assert only(rules.care_period_ended_once(LATER)).rule == "care_period_ended_once"


def test_care_ends_with_the_reason_it_ceased() -> None:
    assert rules.care_end_needs_reason(LATER, "E11") == []
    assert rules.care_end_needs_reason(None, "") == []
    violation = only(rules.care_end_needs_reason(LATER, ""))
    assert (violation.rule, violation.fields) == ("care_end_needs_reason", ("reason_ceased",))
    assert only(rules.care_end_needs_reason(None, "E11")).rule == "care_end_needs_reason"


def test_a_looked_after_review_falls_within_the_period() -> None:
    assert rules.care_review_within_period(START, START) == []
    violation = only(rules.care_review_within_period(LATER, START))
    assert (violation.rule, violation.fields) == ("care_review_within_period", ("review_date",))
