"""workforce_census_build on the hand-built authority: the file (a golden file), our XSD for
each year's shape, a broken file failing it, the report, the audit, and no half-written file."""

from __future__ import annotations

import csv
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.organisation.models import Authority
from safeguard.returns.workforce.schema import schema_errors
from safeguard.returns.workforce.services import (
    WorkforceCensusError,
    workforce_census_build,
    workforce_census_prepare,
)
from safeguard.returns.workforce.years import census_year

from .authority import build_workforce

GOLDEN = Path(__file__).parent / "golden" / "csww_2024.xml"


def _report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        assert f.readline().strip() == "OFFICIAL-SENSITIVE"  # the protective marking
        return list(csv.DictReader(f))


@pytest.mark.django_db
@time_machine.travel(datetime(2025, 1, 20, 9, 30, tzinfo=UTC), tick=False)
def test_the_census_of_a_small_authority_matches_the_golden_file(tmp_path):
    workforce = build_workforce()
    output = tmp_path / "csww_2024.xml"
    built = workforce_census_build(authority=workforce.authority, year=2024, output=output)
    if os.environ.get("CENSUS_GOLDEN_WRITE"):  # regenerate after a deliberate change
        GOLDEN.write_bytes(output.read_bytes())
    assert output.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert schema_errors(output, census_year(2024)) == []
    assert len(built.workers) == 5


@pytest.mark.django_db
def test_the_small_authority_is_clean_but_for_what_it_does_not_record(tmp_path):
    # Ben holds no children but is a senior practitioner, not a case holder; every starter
    # and leaver has their origin, destination and reason: the report has only its columns.
    built = workforce_census_build(
        authority=build_workforce().authority, year=2024, output=tmp_path / "c.xml"
    )
    assert [(i.code, i.worker) for i in built.issues] == []
    assert _report(tmp_path / "c.errors.csv") == []


@pytest.mark.django_db
def test_before_2024_the_file_carries_gender_current_and_validates_against_that_years_xsd():
    prepared = workforce_census_prepare(authority=build_workforce().authority, year=2023)
    text = prepared.document.decode()
    assert "<GenderCurrent>2</GenderCurrent>" in text and "<Sex>" not in text
    # The authority was built for 2024: on 30 September 2023 Ada and Gus (an agency worker
    # then) held no children yet, and Eve, who left on 15 September 2023, and Gus have no
    # census details, so no qualifying institution, which the schema requires too.
    assert [(i.code, i.worker, i.item) for i in prepared.issues] == [
        ("CASE_HOLDER_WITHOUT_CASES", "Ada Generated", "Cases30"),
        ("XSD", "Eve Generated", "CSWWWorker"),
        ("NO_LEAVER_DESTINATION", "Eve Generated", "LeaverDestination"),
        ("QUALINST_MISSING", "Eve Generated", "QualInst"),
        ("NO_REASON_LEAVE", "Eve Generated", "ReasonLeave"),
        ("XSD", "Gus Generated", "CSWWWorker"),
        ("CASE_HOLDER_WITHOUT_CASES", "Gus Generated", "Cases30"),
        ("QUALINST_MISSING", "Gus Generated", "QualInst"),
    ]
    assert "Tag 'QualInst' expected" in prepared.issues[1].message


@pytest.mark.django_db
def test_from_2024_the_file_carries_sex():
    prepared = workforce_census_prepare(authority=build_workforce().authority, year=2024)
    text = prepared.document.decode()
    assert "<Sex>F</Sex>" in text and "<GenderCurrent>" not in text


