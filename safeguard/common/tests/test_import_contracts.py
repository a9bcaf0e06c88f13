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
    "tasks-a-projection",
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


def test_people_reach_no_case_table_by_name_either():
    """import-linter sees imports, not a lookup written as a string ("allocations__team"): the
    people app must not join the case record that way either."""
    import re

    from django.apps import apps

    from safeguard.people.models import Person

    case_names = {
        relation.get_accessor_name()
        for model in apps.get_app_config("people").get_models()
        for relation in model._meta.related_objects
        if relation.related_model._meta.app_label != "people"
    }
    assert case_names, "Person has reverse relations from the case record"
    assert Person._meta.app_label == "people"
    root = Path(__file__).resolve().parents[2] / "people"
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        for name in case_names:
            if name and re.search(rf"[\"']{re.escape(name)}(__|[\"'])", text):
                found.append(f"{path.relative_to(root.parent)}: {name}")
    assert found == []
