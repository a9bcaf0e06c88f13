"""`workflow.what_follows` for a looked-after child's steps (no database)."""

from __future__ import annotations

from datetime import date

from safeguard.cases.workflow import what_follows

LOOKED_AFTER = date(2025, 5, 1)


def test_becoming_looked_after_sets_the_care_plan_review_and_visit_clocks() -> None:
    assert what_follows.after_care_started(
        start_date=LOOKED_AFTER, care_plan_date=None, today=date(2025, 5, 2)
    ) == [
        "The care plan is due by 16 May 2025, 10 working days from the start of the first "
        "placement.",
        "The first looked-after review is due by 2 June 2025, 20 working days from the day "
        "the child became looked after. The first visit in the placement is due by 8 May "
        "2025, 1 week from its start.",
    ]


def test_a_care_plan_agreed_before_the_placement_is_said_to_be_in_time() -> None:
    said = what_follows.after_care_started(
        start_date=LOOKED_AFTER, care_plan_date=date(2025, 4, 30), today=date(2025, 5, 2)
    )

    assert said[0] == (
        "The care plan was agreed in time: it was due by 16 May 2025, 10 working days from "
        "the start of the first placement."
    )


def test_a_late_care_plan_is_said_to_be_late_and_kept_under_review() -> None:
    assert what_follows.after_care_plan(
        start_date=LOOKED_AFTER, care_plan_date=date(2025, 5, 19)
    ) == [
        "The care plan was agreed late: it was due by 16 May 2025, 10 working days from the "
        "start of the first placement. Each looked-after review considers it from now on."
    ]


def test_a_move_is_followed_by_a_visit_within_a_week_and_a_new_legal_status_by_nothing() -> None:
    assert what_follows.after_placement_change(
        change_date=date(2025, 3, 10), moved=True, today=date(2025, 3, 14)
    ) == [
        "Visit the child in the new placement: the visit is due by 17 March 2025, 1 week "
        "from the move."
    ]
    assert (
        what_follows.after_placement_change(
            change_date=date(2025, 3, 10), moved=False, today=date(2025, 3, 14)
        )
        == []
    )


def test_the_first_review_is_followed_by_the_second_within_3_months_then_6() -> None:
    assert what_follows.after_care_review(
        review_date=date(2025, 5, 30), earlier_reviews=0, today=date(2025, 6, 2)
    ) == ["The next looked-after review is due by 30 August 2025, 3 months from this one."]
    assert what_follows.after_care_review(
        review_date=date(2025, 8, 29), earlier_reviews=1, today=date(2025, 9, 1)
    ) == ["The next looked-after review is due by 28 February 2026, 6 months from this one."]
