"""The census page: an analyst builds the census (in the background: the job's page shows its
progress, then leads back), reads the error report with links to each child's data, and
downloads the file; everything is audited; others are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import AssessmentFactory, ReferralFactory
from safeguard.jobs.models import Job
from safeguard.jobs.testing import run_queued_jobs
from safeguard.people.models import PersonDisability
from safeguard.returns.models import CensusBuild

PAGE = reverse("returns:census")
DOWNLOAD = reverse("returns:census_download")


@pytest.fixture
def returns_dir(settings, tmp_path):
    settings.SAFEGUARD_RETURNS_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def build_census(django_capture_on_commit_callbacks):
    """Ask for the census on the page; the job is queued, then run as the worker would."""

    def _build(client, year):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(PAGE + f"?year={year}", {"year": str(year)})
        job = Job.objects.latest("pk")
        assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}"
        run_queued_jobs()
        job.refresh_from_db()
        return job

    return _build


@pytest.fixture
def broken_record(personas):
    """Own child: an authorised assessment with no factors (rule 8897)."""
    child = personas.own_child
    PersonDisability.objects.create(person=child, code="NONE")
    child.upn_unknown_reason = "UN4"
    child.save()
    referral = ReferralFactory(child=child, team=personas.team, referral_date=date(2024, 9, 2))
    AssessmentFactory(
        referral=referral,
        start_date=date(2024, 9, 2),
        submitted_date=date(2024, 9, 16),
        authorised_date=date(2024, 9, 18),
        factors=[],
    )
    return child


@pytest.mark.django_db
def test_an_analyst_builds_the_census_and_sees_each_error_with_a_link_to_fix_it(
    sign_in, personas, broken_record, returns_dir, build_census
):
    client = sign_in(personas.analyst)
    job = build_census(client, 2025)
    assert (job.kind, job.parameters, job.status) == ("census", {"year": 2025}, "succeeded")
    assert (job.progress_done, job.progress_total) == (1, 1)
    build = CensusBuild.objects.get()
    assert build.built_by == personas.analyst and build.errors == 1
    job_page = client.get(f"/jobs/{job.pk}").content.decode()
    assert "Children in Need census 2024-25" in job_page
    assert f'href="{PAGE}?year=2025">See the census, its error report and its files' in job_page

    page = client.get(PAGE + "?year=2025")
    html = page.content.decode()
    assert "8897" in html and "Parental or child factors at assessment information" in html
    # The link is to what the census holds for the child: an analyst opens no records.
    data = reverse("returns:census_child", args=[build.pk, broken_record.pk])
    assert f'href="{data}">Check the data' in html
    assert f'href="/children/{broken_record.pk}"' not in html
    assert AuditEntry.objects.filter(
        action="read", object_type="returns.census_report", object_id=str(build.pk)
    ).exists()


@pytest.mark.django_db
def test_the_file_and_the_report_download_and_each_download_is_audited(
    sign_in, personas, broken_record, returns_dir, build_census
):
    client = sign_in(personas.team_manager)
    build_census(client, 2025)
    xml = client.get(DOWNLOAD, {"year": "2025", "file": "xml"})
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml"
    assert b"<LAchildID>POwn</LAchildID>" in b"".join(xml.streaming_content)
    report = client.get(DOWNLOAD, {"year": "2025", "file": "report"})
    assert b"8897" in b"".join(report.streaming_content)
    exports = AuditEntry.objects.filter(action="export").values_list("object_type", flat=True)
    assert sorted(exports) == [
        "returns.census",
        "returns.census_file",
        "returns.census_report",
    ]


@pytest.mark.django_db
def test_without_a_build_the_download_sends_the_analyst_back_to_build_one(sign_in, personas):
    response = sign_in(personas.analyst).get(DOWNLOAD, {"year": "2025", "file": "xml"})
    assert response.status_code == 302 and response["Location"] == PAGE + "?year=2025"


@pytest.mark.django_db
def test_a_social_worker_may_not_build_or_download_the_census(sign_in, personas):
    client = sign_in(personas.social_worker)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"year": "2025"}).status_code == 403
    assert client.get(DOWNLOAD, {"year": "2025"}).status_code == 403
    assert not Job.objects.exists()
    assert not CensusBuild.objects.exists()


@pytest.mark.django_db
def test_an_unknown_year_is_refused_on_the_form(sign_in, personas, returns_dir):
    response = sign_in(personas.analyst).post(PAGE, {"year": "2019"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()
    assert not CensusBuild.objects.exists()


@pytest.mark.django_db
def test_while_the_census_is_being_built_its_page_says_so(
    sign_in, personas, returns_dir, django_capture_on_commit_callbacks
):
    client = sign_in(personas.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"year": "2025"})
    job = Job.objects.get()
    html = client.get(PAGE + "?year=2025").content.decode()
    assert "Children in Need census 2024-25 is being built" in html
    assert f'href="/jobs/{job.pk}">see how far it has got' in html
    run_queued_jobs()
    assert "is being built" not in client.get(PAGE + "?year=2025").content.decode()
