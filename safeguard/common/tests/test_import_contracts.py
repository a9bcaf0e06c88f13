"""Who may import whom: the import-linter contracts in pyproject.toml ([tool.importlinter]),
which keep the boundaries of ../shared/STYLE.md ("Boundaries worth keeping") and the picture in
docs/architecture.md. An import against the allowed direction fails here, naming the contract
and the import chain that breaks it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from importlinter.api import read_configuration

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One contract per boundary; removing one should be a decision, not a quiet edit.
BOUNDARIES = {
    "layers",
    "access-below-readers",
    "people-know-no-cases",
    "plain-rules",
    "audit-records-only",
    "common-imports-no-app",
    "cases-not-agencies",
    "no-demo-in-production",
}


def test_every_boundary_has_its_contract():
    config = read_configuration(str(ROOT / "pyproject.toml"))
    ids = {contract["id"] for contract in config["contracts_options"]}
    assert ids >= BOUNDARIES


def test_every_app_imports_in_the_allowed_direction():
    result = subprocess.run(  # noqa: S603 - the venv's own lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache"],  # reads pyproject.toml in ROOT
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    broken = re.findall(r"^(.+?) BROKEN", result.stdout, flags=re.MULTILINE)
    assert result.returncode == 0, (
        f"Import contracts broken: {broken or 'see below'}\n{result.stdout}{result.stderr}"
    )
