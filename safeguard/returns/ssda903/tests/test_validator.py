"""Deliberately broken records give the 903 validator's expected errors. Needs the
validator's environment: `scripts/validate-returns` (make validate-returns, in CI) runs this
file with SAFEGUARD_903_VALIDATOR set to its interpreter; elsewhere it is skipped."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from safeguard.cases.models import Placement
from safeguard.returns.ssda903.build import ssda903_build
from safeguard.returns.ssda903.validator_comparison import (
    CANNOT_RUN,
    SKIPPED_FOR_WANT_OF_INPUTS,
)

from .authority import build_authority

VALIDATOR = os.environ.get("SAFEGUARD_903_VALIDATOR", "")
RUNNER = Path(__file__).resolve().parents[4] / "scripts" / "validators" / "run-903-validator"

pytestmark = pytest.mark.skipif(
    not Path(VALIDATOR).is_file(), reason="the 903 validator's environment is not set up"
)


def validate(folder: Path) -> dict:
    out = folder / "findings.json"
    subprocess.run(  # noqa: S603 - the validator's interpreter, fixed arguments
        [VALIDATOR, str(RUNNER), "--files", str(folder), "--year", "2026",
         "--la", "E08000003", "--output", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return json.loads(out.read_text())


@pytest.mark.django_db
def test_a_placement_type_dropped_in_2025_26_breaks_rule_146(tmp_path):
    authority = build_authority()
    Placement.objects.filter(child__la_child_id="LA0001", placement_type="K2").update(
        placement_type="H5"
    )
    ssda903_build(authority=authority, year=2026, output=tmp_path)
    found = validate(tmp_path)
    assert {"rule": "146", "child": "LA0001", "table": "Episodes"} in found["findings"]
    assert not any(f["rule"] == "146" and f["child"] == "LA0002" for f in found["findings"])


@pytest.mark.django_db
def test_the_rules_that_cannot_run_on_csv_input_are_231_and_233(tmp_path):
    ssda903_build(authority=build_authority(), year=2026, output=tmp_path)
    assert set(validate(tmp_path)["failed"]) == CANNOT_RUN == {"231", "233"}


@pytest.mark.django_db
def test_the_rules_the_validator_cannot_run_for_want_of_inputs_are_these(tmp_path):
    """Last year's return, Ofsted's provider lists and the XML form: the validator skips the
    rules that need them, and only those (the list docs/returns.md gives)."""
    ssda903_build(authority=build_authority(), year=2026, output=tmp_path)
    assert set(validate(tmp_path)["skipped"]) == SKIPPED_FOR_WANT_OF_INPUTS
