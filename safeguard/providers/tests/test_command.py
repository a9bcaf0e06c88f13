"""`import_ofsted_providers FILE.csv`: imports a valid file, fails on a bad one with every
problem printed and nothing imported, and changes nothing when run again."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safeguard.providers.models import Provider
from safeguard.providers.tests.ofsted_sample import ofsted_csv, ofsted_row

pytestmark = pytest.mark.django_db


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_ofsted_providers", str(path), stdout=out)
    return out.getvalue()


def test_a_valid_file_is_imported_and_again_changes_nothing(tmp_path):
    path = tmp_path / "ofsted.csv"
    path.write_bytes(ofsted_csv(ofsted_row(grade="Inadequate"), ofsted_row(urn="2610709")))

    first = run(path)
    again = run(path)

    assert "2 rows read: 2 providers added, 0 changed; 2 inspections added" in first
    assert "Now rated inadequate: SC900001 Children's home SC900001" in first
    assert "Nothing changed" in again
    assert Provider.objects.count() == 2


def test_a_bad_file_fails_listing_each_problem_and_imports_nothing(tmp_path):
    path = tmp_path / "ofsted.csv"
    path.write_bytes(ofsted_csv(ofsted_row(), ofsted_row(urn="SC1", inspected="2025")))
    out = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 2 problems in 2 rows"):
        call_command("import_ofsted_providers", str(path), stdout=out)

    assert out.getvalue().splitlines()[0].startswith('Row 6, URN: "SC1" is not an Ofsted URN.')
    assert 'Row 6, Inspection date: "2025" is not a date.' in out.getvalue()
    assert not Provider.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        run(tmp_path / "nowhere.csv")
