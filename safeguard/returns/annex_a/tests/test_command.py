"""manage.py build_annex_a: the workbook written whole, progress shown, bad requests refused
with nothing written."""

from __future__ import annotations

import io
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory
from safeguard.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(calendar: Any) -> Any:
    authority = AuthorityFactory(name="Commandshire", la_code="901")
    team = TeamFactory(authority=authority, name="Assessment Team")
    ReferralFactory(
        child=ChildFactory(la_child_id="CMD1"), team=team, referral_date=date(2025, 6, 2)
    )
    return authority


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("build_annex_a", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_workbook_and_shows_each_list_as_it_goes(
    authority: Any, tmp_path: Path
) -> None:
    output = tmp_path / "annex_a.xlsx"
    shown = run("--from", "2025-04-01", "--to", "2025-09-30", "--output", str(output))

    assert "Annex A for 01 April 2025 to 30 September 2025 (6 months): 11 lists" in shown
    assert "List 3 (Referrals): 1 rows" in shown
    assert "List 6 (Children in need): 1 rows" in shown
    assert f"Wrote {output} (2 rows)" in shown
    book = load_workbook(output)
    assert book["List 3"]["A2"].value == "CMD1"
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [output]
    entry = AuditEntry.objects.get(action="export", object_type="annex_a")
    assert entry.object_id == "2025-04-01..2025-09-30"
    assert entry.details["rows"]["List 3"] == 1


def test_a_twelve_month_window_is_accepted(authority: Any, tmp_path: Path) -> None:
    output = tmp_path / "year.xlsx"
    shown = run("--from", "2024-10-01", "--to", "2025-09-30", "--output", str(output))
    assert "(12 months)" in shown
    assert output.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-09-30", "2025-04-01", "is after its last day"),
        ("2025-04-01", "2025-08-31", "is not 6 or 12 whole months"),
        ("2025-04-01", "2025-10-01", "is not 6 or 12 whole months"),
        ("2025-04-31", "2025-10-30", "--from must be a date written as YYYY-MM-DD"),
        ("1/4/2025", "2025-09-30", "--from must be a date written as YYYY-MM-DD"),
    ],
)
def test_a_bad_window_is_refused_and_nothing_is_written(
    authority: Any, tmp_path: Path, start: str, end: str, message: str
) -> None:
    output = tmp_path / "annex_a.xlsx"
    with pytest.raises(CommandError, match=message):
        run("--from", start, "--to", end, "--output", str(output))
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(object_type="annex_a").exists()


def test_the_output_must_be_a_workbook_in_a_folder_that_exists(
    authority: Any, tmp_path: Path
) -> None:
    window = ("--from", "2025-04-01", "--to", "2025-09-30")
    with pytest.raises(CommandError, match=r"must end in \.xlsx"):
        run(*window, "--output", str(tmp_path / "annex_a.csv"))
    with pytest.raises(CommandError, match="does not exist: create it first"):
        run(*window, "--output", str(tmp_path / "missing" / "annex_a.xlsx"))
    assert list(tmp_path.iterdir()) == []


def test_with_several_authorities_one_must_be_chosen(authority: Any, tmp_path: Path) -> None:
    other = AuthorityFactory(name="Othershire", la_code="902")
    ReferralFactory(
        child=ChildFactory(la_child_id="OTH1"),
        team=TeamFactory(authority=other),
        referral_date=date(2025, 6, 2),
    )
    output = tmp_path / "annex_a.xlsx"
    window = ("--from", "2025-04-01", "--to", "2025-09-30")
    with pytest.raises(CommandError, match=r"more than one authority.*901 Commandshire"):
        run(*window, "--output", str(output))
    with pytest.raises(CommandError, match="No authority matches 'Nowhere'"):
        run(*window, "--output", str(output), "--authority", "Nowhere")
    assert not output.exists()

    run(*window, "--output", str(output), "--authority", "902")
    assert [
        r[0] for r in load_workbook(output)["List 3"].iter_rows(min_row=2, values_only=True)
    ] == ["OTH1"]
