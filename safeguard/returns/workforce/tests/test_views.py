"""The workforce census page and its downloads: for those who build returns, about their own
authority, audited. (Who else is refused: the access matrix, returns.build rows.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.organisation.models import Worker

from .authority import build_workforce

pytestmark = pytest.mark.django_db
PAGE = reverse("returns:workforce_census")
DOWNLOAD = reverse("returns:workforce_census_download")


@pytest.fixture(autouse=True)
def _january_2025():
    with time_machine.travel(datetime(2025, 1, 20, 9, 30, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def analyst(personas, sign_in):
    build_workforce(Worker.objects.get(user=personas.analyst).authority)
    return sign_in(personas.analyst)


def test_the_page_shows_the_latest_census_whose_day_has_passed(analyst):
    html = analyst.get(PAGE).content.decode()
    assert "Census of 30 September 2024" in html
    # The personas' social workers, manager, head of service and chair are in it too, with
    # no Social Work England number: each is an error naming the worker and the item.
    assert "Sw Persona" in html and "No Social Work England registration number" in html
    assert "1.40" in html  # the hand-built authority's vacancies


def test_reading_the_page_is_audited(analyst):
    analyst.get(PAGE + "?year=2023")
    entry = AuditEntry.objects.get(object_type="returns.workforce_census", action="read")
    assert entry.object_id == "997-2023"


def test_a_year_we_do_not_build_falls_back_to_the_latest(analyst):
    assert "Census of 30 September 2024" in analyst.get(PAGE + "?year=1999").content.decode()


def test_the_file_downloads_as_xml_and_its_export_is_audited(analyst):
    response = analyst.get(DOWNLOAD + "?year=2024&file=xml")
    assert response["Content-Type"] == "application/xml"
    assert 'filename="csww_2024_997.xml"' in response["Content-Disposition"]
    assert b"<Collection>CSWW</Collection>" in response.content
    assert AuditEntry.objects.filter(
        object_type="returns.workforce_census", action="export", object_id="997-2024"
    ).exists()


def test_the_report_downloads_as_csv(analyst):
    response = analyst.get(DOWNLOAD + "?year=2024&file=report")
    assert response["Content-Type"] == "text/csv"
    assert response.content.startswith(b"OFFICIAL-SENSITIVE")
    assert b"SWENO_MISSING" in response.content


def test_a_social_worker_is_refused(personas, sign_in):
    assert sign_in(personas.social_worker).get(PAGE).status_code == 403
