"""The Annex A page: an analyst chooses the window, the workbook is built in the background,
and its download from the job's page is audited."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.jobs.models import Job
from safeguard.jobs.testing import run_queued_jobs
from safeguard.organisation.models import Team
from safeguard.organisation.tests.factories import AuthorityFactory
from safeguard.people.models import Person

pytestmark = pytest.mark.django_db

URL = "/returns/annex-a"


def window(start: date, end: date) -> dict[str, str]:
    return {
        "from_date_0": str(start.day),
        "from_date_1": str(start.month),
        "from_date_2": str(start.year),
        "to_date_0": str(end.day),
        "to_date_1": str(end.month),
        "to_date_2": str(end.year),
    }


def test_the_page_is_at_returns_annex_a() -> None:
    assert reverse("returns:annex_a") == URL


def test_an_analyst_sees_the_form(personas: Any, sign_in: Any) -> None:
    page = sign_in(personas.analyst).get(URL)
    assert page.status_code == 200
    assert b"First day of the window" in page.content
    assert b"List 9: Care leavers" in page.content


def _build(client: Any, data: dict[str, str], on_commit: Any) -> Job:
    """Ask for the workbook on the page; the job is queued, then run as the worker would."""
    with on_commit(execute=True):
        response = client.post(URL, data)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}"
    run_queued_jobs()
    job.refresh_from_db()
    return job


def test_an_analyst_builds_the_workbook_in_the_background_and_its_download_is_audited(
    personas: Any, sign_in: Any, calendar: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ReferralFactory(child=personas.own_child, team=personas.team, referral_date=date(2025, 5, 1))
    client = sign_in(personas.analyst)
    job = _build(
        client, window(date(2025, 4, 1), date(2025, 9, 30)), django_capture_on_commit_callbacks
    )

    assert (job.kind, job.parameters) == ("annex_a", {"from": "2025-04-01", "to": "2025-09-30"})
    assert job.requested_by == personas.analyst
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (11, 11)
    # Building it is not the export: downloading it is.
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()
    page = client.get(f"/jobs/{job.pk}").content.decode()
    assert "Ofsted Annex A, 1 April 2025 to 30 September 2025" in page
    assert "Download annex-a-2025-04-01-to-2025-09-30.xlsx" in page

    response = client.get(f"/jobs/{job.pk}/download")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="annex-a-2025-04-01-to-2025-09-30.xlsx"'
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    referrals = list(book["List 3"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[-2], r[-1]) for r in referrals] == [("POwn", "Team A", "Sw Persona")]
    entry = AuditEntry.objects.get(action="export", object_type="annex_a")
    assert entry.actor_username == "analyst"
    assert entry.object_id == "2025-04-01..2025-09-30"
    assert entry.details["return"] == "Ofsted Annex A"
    assert (entry.details["from"], entry.details["to"]) == ("2025-04-01", "2025-09-30")
    assert entry.details["authority"] is None
    assert entry.details["rows"]["List 3"] == 1
    assert entry.details["seconds"] >= 0
    # The page lists the analyst's workbooks, to come back to.
    assert f'href="/jobs/{job.pk}">Ofsted Annex A' in client.get(URL).content.decode()


def test_a_bad_window_is_shown_in_the_error_summary_and_nothing_is_built(
    personas: Any, sign_in: Any
) -> None:
    page = sign_in(personas.analyst).post(URL, window(date(2025, 4, 1), date(2025, 8, 31)))
    assert page.status_code == 200
    assert b"There is a problem" in page.content
    assert b"is not 6 or 12 whole months" in page.content
    assert not Job.objects.exists()
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()


def test_a_missing_date_is_named(personas: Any, sign_in: Any) -> None:
    data = window(date(2025, 4, 1), date(2025, 9, 30)) | {"to_date_0": ""}
    page = sign_in(personas.analyst).post(URL, data)
    assert b"Last day of the window must include a day" in page.content


def test_a_social_worker_may_not_build_it(personas: Any, sign_in: Any) -> None:
    client = sign_in(personas.social_worker)
    assert client.get(URL).status_code == 403
    assert client.post(URL, window(date(2025, 4, 1), date(2025, 9, 30))).status_code == 403
    assert not Job.objects.exists()
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()


def test_with_several_authorities_the_workbook_lists_the_analysts_own_children(
    personas: Any, sign_in: Any, calendar: Any, django_capture_on_commit_callbacks: Any
) -> None:
    elsewhere = AuthorityFactory(name="Othershire")
    stranger = Person.objects.create(
        first_name="Far", last_name="Away", la_child_id="PFar", date_of_birth=date(2015, 1, 1)
    )
    far_team = Team.objects.create(authority=elsewhere, name="Far team", kind="child_protection")
    ReferralFactory(child=personas.own_child, team=personas.team, referral_date=date(2025, 5, 1))
    ReferralFactory(child=stranger, team=far_team, referral_date=date(2025, 5, 2))
    client = sign_in(personas.analyst)
    job = _build(
        client, window(date(2025, 4, 1), date(2025, 9, 30)), django_capture_on_commit_callbacks
    )

    book = load_workbook(
        io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download").streaming_content))
    )
    assert [r[0] for r in book["List 3"].iter_rows(min_row=2, values_only=True)] == ["POwn"]
    entry = AuditEntry.objects.get(action="export", object_type="annex_a")
    assert entry.details["authority"] == "997"
