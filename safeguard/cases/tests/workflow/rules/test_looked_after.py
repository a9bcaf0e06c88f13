"""`workflow.rules.looked_after`: periods of care, placements, reviews (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

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


def test_a_looked_after_review_is_held_while_the_child_is_looked_after() -> None:
    assert rules.care_review_before_care_ended(None, LATER) == []
    assert rules.care_review_before_care_ended(LATER, LATER) == []
    violation = only(rules.care_review_before_care_ended(START, LATER))
    assert (violation.rule, violation.fields) == (
        "care_review_before_care_ended",
        ("review_date",),
    )
    assert violation.message == (
        "The review date must be on or before 20 January 2025, the date the child stopped "
        "being looked after."
    )


FOURTH = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("review_date", "participation", "holds"),
    [
        (FOURTH - timedelta(days=1), "PN0", True),
        (FOURTH - timedelta(days=1), "PN1", False),
        (FOURTH, "PN0", True),
        (FOURTH, "PN7", True),
        (FOURTH + timedelta(days=1), "PN0", False),
        (FOURTH + timedelta(days=1), "PN4", True),
        (FOURTH + timedelta(days=1), "", True),
    ],
)
def test_how_the_child_took_part_fits_their_age(
    review_date: date, participation: str, holds: bool
) -> None:
    found = rules.care_review_participation_fits_age(FOURTH, review_date, participation)
    if holds:
        assert found == []
    else:
        assert only(found).fields == ("participation",)


def test_an_unknown_age_is_not_held_against_how_the_child_took_part() -> None:
    assert rules.care_review_participation_fits_age(None, LATER, "PN0") == []


def test_the_review_is_chaired_by_an_iro() -> None:
    assert rules.care_review_chaired_by_iro(True) == []
    assert rules.care_review_chaired_by_iro(None) == []
    assert only(rules.care_review_chaired_by_iro(False)).fields == ("iro",)


def test_the_first_care_plan_is_recorded_once_and_not_after_care_ended() -> None:
    assert rules.care_plan_recorded_once(None) == []
    assert only(rules.care_plan_recorded_once(START)).rule == "care_plan_recorded_once"
    assert rules.care_plan_before_care_ended(None, LATER) == []
    assert rules.care_plan_before_care_ended(LATER, START) == []
    violation = only(rules.care_plan_before_care_ended(START, LATER))
    assert (violation.rule, violation.fields) == (
        "care_plan_before_care_ended",
        ("care_plan_date",),
    )


@pytest.mark.parametrize(
    ("reason", "status_changed", "placement_changed", "fields"),
    [
        ("L", True, False, ()),
        ("P", False, True, ()),
        ("T", False, True, ()),
        ("B", True, True, ()),
        ("U", True, True, ()),
        ("L", False, False, ("legal_status",)),
        ("L", True, True, ("placement_type",)),
        ("P", True, True, ("reason_new_episode",)),
        ("T", False, False, ("placement_type",)),
        ("B", False, True, ("legal_status",)),
        ("U", True, False, ("placement_type",)),
        ("S", True, True, ("reason_new_episode",)),
    ],
)
def test_a_new_episode_changes_what_its_reason_says(
    reason: str, status_changed: bool, placement_changed: bool, fields: tuple[str, ...]
) -> None:
    found = rules.episode_change_fits_reason(
        reason,
        current_legal_status="V2",
        new_legal_status="C1" if status_changed else "V2",
        placement_changed=placement_changed,
    )
    assert tuple(f for v in found for f in v.fields) == fields
    assert all(v.rule == "episode_change_fits_reason" for v in found)


@pytest.mark.parametrize(
    ("reason_new_episode", "reason", "temporary", "refused"),
    [
        ("P", "CARPL", False, False),
        ("B", "CREQB", False, False),
        ("P", "", False, True),  # a move says why (903 rule 225)
        ("T", "", False, True),
        ("L", "", False, False),
        ("L", "CARPL", False, True),  # no move, no reason
        ("P", "", True, False),  # temporary: no reason (rule 226)
        ("P", "OTHER", True, True),
        ("S", "OTHER", False, False),  # reported by episode_change_fits_reason
    ],
)
def test_a_move_says_why_the_placement_ended(
    reason_new_episode: str, reason: str, temporary: bool, refused: bool
) -> None:
    found = rules.placement_move_reason(reason_new_episode, reason, temporary=temporary)
    if refused:
        assert only(found).fields == ("reason_place_change",)
    else:
        assert found == []


def test_no_custody_arrangement_moves_a_child_under_10() -> None:
    tenth = date(2025, 3, 3)
    under = rules.placement_move_reason(
        "P", "CUSTOD", temporary=False, tenth_birthday=tenth, change_date=START
    )
    assert "under 10" in only(under).message
    assert (
        rules.placement_move_reason(
            "P", "CUSTOD", temporary=False, tenth_birthday=tenth, change_date=tenth
        )
        == []
    )


def test_whether_a_move_was_planned_is_asked_of_moves_only() -> None:
    assert rules.placement_move_planned("P", True) == []
    assert rules.placement_move_planned("U", False) == []
    assert rules.placement_move_planned("L", None) == []
    assert only(rules.placement_move_planned("B", None)).fields == ("move_planned",)
    assert only(rules.placement_move_planned("L", False)).fields == ("move_planned",)


@pytest.mark.parametrize(
    ("urn", "valid"),
    [
        ("", True),
        ("SC123456", True),
        ("123456", True),
        ("1234567", True),
        ("SC12345", False),
        ("SC1234567", False),
        ("sc123456", False),  # the service puts it in capitals first
        ("12345", False),
        ("12345678", False),
        ("SC12345A", False),
    ],
)
def test_an_ofsted_urn_has_its_shape(urn: str, valid: bool) -> None:
    assert (rules.placement_urn_format(urn) == []) is valid


def test_no_urn_for_a_placement_ofsted_does_not_register() -> None:
    assert rules.placement_urn_fits_type("K2", "SC123456") == []
    assert rules.placement_urn_fits_type("P1", "") == []
    for placement_type in ("P1", "P3", "R1", "R2", "R5", "T0", "T4", "Z1"):
        violation = only(rules.placement_urn_fits_type(placement_type, "SC123456"))
        assert violation.rule == "placement_urn_fits_type"


def test_a_placement_ofsted_registers_needs_its_urn() -> None:
    for placement_type in ("K1", "K2", "K3", "R3", "S1", "U1", "U6", "A3", "A6"):
        violation = only(rules.placement_urn_required(placement_type, ""))
        assert (violation.rule, violation.fields) == ("placement_urn_required", ("urn",))
        assert f"type {placement_type} (" in violation.message
        assert rules.placement_urn_required(placement_type, "SC123456") == []
    assert "fostering agency" in only(rules.placement_urn_required("U4", "")).message
    assert "adoption agency" in only(rules.placement_urn_required("A5", "")).message
    assert "(Children's home)" in only(rules.placement_urn_required("K2", "")).message


def test_no_urn_is_asked_of_a_placement_ofsted_does_not_register() -> None:
    # The validator's rule 218 exempts these, H5 and P2 (before 2025) among them.
    for placement_type in ("H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T4", "Z1", ""):
        assert rules.placement_urn_required(placement_type, "") == []


def test_a_change_of_legal_status_alone_asks_no_urn_of_the_placement_it_keeps() -> None:
    assert rules.placement_urn_required("K2", "", new_placement=False) == []


def test_a_child_placed_with_parents_is_not_accommodated_under_section_20() -> None:
    violation = only(rules.placement_fits_legal_status("P1", "V2"))
    assert (violation.rule, violation.fields) == ("placement_fits_legal_status", ("legal_status",))
    assert rules.placement_fits_legal_status("P1", "C2") == []
    assert rules.placement_fits_legal_status("U6", "V2") == []
