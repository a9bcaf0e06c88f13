"""manage.py build_workforce_census: writes a valid file and its report, says what it found,
and fails only when it cannot build."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safeguard.returns.workforce.schema import schema_errors
from safeguard.returns.workforce.years import census_year

from .authority import build_workforce


def run(*args: str) -> str:
    out = StringIO()
    call_command("build_workforce_census", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_it_writes_a_valid_census_and_the_report_beside_it(tmp_path):
    build_workforce()
    output = tmp_path / "csww_2024.xml"
    said = run("--year", "2024", "--output", str(output))
    assert schema_errors(output, census_year(2024)) == []
    assert (tmp_path / "csww_2024.errors.csv").read_text().startswith("OFFICIAL-SENSITIVE\n")
    assert said.startswith(
        f"Wrote {output} (5 workers; vacancies 1.40 FTE, agency 1.00 FTE, 1 agency workers)"
    )
    assert "0 errors (0 against the schema), 0 queries." in said


@pytest.mark.django_db
def test_it_lists_the_problems_naming_the_worker_and_the_item(tmp_path):
    workforce = build_workforce()
    workforce.cara.details.leaver_destination = ""
    workforce.cara.details.save()
    said = run("--year", "2024", "--output", str(tmp_path / "c.xml"), "--authority", "894")
    assert "1 errors (0 against the schema)" in said
    assert "  error: Cara Generated (LeaverDestination): Left on 28/06/2024" in said


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2027"), "No workforce census specification is known for 30 September 2027"),
        (("--year", "2024", "--authority", "123"), "No authority matches '123'"),
    ],
)
def test_it_fails_with_a_clear_message_when_it_cannot_build(tmp_path, args, message):
    build_workforce()
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(tmp_path / "c.xml"))
    assert list(tmp_path.iterdir()) == []
