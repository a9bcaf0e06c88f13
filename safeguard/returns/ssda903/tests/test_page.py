"""The analysts' SSDA903 page: an analyst builds the return and reads each child's problem
(a record link only for a reader who may open it); the downloads; all audited; others are
refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import (
    LookedAfterPeriodFactory,
    PlacementFactory,
    ReferralFactory,
)

PAGE = reverse("returns:ssda903")
DOWNLOAD = reverse("returns:ssda903_download")


@pytest.fixture
def returns_dir(settings, tmp_path):
    settings.SAFEGUARD_RETURNS_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def placed_in_a_dropped_code(personas):
    """Own child, looked after in 2025-26 in a placement type (H5) dropped before that year."""
    child = personas.own_child
    child.la_child_id = "LA0042"
    child.save()
    ReferralFactory(child=child, team=personas.team, referral_date=date(2025, 5, 1))
    period = LookedAfterPeriodFactory(child=child, start_date=date(2025, 6, 2))
    PlacementFactory(period=period, start_date=date(2025, 6, 2), placement_type="H5")
    return child


@pytest.mark.django_db
def test_an_analyst_builds_the_return_and_sees_each_childs_problem(
    sign_in, personas, placed_in_a_dropped_code, returns_dir
):
    client = sign_in(personas.analyst)
    response = client.post(PAGE + "?year=2026", {"year": "2026"})
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?year=2026"
    html = client.get(PAGE + "?year=2026").content.decode()
    assert "LA0042" in html and "Placement type H5 is not in the 2025-26 code list" in html
    # An analyst opens no records: they are told whom to give the problem to.
    record = reverse("cases:child_record", kwargs={"child_id": placed_in_a_dropped_code.pk})
    assert record not in html and "Give the LA child ID and the problem" in html
    actions = list(
        AuditEntry.objects.filter(object_type__startswith="returns.ssda903").values_list(
            "object_type", "action"
        )
    )
    assert actions == [("returns.ssda903", "export"), ("returns.ssda903_report", "read")]

    files = client.get(DOWNLOAD + "?year=2026&file=files")
    names = zipfile.ZipFile(io.BytesIO(files.content)).namelist()
    assert "episodes.csv" in names and "header.csv" in names
    report = client.get(DOWNLOAD + "?year=2026&file=report").content.decode()
    assert "LA0042" in report and record in report
    assert (
        AuditEntry.objects.filter(
            object_type__in=("returns.ssda903_file", "returns.ssda903_report"), action="export"
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_a_manager_within_need_to_know_gets_the_record_link(
    sign_in, personas, placed_in_a_dropped_code, returns_dir
):
    client = sign_in(personas.team_manager)
    client.post(PAGE + "?year=2026", {"year": "2026"})
    html = client.get(PAGE + "?year=2026").content.decode()
    record = reverse("cases:child_record", kwargs={"child_id": placed_in_a_dropped_code.pk})
    assert f'href="{record}">Open record' in html


@pytest.mark.django_db
def test_a_social_worker_is_refused_and_nothing_is_built(sign_in, personas, returns_dir):
    client = sign_in(personas.social_worker)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"year": "2026"}).status_code == 403
    assert list(returns_dir.iterdir()) == []


@pytest.mark.django_db
def test_an_unknown_year_is_refused_with_a_message_and_nothing_is_built(
    sign_in, personas, returns_dir
):
    client = sign_in(personas.analyst)
    html = client.post(PAGE, {"year": "2027"}).content.decode()
    assert "Select a valid choice" in html and "govuk-error-summary" in html
    assert list(returns_dir.iterdir()) == []
