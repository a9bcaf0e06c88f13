"""The authority's own codes as settings: a malformed one is refused before Django starts,
naming the setting; demo mode has a real pair that the sector's validators recognise."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_checked
from safeguard.returns.census.la_codes import (
    is_recognised_la_code,
    la_code_problem,
    ons_code_problem,
)


def test_the_demo_authority_has_a_recognised_la_code_and_a_well_formed_ons_code():
    assert (settings.SAFEGUARD_LA_CODE, settings.SAFEGUARD_LA_ONS_CODE) == ("352", "E08000003")
    assert la_code_problem("SAFEGUARD_LA_CODE", settings.SAFEGUARD_LA_CODE) is None
    assert ons_code_problem("SAFEGUARD_LA_ONS_CODE", settings.SAFEGUARD_LA_ONS_CODE) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("35", "SAFEGUARD_LA_CODE must be the authority's three-digit DfE LA code, such as 352"),
        ("3520", "three-digit DfE LA code"),
        ("E08", "three-digit DfE LA code"),
        ("999", "SAFEGUARD_LA_CODE is 999, which is not a DfE LA code: census rule 1530"),
        ("899", "which is not a DfE LA code"),
    ],
)
def test_an_la_code_that_is_not_one_is_refused_with_the_reason(value: str, reason: str):
    problem = la_code_problem("SAFEGUARD_LA_CODE", value)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("value", ["352", "201", "420", "942", "001"])
def test_recognised_la_codes_are_accepted(value: str):
    assert la_code_problem("SAFEGUARD_LA_CODE", value) is None and is_recognised_la_code(value)


@pytest.mark.parametrize("value", ["E08000003", "E06000053", "E09000001", "E10000002"])
def test_ons_codes_of_authorities_with_childrens_services_are_accepted(value: str):
    assert ons_code_problem("SAFEGUARD_LA_ONS_CODE", value) is None


@pytest.mark.parametrize("value", ["E07000001", "E0800003", "e08000003", "W06000001", "352"])
def test_other_ons_codes_are_refused(value: str):
    problem = ons_code_problem("SAFEGUARD_LA_ONS_CODE", value)
    assert problem is not None and problem.startswith(
        "SAFEGUARD_LA_ONS_CODE must be the authority's nine-character ONS code"
    )


def test_a_malformed_setting_stops_the_start_and_an_unset_one_is_left_to_production(monkeypatch):
    monkeypatch.setenv("SAFEGUARD_LA_CODE", "999")
    with pytest.raises(ImproperlyConfigured, match="SAFEGUARD_LA_CODE is 999"):
        env_checked("SAFEGUARD_LA_CODE", "", la_code_problem)
    monkeypatch.setenv("SAFEGUARD_LA_CODE", " 352 ")
    assert env_checked("SAFEGUARD_LA_CODE", "", la_code_problem) == "352"
    monkeypatch.delenv("SAFEGUARD_LA_CODE")
    assert env_checked("SAFEGUARD_LA_CODE", "", la_code_problem) == ""
