"""manage.py build_census: writes the file and the report, says what it found, and fails only
when it cannot build."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .authority import build_authority


def run(*args: str) -> str:
    out = StringIO()
    call_command("build_census", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_it_writes_the_census_and_the_report_beside_it(tmp_path):
    build_authority()
    said = run("--year", "2025", "--output", str(tmp_path / "census.xml"), "--authority", "899")
    assert (tmp_path / "census.xml").read_text().startswith('<?xml version="1.0"')
    report = (tmp_path / "census.errors.csv").read_text()
    assert report.startswith("OFFICIAL-SENSITIVE\nrule,type,message")  # marking, then columns
    assert "(4 children)" in said and "0 errors (0 against the schema), 1 queries" in said


@pytest.mark.django_db
def test_broken_records_are_reported_not_a_failure(tmp_path):
    authority = build_authority()
    authority.teams.first().referrals.filter(child__la_child_id="GA0001").update(
        closure_reason="RC8"  # activity after "closed after assessment": rule 2990
    )
    said = run("--year", "2025", "--output", str(tmp_path / "census.xml"), "--authority", "899")
    assert "1 errors" in said
    assert "2990" in (tmp_path / "census.errors.csv").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2019", "--authority", "899"), "No Children in Need census specification"),
        (("--year", "2025", "--authority", "123"), "No authority matches '123'"),
    ],
)
def test_it_fails_with_a_clear_message_when_it_cannot_build(tmp_path, args, message):
    build_authority()
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(tmp_path / "census.xml"))


@pytest.mark.django_db
def test_with_two_authorities_it_asks_which(tmp_path):
    build_authority()  # Goldenshire, and another authority a child was referred to
    with pytest.raises(CommandError, match="choose one with --authority"):
        run("--year", "2025", "--output", str(tmp_path / "census.xml"))
