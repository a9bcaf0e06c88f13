"""A job's page, progress, file and "Try again" are its requester's alone: anyone else gets a
404 (an auditor included: downloads are in the audit trail), and the requester needs the
permission of the page that started the job (403 once their role no longer has it).

The access matrix (access/tests/test_access_matrix.py) asks every route with the same URL for
every persona; a job belongs to one person, so the job routes are asked here instead, persona
by persona, with each persona's own job and the analyst's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.audit.models import AuditEntry
from safeguard.jobs.models import Job
from safeguard.jobs.services import job_results_delete_old, job_start
from safeguard.jobs.testing import run_queued_jobs
from safeguard.jobs.tests.kinds import WRONG
from safeguard.jobs.urls import urlpatterns

pytestmark = pytest.mark.django_db

ROUTES = ("jobs:detail", "jobs:status", "jobs:download", "jobs:try_again")
# Who may use the pages of a `returns.build` job they asked for (the analysts and managers
# who file the returns); every other role is refused its own such job.
ALLOWED = {"team_manager", "head_of_service", "analyst"}


@pytest.fixture
def start(django_capture_on_commit_callbacks: Any) -> Any:
    def _start(user: User, kind: str = "test_report", **params: Any) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            return job_start(kind=kind, params={"name": "x", **params}, requested_by=user)

    return _start


def _client(user: User) -> Client:
    client = Client()
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="t", defaults={"confirmed": True})
    client.force_login(user, backend="safeguard.accounts.backends.AccountBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _ask(client: Client, route: str, job: Job) -> int:
    url = reverse(route, kwargs={"job_id": job.pk})
    response = client.post(url) if route == "jobs:try_again" else client.get(url)
    return response.status_code


def test_every_job_route_is_asked_here() -> None:
    assert sorted(f"jobs:{p.name}" for p in urlpatterns) == sorted(ROUTES)


def test_every_job_route_declares_it_checks_the_signed_in_user_itself() -> None:
    assert {p.callback.safeguard_permission for p in urlpatterns} == {"signed_in"}


def test_a_job_is_its_requesters_alone(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    run_queued_jobs()
    outcomes = {
        (role, route): _ask(_client(user), route, job)
        for role, user in personas.users.items()
        if role != "analyst"
        for route in ROUTES
    }
    assert {key: got for key, got in outcomes.items() if got != 404} == {}
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_requester_needs_the_permission_of_the_page_that_starts_the_job(
    personas: Any, start: Any
) -> None:
    mismatches = []
    for role, user in personas.users.items():
        job = start(user)
        expected = {200, 302} if role in ALLOWED else {403}
        for route in ("jobs:detail", "jobs:status"):
            got = _ask(_client(user), route, job)
            if got not in expected:
                mismatches.append(f"{role} {route}: {got}")
    assert mismatches == []


def test_signed_out_people_are_sent_to_sign_in(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    response = Client().get(reverse("jobs:detail", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_an_unfinished_job_page_refreshes_itself_with_or_without_javascript(
    personas: Any, start: Any
) -> None:
    job = start(personas.analyst)
    page = _client(personas.analyst).get(reverse("jobs:detail", kwargs={"job_id": job.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Test job for x" in html and "Waiting to start" in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert f'hx-get="/jobs/{job.pk}/status" hx-trigger="every 2s"' in html
    assert f'href="/jobs/{job.pk}">Refresh this page</a>' in html
    assert "Download" not in html


def test_the_status_stops_htmx_asking_once_the_job_has_finished(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    client = _client(personas.analyst)
    url = reverse("jobs:status", kwargs={"job_id": job.pk})
    assert client.get(url).status_code == 200
    run_queued_jobs()
    finished = client.get(url)
    assert finished.status_code == 286
    assert "Download report.csv" in finished.content.decode()


def test_a_running_job_shows_how_far_it_has_got(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, progress_done=2, progress_total=8, progress_message="List 2"
    )
    html = _client(personas.analyst).get(f"/jobs/{job.pk}").content.decode()
    assert "2 of 8 (25%)" in html and "List 2" in html and "Running" in html


def test_a_job_left_waiting_suggests_the_worker_is_not_running(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    Job.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=2))
    html = _client(personas.analyst).get(f"/jobs/{job.pk}").content.decode()
    assert "manage.py run_jobs" in html


def test_the_requester_downloads_the_file_and_each_download_is_audited(
    personas: Any, start: Any
) -> None:
    job = start(personas.analyst)
    run_queued_jobs()
    client = _client(personas.analyst)
    page = client.get(f"/jobs/{job.pk}").content.decode()
    assert f'href="/jobs/{job.pk}/download"' in page and "Finished" in page
    assert "<noscript>" not in page and "hx-get" not in page

    response = client.get(f"/jobs/{job.pk}/download")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert b"".join(response.streaming_content) == b"name,steps\nx,3\n"
    client.get(f"/jobs/{job.pk}/download")
    entries = AuditEntry.objects.filter(action="export", object_type="test.report")
    assert entries.count() == 2
    assert {(e.actor_username, e.object_id, str(e.details)) for e in entries} == {
        ("analyst", str(job.pk), "{'rows': 1}")
    }


def test_a_failed_job_says_why_and_can_be_tried_again_from_its_page(
    personas: Any, start: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = start(personas.analyst, kind="test_fails_first")
    run_queued_jobs()
    client = _client(personas.analyst)
    html = client.get(f"/jobs/{job.pk}").content.decode()
    assert f"It failed: {WRONG}" in html
    assert f'action="/jobs/{job.pk}/try-again"' in html

    assert client.get(f"/jobs/{job.pk}/try-again").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/try-again")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}"
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)


def test_trying_again_a_job_that_has_not_failed_changes_nothing(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    client = _client(personas.analyst)
    response = client.post(f"/jobs/{job.pk}/try-again", follow=True)
    assert "Only a job that failed can be tried again" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 0


def test_before_it_has_finished_there_is_nothing_to_download(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    response = _client(personas.analyst).get(f"/jobs/{job.pk}/download", follow=True)
    assert "no file to download (yet)" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_file_is_deleted_a_week_after_it_was_made(personas: Any, start: Any) -> None:
    job = start(personas.analyst)
    run_queued_jobs()
    job.refresh_from_db()
    name = job.result.name
    assert job_results_delete_old() == 0
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=8))

    assert job_results_delete_old() == 1
    job.refresh_from_db()
    assert not job.result.storage.exists(name)
    client = _client(personas.analyst)
    assert "deleted 7 days after it was made" in client.get(f"/jobs/{job.pk}").content.decode()
    response = client.get(f"/jobs/{job.pk}/download", follow=True)
    assert "deleted 7 days after it was made" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
