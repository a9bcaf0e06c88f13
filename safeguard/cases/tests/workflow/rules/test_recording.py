"""`workflow.rules.recording`: visits, case notes, allocation (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.cases.workflow import rules
from safeguard.cases.workflow.rules.names import Rule

from .support import (
    only,
)

# --- Visits: was the child seen ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("child_seen", "seen_alone", "reason"),
    [(True, True, ""), (True, False, ""), (False, False, "Child at school")],
)
def test_a_visit_that_says_consistently_whether_the_child_was_seen_is_accepted(
    child_seen: bool, seen_alone: bool, reason: str
) -> None:
    assert (
        rules.visit_seen_consistent(
            child_seen=child_seen, seen_alone=seen_alone, not_seen_reason=reason, child_born=True
        )
        == []
    )


def test_a_child_cannot_be_seen_alone_without_being_seen() -> None:
    violation = only(
        rules.visit_seen_consistent(
            child_seen=False, seen_alone=True, not_seen_reason="Asleep", child_born=True
        )
    )

    assert violation.rule == "visit_seen_alone_requires_seen"
    assert violation.fields == ("seen_alone",)


def test_a_visit_where_the_child_was_not_seen_needs_a_reason() -> None:
    violation = only(
        rules.visit_seen_consistent(
            child_seen=False, seen_alone=False, not_seen_reason="   ", child_born=True
        )
    )

    assert violation.rule == "visit_not_seen_needs_reason"
    assert violation.fields == ("not_seen_reason",)
    assert violation.message == "Say why the child was not seen."


def test_an_unborn_child_cannot_be_seen() -> None:
    violation = only(
        rules.visit_seen_consistent(
            child_seen=True, seen_alone=False, not_seen_reason="", child_born=False
        )
    )

    assert violation.rule == "visit_unborn_not_seen"
    assert violation.fields == ("child_seen",)


def test_a_pre_birth_visit_is_recorded_as_not_seen() -> None:
    assert (
        rules.visit_seen_consistent(
            child_seen=False,
            seen_alone=False,
            not_seen_reason="Pre-birth visit",
            child_born=False,
        )
        == []
    )


# --- Case notes and allocation -----------------------------------------------------------------


def test_a_case_note_says_what_happened() -> None:
    assert rules.case_note_has_text("Visited with the health visitor.") == []
    violation = only(rules.case_note_has_text("  "))
    assert (violation.rule, violation.fields) == ("case_note_needs_text", ("body",))


def test_a_new_allocation_starts_on_or_after_the_current_one() -> None:
    assert rules.allocation_not_before_current(None, date(2025, 1, 1)) == []
    assert rules.allocation_not_before_current(date(2025, 1, 1), date(2025, 1, 1)) == []
    violation = only(rules.allocation_not_before_current(date(2025, 1, 2), date(2025, 1, 1)))
    assert (violation.rule, violation.fields) == ("allocation_not_before_current", ("start_date",))


def test_one_allocation_at_a_time() -> None:
    assert rules.allocation_one_open(date(2025, 1, 1), date(2025, 1, 1)) == []
    assert only(rules.allocation_one_open(None, date(2025, 1, 1))).rule == "allocation_one_open"
    assert only(rules.allocation_one_open(date(2025, 1, 2), date(2025, 1, 1))).rule == (
        "allocation_one_open"
    )


def test_an_allocation_ends_on_or_after_it_started() -> None:
    assert rules.allocation_end_not_before_start(date(2025, 1, 1), None) == []
    violation = only(rules.allocation_end_not_before_start(date(2025, 1, 2), date(2025, 1, 1)))
    assert violation.rule == "allocation_end_not_before_start"


def test_a_worker_holds_cases_in_their_own_team() -> None:
    assert rules.allocation_worker_in_team(in_team=True, worker="Sam Ade", team="East") == []
    violation = only(rules.allocation_worker_in_team(in_team=False, worker="Sam Ade", team="East"))
    assert violation.rule == "allocation_worker_in_team"
    assert violation.message == (
        "Sam Ade is not a member of East: choose a worker from that team or allocate to the team "
        "only."
    )


def test_a_case_is_allocated_to_a_worker_only_while_in_post() -> None:
    def employed(left_on: date | None, end_date: date | None, started: int = 1) -> bool:
        return rules.holds(
            rules.allocation_worker_employed(
                started_on=date(2024, started, 1),
                left_on=left_on,
                start_date=date(2024, 6, 1),
                end_date=end_date,
            )
        )

    assert employed(None, None)
    assert employed(date(2024, 12, 31), date(2024, 12, 31))
    assert not employed(date(2024, 12, 31), None)
    assert not employed(date(2024, 12, 31), date(2025, 1, 1))
    assert not employed(None, None, started=7)


def test_a_seen_child_s_visit_records_wishes_and_feelings_and_an_other_place_says_where() -> None:
    found = rules.visit_record_complete(
        child_seen=True, wishes_and_feelings=" ", place="other", place_other=""
    )

    assert [(v.rule, v.fields) for v in found] == [
        (Rule.VISIT_SEEN_NEEDS_WISHES, ("wishes_and_feelings",)),
        (Rule.VISIT_OTHER_PLACE_NEEDS_DESCRIPTION, ("place_other",)),
    ]


def test_an_unseen_child_s_visit_at_home_needs_neither() -> None:
    assert not rules.visit_record_complete(
        child_seen=False, wishes_and_feelings="", place="home", place_other=""
    )