@pytest.mark.django_db
def test_a_broken_file_fails_the_schema_naming_the_item(tmp_path):
    prepared = workforce_census_prepare(authority=build_workforce().authority, year=2024)
    broken = tmp_path / "broken.xml"
    broken.write_bytes(
        prepared.document.replace(b"<SWENo>SW100002</SWENo>", b"<SWENo>100002</SWENo>", 1)
    )
    [error] = schema_errors(broken, census_year(2024))
    assert error.worker_position == 1  # Ben, second by name
    assert error.path.endswith("/CSWWWorker[2]/SWENo")
    missing = tmp_path / "missing.xml"
    missing.write_bytes(re.sub(rb"\s*<QualInst>[^<]*</QualInst>", b"", prepared.document, count=1))
    assert [e.worker_position for e in schema_errors(missing, census_year(2024))] == [0]


@pytest.mark.django_db
def test_a_worker_the_schema_refuses_is_reported_as_theirs(tmp_path):
    workforce = build_workforce()
    workforce.ben.registration_number = "12345"
    workforce.ben.save()
    built = workforce_census_build(
        authority=workforce.authority, year=2024, output=tmp_path / "c.xml"
    )
    assert [(i.code, i.worker, i.item) for i in built.issues] == [
        ("SWENO_SHAPE", "Ben Generated", "SWENo"),
        ("XSD", "Ben Generated", "SWENo"),
    ]
    assert built.errors == 2 and built.schema_errors == 1
    rows = _report(tmp_path / "c.errors.csv")
    assert [(r["check"], r["type"], r["worker"], r["item"]) for r in rows] == [
        ("SWENO_SHAPE", "error", "Ben Generated", "SWENo"),
        ("XSD", "error", "Ben Generated", "SWENo"),
    ]


@pytest.mark.django_db
def test_a_leaver_without_a_reason_is_reported_and_the_file_still_written(tmp_path):
    workforce = build_workforce()
    workforce.cara.details.reason_for_leaving = ""
    workforce.cara.details.save()
    built = workforce_census_build(
        authority=workforce.authority, year=2024, output=tmp_path / "c.xml"
    )
    assert [(i.code, i.worker) for i in built.issues] == [("NO_REASON_LEAVE", "Cara Generated")]
    assert (tmp_path / "c.xml").is_file()


@pytest.mark.django_db
def test_the_export_is_audited(tmp_path):
    workforce = build_workforce()
    workforce_census_build(authority=workforce.authority, year=2024, output=tmp_path / "c.xml")
    entry = AuditEntry.objects.get(object_type="returns.workforce_census")
    assert (entry.action, entry.object_id) == ("export", "894-2024")
    assert entry.details == {"year": 2024, "workers": 5, "errors": 0, "queries": 0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "name", "message"),
    [
        (2027, "c.xml", "No workforce census specification is known for 30 September 2027"),
        (
            2025,
            "c.xml",
            "needs Workforceshire's pay policy for 2025 .* record the pay policy for 2025",
        ),
        (2024, "c.csv", "must end in .xml"),
        (2021, "c.xml", "Safeguard builds the censuses of 30 September 2022 to 2026"),
    ],
)
def test_it_refuses_what_it_cannot_build_and_writes_nothing(tmp_path, year, name, message):
    workforce = build_workforce()
    with pytest.raises(WorkforceCensusError, match=message):
        workforce_census_build(authority=workforce.authority, year=year, output=tmp_path / name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_an_authority_with_no_social_workers_in_the_year_is_refused(tmp_path):
    authority = Authority.objects.create(name="Emptyshire", la_code="893", child_population=1)
    with pytest.raises(WorkforceCensusError, match="Emptyshire has no social workers"):
        workforce_census_build(authority=authority, year=2022, output=tmp_path / "c.xml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_failed_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    workforce = build_workforce()
    output = tmp_path / "c.xml"
    output.write_text("the previous census")

    def refuse(*args, **kwargs):
        raise OSError("disc full")

    monkeypatch.setattr("safeguard.returns.workforce.services.write_report", refuse)
    with pytest.raises(OSError, match="disc full"):
        workforce_census_build(authority=workforce.authority, year=2024, output=output)
    assert output.read_text() == "the previous census"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.xml"]
