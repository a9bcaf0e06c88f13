"""The case audit tool's pages: starting an audit, grading, actions, completing, the worker's
response, the lists, results by theme and the panel on the child's record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.case_audits.models import AuditTheme, CaseAudit

from .support import completed, day, frozen_today, graded, record, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
__all__ = ["frozen_today"]


def test_an_auditor_starts_an_audit_by_the_childs_id_and_lands_on_it(personas, sign_in):
    client = sign_in(personas.auditor)
    url = reverse("case_audits:start")
    form = client.get(url + "?child=POwn")
    assert 'value="POwn"' in form.content.decode()
    done = record(client, url, {"child": "POwn", **day("started_on", date(2025, 9, 1))})
    audit = CaseAudit.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("case_audits:audit", args=[audit.pk])
    assert audit.worker == personas.social_worker.worker
    page = client.get(done["Location"]).content.decode()
    assert "Own Child" in page
    assert page.count("Not graded yet") == len(AuditTheme)


def test_an_unknown_or_restricted_child_is_refused_on_the_form_and_nothing_is_written(
    personas, sign_in
):
    client = sign_in(personas.auditor)
    for reference in ("NOSUCH", "PRestricted"):
        response = client.post(
            reverse("case_audits:start"),
            {"child": reference, **day("started_on", date(2025, 9, 1))},
        )
        assert response.status_code == 400
        assert "No child has that ID, or their record is restricted" in response.content.decode()
    assert not CaseAudit.objects.exists()


def test_the_auditor_grades_a_theme_and_cannot_complete_before_every_theme_is_graded(
    personas, sign_in
):
    audit = started(personas)
    client = sign_in(personas.auditor)
    done = record(
        client,
        reverse("case_audits:theme_grade", args=[audit.pk, "planning"]),
        {"grade": "requires_improvement", "finding": "The plan has no dates."},
    )
    assert done.status_code == 302
    assert audit.theme_grades.get().grade == "requires_improvement"
    refused = client.post(
        reverse("case_audits:complete", args=[audit.pk]),
        {
            "grade": "good",
            "strengths": "Visits on time.",
            "areas_for_development": "Dates in the plan.",
            **day("completed_on", date(2025, 9, 1)),
        },
    )
    assert refused.status_code == 400
    assert "Grade every theme before completing" in refused.content.decode()
    audit.refresh_from_db()
    assert audit.completed_on is None


def test_the_auditor_adds_an_action_and_completes_the_audit(personas, sign_in):
    audit = graded(personas, "inadequate")
    client = sign_in(personas.auditor)
    record(
        client,
        reverse("case_audits:action_add", args=[audit.pk]),
        {
            "action": "Visit and record the child's wishes.",
            "owner": str(personas.social_worker.worker.pk),
            **day("due_on", date(2025, 9, 15)),
            **day("set_on", date(2025, 9, 1)),
        },
    )
    done = record(
        client,
        reverse("case_audits:complete", args=[audit.pk]),
        {
            "grade": "inadequate",
            "strengths": "The worker knows the child.",
            "areas_for_development": "Visits are late.",
            **day("completed_on", date(2025, 9, 1)),
        },
    )
    assert done.status_code == 302
    audit.refresh_from_db()
    assert (audit.grade, audit.completed_on) == ("inadequate", date(2025, 9, 1))
    # Completed: grading again goes back to the audit with the reason.
    again = client.get(reverse("case_audits:theme_grade", args=[audit.pk, "planning"]))
    assert again.status_code == 302


def test_the_audited_worker_responds_once_the_audit_is_completed(personas, sign_in):
    audit = started(personas)
    client = sign_in(personas.social_worker)
    early = client.get(reverse("case_audits:respond", args=[audit.pk]), follow=True)
    assert "you can respond once the auditor completes it" in early.content.decode()
    audit = completed(personas)
    page = client.get(reverse("case_audits:audit", args=[audit.pk])).content.decode()
    assert "Respond to the audit" in page
    record(
        client,
        reverse("case_audits:respond", args=[audit.pk]),
        {
            "agrees": "no",
            "response": "The visits were late because of illness.",
            **day("responded_on", date(2025, 9, 1)),
        },
    )
    audit.refresh_from_db()
    assert audit.worker_agrees is False
    page = client.get(reverse("case_audits:audit", args=[audit.pk])).content.decode()
    assert "The visits were late because of illness." in page
    assert "Respond to the audit" not in page


def test_the_action_owner_records_it_as_done(personas, sign_in):
    audit = completed(personas, "inadequate")
    action = audit.actions.get()
    client = sign_in(personas.social_worker)
    record(
        client,
        reverse("case_audits:action_done", args=[audit.pk, action.pk]),
        day("done_on", date(2025, 9, 1)),
    )
    action.refresh_from_db()
    assert action.done_on == date(2025, 9, 1)


def test_the_list_shows_each_state_and_the_results_page_a_table_and_a_chart(personas, sign_in):
    started(personas)
    client = sign_in(personas.auditor)
    page = client.get(reverse("case_audits:list")).content.decode()
    assert "In progress (1)" in page
    assert "Completed, waiting for the worker's response (0)" in page
    completed_audit = completed(personas, "good")
    assert completed_audit.completed_on == date(2025, 8, 29)
    results = client.get(reverse("case_audits:results")).content.decode()
    assert 'data-results-quarter="2025 Q3"' in results
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in results
    assert "2025 Q3: 100%" in results


def test_the_childs_record_shows_its_audits_to_the_worker_and_offers_a_manager_to_start_one(
    personas, sign_in
):
    audit = started(personas)
    url = reverse("cases:child_record", args=[personas.own_child.pk])
    page = sign_in(personas.social_worker).get(url).content.decode()
    assert 'id="case-audits"' in page
    assert reverse("case_audits:audit", args=[audit.pk]) in page
    assert "Start a case audit" not in page
    page = sign_in(personas.team_manager).get(url).content.decode()
    assert "Start a case audit" in page
