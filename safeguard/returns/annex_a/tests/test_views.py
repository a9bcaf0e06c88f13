"""The Annex A page: an analyst chooses the window and downloads the workbook, audited."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.organisation.tests.factories import AuthorityFactory

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


def test_an_analyst_downloads_the_workbook_and_the_download_is_audited(
    personas: Any, sign_in: Any, calendar: Any
) -> None:
    ReferralFactory(child=personas.own_child, team=personas.team, referral_date=date(2025, 5, 1))
    response = sign_in(personas.analyst).post(URL, window(date(2025, 4, 1), date(2025, 9, 30)))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="annex-a-2025-04-01-to-2025-09-30.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    referrals = list(book["List 3"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[-2], r[-1]) for r in referrals] == [("POwn", "Team A", "Sw Persona")]
    entry = AuditEntry.objects.get(action="export", object_type="annex_a")
    assert entry.actor_username == "analyst"
    assert entry.details["rows"]["List 3"] == 1


def test_a_bad_window_is_shown_in_the_error_summary_and_nothing_is_built(
    personas: Any, sign_in: Any
) -> None:
    page = sign_in(personas.analyst).post(URL, window(date(2025, 4, 1), date(2025, 8, 31)))
    assert page.status_code == 200
    assert b"There is a problem" in page.content
    assert b"is not 6 or 12 whole months" in page.content
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()


def test_a_missing_date_is_named(personas: Any, sign_in: Any) -> None:
    data = window(date(2025, 4, 1), date(2025, 9, 30)) | {"to_date_0": ""}
    page = sign_in(personas.analyst).post(URL, data)
    assert b"Last day of the window must include a day" in page.content


def test_a_social_worker_may_not_build_it(personas: Any, sign_in: Any) -> None:
    client = sign_in(personas.social_worker)
    assert client.get(URL).status_code == 403
    assert client.post(URL, window(date(2025, 4, 1), date(2025, 9, 30))).status_code == 403
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()


def test_with_several_authorities_an_account_without_one_is_told_why(
    personas: Any, sign_in: Any, django_user_model: Any
) -> None:
    AuthorityFactory(name="Othershire")
    unlinked = django_user_model.objects.create_superuser(username="root", password="p" * 16)
    page = sign_in(unlinked).post(URL, window(date(2025, 4, 1), date(2025, 9, 30)))
    assert page.status_code == 200
    assert b"There is a problem" in page.content
    assert b"not linked to a worker in an authority" in page.content
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()
