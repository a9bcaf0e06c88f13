"""The demo's UPNs carry the configured LA code (settings.SAFEGUARD_LA_CODE) with the right
check letter, so the census's rules 1510 and 1530 hold for every child, as they do in the
sector's validator; and the demo authority is given the same code."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from safeguard.demo.management.commands.generate_demo import NO_LA_CODE
from safeguard.organisation.models import Authority
from safeguard.people.identifiers import upn_check_letter
from safeguard.people.models import Person
from safeguard.returns.census.la_codes import is_recognised_la_code
from safeguard.returns.census.report import report_path_for
from safeguard.returns.census.services import census_build

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 5, 1)
# Birmingham's: not the demo's default (Manchester's 352), so the code is the setting's.
CONFIGURED = "330"


def _generate() -> None:
    call_command(
        "generate_demo", scale="0.005", seed=5, as_of=AS_OF.isoformat(),
        demo_password="a-long-demo-password", verbosity=0,
    )  # fmt: skip


@override_settings(SAFEGUARD_LA_CODE=CONFIGURED)
def test_the_demo_upns_carry_the_configured_la_code_and_pass_1510_and_1530(tmp_path):
    _generate()
    upns = list(Person.objects.exclude(upn="").values_list("upn", flat=True))
    assert len(upns) > 50
    assert {upn[1:4] for upn in upns} == {CONFIGURED}
    assert all(upn_check_letter(upn[1:]) == upn[0] for upn in upns)
    authority = Authority.objects.get()
    assert authority.la_code == CONFIGURED and is_recognised_la_code(authority.la_code)

    output = tmp_path / "census.xml"
    census_build(authority=authority, year=2025, output=output, workers=0)
    assert f"<LEA>{CONFIGURED}</LEA>" in output.read_text(encoding="utf-8")
    with report_path_for(output).open(newline="", encoding="utf-8") as report:
        report.readline()  # the protective marking
        rules = {row["rule"] for row in csv.DictReader(report)}
    assert not rules & {"1510", "1530", "1540", "1550"}


@override_settings(SAFEGUARD_LA_CODE="")
def test_the_demo_is_not_generated_without_an_la_code():
    with pytest.raises(CommandError, match="SAFEGUARD_LA_CODE is empty"):
        _generate()
    assert NO_LA_CODE.startswith("SAFEGUARD_LA_CODE is empty")
    assert not Authority.objects.exists()
