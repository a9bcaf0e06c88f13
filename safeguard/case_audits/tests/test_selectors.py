"""Who sees which audits, and results by theme over time counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard.access.models import BreakGlassGrant
from safeguard.access.queries import can_see_child
from safeguard.case_audits import selectors
from safeguard.case_audits.models import CaseAudit, CaseAuditAction
from safeguard.case_audits.tests.factories import case_audit_in_progress, grade_every_theme

from .support import completed, frozen_today, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
__all__ = ["frozen_today"]


def _seen(user) -> set[int]:
    return set(
        CaseAudit.objects.filter(selectors.case_audits_visible_q(user)).values_list("pk", flat=True)
    )


def test_an_audit_is_seen_by_auditors_the_teams_managers_and_the_audited_worker_only(personas):
    own = started(personas)
    other = case_audit_in_progress(
        personas.other_child, personas.other_worker.worker, personas.other_team
    )
    restricted = case_audit_in_progress(
        personas.restricted_child, personas.social_worker.worker, personas.team
    )
    assert _seen(personas.auditor) == {own.pk, other.pk}
    assert _seen(personas.social_worker) == {own.pk}
    assert _seen(personas.team_manager) == {own.pk, restricted.pk}
    assert _seen(personas.head_of_service) == {own.pk}
    assert _seen(personas.other_worker) == {other.pk}
    assert _seen(personas.front_door_worker) == set()
    assert _seen(personas.analyst) == set()


def test_a_manager_auditing_another_teams_case_may_read_the_child_until_the_audit_completes(
    personas,
):
    manager = personas.team_manager
    assert not can_see_child(manager, personas.other_child)
    audit = case_audit_in_progress(
        personas.other_child,
        personas.other_worker.worker,
        personas.other_team,
        auditor=manager.worker,
    )
    assert can_see_child(manager, personas.other_child)
    audit.completed_on, audit.grade = date(2025, 8, 29), "good"
    audit.save()
    assert not can_see_child(manager, personas.other_child)
    assert not BreakGlassGrant.objects.exists()


def test_an_auditor_reads_the_childs_record_only_while_their_audit_of_it_is_in_progress(
    personas,
):
    auditor = personas.auditor
    assert not can_see_child(auditor, personas.other_child)
    audit = case_audit_in_progress(
        personas.other_child,
        personas.other_worker.worker,
        personas.other_team,
        auditor=auditor.worker,
    )
    assert can_see_child(auditor, personas.other_child)
    assert not can_see_child(auditor, personas.own_child)
    audit.completed_on, audit.grade = date(2025, 8, 29), "good"
    audit.save()
    assert not can_see_child(auditor, personas.other_child)
    assert not BreakGlassGrant.objects.exists()


def test_the_child_to_audit_is_found_by_id_unless_their_record_is_restricted_from_the_auditor(
    personas,
):
    auditor = personas.auditor
    assert selectors.child_for_audit(user=auditor, la_child_id=" pown ") == personas.own_child
    assert selectors.child_for_audit(user=auditor, la_child_id="PRestricted") is None
    assert (
        selectors.child_for_audit(user=personas.team_manager, la_child_id="PRestricted")
        == personas.restricted_child
    )
    assert selectors.worker_to_audit(child=personas.team_child) is None
    assert selectors.worker_to_audit(child=personas.own_child) == personas.social_worker.worker


def test_the_lists_hold_audits_in_progress_awaiting_a_response_and_overdue_actions(personas):
    in_progress = started(personas)
    done = completed(personas, "inadequate")
    lists = selectors.case_audits_list(user=personas.auditor, today=date(2025, 9, 16))
    assert lists.in_progress == [in_progress]
    assert lists.awaiting_response == [done]
    assert lists.completed == [done]
    # Due on 15 September: overdue on the 16th, not on the 15th.
    assert [a.audit_id for a in lists.overdue_actions] == [done.pk]
    on_the_day = selectors.case_audits_list(user=personas.auditor, today=date(2025, 9, 15))
    assert on_the_day.overdue_actions == []
    CaseAuditAction.objects.update(done_on=date(2025, 9, 10))
    assert (
        selectors.case_audits_list(user=personas.auditor, today=date(2025, 9, 16)).overdue_actions
        == []
    )


def _completed(personas, child, on: date, overall: str, themes: str) -> None:
    audit = case_audit_in_progress(
        child, personas.social_worker.worker, personas.team, started_on=date(2025, 1, 1)
    )
    grade_every_theme(audit, themes)
    audit.grade, audit.completed_on = overall, on
    audit.save()


def test_results_by_theme_count_each_grade_per_quarter_of_completion(personas):
    from safeguard.people.models import Person

    children = [
        Person.objects.create(first_name=f"C{n}", last_name="Child", date_of_birth=date(2015, 1, 1))
        for n in range(4)
    ]
    # Q1 2025: one inadequate (themes inadequate), one good (themes requires improvement).
    _completed(personas, children[0], date(2025, 3, 31), "inadequate", "inadequate")
    _completed(personas, children[1], date(2025, 1, 1), "good", "requires_improvement")
    # Q2 2025: one outstanding with good themes. Q3 (1 July): one good with good themes.
    _completed(personas, children[2], date(2025, 4, 1), "outstanding", "good")
    _completed(personas, children[3], date(2025, 7, 1), "good", "good")
    # In progress: not counted.
    case_audit_in_progress(personas.own_child, personas.social_worker.worker, personas.team)
    rows = selectors.audit_results_by_theme(
        authority_id=personas.authority.pk, date_from=date(2025, 1, 1), date_to=date(2025, 6, 30)
    )
    by = {(r.quarter, r.theme): r for r in rows}
    assert sorted({r.quarter for r in rows}) == ["2025 Q1", "2025 Q2"]
    # (outstanding, good, requires improvement, inadequate)
    assert by[("2025 Q1", "overall")].counts == (0, 1, 0, 1)
    assert by[("2025 Q1", "overall")].share_good_or_better() == 50
    assert by[("2025 Q1", "voice_of_the_child")].counts == (0, 0, 1, 1)
    assert by[("2025 Q1", "voice_of_the_child")].share_good_or_better() == 0
    assert by[("2025 Q2", "overall")].counts == (1, 0, 0, 0)
    assert by[("2025 Q2", "recording")].counts == (0, 1, 0, 0)
    assert [r.theme for r in rows[:2]] == ["overall", "voice_of_the_child"]
    assert len(rows) == 2 * 8


def test_the_quarter_of_a_day_is_the_calendar_quarter():
    assert selectors.quarter_of(date(2025, 3, 31)) == "2025 Q1"
    assert selectors.quarter_of(date(2025, 4, 1)) == "2025 Q2"
    assert selectors.quarter_of(date(2024, 12, 31)) == "2024 Q4"
