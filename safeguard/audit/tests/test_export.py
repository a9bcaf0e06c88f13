"""The auditor's export of a search: the same entries as the page, named in words, every text
cell neutralised for spreadsheets, and the export itself recorded in the trail."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from safeguard.audit import views
from safeguard.audit.models import Action, AuditEntry
from safeguard.audit.services import AuditRecord, audit_append
from safeguard.common.spreadsheets import read_cell

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example","click")'


def rows_of(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    marking, *rows = list(csv.reader(io.StringIO(text[1:])))
    assert marking == ["OFFICIAL-SENSITIVE"]  # the protective marking, on the first line
    return rows


@pytest.fixture
def trail(personas):
    """Two reads of the own child's record by the social worker, one with a reason typed as a
    formula; a read by the manager; and a refusal."""
    child = personas.own_child
    sw, tm = personas.social_worker, personas.team_manager
    read = {"object_type": "people.person", "object_id": str(child.pk), "child_id": child.pk}
    audit_append(
        [
            AuditRecord(
                action=Action.READ,
                actor_id=sw.pk,
                actor_username="sw",
                **read,
                at=datetime(2025, 3, 3, 9, tzinfo=UTC),
            ),
            AuditRecord(
                action=Action.READ,
                actor_id=sw.pk,
                actor_username="sw",
                **read,
                reason=FORMULA,
                user_agent="@evil-agent",
                at=datetime(2025, 3, 4, 9, tzinfo=UTC),
            ),
            AuditRecord(
                action=Action.READ,
                actor_id=tm.pk,
                actor_username="tm",
                **read,
                at=datetime(2025, 3, 5, 9, tzinfo=UTC),
            ),
            AuditRecord(
                action=Action.REFUSED,
                actor_id=sw.pk,
                actor_username="sw",
                details={"status": 404, "path": "/children/77", "view": "x"},
                at=datetime(2025, 3, 6, 9, tzinfo=UTC),
            ),
        ]
    )


def test_the_export_holds_the_entries_the_search_found_named_in_words(personas, sign_in, trail):
    response = sign_in(personas.auditor).get("/audit/export", {"username": "sw"})
    assert response.status_code == 200
    header, *body = rows_of(response)
    assert header[:7] == [
        "Entry",
        "Chain",
        "When (UK time)",
        "Username",
        "Name",
        "Action",
        "Record",
    ]
    assert [row[0] for row in body] == ["4", "2", "1"]
    assert {row[1] for row in body} == {"1"}
    refused, _, first = body
    assert first[2] == "2025-03-03 09:00:00"  # GMT in March
    assert first[3:9] == [
        "sw",
        "Sw Persona",
        "Read",
        "Child record: Own Child",
        str(personas.own_child.pk),
        "Own Child",
    ]
    assert refused[5] == "Refused"
    assert refused[10] == "Refused 404 on /children/77"


def test_every_text_cell_that_a_spreadsheet_would_run_is_neutralised(personas, sign_in, trail):
    body = rows_of(sign_in(personas.auditor).get("/audit/export", {"username": "sw"}))[1:]
    second = body[1]
    reason, browser = second[9], second[12]
    assert reason == "'" + FORMULA
    assert browser == "'@evil-agent"
    assert read_cell(reason) == FORMULA
    formulas = [
        cell for row in body for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]
    assert formulas == []


def test_a_childs_name_typed_as_a_formula_is_neutralised(personas, sign_in, trail):
    child = personas.own_child
    child.first_name = "=1+1"
    child.save()
    body = rows_of(sign_in(personas.auditor).get("/audit/export", {"child": child.pk}))[1:]
    assert {row[8] for row in body} == {"'=1+1 Child"}
    assert {row[6] for row in body} == {"Child record: =1+1 Child"}


def test_the_export_is_audited_with_the_search_and_how_many_entries(personas, sign_in, trail):
    # The trail is pinned by entry id, which orders it across chains.
    third = AuditEntry.objects.get(sequence=3).pk
    response = sign_in(personas.auditor).get("/audit/export", {"username": "sw", "upto": third})
    assert [row[0] for row in rows_of(response)[1:]] == ["2", "1"]
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert (export.actor_username, export.object_type) == ("auditor", "audit.trail")
    assert export.details == {
        "terms": {"username": "sw"},
        "upto": third,
        "entries": 2,
        "format": "csv",
    }


def test_the_page_offers_the_export_of_what_it_shows(personas, sign_in, trail):
    latest = AuditEntry.objects.get(sequence=4).pk
    page = sign_in(personas.auditor).get("/audit/", {"username": "sw"})
    assert page.context["export_url"] == f"/audit/export?username=sw&upto={latest}"
    assert "Download these 3 entries as a spreadsheet (CSV)" in page.content.decode()


def test_an_export_of_a_search_with_mistakes_goes_back_to_the_search(personas, sign_in, trail):
    client = sign_in(personas.auditor)
    response = client.get(
        "/audit/export", {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2025"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/audit/?date_from_0=31")
    assert client.get("/audit/export")["Location"] == "/audit/"
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_an_export_too_large_is_refused_with_how_to_narrow_it(
    personas, sign_in, trail, monkeypatch
):
    monkeypatch.setattr(views, "EXPORT_LIMIT", 2)
    response = sign_in(personas.auditor).get("/audit/export", {"username": "sw"})
    assert response.status_code == 400
    assert "This search finds 3 entries and an export holds at most 2" in (
        response.content.decode()
    )
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_a_long_export_is_read_in_chunks_and_keeps_every_entry(personas, sign_in, monkeypatch):
    from safeguard.audit import export

    monkeypatch.setattr(export, "CHUNK", 7)
    audit_append(
        [
            AuditRecord(
                action=Action.READ,
                actor_id=personas.social_worker.pk,
                actor_username="sw",
                child_id=personas.own_child.pk,
            )
            for _ in range(30)
        ]
    )
    body = rows_of(sign_in(personas.auditor).get("/audit/export", {"username": "sw"}))[1:]
    assert [int(row[0]) for row in body] == list(range(30, 0, -1))


@pytest.mark.parametrize("role", ["social_worker", "team_manager", "system_administrator"])
def test_only_auditors_may_export_the_trail(personas, sign_in, trail, role):
    response = sign_in(getattr(personas, role)).get("/audit/export", {"username": "sw"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
    refusal = AuditEntry.objects.filter(action=Action.REFUSED).latest("id")
    assert refusal.details["permission"] == "audit.view"
