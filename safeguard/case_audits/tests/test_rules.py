"""Each case audit rule: holds on the facts that satisfy it, and is broken by one change."""

from __future__ import annotations

from datetime import date

from safeguard.case_audits import rules
from safeguard.case_audits.models import AuditTheme, Grade
from safeguard.case_audits.rules import AuditRule

DAY = date(2025, 9, 1)
ALL_THEMES = [t.value for t in AuditTheme]


def _names(found: list[rules.AuditViolation]) -> list[str]:
    return [v.rule for v in found]


def test_auditors_and_managers_may_conduct_audits_and_social_workers_may_not():
    for role in ("auditor", "team_manager", "head_of_service"):
        assert rules.auditor_may_audit(role) == []
    assert _names(rules.auditor_may_audit("social_worker")) == [AuditRule.AUDITOR_ROLE]


def test_an_auditor_may_not_audit_their_own_practice_or_a_case_they_held():
    assert rules.not_own_case(1, 2, auditor_held_case=False) == []
    assert _names(rules.not_own_case(2, 2, auditor_held_case=False)) == [AuditRule.NOT_OWN_CASE]
    assert _names(rules.not_own_case(1, 2, auditor_held_case=True)) == [AuditRule.NOT_OWN_CASE]


def test_a_case_never_allocated_to_a_worker_has_no_practice_to_audit():
    assert rules.worker_held_case(True) == []
    assert _names(rules.worker_held_case(False)) == [AuditRule.WORKER_HELD_CASE]


def test_only_the_audits_own_auditor_changes_it():
    assert rules.conducted_by_auditor(5, 5) == []
    assert _names(rules.conducted_by_auditor(6, 5)) == [AuditRule.CONDUCTED_BY_AUDITOR]


def test_a_completed_audit_cannot_be_graded_again():
    assert rules.audit_in_progress(None) == []
    (found,) = rules.audit_in_progress(DAY)
    assert found.rule == AuditRule.IN_PROGRESS
    assert (
        found.message == "This audit was completed on 1 September 2025: its grades cannot change."
    )


def test_an_audit_completes_only_with_every_theme_graded():
    assert rules.every_theme_graded(ALL_THEMES) == []
    assert rules.every_theme_graded(theme for theme in ALL_THEMES) == []
    (found,) = rules.every_theme_graded(ALL_THEMES[1:])
    assert found.rule == AuditRule.EVERY_THEME_GRADED
    assert found.message == (
        "Grade every theme before completing: the child's voice and lived experience."
    )


def test_completing_needs_an_overall_grade_strengths_and_areas_for_development():
    assert rules.completion_needs_findings("good", "Clear plan.", "Record visits sooner.") == []
    found = rules.completion_needs_findings("", " ", "")
    assert [v.fields for v in found] == [("grade",), ("strengths",), ("areas_for_development",)]
    assert _names(rules.completion_needs_findings("excellent", "a", "b")) == [
        AuditRule.FINDINGS_WRITTEN
    ]


def test_inadequate_practice_overall_or_on_a_theme_needs_an_action():
    assert rules.inadequate_needs_action(["good", "good"], actions=0) == []
    assert rules.inadequate_needs_action(["good", "inadequate"], actions=1) == []
    assert _names(rules.inadequate_needs_action(["inadequate"], actions=0)) == [
        AuditRule.INADEQUATE_NEEDS_ACTION
    ]
    assert _names(rules.inadequate_needs_action(["good", Grade.INADEQUATE], actions=0)) == [
        AuditRule.INADEQUATE_NEEDS_ACTION
    ]


def test_an_action_needs_an_owner_in_post_and_a_due_date_not_before_it_is_set():
    assert rules.action_needs_owner_and_due_date(True, DAY, DAY) == []
    assert [v.fields for v in rules.action_needs_owner_and_due_date(None, DAY, None)] == [
        ("owner",),
        ("due_on",),
    ]
    (left,) = rules.action_needs_owner_and_due_date(False, DAY, DAY)
    assert left.message == "The owner has left: choose someone still in post."
    (early,) = rules.action_needs_owner_and_due_date(True, DAY, date(2025, 8, 31))
    assert early.message == (
        "The due date must be on or after 1 September 2025, the day the action is set."
    )


def test_an_action_is_done_once_by_its_owner_or_the_auditor():
    assert rules.action_open(None) == []
    assert _names(rules.action_open(DAY)) == [AuditRule.ACTION_OPEN]
    assert rules.closed_by_owner_or_auditor(3, owner_id=3, auditor_id=4) == []
    assert rules.closed_by_owner_or_auditor(4, owner_id=3, auditor_id=4) == []
    assert _names(rules.closed_by_owner_or_auditor(5, owner_id=3, auditor_id=4)) == [
        AuditRule.ACTION_CLOSED_BY
    ]


def test_only_the_audited_worker_responds_once_the_audit_is_completed_and_only_once():
    assert rules.audit_completed(DAY) == []
    assert _names(rules.audit_completed(None)) == [AuditRule.COMPLETED]
    assert rules.responds_only_audited_worker(7, 7) == []
    assert _names(rules.responds_only_audited_worker(8, 7)) == [
        AuditRule.RESPONDS_ONLY_AUDITED_WORKER
    ]
    assert rules.responded_once(None) == []
    assert _names(rules.responded_once(DAY)) == [AuditRule.RESPONDED_ONCE]


def test_nothing_is_dated_in_the_future_or_before_the_step_it_follows():
    assert rules.dates_not_in_future(DAY, {"started_on": DAY, "other": None}) == []
    (future,) = rules.dates_not_in_future(DAY, {"started_on": date(2025, 9, 2)})
    assert future.fields == ("started_on",)
    assert rules.not_before(DAY, DAY, "completed_on", "the day the audit started") == []
    (early,) = rules.not_before(DAY, date(2025, 8, 29), "completed_on", "the day the audit started")
    assert early.message == (
        "The date must be on or after 1 September 2025, the day the audit started."
    )


def test_a_refusal_carries_every_violation_and_names_the_rules():
    found = rules.responded_once(DAY) + rules.audit_completed(None)
    try:
        rules.check(found, [])
    except rules.CaseAuditRefused as refused:
        assert refused.rules == (AuditRule.RESPONDED_ONCE, AuditRule.COMPLETED)
        assert refused.fields == ("response",)
    else:
        raise AssertionError("check raised nothing")
    rules.check([], [])
