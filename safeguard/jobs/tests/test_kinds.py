"""The kinds of job: operators' commands queued with --background and run by the worker with
their progress, the nightly schedule, and the returns' kinds answering in words."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguard.agencies.linkage.models import LinkageModel
from safeguard.agencies.linkage.tests.population import load_population, synthetic_people
from safeguard.agencies.signals.models import Signal
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.jobs.models import Job
from safeguard.jobs.services import job_start
from safeguard.jobs.testing import run_queued_jobs
from safeguard.organisation.tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db


def _command(*args: str, on_commit: Any) -> str:
    out = io.StringIO()
    with on_commit(execute=True):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_evaluate_signals_in_the_background_runs_in_the_worker_with_its_progress(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False):
        referral = ReferralFactory(child=personas.own_child, team=personas.team)
        ChildProtectionPlanFactory(
            initial_conference__section47_enquiry__strategy_discussion__referral=referral
        )
        VisitFactory(child=personas.own_child, visit_date=date(2025, 3, 7))
    output = _command(
        "evaluate_signals",
        "--date",
        "2025-04-04",
        "--background",
        on_commit=django_capture_on_commit_callbacks,
    )
    job = Job.objects.get()
    assert output == f"Queued as job {job.pk}: a worker (manage.py run_jobs) runs it.\n"
    assert (job.kind, job.parameters, job.requested_by) == (
        "evaluate_signals",
        {"date": "2025-04-04"},
        None,
    )
    assert not Signal.objects.exists()

    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert job.summary["facts"]["Output"].startswith(
        "children_evaluated=1; signals_raised=1; signals_raised_SG05=1"
    )
    assert Signal.objects.get().rule_id == "SG05"


def test_linkage_retrained_in_the_background_saves_the_next_version(
    django_capture_on_commit_callbacks: Any,
) -> None:
    load_population(synthetic_people(300, seed=2))
    _command(
        "train_linkage_model",
        "--sample",
        "200",
        "--u-pairs",
        "20000",
        "--link-threshold",
        "0.95",
        "--background",
        on_commit=django_capture_on_commit_callbacks,
    )
    job = Job.objects.get()
    assert job.parameters == {
        "seed": 1,
        "sample": 200,
        "u_pairs": 20000.0,
        "link_threshold": 0.95,
        "review_threshold": None,
    }
    assert not LinkageModel.objects.exists()

    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert "Saved linkage model version 1" in job.summary["facts"]["Output"]
    model = LinkageModel.objects.get()
    assert (model.link_threshold, model.review_threshold) == (0.95, 0.1)


def test_linkage_retraining_that_cannot_train_says_why(
    django_capture_on_commit_callbacks: Any,
) -> None:
    _command("train_linkage_model", "--background", on_commit=django_capture_on_commit_callbacks)
    run_queued_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "training needs at least 10" in job.error


def test_a_bad_option_is_refused_before_anything_is_queued() -> None:
    with pytest.raises(CommandError, match="must not be above"):
        call_command(
            "train_linkage_model",
            "--link-threshold",
            "0.5",
            "--review-threshold",
            "0.6",
            "--background",
        )
    with pytest.raises(CommandError, match="is not a date"):
        call_command("evaluate_signals", "--date", "4 April", "--background")
    assert not Job.objects.exists()


def test_the_nightly_jobs_are_queued_once_a_night(django_capture_on_commit_callbacks: Any) -> None:
    first = _command(
        "enqueue_nightly", "--date", "2025-05-01", on_commit=django_capture_on_commit_callbacks
    )
    job = Job.objects.get()
    assert first == f"evaluate_signals: queued as job {job.pk}\njob_files_deleted=0\n"
    assert (job.parameters, job.schedule_key) == ({"date": "2025-05-01"}, "nightly:2025-05-01")

    again = _command(
        "enqueue_nightly", "--date", "2025-05-01", on_commit=django_capture_on_commit_callbacks
    )
    assert again == (
        f"evaluate_signals: already queued for 2025-05-01 as job {job.pk} (waiting to start)\n"
        "job_files_deleted=0\n"
    )
    assert Job.objects.count() == 1

    _command(
        "enqueue_nightly", "--date", "2025-05-02", on_commit=django_capture_on_commit_callbacks
    )
    assert Job.objects.count() == 2
    assert run_queued_jobs() == 2
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.SUCCEEDED}


def test_an_operator_lists_the_jobs_and_tries_a_failed_one_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    _command("train_linkage_model", "--background", on_commit=django_capture_on_commit_callbacks)
    run_queued_jobs()
    job = Job.objects.get()

    listing = _command(
        "list_jobs", "--status", "failed", on_commit=django_capture_on_commit_callbacks
    )
    assert f"{job.pk} train_linkage_model failed 1/3 attempts=1 by=operator" in listing
    assert "training needs at least 10" in listing

    retried = _command("retry_job", str(job.pk), on_commit=django_capture_on_commit_callbacks)
    assert retried == f"Job {job.pk} (train_linkage_model) queued again.\n"
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    with pytest.raises(CommandError, match="Only a job that failed can be tried again"):
        call_command("retry_job", str(job.pk))
    with pytest.raises(CommandError, match="There is no job 999999"):
        call_command("retry_job", "999999")


def test_annex_a_for_no_one_in_particular_needs_an_authority_when_there_are_several(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    AuthorityFactory(name="Othershire")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="annex_a", params={"from": "2025-04-01", "to": "2025-09-30"})
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == (
        "Your account is not linked to a worker in an authority, so Annex A cannot be built"
    )
    assert not job.result


def test_annex_a_with_a_window_that_is_not_six_months_says_so(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="annex_a",
            params={"from": "2025-04-01", "to": "2025-08-31"},
            requested_by=personas.analyst,
        )
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "is not 6 or 12 whole months" in job.error


def test_a_census_for_a_year_we_cannot_build_says_so(
    personas: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SAFEGUARD_RETURNS_DIR = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="census", params={"year": 2019}, requested_by=personas.analyst)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("No Children in Need census specification is known")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def school(personas: Any) -> Any:
    from safeguard.agencies.services import partner_organisation_get_or_create

    organisation, _ = partner_organisation_get_or_create(
        authority=personas.authority, name="Northgate Primary", kind="school"
    )
    return organisation


PARTNER_FILE = (
    "reference,child_first_name,child_last_name,child_date_of_birth,event_type,school,"
    "period_start,period_end,attendance_percent,unauthorised_absence_sessions,summary\r\n"
    + "".join(
        f"S{n},Amara,Okonkwo-Test-{n},2016-04-12,attendance_concern,Northgate Primary,"
        f"2025-09-03,2025-10-17,81.5,{n},\r\n"
        for n in (1, 2, 3)
    )
)


def test_a_partner_file_is_imported_by_the_worker_with_its_progress(
    school: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
    from safeguard.agencies.models import PartnerSubmission

    install_fixture_model()
    path = tmp_path / "northgate.csv"
    path.write_text(PARTNER_FILE)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="partner_file", params={"organisation": school.pk, "path": str(path)})
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.title == "Partner file northgate.csv imported"
    assert (job.summary["facts"]["Rows"], job.summary["facts"]["Stored"]) == ("3", "3")
    assert "3 rows read" in job.progress_message
    assert PartnerSubmission.objects.count() == 3


def test_a_partner_file_refused_whole_fails_the_job_with_the_reason(
    school: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from safeguard.agencies.models import PartnerSubmission

    path = tmp_path / "northgate.csv"
    path.write_text(PARTNER_FILE)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="partner_file", params={"organisation": school.pk, "path": str(path)})
    run_queued_jobs()  # no linkage model yet
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Matching people to records is not available yet")
    assert not PartnerSubmission.objects.exists()


def test_import_partner_file_in_the_background_queues_the_job_the_worker_runs(
    school: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model
    from safeguard.agencies.models import PartnerSubmission

    install_fixture_model()
    path = tmp_path / "northgate.csv"
    path.write_text(PARTNER_FILE)
    output = _command(
        "import_partner_file",
        "--organisation",
        "Northgate Primary",
        "--authority",
        school.authority.la_code,
        "--background",
        str(path),
        on_commit=django_capture_on_commit_callbacks,
    )
    job = Job.objects.get()
    assert output == f"Queued as job {job.pk}: a worker (manage.py run_jobs) runs it.\n"
    assert not PartnerSubmission.objects.exists()  # nothing imported in the command itself
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.parameters["file_name"] == "northgate.csv"
    assert PartnerSubmission.objects.count() == 3
