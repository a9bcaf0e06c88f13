"""The census rules are filed by the census module they check, and registered in the order
of the census's modules whatever order their files are imported in."""

from safeguard.returns.census import rules
from safeguard.returns.census.rules import MODULES, RULES

FILE_FOR_MODULE = {
    "ChildIdentifiers": "child_identifiers",
    "ChildCharacteristics": "child_characteristics",
    "CINdetails": "cin_details",
    "Assessments": "assessments",
    "CINPlanDates": "cin_plans",
    "Section47": "section47",
    "ChildProtectionPlans": "protection_plans",
}


def test_each_child_rule_lives_in_the_file_for_its_census_module():
    misfiled = [
        (r.code, r.module, r.check.__module__)
        for r in RULES
        if r.check is not None
        and r.check.__module__ != f"{rules.__name__}.{FILE_FOR_MODULE[r.module]}"
    ]
    assert misfiled == []


def test_rules_run_in_the_order_of_the_census_modules():
    positions = [MODULES.index(r.module) for r in RULES]
    assert positions == sorted(positions)


def test_every_rule_code_is_registered_once_per_collection_year_wording():
    # 4180 and 8750 each have two wordings (gender before 2024-25, sex after); no other repeats.
    codes = [r.code for r in RULES]
    assert sorted({c for c in codes if codes.count(c) > 1}) == ["4180", "8750"]
    assert len(set(codes)) == 106
