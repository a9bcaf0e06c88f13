"""Bulk submissions and nightly files: every row stored or rejected with its reason."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safeguard.agencies.extracts import csv_row_to_submission, read_extract
from safeguard.agencies.models import PartnerBatch, PartnerEvent, PartnerSubmission
from safeguard.agencies.services import UnreadableRow
from safeguard.audit.models import AuditEntry

from .examples import submission

pytestmark = pytest.mark.django_db


def _rows():
    bad = submission("removed_from_roll")
    del bad["event"]["date_removed"]
    return [
        submission("attendance_concern"),
        bad,
        submission("missed_health_appointment", last_name="Second-Test"),
        "not an object",
    ]


def test_a_bulk_request_reports_every_row_and_a_bad_row_does_not_stop_the_good(partner):
    response = partner.post("/api/events/bulk", {"rows": _rows()})
    assert response.status_code == 200
    report = response.json()
    assert (report["received"], report["stored"], report["rejected"]) == (4, 2, 2)
    rows = report["rows"]
    assert [(r["row"], r["stored"]) for r in rows] == [(1, True), (2, False), (3, True), (4, False)]
    assert rows[1]["errors"] == ["event.removed_from_roll.date_removed: Field required"]
    assert rows[3]["errors"] == ["Each row must be an object of fields"]
    stored = PartnerSubmission.objects.order_by("row_number")
    assert [s.row_number for s in stored] == [1, 3]
    assert [s.pk for s in stored] == [rows[0]["submission_id"], rows[2]["submission_id"]]
    assert all(s.events.get().child_id for s in stored)
    entry = AuditEntry.objects.get(object_type="agencies.partnerbatch")
    assert (entry.details["received"], entry.details["stored"]) == (4, 2)


def test_the_batch_report_can_be_read_back_by_its_organisation_only(partner, personas):
    from safeguard.agencies import services

    from .conftest import client_for

    batch_id = partner.post("/api/events/bulk", {"rows": _rows()}).json()["batch_id"]
    assert partner.get(f"/api/batches/{batch_id}").json()["stored"] == 2
    gp, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Southgate GP", kind="gp"
    )
    assert client_for(gp).get(f"/api/batches/{batch_id}").status_code == 404


def test_a_bulk_retry_with_the_same_key_is_stored_once(partner):
    body = {"rows": _rows()}
    first = partner.post("/api/events/bulk", body, HTTP_IDEMPOTENCY_KEY="night-2025-10-20")
    again = partner.post("/api/events/bulk", body, HTTP_IDEMPOTENCY_KEY="night-2025-10-20")
    assert first.json() == again.json()
    assert PartnerBatch.objects.count() == 1
    assert PartnerSubmission.objects.count() == 2


def test_a_bulk_request_that_is_not_a_list_of_rows_is_refused(partner):
    response = partner.post("/api/events/bulk", {"rows": "everything"})
    assert response.status_code == 422
    assert response.json()["errors"] == ["rows: Input should be a valid list"]
    assert not PartnerBatch.objects.exists()


def test_a_csv_row_maps_to_a_submission():
    row = {
        "reference": "R1",
        "child_last_name": "Smith",
        "child_date_of_birth": "2016-01-02",
        "event_type": "exclusion",
        "school": "Northgate",
        "days": "",
        "adult1_last_name": "Smith",
        "adult1_role": "parent",
    }
    assert csv_row_to_submission(row) == {
        "reference": "R1",
        "child": {"last_name": "Smith", "date_of_birth": "2016-01-02"},
        "event": {"event_type": "exclusion", "school": "Northgate"},
        "adults": [{"last_name": "Smith", "role": "parent"}],
    }


def test_an_unreadable_json_line_is_reported_and_a_blank_line_is_not_a_row():
    data = b'{"a": 1}\n\n{broken\n[1, 2]\n'
    rows = list(read_extract(data, file_format="jsonl"))
    assert rows[0] == (1, {"a": 1})
    assert rows[1][0] == 3 and isinstance(rows[1][1], UnreadableRow)
    assert rows[1][1].reason.startswith("Not valid JSON")
    assert rows[2] == (4, UnreadableRow("A JSON line must be an object of fields"))


HEADER = (
    "reference,child_first_name,child_last_name,child_date_of_birth,event_type,school,"
    "date_removed,destination,period_start,period_end,attendance_percent"
)
CSV = (
    HEADER
    + """
S1,Amara,Okonkwo-Test,2016-04-12,removed_from_roll,Northgate Primary,2025-10-20,Not known,,,
S2,Ben,Ash-Test,2015-01-30,attendance_concern,Northgate Primary,,,2025-09-03,2025-10-17,120
S3,Cara,Birch-Test,2014-07-08,attendance_concern,Northgate Primary,,,2025-09-03,2025-10-17,81.5
"""
)


def test_the_import_command_reads_a_csv_and_reports_each_row(school, linkage_model, tmp_path):
    path = tmp_path / "northgate-2025-10-20.csv"
    path.write_text(CSV)
    report_path = tmp_path / "report.json"
    out = StringIO()
    call_command(
        "import_partner_file",
        "--organisation",
        school.name,
        str(path),
        "--report",
        str(report_path),
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    # The rejected rows, each with its reasons, then the count; the stored rows are each a
    # submission of the batch, with its row number.
    assert lines == [
        "row 2: rejected: event.attendance_concern.attendance_percent: Input should be less "
        "than or equal to 100",
        f"3 rows: 2 stored, 1 rejected (batch {PartnerBatch.objects.get().pk}).",
    ]
    report = json.loads(report_path.read_text())
    assert (report["received"], report["stored"], report["rejected"]) == (3, 2, 1)
    assert [r["row"] for r in report["rejected_rows"]] == [2]
    assert sorted(PartnerSubmission.objects.values_list("row_number", flat=True)) == [1, 3]
    batch = PartnerBatch.objects.get()
    assert batch.file_name == "northgate-2025-10-20.csv"
    assert sorted(PartnerEvent.objects.values_list("event_type", flat=True)) == [
        "attendance_concern",
        "removed_from_roll",
    ]


def test_the_import_command_reads_json_lines(school, linkage_model, tmp_path):
    path = tmp_path / "health.jsonl"
    good = submission("missed_health_appointment")
    path.write_text(json.dumps(good) + "\n" + "{oops\n")
    out = StringIO()
    call_command("import_partner_file", "--organisation", school.name, str(path), stdout=out)
    assert "1 stored, 1 rejected" in out.getvalue()
    assert "row 2: rejected: Not valid JSON" in out.getvalue()


def test_the_import_command_needs_a_known_organisation(personas, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(CSV)
    with pytest.raises(CommandError, match="No partner organisation is called 'Nowhere'"):
        call_command("import_partner_file", "--organisation", "Nowhere", str(path))
