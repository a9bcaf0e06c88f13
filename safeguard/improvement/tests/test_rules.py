"""The improvement plan's rules, on plain values: each case worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from safeguard.improvement import rules
from safeguard.improvement.codes import Movement, Status

D = Decimal


def test_a_status_moves_forward_and_may_skip_a_stage():
    assert (
        rules.status_move_problems(current=Status.NOT_STARTED, new=Status.IN_PROGRESS, reason="")
        == []
    )
    assert (
        rules.status_move_problems(current=Status.NOT_STARTED, new=Status.IMPLEMENTED, reason="")
        == []
    )


def test_a_status_moves_back_only_with_a_reason():
    problems = rules.status_move_problems(
        current=Status.EVIDENCED, new=Status.IN_PROGRESS, reason="  "
    )
    assert [p.message for p in problems] == [
        "A recommendation's status moves back from evidenced to in progress only with the "
        "reason: say why in the reason box"
    ]
    assert problems[0].fields == ("reason",)
    assert (
        rules.status_move_problems(
            current=Status.EVIDENCED,
            new=Status.IN_PROGRESS,
            reason="The re-audit found the change has not reached practice.",
        )
        == []
    )


def test_a_status_cannot_be_changed_to_itself():
    problems = rules.status_move_problems(
        current=Status.IN_PROGRESS, new=Status.IN_PROGRESS, reason=""
    )
    assert [p.message for p in problems] == [
        "The recommendation is already in progress: choose another status"
    ]


def test_no_evidenced_without_evidence():
    problems = rules.evidenced_needs_evidence(
        new=Status.EVIDENCED, documents=0, completed_audits=0, indicators_moved=0
    )
    assert [p.message for p in problems] == [rules.EVIDENCED_NEEDS_EVIDENCE]


@pytest.mark.parametrize(("documents", "audits", "moved"), [(1, 0, 0), (0, 1, 0), (0, 0, 1)])
def test_a_document_an_audit_or_an_indicator_that_moved_is_evidence(documents, audits, moved):
    assert (
        rules.evidenced_needs_evidence(
            new=Status.EVIDENCED,
            documents=documents,
            completed_audits=audits,
            indicators_moved=moved,
        )
        == []
    )


def test_implemented_needs_no_evidence_yet():
    assert (
        rules.evidenced_needs_evidence(
            new=Status.IMPLEMENTED, documents=0, completed_audits=0, indicators_moved=0
        )
        == []
    )


def test_sustained_only_after_evidenced():
    problems = rules.sustained_needs_held(
        new=Status.SUSTAINED,
        current=Status.IMPLEMENTED,
        evidenced_since=None,
        today=date(2025, 6, 2),
        indicators_held=1,
    )
    assert [p.message for p in problems] == [rules.SUSTAINED_NEEDS_EVIDENCED]


def test_sustained_only_six_months_after_evidenced():
    # Evidenced on 31 January 2025: six months later is 31 July 2025, so 30 July is too soon.
    too_soon = rules.sustained_needs_held(
        new=Status.SUSTAINED,
        current=Status.EVIDENCED,
        evidenced_since=date(2025, 1, 31),
        today=date(2025, 7, 30),
        indicators_held=1,
    )
    assert [p.message for p in too_soon] == [
        "A recommendation is sustained only after 6 months evidenced: it was evidenced on "
        "31 January 2025, so it can be sustained from 31 July 2025"
    ]
    assert (
        rules.sustained_needs_held(
            new=Status.SUSTAINED,
            current=Status.EVIDENCED,
            evidenced_since=date(2025, 1, 31),
            today=date(2025, 7, 31),
            indicators_held=1,
        )
        == []
    )


def test_sustained_needs_an_indicator_that_held():
    problems = rules.sustained_needs_held(
        new=Status.SUSTAINED,
        current=Status.EVIDENCED,
        evidenced_since=date(2024, 1, 31),
        today=date(2025, 7, 31),
        indicators_held=0,
    )
    assert [p.message for p in problems] == [rules.SUSTAINED_NEEDS_INDICATOR.format(months=6)]


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        # Vacancies from 23% towards 15%: 19% is towards, 25% away, 23% still.
        (D("23"), D("15"), D("19"), Movement.TOWARDS),
        (D("23"), D("15"), D("25"), Movement.AWAY),
        (D("23"), D("15"), D("23"), Movement.STILL),
        # Children seen alone from 60% towards 90%: 70% is towards, 50% away.
        (D("60"), D("90"), D("70"), Movement.TOWARDS),
        (D("60"), D("90"), D("50"), Movement.AWAY),
        (D("60"), D("90"), None, Movement.UNKNOWN),
    ],
)
def test_an_indicator_moves_towards_or_away_from_its_target(baseline, target, current, expected):
    assert rules.movement(baseline=baseline, target=target, current=current) is expected


def test_overdue_is_past_due_and_not_implemented():
    today = date(2025, 11, 14)
    assert rules.is_overdue(status=Status.IN_PROGRESS, due_on=date(2025, 11, 13), today=today)
    assert rules.is_overdue(status=Status.NOT_STARTED, due_on=date(2025, 11, 13), today=today)
    assert not rules.is_overdue(status=Status.IN_PROGRESS, due_on=today, today=today)
    assert not rules.is_overdue(status=Status.IMPLEMENTED, due_on=date(2024, 1, 1), today=today)


def test_at_risk_is_not_started_and_due_within_eight_weeks():
    today = date(2025, 11, 14)
    # Eight weeks after 14 November 2025 is 9 January 2026.
    assert rules.is_at_risk(
        status=Status.NOT_STARTED, due_on=date(2026, 1, 9), today=today, indicators_away=0
    )
    assert not rules.is_at_risk(
        status=Status.NOT_STARTED, due_on=date(2026, 1, 10), today=today, indicators_away=0
    )
    assert not rules.is_at_risk(
        status=Status.IN_PROGRESS, due_on=date(2026, 1, 9), today=today, indicators_away=0
    )


def test_at_risk_is_also_an_indicator_moving_away_but_never_overdue_as_well():
    today = date(2025, 11, 14)
    assert rules.is_at_risk(
        status=Status.EVIDENCED, due_on=date(2024, 1, 1), today=today, indicators_away=1
    )
    assert not rules.is_at_risk(
        status=Status.IN_PROGRESS, due_on=date(2025, 1, 1), today=today, indicators_away=1
    )


def test_a_document_is_a_kind_boards_read_and_what_its_name_says():
    ok = rules.document_problems(name="minutes.pdf", size=100, head=b"%PDF-1.7")
    assert ok == []
    assert rules.document_problems(name="minutes.exe", size=100, head=b"MZ")[0].message == (
        rules.DOCUMENT_WRONG_TYPE
    )
    assert rules.document_problems(name="minutes.pdf", size=100, head=b"MZ\x90\x00")[0].message == (
        "The document is not a real .pdf file: open it and save it again as .pdf"
    )
    assert rules.document_problems(
        name="minutes.docx", size=rules.DOCUMENT_MAX_BYTES + 1, head=b"PK\x03\x04"
    )[0].message == (rules.DOCUMENT_TOO_BIG)
    assert rules.document_problems(name="minutes.docx", size=0, head=b"")[0].message == (
        rules.DOCUMENT_EMPTY
    )


def test_only_a_completed_case_audit_is_evidence():
    problems = rules.audit_problems(started_on=date(2025, 3, 3), completed_on=None)
    assert [p.message for p in problems] == [
        "Only a completed case audit is evidence: this audit was started on 3 March 2025 and "
        "is not completed yet"
    ]
    assert rules.audit_problems(started_on=date(2025, 3, 3), completed_on=date(2025, 3, 20)) == []


def test_an_indicator_needs_a_target_other_than_its_baseline_and_a_past_baseline():
    problems = rules.indicator_problems(
        baseline=D("23"), baseline_on=date(2025, 11, 15), target=D("23"), today=date(2025, 11, 14)
    )
    assert [p.fields for p in problems] == [("baseline_on",), ("target",)]


def test_the_indicator_period_is_the_twelve_months_to_the_day():
    assert rules.indicator_period(date(2025, 11, 14)) == (date(2024, 11, 15), date(2025, 11, 14))
